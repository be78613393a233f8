import { describe, expect, it } from 'vitest'
import { buildPixBrCode, crc16ccitt, foldToAscii, parsePixBrCode, qrPngDataUrl } from '../../../src/domains/billing/index.js'

// Banco Central, "Manual de Padrões para Iniciação do Pix", static BR Code example.
const bcbStaticExample =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D'

const hex = (value: number) => value.toString(16).toUpperCase().padStart(4, '0')

describe('PIX BR Code', () => {
  it('computes CRC16-CCITT (0x1021, init 0xFFFF): the standard check value of "123456789" is 0x29B1', () => {
    expect(crc16ccitt('123456789')).toBe(0x29b1)
  })

  it("gives the Banco Central manual's example its published CRC 1D3D", () => {
    expect(hex(crc16ccitt(bcbStaticExample.slice(0, -4)))).toBe('1D3D')
  })

  it("parses the Banco Central manual's example", () => {
    expect(parsePixBrCode(bcbStaticExample)).toEqual({
      pointOfInitiation: null,
      key: '123e4567-e12b-12d1-a456-426655440000',
      amountCents: null,
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
      txid: '***',
      crc: '1D3D',
    })
  })

  it('rejects a payload whose CRC does not match', () => {
    const tampered = bcbStaticExample.replace('BRASILIA', 'BRASILIO')
    expect(() => parsePixBrCode(tampered)).toThrow(expect.objectContaining({ code: 'BILLING_PIX_PAYLOAD_INVALID' }))
  })

  it('builds a payload with the EMV fields in order, which round-trips through the parser', () => {
    const payload = buildPixBrCode({
      key: '123e4567-e12b-12d1-a456-426655440000',
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
      amountCents: 15000,
      txid: 'TX123abc',
    })
    expect(payload).toBe(
      '000201010212' +
        '26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000' +
        '52040000530398654061' + '50.00' +
        '5802BR5913FULANO DE TAL6008BRASILIA' +
        '62120508TX123abc' +
        '6304' +
        payload.slice(-4),
    )
    expect(payload.slice(-4)).toBe(hex(crc16ccitt(payload.slice(0, -4))))
    expect(parsePixBrCode(payload)).toMatchObject({ pointOfInitiation: '12', amountCents: 15000, txid: 'TX123abc', merchantName: 'FULANO DE TAL' })
  })

  it('matches the example exactly when built with the same fields (static form, no amount aside)', () => {
    // Our builder always adds 01 and 54; remove them from a build and the rest equals the example.
    const built = buildPixBrCode({
      key: '123e4567-e12b-12d1-a456-426655440000',
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
      amountCents: 1,
      txid: '***',
    })
    const withoutExtras = built.slice(0, -4).replace('010212', '').replace('54040.01', '').replace('FULANO DE TAL', 'Fulano de Tal')
    expect(`${withoutExtras}${hex(crc16ccitt(withoutExtras))}`).toBe(bcbStaticExample)
  })

  it('folds accents and cuts merchant name to 25 and city to 15 characters', () => {
    expect(foldToAscii('Clínica São João da Conceição Ltda', 25)).toBe('CLINICA SAO JOAO DA CONCE')
    const parsed = parsePixBrCode(
      buildPixBrCode({ key: 'fulano@example.com', merchantName: 'Clínica São João', merchantCity: 'São José dos Campos', amountCents: 123456, txid: 'abc' }),
    )
    expect(parsed).toMatchObject({ merchantName: 'CLINICA SAO JOAO', merchantCity: 'SAO JOSE DOS CA', amountCents: 123456, key: 'fulano@example.com' })
  })

  it('refuses a txid with characters outside A-Z, a-z, 0-9', () => {
    expect(() =>
      buildPixBrCode({ key: 'k', merchantName: 'A', merchantCity: 'B', amountCents: 100, txid: 'tx_1' }),
    ).toThrow(expect.objectContaining({ code: 'BILLING_PIX_PAYLOAD_INVALID' }))
  })

  it('renders the payload as a PNG data URL', async () => {
    const url = await qrPngDataUrl(bcbStaticExample)
    expect(url.startsWith('data:image/png;base64,')).toBe(true)
    expect(Buffer.from(url.split(',')[1] as string, 'base64').subarray(1, 4).toString('ascii')).toBe('PNG')
  })
})
