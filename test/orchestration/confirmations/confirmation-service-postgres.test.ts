import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createConfirmationService, createPostgresConfirmationStore } from '../../../src/orchestration/confirmations/index.js'
import { createPostgresEventLogStore } from '../../../src/orchestration/index.js'
import { createFixedClock } from '../../../src/shared/clock.js'
import { randomIdGenerator } from '../../../src/shared/ids.js'
import { randomTenantId } from '../../support/factories.js'
import { connectTestPool } from '../../support/test-postgres.js'

let pool: pg.Pool
let otherPool: pg.Pool

beforeAll(async () => {
  // Two pools stand for two fabio replicas answering the same owner at once.
  ;[pool, otherPool] = await Promise.all([connectTestPool(), connectTestPool()])
})
afterAll(async () => {
  await Promise.all([pool.end(), otherPool.end()])
})

describe('confirmation service on Postgres', () => {
  it('runs the tool once when two replicas approve the same confirmation at once', async () => {
    const clock = createFixedClock(new Date('2030-01-01T12:00:00.000Z'))
    const execute = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      return { ok: true, text: 'Horário cancelado.' }
    })
    const replica = (replicaPool: pg.Pool) =>
      createConfirmationService({
        store: createPostgresConfirmationStore(replicaPool),
        events: createPostgresEventLogStore(replicaPool),
        clock,
        ids: randomIdGenerator,
        execute,
      })
    const [first, second] = [replica(pool), replica(otherPool)]
    const tenantId = randomTenantId()
    const confirmation = await first.request({
      tenantId,
      contactId: 'cus_owner',
      tool: 'cancel_appointment',
      arguments: { appointment_id: 'apt_1' },
      summary: 'Cancelar o horário de Maria amanhã às 10h',
    })
    const decisions = await Promise.all([
      first.handleOwnerMessage({ tenantId, contactId: 'cus_owner', text: 'sim', messageId: 'wamid-1' }),
      second.handleOwnerMessage({ tenantId, contactId: 'cus_owner', text: 'Sim!', messageId: 'wamid-2' }),
      second.handleOwnerMessage({ tenantId, contactId: 'cus_owner', text: 'sim', messageId: 'wamid-1' }),
      first.approve({ tenantId, confirmationId: confirmation.confirmation_id }).catch((error: { code: string }) => error.code),
    ])
    expect(execute).toHaveBeenCalledTimes(1)
    const outcomes = decisions.map((decision) => (typeof decision === 'string' ? decision : decision?.outcome))
    expect(outcomes.filter((outcome) => outcome === 'executed')).toHaveLength(1)
    const stored = await createPostgresConfirmationStore(pool).get({ tenantId, confirmationId: confirmation.confirmation_id })
    expect(stored).toMatchObject({ status: 'executed', result: 'Horário cancelado.' })
    const types = (await createPostgresEventLogStore(pool).list({ tenantId, limit: 20 })).items.map((event) => event.type).sort()
    expect(types).toEqual(['confirmation.approved', 'confirmation.executed', 'confirmation.requested'])
  })
})
