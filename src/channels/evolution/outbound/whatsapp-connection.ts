import QRCode from 'qrcode'
import type { Clock } from '../../../shared/clock.js'
import { emptyWhatsappInstance, type WhatsappInstance, type WhatsappInstanceStore } from '../instance/index.js'
import { evolutionConnectionFromConfig, type EvolutionConfigInput } from './connection.js'
import { isInstanceMissing, toConnectionCheckError } from './connection-check-errors.js'
import type { EvolutionClient, InstanceConnectResult } from './types.js'

/** What the panel shows while pairing. `qr_code` is a PNG data URL. */
export interface WhatsappConnectAnswer {
  instance: string
  state: string
  qr_code: string | null
  pairing_code: string | null
}

export interface WhatsappTestAnswer {
  ok: true
  instance: string
  state: string
}

export interface WhatsappConnection {
  /** Asks Evolution for a QR code (and a pairing code for `number`), creating the instance when Evolution has none. */
  connect(input: { tenantId: string; evolution: EvolutionConfigInput | undefined; number?: string }): Promise<WhatsappConnectAnswer>
  /** One `connectionState` call; the state is recorded like the watchdog's. */
  test(input: { tenantId: string; evolution: EvolutionConfigInput | undefined }): Promise<WhatsappTestAnswer>
}

const renderQr = (code: string): Promise<string> => QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 256 })

/** The panel's "connect WhatsApp" and "test connection" buttons, over the Evolution client. */
export const createWhatsappConnection = (deps: { evolution: EvolutionClient; instances: WhatsappInstanceStore; clock: Clock }): WhatsappConnection => {
  const record = async (tenantId: string, instance: string, change: Partial<WhatsappInstance>) => {
    const now = deps.clock.now()
    const current = (await deps.instances.get({ tenantId, instance })) ?? emptyWhatsappInstance(tenantId, instance, now)
    await deps.instances.save({ instance: { ...current, ...change, last_checked_at: now.toISOString(), updated_at: now.toISOString() } })
  }

  return {
    connect: async ({ tenantId, evolution, number }) => {
      const connection = evolutionConnectionFromConfig(evolution)
      let answer: InstanceConnectResult
      try {
        try {
          answer = await deps.evolution.connectInstance(connection, { number })
        } catch (error) {
          if (!isInstanceMissing(error)) throw error
          answer = await deps.evolution.createInstance(connection, { number })
        }
      } catch (error) {
        throw toConnectionCheckError(error, connection.baseUrl)
      }
      const qr = answer.state === 'open' ? null : answer.qr
      const image = qr?.base64 ?? (qr?.code ? await renderQr(qr.code) : null)
      await record(tenantId, connection.instance, {
        state: answer.state,
        qr_code: qr ? { code: qr.code, base64: image, pairing_code: qr.pairingCode } : null,
      })
      return { instance: connection.instance, state: answer.state, qr_code: image, pairing_code: qr?.pairingCode ?? null }
    },

    test: async ({ tenantId, evolution }) => {
      const connection = evolutionConnectionFromConfig(evolution)
      let state: string
      try {
        state = (await deps.evolution.connectionState(connection)).state
      } catch (error) {
        throw toConnectionCheckError(error, connection.baseUrl)
      }
      await record(tenantId, connection.instance, { state, ...(state === 'open' ? { qr_code: null } : {}) })
      return { ok: true, instance: connection.instance, state }
    },
  }
}
