import { describe, expect, it } from 'vitest'
import { emptyWhatsappInstance, type WhatsappInstanceStore } from '../../src/channels/evolution/instance/index.js'
import { randomTenantId } from '../support/factories.js'

/** The behaviour every WhatsappInstanceStore backend must have. */
export const runWhatsappInstanceStoreContract = ({ createStore }: { createStore(): Promise<WhatsappInstanceStore> }): void => {
  describe('WhatsappInstanceStore contract', () => {
    it('saves and replaces an instance state, per tenant', async () => {
      const store = await createStore()
      const [a, b] = [randomTenantId(), randomTenantId()]
      const state = emptyWhatsappInstance(a, 'fabio', new Date('2030-01-01T12:00:00.000Z'))
      await store.save({ instance: state })
      const open = { ...state, state: 'open', wuid: '5511999990000@s.whatsapp.net', qr_code: null }
      await store.save({ instance: open })
      expect(await store.get({ tenantId: a, instance: 'fabio' })).toEqual(open)
      expect(await store.get({ tenantId: b, instance: 'fabio' })).toBeNull()
      expect(await store.list({ tenantId: a })).toEqual([open])
      expect(await store.list({ tenantId: b })).toEqual([])
    })
  })
}
