import { AppError } from '../../shared/app-error.js'

/**
 * PIX "copia e cola" BR Code (EMV QRCPS-MPM), as in Banco Central's "Manual de Padrões para
 * Iniciação do Pix". Each field is ID (2 digits) + length (2 digits) + value.
 *
 * Point of initiation (01) is "12": each charge has its own amount and txid and is meant to be
 * paid once, and the manual says a code with "12" must not be reused. We use the static form
 * (the key in 26-01, no location URL), which any bank app reads without calling a PSP.
 */
export interface PixBrCodeInput {
  /** The PIX key: phone (+55…), e-mail, CPF/CNPJ digits or random key (EVP). */
  key: string
  /** Up to 25 characters after ASCII folding (longer is cut). */
  merchantName: string
  /** Up to 15 characters after ASCII folding (longer is cut). */
  merchantCity: string
  amountCents: number
  /** 1 to 25 letters and digits; "***" when there is none. */
  txid: string
}

export const pixGui = 'br.gov.bcb.pix'

const invalid = (message: string) => new AppError('BILLING_PIX_PAYLOAD_INVALID', message)

/** CRC16-CCITT (poly 0x1021, init 0xFFFF, no reflection, no final xor), over UTF-8 bytes. */
export const crc16ccitt = (text: string): number => {
  let crc = 0xffff
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
    }
  }
  return crc
}

const crcHex = (text: string): string => crc16ccitt(text).toString(16).toUpperCase().padStart(4, '0')

const field = (id: string, value: string): string => {
  if (value.length > 99) throw invalid(`BR Code field ${id} is longer than 99 characters`)
  return `${id}${String(value.length).padStart(2, '0')}${value}`
}

/** Merchant name and city must be plain ASCII: accents dropped ("São Paulo" → "SAO PAULO"). */
export const foldToAscii = (text: string, maxLength: number): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase()
    .slice(0, maxLength)
    .trim()

/** "150.00" from 15000 cents. */
export const formatPixAmount = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

/** The "copia e cola" payload, ending with its CRC. */
export const buildPixBrCode = (input: PixBrCodeInput): string => {
  const key = input.key.trim()
  if (key.length === 0 || key.length > 77) throw invalid('the PIX key must have 1 to 77 characters')
  if (!Number.isInteger(input.amountCents) || input.amountCents <= 0) throw invalid('the amount must be a positive number of cents')
  if (input.txid !== '***' && !/^[A-Za-z0-9]{1,25}$/.test(input.txid)) throw invalid('the txid must be 1 to 25 letters and digits')
  const name = foldToAscii(input.merchantName, 25)
  const city = foldToAscii(input.merchantCity, 15)
  if (!name || !city) throw invalid('the merchant name and city need at least one letter or digit')
  const amount = formatPixAmount(input.amountCents)
  if (amount.length > 13) throw invalid('the amount is too large for a BR Code')

  const payload = [
    field('00', '01'),
    field('01', '12'),
    field('26', field('00', pixGui) + field('01', key)),
    field('52', '0000'),
    field('53', '986'),
    field('54', amount),
    field('58', 'BR'),
    field('59', name),
    field('60', city),
    field('62', field('05', input.txid)),
  ].join('')
  const withCrcHeader = `${payload}6304`
  return withCrcHeader + crcHex(withCrcHeader)
}

export interface EmvField {
  id: string
  value: string
}

/** Splits an EMV TLV string into its fields; throws BILLING_PIX_PAYLOAD_INVALID when malformed. */
export const parseEmvFields = (text: string): EmvField[] => {
  const fields: EmvField[] = []
  let position = 0
  while (position < text.length) {
    const id = text.slice(position, position + 2)
    const lengthText = text.slice(position + 2, position + 4)
    if (!/^\d{2}$/.test(id) || !/^\d{2}$/.test(lengthText)) throw invalid(`malformed BR Code field at position ${position}`)
    const value = text.slice(position + 4, position + 4 + Number(lengthText))
    if (value.length !== Number(lengthText)) throw invalid(`BR Code field ${id} is cut short`)
    fields.push({ id, value })
    position += 4 + Number(lengthText)
  }
  return fields
}

export interface ParsedPixBrCode {
  pointOfInitiation: string | null
  key: string | null
  /** null when the code has no amount (the payer types it). */
  amountCents: number | null
  merchantName: string
  merchantCity: string
  txid: string | null
  crc: string
}

/** Reads a PIX BR Code back, checking its structure and CRC. */
export const parsePixBrCode = (payload: string): ParsedPixBrCode => {
  const crcStart = payload.length - 4
  if (payload.slice(crcStart - 4, crcStart) !== '6304') throw invalid('a BR Code ends with field 63 (CRC), length 04')
  const crc = payload.slice(crcStart)
  if (crcHex(payload.slice(0, crcStart)) !== crc.toUpperCase()) throw invalid('the BR Code CRC does not match its content')
  const fields = new Map(parseEmvFields(payload).map((entry) => [entry.id, entry.value]))
  if (fields.get('00') !== '01') throw invalid('a BR Code starts with payload format 01')
  const account = new Map(parseEmvFields(fields.get('26') ?? '').map((entry) => [entry.id, entry.value]))
  if (account.get('00')?.toLowerCase() !== pixGui) throw invalid('field 26 is not a PIX merchant account (br.gov.bcb.pix)')
  const additional = new Map(parseEmvFields(fields.get('62') ?? '').map((entry) => [entry.id, entry.value]))
  const amount = fields.get('54')
  return {
    pointOfInitiation: fields.get('01') ?? null,
    key: account.get('01') ?? null,
    amountCents: amount === undefined ? null : Math.round(Number(amount) * 100),
    merchantName: fields.get('59') ?? '',
    merchantCity: fields.get('60') ?? '',
    txid: additional.get('05') ?? null,
    crc,
  }
}
