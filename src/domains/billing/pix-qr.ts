import QRCode from 'qrcode'

/** A PNG QR code of the payload as a `data:image/png;base64,…` URL, for the panel. */
export const qrPngDataUrl = (payload: string): Promise<string> =>
  QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, width: 256 })
