import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSendPacer } from '../../src/conversation/index.js'
import { startWhatsappHarness, type WhatsappHarness } from '../support/whatsapp-harness.js'

let h: WhatsappHarness
beforeAll(async () => {
  h = await startWhatsappHarness()
})
afterAll(() => h.stop())

describe('the WhatsApp watchdog job', () => {
  it('records instance.connected and instance.disconnected when connectionState changes', async () => {
    h.evolution.setConnectionState('open')
    expect(await h.app.fabio.runtime.scheduler.runNow('whatsapp.watchdog')).toBe(true)
    expect(await h.events('instance.connected')).toHaveLength(1)
    await h.app.fabio.runtime.scheduler.runNow('whatsapp.watchdog')
    expect(await h.events('instance.connected')).toHaveLength(1)
    h.evolution.setConnectionState('close')
    await h.app.fabio.runtime.scheduler.runNow('whatsapp.watchdog')
    expect(await h.events('instance.disconnected')).toHaveLength(1)
    const [state] = (await h.app.api(`/api/tenants/${h.tenantId}/whatsapp`)).body.items
    expect(state).toMatchObject({ instance: h.evolution.instance, state: 'close' })
    expect(state.last_checked_at).not.toBeNull()
  })

  it('flags an open instance that has received nothing for too long, once', async () => {
    const { runtime } = h.app.fabio
    const state = await runtime.storage.instances.get({ tenantId: h.tenantId, instance: h.evolution.instance })
    await runtime.storage.instances.save({
      instance: { ...(state as NonNullable<typeof state>), last_inbound_at: new Date(Date.now() - 7 * 3600_000).toISOString(), silent_since: null },
    })
    h.evolution.setConnectionState('open')
    await runtime.scheduler.runNow('whatsapp.watchdog')
    await runtime.scheduler.runNow('whatsapp.watchdog')
    expect(await h.events('instance.silent')).toHaveLength(1)
  })
})

describe('send pacing', () => {
  it('spaces sends of one instance by the minimum gap plus jitter, and leaves other instances alone', async () => {
    let now = 0
    const waits: number[] = []
    const pacer = createSendPacer({ now: () => now, sleep: async (ms) => void waits.push(ms), random: () => 0.5 })
    await pacer.wait('a', 1000)
    await pacer.wait('a', 1000)
    await pacer.wait('b', 1000)
    now = 500
    await pacer.wait('a', 1000)
    expect(waits).toEqual([1250, 2000])
  })
})
