import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Episode, EpisodeStore } from '../../src/memory/episodes/index.js'
import { randomTenantId } from '../support/factories.js'

export { createFileEpisodeStore, createPostgresEpisodeStore } from '../../src/memory/episodes/index.js'

export interface EpisodeStoreContractOptions {
  createStore(): Promise<EpisodeStore>
}

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 12, minute)).toISOString()
const hex = () => randomBytes(6).toString('hex')

/** A real-shaped episode with random ids, ending at `ended_at`. */
export const createTestEpisode = (overrides: Partial<Episode> = {}): Episode => ({
  tenant_id: randomTenantId(),
  episode_id: `ep_${hex()}`,
  contact_id: `cus_${hex()}`,
  role: 'customer',
  started_at: at(0),
  ended_at: at(10),
  message_count: 4,
  first_message_id: `chat_${hex()}`,
  last_message_id: `chat_${hex()}`,
  summary: 'Cliente pediu horário para corte em 2026-03-05 às 14h; agendado.',
  summary_kind: 'llm',
  needs_summary: false,
  close_reason: 'idle',
  facts: [{ text: 'Cliente prefere horários à tarde (dito em 2026-03-02)', about: 'customer', share_with_customers: true, slot_key: 'customer.preferred_time' }],
  extracted: false,
  created_at: at(40),
  ...overrides,
})

export const runEpisodeStoreContract = ({ createStore }: EpisodeStoreContractOptions): void => {
  describe('EpisodeStore contract', () => {
    it('saves an episode and reads it back as an equal copy', async () => {
      const store = await createStore()
      const episode = createTestEpisode()
      expect(await store.save({ episode })).toEqual({ episode, created: true })
      expect(await store.get({ tenantId: episode.tenant_id, episodeId: episode.episode_id })).toEqual(episode)
      expect(await store.get({ tenantId: randomTenantId(), episodeId: episode.episode_id })).toBeNull()
    })

    it('makes one episode when the same stretch is closed twice', async () => {
      const store = await createStore()
      const first = createTestEpisode()
      await store.save({ episode: first })
      const again = await store.save({ episode: { ...first, episode_id: `ep_${hex()}`, summary: 'outro' } })
      expect(again).toEqual({ episode: first, created: false })
      const page = await store.list({ tenantId: first.tenant_id, limit: 10 })
      expect(page.items.map((episode) => episode.episode_id)).toEqual([first.episode_id])
    })

    it('makes one episode when two closes of the same stretch race', async () => {
      const store = await createStore()
      const episode = createTestEpisode()
      const results = await Promise.all([
        store.save({ episode }),
        store.save({ episode: { ...episode, episode_id: `ep_${hex()}` } }),
      ])
      expect(results.filter((result) => result.created)).toHaveLength(1)
      expect((await store.list({ tenantId: episode.tenant_id, limit: 10 })).total).toBe(1)
    })

    it('returns the latest episode of a contact', async () => {
      const store = await createStore()
      const older = createTestEpisode({ ended_at: at(10) })
      const newer = createTestEpisode({ tenant_id: older.tenant_id, contact_id: older.contact_id, started_at: at(50), ended_at: at(55) })
      const other = createTestEpisode({ tenant_id: older.tenant_id, ended_at: at(59) })
      for (const episode of [newer, older, other]) await store.save({ episode })
      expect(await store.latestForContact({ tenantId: older.tenant_id, contactId: older.contact_id })).toEqual(newer)
      expect(await store.latestForContact({ tenantId: older.tenant_id, contactId: 'cus_none' })).toBeNull()
    })

    it('lists most recent first, keyset-paginated and filtered', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const contactId = `cus_${hex()}`
      const episodes = [1, 2, 3, 4].map((minute) =>
        createTestEpisode({ tenant_id: tenantId, contact_id: minute === 4 ? `cus_${hex()}` : contactId, ended_at: at(minute), needs_summary: minute === 2 }),
      )
      for (const episode of episodes) await store.save({ episode })
      const first = await store.list({ tenantId, limit: 3 })
      expect(first.items.map((episode) => episode.ended_at)).toEqual([at(4), at(3), at(2)])
      expect(first.total).toBe(4)
      const second = await store.list({ tenantId, limit: 3, cursor: first.next_cursor! })
      expect(second.items.map((episode) => episode.ended_at)).toEqual([at(1)])
      expect(second.next_cursor).toBeNull()
      expect((await store.list({ tenantId, contactId, limit: 10 })).total).toBe(3)
      expect((await store.list({ tenantId, needsSummary: true, limit: 10 })).items.map((episode) => episode.ended_at)).toEqual([at(2)])
      expect((await store.list({ tenantId, pendingExtraction: true, limit: 10 })).total).toBe(3)
    })

    it('marks an episode extracted and summarised', async () => {
      const store = await createStore()
      const episode = createTestEpisode({ summary_kind: 'extractive', needs_summary: true, facts: [] })
      await store.save({ episode })
      const facts = [{ text: 'Cliente tem um cachorro chamado Thor', about: 'customer' as const, share_with_customers: false }]
      const summarized = await store.markSummarized({ tenantId: episode.tenant_id, episodeId: episode.episode_id, summary: 'Resumo novo', facts })
      expect(summarized).toMatchObject({ summary: 'Resumo novo', summary_kind: 'llm', needs_summary: false, facts })
      expect(await store.markExtracted({ tenantId: episode.tenant_id, episodeId: episode.episode_id })).toMatchObject({ extracted: true })
      expect(await store.get({ tenantId: episode.tenant_id, episodeId: episode.episode_id })).toMatchObject({ extracted: true, summary: 'Resumo novo' })
      expect(await store.markExtracted({ tenantId: episode.tenant_id, episodeId: 'ep_none' })).toBeNull()
      expect(await store.markSummarized({ tenantId: randomTenantId(), episodeId: episode.episode_id, summary: 'x', facts: [] })).toBeNull()
    })

    it('exports a contact oldest first and erases only that contact', async () => {
      const store = await createStore()
      const a = createTestEpisode({ ended_at: at(20) })
      const b = createTestEpisode({ tenant_id: a.tenant_id, contact_id: a.contact_id, ended_at: at(5) })
      const other = createTestEpisode({ tenant_id: a.tenant_id })
      for (const episode of [a, b, other]) await store.save({ episode })
      expect(await store.exportContact({ tenantId: a.tenant_id, contactId: a.contact_id })).toEqual([b, a])
      expect(await store.eraseContact({ tenantId: a.tenant_id, contactId: a.contact_id })).toBe(2)
      expect(await store.exportContact({ tenantId: a.tenant_id, contactId: a.contact_id })).toEqual([])
      expect(await store.latestForContact({ tenantId: a.tenant_id, contactId: a.contact_id })).toBeNull()
      expect(await store.get({ tenantId: a.tenant_id, episodeId: other.episode_id })).toEqual(other)
      expect(await store.eraseContact({ tenantId: a.tenant_id, contactId: a.contact_id })).toBe(0)
    })

    it('keeps tenants apart', async () => {
      const store = await createStore()
      const episode = createTestEpisode()
      await store.save({ episode })
      const elsewhere = randomTenantId()
      expect(await store.latestForContact({ tenantId: elsewhere, contactId: episode.contact_id })).toBeNull()
      expect((await store.list({ tenantId: elsewhere, limit: 10 })).total).toBe(0)
      expect(await store.eraseContact({ tenantId: elsewhere, contactId: episode.contact_id })).toBe(0)
      // Same contact and boundary in another tenant is another episode.
      expect((await store.save({ episode: { ...episode, tenant_id: elsewhere } })).created).toBe(true)
    })
  })
}
