import { z } from 'zod'
import { apiVersionOf } from './connection.js'
import { isRecord } from './evolution-errors.js'
import type { EvolutionRequest } from './evolution-request.js'
import type { EvolutionClient, InstanceConnectResult, InstanceQrCode } from './types.js'

/** Any JSON object: the connect and create answers vary by version, so they are read by hand below. */
const anyObjectSchema = z.looseObject({})

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null)

const asDataUrl = (base64: string | null): string | null =>
  base64 === null || base64.startsWith('data:') ? base64 : `data:image/png;base64,${base64}`

/**
 * Reads a connect or create answer tolerantly:
 * - already connected: `{instance:{instanceName, state:'open'}}`;
 * - connect (v2 and v1.8): top-level `{pairingCode, code, base64, count}`;
 * - create: `{instance:{instanceName, status}, hash, qrcode:{pairingCode, code, base64, count}}`.
 * Evolution names no state next to a QR code: it is 'connecting' then.
 */
export const parseInstanceConnectAnswer = (body: Record<string, unknown>): InstanceConnectResult => {
  const source = isRecord(body.qrcode) ? body.qrcode : body
  const qr: InstanceQrCode = { code: text(source.code), base64: asDataUrl(text(source.base64)), pairingCode: text(source.pairingCode) }
  const hasQr = qr.code !== null || qr.base64 !== null || qr.pairingCode !== null
  const instance = isRecord(body.instance) ? body.instance : {}
  const reported = text(instance.state) ?? text(instance.status)
  if (reported === 'open') return { state: 'open', qr: null }
  return { state: hasQr ? 'connecting' : (reported ?? 'connecting'), qr: hasQr ? qr : null }
}

/** The instance-management calls of the client (pairing from the panel). */
export const createInstanceRequests = (request: EvolutionRequest): Pick<EvolutionClient, 'connectInstance' | 'createInstance'> => ({
  async connectInstance(connection, input = {}) {
    const answer = await request(connection, {
      operation: 'connectInstance',
      method: 'GET',
      route: 'instance/connect',
      ...(input.number ? { query: { number: input.number } } : {}),
      schema: anyObjectSchema,
    })
    return parseInstanceConnectAnswer(answer)
  },

  async createInstance(connection, input = {}) {
    // v1 (1.8) has no `integration` field and rejects unknown ones.
    const integration = apiVersionOf(connection) === 'v1' ? {} : { integration: 'WHATSAPP-BAILEYS' }
    const answer = await request(connection, {
      operation: 'createInstance',
      method: 'POST',
      route: 'instance/create',
      withoutInstance: true,
      body: { instanceName: connection.instance, qrcode: true, ...integration, ...(input.number ? { number: input.number } : {}) },
      schema: anyObjectSchema,
    })
    return parseInstanceConnectAnswer(answer)
  },
})
