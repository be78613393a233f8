/**
 * `connection.update` and `qrcode.updated` (REPORT.md §1.2, §2.10):
 * - connection.update: `{instance, state:'open'|'connecting'|'close'|'refused', statusReason, wuid?, profileName?, profilePictureUrl?}`
 * - qrcode.updated: `{qrcode:{instance, pairingCode, code, base64}}`, or when the QR limit is
 *   reached `{message:'QR code limit reached, please login again', statusCode}`.
 */
import { readLong } from './protobuf-values.js'
import { asRecord, asText } from './json-values.js'
import type { ConnectionUpdate, QrCodeData } from './inbound-types.js'

export const readConnectionUpdate = (instance: string, data: unknown, at: Date | null): ConnectionUpdate => {
  const record = asRecord(data) ?? {}
  return {
    instance,
    kind: 'connection',
    state: asText(record.state),
    statusReason: readLong(record.statusReason),
    wuid: asText(record.wuid),
    profileName: asText(record.profileName),
    qrCode: null,
    at,
  }
}

export const readQrCodeUpdate = (instance: string, data: unknown, at: Date | null): ConnectionUpdate => {
  const record = asRecord(data) ?? {}
  const qrcode = asRecord(record.qrcode)
  const qrCode: QrCodeData | null = qrcode
    ? { code: asText(qrcode.code), base64: asText(qrcode.base64), pairingCode: asText(qrcode.pairingCode) }
    : null
  return {
    instance,
    kind: 'qrcode',
    state: asText(record.state),
    statusReason: readLong(record.statusCode ?? record.statusReason),
    wuid: asText(record.wuid),
    profileName: asText(record.profileName),
    qrCode,
    at,
  }
}
