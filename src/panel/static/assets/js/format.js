// pt-BR formatting of what the server sends (money in cents, instants in ISO-8601 UTC).

const money = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' })

export const formatMoney = (cents) => (typeof cents === 'number' ? money.format(cents / 100) : '—')

/** An instant in the tenant's time zone, e.g. "29/11/2026 14:05". */
export const formatDateTime = (iso, timeZone) => {
  if (!iso) return '—'
  return new Intl.DateTimeFormat('pt-BR', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso))
}

export const formatTime = (iso, timeZone) =>
  iso ? new Intl.DateTimeFormat('pt-BR', { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso)) : '—'

export const formatDate = (iso, timeZone) =>
  iso ? new Intl.DateTimeFormat('pt-BR', { timeZone, dateStyle: 'short' }).format(new Date(iso)) : '—'

/** Digits of a Brazilian number shown as +55 (11) 99999-0000 when they fit the pattern. */
export const formatPhone = (digits) => {
  const match = /^55(\d{2})(\d{4,5})(\d{4})$/.exec(String(digits ?? ''))
  return match ? `+55 (${match[1]}) ${match[2]}-${match[3]}` : String(digits ?? '')
}

/** The local date YYYY-MM-DD of an instant in a time zone. */
export const localDate = (date, timeZone) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date)
