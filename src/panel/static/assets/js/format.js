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

const relative = new Intl.RelativeTimeFormat('pt-BR', { numeric: 'auto' })

/** "há 5 minutos", "há 2 dias"; `now` for tests. */
export const timeAgo = (iso, now = Date.now()) => {
  if (!iso) return '—'
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000)
  const abs = Math.abs(seconds)
  if (abs < 60) return 'agora'
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute')
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour')
  if (abs < 30 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day')
  if (abs < 365 * 86_400) return relative.format(Math.round(seconds / (30 * 86_400)), 'month')
  return relative.format(Math.round(seconds / (365 * 86_400)), 'year')
}

/** Reais typed by a person ("150", "150,50", "1.234,56", "99.9") → integer cents, or null. */
export const parseReais = (input) => {
  let text = String(input ?? '').trim().replace(/^R\$\s*/i, '').replace(/\s/g, '')
  if (!text) return null
  if (text.includes(',')) text = text.replace(/\./g, '').replace(',', '.')
  else if (!/^\d+\.\d{1,2}$/.test(text)) text = text.replace(/\./g, '')
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return null
  return Math.round(Number(text) * 100)
}
