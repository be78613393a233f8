import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createFileCampaignStore,
  createFileOptOutStore,
  createPostgresCampaignStore,
  createPostgresOptOutStore,
  type CampaignStore,
  type OptOutStore,
} from '../../../src/domains/crm/index.js'
import { randomTenantId } from '../../support/factories.js'
import { openTestFileStorage } from '../../support/file-storage.js'
import { connectTestPool } from '../../support/test-postgres.js'
import { createFileFollowUpStore, createPostgresFollowUpStore, runFollowUpStoreContract } from '../../contract/follow-up-store.contract.js'
import { createFileLeadStore, createPostgresLeadStore, runLeadStoreContract } from '../../contract/lead-store.contract.js'
import type { FileStorage } from '../../../src/storage/file/index.js'

const runOptOutAndCampaignChecks = (open: () => Promise<{ optOuts: OptOutStore; campaigns: CampaignStore }>) => {
  it('records an opt-out once, keeping the first, and lists it', async () => {
    const { optOuts } = await open()
    const tenantId = randomTenantId()
    expect(await optOuts.isOptedOut({ tenantId, customerId: 'cus_a' })).toBe(false)
    const first = await optOuts.record({ tenantId, customerId: 'cus_a', text: 'sair', at: '2026-01-01T12:00:00.000Z' })
    expect(first).toEqual({ tenant_id: tenantId, customer_id: 'cus_a', text: 'sair', at: '2026-01-01T12:00:00.000Z' })
    expect(await optOuts.record({ tenantId, customerId: 'cus_a', text: 'parar', at: '2026-01-02T12:00:00.000Z' })).toEqual(first)
    expect(await optOuts.isOptedOut({ tenantId, customerId: 'cus_a' })).toBe(true)
    expect(await optOuts.isOptedOut({ tenantId: randomTenantId(), customerId: 'cus_a' })).toBe(false)
    expect((await optOuts.list({ tenantId, limit: 10 })).items).toEqual([first])
    expect(await optOuts.delete({ tenantId, customerId: 'cus_a' })).toBe(true)
    expect(await optOuts.get({ tenantId, customerId: 'cus_a' })).toBeNull()
  })

  it('saves and lists campaigns', async () => {
    const { campaigns } = await open()
    const tenantId = randomTenantId()
    const campaign = {
      tenant_id: tenantId,
      campaign_id: 'cmp_1',
      name: 'Black Friday',
      message: 'Promoção!',
      audience: { stages: ['lost' as const], tags: ['vip'] },
      customer_ids: ['cus_a', 'cus_b'],
      excluded_opted_out: 1,
      created_at: '2026-01-01T12:00:00.000Z',
    }
    await campaigns.save({ campaign })
    expect(await campaigns.get({ tenantId, campaignId: 'cmp_1' })).toEqual(campaign)
    expect((await campaigns.list({ tenantId, limit: 10 })).items).toEqual([campaign])
    await expect(campaigns.save({ campaign })).rejects.toMatchObject({ code: 'CRM_CAMPAIGN_ALREADY_EXISTS' })
  })
}

describe('CRM stores on the file backend', () => {
  let storage: FileStorage
  let close: () => Promise<void>
  beforeAll(async () => {
    ;({ storage, close } = await openTestFileStorage())
  })
  afterAll(() => close())

  runLeadStoreContract({ createStore: () => createFileLeadStore(storage) })
  runFollowUpStoreContract({ createStore: () => createFileFollowUpStore(storage) })
  runOptOutAndCampaignChecks(async () => ({ optOuts: await createFileOptOutStore(storage), campaigns: await createFileCampaignStore(storage) }))
})

describe('CRM stores on the postgres backend', () => {
  let pool: pg.Pool
  beforeAll(async () => {
    pool = await connectTestPool()
  })
  afterAll(() => pool.end())

  runLeadStoreContract({ createStore: async () => createPostgresLeadStore(pool) })
  runFollowUpStoreContract({ createStore: async () => createPostgresFollowUpStore(pool) })
  runOptOutAndCampaignChecks(async () => ({ optOuts: createPostgresOptOutStore(pool), campaigns: createPostgresCampaignStore(pool) }))
})
