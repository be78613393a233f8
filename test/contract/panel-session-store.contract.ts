import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { PanelSession, PanelSessionStore } from '../../src/panel/session/index.js'

export { createFilePanelSessionStore, createPostgresPanelSessionStore } from '../../src/panel/session/index.js'

export interface PanelSessionStoreContractOptions {
  createStore(): Promise<PanelSessionStore>
}

const now = new Date('2026-11-29T12:00:00.000Z')
const minutes = (n: number) => new Date(now.getTime() + n * 60_000)

const createTestSession = (overrides: Partial<PanelSession> = {}): PanelSession => ({
  session_hash: randomBytes(32).toString('hex'),
  principal: { kind: 'owner', tenant_id: `t-${randomBytes(4).toString('hex')}` },
  csrf_token: randomBytes(24).toString('base64url'),
  created_at: now.toISOString(),
  expires_at: minutes(60).toISOString(),
  ...overrides,
})

/** The behaviour every PanelSessionStore backend must have. */
export const runPanelSessionStoreContract = ({ createStore }: PanelSessionStoreContractOptions): void => {
  describe('PanelSessionStore contract', () => {
    it('saves a session and finds it by hash until it expires', async () => {
      const store = await createStore()
      const owner = createTestSession()
      const admin = createTestSession({ principal: { kind: 'admin' } })
      await store.save({ session: owner })
      await store.save({ session: admin })
      expect(await store.find({ sessionHash: owner.session_hash, now })).toEqual(owner)
      expect(await store.find({ sessionHash: admin.session_hash, now })).toEqual(admin)
      expect(await store.find({ sessionHash: owner.session_hash, now: minutes(60) })).toBeNull()
      expect(await store.find({ sessionHash: randomBytes(32).toString('hex'), now })).toBeNull()
    })

    it('deletes one session, and reports whether it existed', async () => {
      const store = await createStore()
      const session = createTestSession()
      await store.save({ session })
      expect(await store.delete({ sessionHash: session.session_hash })).toBe(true)
      expect(await store.find({ sessionHash: session.session_hash, now })).toBeNull()
      expect(await store.delete({ sessionHash: session.session_hash })).toBe(false)
    })

    it('removes expired sessions and keeps live ones', async () => {
      const store = await createStore()
      const expired = createTestSession({ expires_at: minutes(-1).toISOString() })
      const live = createTestSession()
      await store.save({ session: expired })
      await store.save({ session: live })
      expect(await store.deleteExpired({ now })).toBeGreaterThanOrEqual(1)
      expect(await store.delete({ sessionHash: expired.session_hash })).toBe(false)
      expect(await store.find({ sessionHash: live.session_hash, now })).toEqual(live)
    })
  })
}
