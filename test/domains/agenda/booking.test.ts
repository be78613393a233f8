import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresAgendaStore } from '../../../src/domains/agenda/index.js'
import { useTestFileStorage } from '../../support/file-storage.js'
import { connectTestPool, usingEmbeddedPostgres } from '../../support/test-postgres.js'
import { createAgendaTestKit, type AgendaTestKit } from './agenda-test-setup.js'

const files = useTestFileStorage()

const newCustomer = async (kit: AgendaTestKit, phone = `55119${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`) =>
  (await kit.customers.createCustomer({ tenantId: kit.tenantId, fields: { phone } })).customer_id

const bookAt = async (kit: AgendaTestKit, startLocal: string, serviceName = 'Corte', customerId?: string) =>
  kit.agenda.book({ tenantId: kit.tenantId, config: kit.config, customerId: customerId ?? (await newCustomer(kit)), serviceName, startLocal })

describe('booking an appointment', () => {
  it('books a free slot in local time and stores it in UTC with the service terms', async () => {
    const kit = await createAgendaTestKit(files.storage)
    const appointment = await bookAt(kit, '2026-03-02T14:00', 'barba')
    expect(appointment).toMatchObject({
      service_name: 'Barba',
      start_at: '2026-03-02T17:00:00.000Z',
      end_at: '2026-03-02T17:20:00.000Z',
      buffer_minutes: 15,
      price_cents: 3000,
      status: 'booked',
      reminders_sent: [],
    })
  })

  it('refuses a time outside the hours, in the break or on a closed day, saying why', async () => {
    const kit = await createAgendaTestKit(files.storage)
    await expect(bookAt(kit, '2026-03-02T19:00')).rejects.toMatchObject({ code: 'AGENDA_OUTSIDE_HOURS', category: 'user', message: expect.stringContaining('09:00–12:00, 13:00–18:00') })
    await expect(bookAt(kit, '2026-03-02T12:15')).rejects.toMatchObject({ code: 'AGENDA_OUTSIDE_HOURS', message: expect.stringContaining('intervalo entre 12:00 e 13:00') })
    // Starts inside the morning but runs into the break.
    await expect(bookAt(kit, '2026-03-02T11:45')).rejects.toMatchObject({ code: 'AGENDA_OUTSIDE_HOURS', message: expect.stringContaining('intervalo') })
    await expect(bookAt(kit, '2026-03-02T17:45')).rejects.toMatchObject({ code: 'AGENDA_OUTSIDE_HOURS' })
    await expect(bookAt(kit, '2026-03-08T10:00')).rejects.toMatchObject({ code: 'AGENDA_OUTSIDE_HOURS', message: expect.stringContaining('domingo') })
  })

  it('refuses a time in the past, an unknown service and a malformed time', async () => {
    const kit = await createAgendaTestKit(files.storage, { now: '2026-03-02T14:00:00.000Z' }) // 11:00 local
    await expect(bookAt(kit, '2026-03-02T10:00')).rejects.toMatchObject({ code: 'AGENDA_IN_PAST', category: 'user', message: expect.stringContaining('já passou') })
    await expect(bookAt(kit, '2026-03-02T11:00')).rejects.toMatchObject({ code: 'AGENDA_IN_PAST' })
    await expect(bookAt(kit, '2026-03-03T10:00', 'Massagem')).rejects.toMatchObject({ code: 'AGENDA_SERVICE_UNKNOWN' })
    await expect(bookAt(kit, '2026-02-30T10:00')).rejects.toMatchObject({ code: 'AGENDA_TIME_INVALID' })
    await expect(bookAt(kit, 'amanhã às 10')).rejects.toMatchObject({ code: 'AGENDA_TIME_INVALID' })
  })

  it('refuses a holiday or a blocked period', async () => {
    const kit = await createAgendaTestKit(files.storage)
    await kit.agenda.addBlock({ tenantId: kit.tenantId, config: kit.config, start: '2026-03-03', end: '2026-03-03', reason: 'Carnaval', kind: 'holiday' })
    await kit.agenda.addBlock({ tenantId: kit.tenantId, config: kit.config, start: '2026-03-04T14:00', end: '2026-03-04T15:00', reason: 'Reunião', kind: 'blocked' })
    await expect(bookAt(kit, '2026-03-03T10:00')).rejects.toMatchObject({ code: 'AGENDA_BLOCKED', message: expect.stringContaining('feriado: Carnaval') })
    await expect(bookAt(kit, '2026-03-04T13:45')).rejects.toMatchObject({ code: 'AGENDA_BLOCKED' })
    await bookAt(kit, '2026-03-04T15:00')
  })

  it('refuses a taken slot, offering the next free ones', async () => {
    const kit = await createAgendaTestKit(files.storage)
    await bookAt(kit, '2026-03-02T10:00')
    const error = await bookAt(kit, '2026-03-02T10:00').catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'AGENDA_SLOT_TAKEN', category: 'user', message: expect.stringContaining('Horários livres') })
    const alternatives = (error as { details: { alternatives: Array<{ start: string }> } }).details.alternatives
    expect(alternatives.map((slot) => slot.start)).toEqual(['2026-03-02T09:00', '2026-03-02T09:30', '2026-03-02T10:30', '2026-03-02T11:00', '2026-03-02T11:30'])
  })

  it('books exactly one of two concurrent requests for the same slot (file backend)', async () => {
    const kit = await createAgendaTestKit(files.storage)
    const [first, second] = [await newCustomer(kit), await newCustomer(kit)]
    const results = await Promise.allSettled([bookAt(kit, '2026-03-02T15:00', 'Corte', first), bookAt(kit, '2026-03-02T15:00', 'Corte', second)])
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: { code: 'AGENDA_SLOT_TAKEN' } })
    const page = await kit.agenda.listAppointments({ tenantId: kit.tenantId, limit: 10 })
    expect(page.total).toBe(1)
  })
})

describe('booking concurrently on Postgres from two pools (two processes)', () => {
  let pools: pg.Pool[] = []
  beforeAll(async () => {
    pools = [await connectTestPool(), await connectTestPool()]
  })
  afterAll(() => Promise.all(pools.map((pool) => pool.end())))

  it('ends with exactly one appointment for the slot', async (context) => {
    if (usingEmbeddedPostgres()) {
      context.skip('PGlite is one session behind a multiplexer: concurrent queries from two pools interleave their protocol messages; runs on TEST_PG_DSN')
    }
    const kits = [
      await createAgendaTestKit(files.storage, { store: createPostgresAgendaStore(pools[0] as pg.Pool) }),
      await createAgendaTestKit(files.storage, { store: createPostgresAgendaStore(pools[1] as pg.Pool) }),
    ]
    const tenantId = (kits[0] as AgendaTestKit).tenantId
    for (const kit of kits) kit.tenantId = tenantId
    for (let round = 0; round < 5; round += 1) {
      const startLocal = `2026-03-0${3 + round}T10:00`
      const results = await Promise.allSettled(kits.flatMap((kit) => [bookAt(kit, startLocal, 'Corte', 'cus_a'), bookAt(kit, startLocal, 'Corte', 'cus_b')]))
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
      expect(results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason.code)).toEqual([
        'AGENDA_SLOT_TAKEN',
        'AGENDA_SLOT_TAKEN',
        'AGENDA_SLOT_TAKEN',
      ])
    }
    const page = await (kits[1] as AgendaTestKit).agenda.listAppointments({ tenantId, limit: 50 })
    expect(page.total).toBe(5)
  })
})
