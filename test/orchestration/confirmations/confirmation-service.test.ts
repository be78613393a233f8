import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  createConfirmationService,
  createFileConfirmationStore,
  type Confirmation,
  type ConfirmationService,
  type ConfirmationStore,
  type ExecuteConfirmation,
} from '../../../src/orchestration/confirmations/index.js'
import { createFileEventLogStore, type EventLogStore } from '../../../src/orchestration/index.js'
import { createFixedClock } from '../../../src/shared/clock.js'
import { randomIdGenerator } from '../../../src/shared/ids.js'
import type { FileStorage } from '../../../src/storage/file/index.js'
import { randomTenantId } from '../../support/factories.js'
import { openTestFileStorage } from '../../support/file-storage.js'

let storage: FileStorage
let close: () => Promise<void>
let store: ConfirmationStore
let events: EventLogStore

beforeAll(async () => {
  ;({ storage, close } = await openTestFileStorage())
  store = await createFileConfirmationStore(storage)
  events = await createFileEventLogStore(storage)
})
afterAll(() => close())

const owner = 'cus_owner'
const tenMinutes = 10 * 60_000
const lifecycle = ['requested', 'approved', 'rejected', 'expired', 'executed', 'failed'].map((step) => `confirmation.${step}`)

const setup = (execute: ExecuteConfirmation = async () => ({ ok: true, text: 'Cobrança de R$ 50,00 criada para Maria.' })) => {
  const clock = createFixedClock(new Date('2030-01-01T12:00:00.000Z'))
  const spy = vi.fn(execute)
  const service = createConfirmationService({ store, events, clock, ids: randomIdGenerator, execute: spy })
  const tenantId = randomTenantId()
  const request = (summary = 'Criar cobrança de R$ 50,00 para Maria') =>
    service.request({ tenantId, contactId: owner, tool: 'create_charge', arguments: { customer_phone: '5511988887777', amount_cents: 5000 }, summary })
  const say = (text: string, messageId = `wamid-${Math.random().toString(36).slice(2)}`) =>
    service.handleOwnerMessage({ tenantId, contactId: owner, text, messageId })
  const current = async (confirmation: Confirmation) => store.get({ tenantId, confirmationId: confirmation.confirmation_id })
  /** In time order; events of one instant in lifecycle order (the log orders those by id). */
  const eventTypes = async () =>
    (await events.list({ tenantId, limit: 100 })).items
      .sort((a, b) => a.occurred_at.localeCompare(b.occurred_at) || lifecycle.indexOf(a.type) - lifecycle.indexOf(b.type))
      .map((event) => event.type)
  return { clock, execute: spy, service, tenantId, request, say, current, eventTypes }
}

describe('confirmation service', () => {
  it('holds a sensitive call as pending for ten minutes', async () => {
    const { request, clock, execute, eventTypes } = setup()
    const confirmation = await request()
    expect(confirmation).toMatchObject({ status: 'pending', contact_id: owner, tool: 'create_charge', decided_at: null })
    expect(new Date(confirmation.expires_at).getTime() - clock.now().getTime()).toBe(tenMinutes)
    expect(execute).not.toHaveBeenCalled()
    expect(await eventTypes()).toEqual(['confirmation.requested'])
  })

  it('runs the tool once when the owner says "sim"', async () => {
    const { request, say, execute, current, eventTypes } = setup()
    const confirmation = await request()
    const decision = await say('Sim!', 'wamid-1')
    expect(decision).toMatchObject({ outcome: 'executed', replyText: 'Feito: Cobrança de R$ 50,00 criada para Maria.' })
    expect(execute).toHaveBeenCalledTimes(1)
    expect(execute.mock.calls[0]?.[0]).toMatchObject({ confirmation_id: confirmation.confirmation_id, status: 'approved', arguments: confirmation.arguments })
    expect(await current(confirmation)).toMatchObject({ status: 'executed', decided_by: 'wamid-1', result: 'Cobrança de R$ 50,00 criada para Maria.', error: null })
    expect(await eventTypes()).toEqual(['confirmation.requested', 'confirmation.approved', 'confirmation.executed'])
  })

  it('runs once when the same "sim" is delivered twice', async () => {
    const { request, say, execute } = setup()
    await request()
    expect((await say('sim', 'wamid-dup'))?.outcome).toBe('executed')
    const again = await say('sim', 'wamid-dup')
    expect(again).toMatchObject({ outcome: 'already_decided', confirmation: { status: 'executed' } })
    expect(again?.replyText).toContain('já foi feito')
    expect(execute).toHaveBeenCalledTimes(1)
  })

  it('runs once when the same "sim" is delivered twice at the same time', async () => {
    const { request, say, execute } = setup()
    await request()
    const outcomes = (await Promise.all([say('sim', 'wamid-same'), say('sim', 'wamid-same')])).map((decision) => decision?.outcome)
    expect(outcomes.sort()).toEqual(['already_decided', 'executed'])
    expect(execute).toHaveBeenCalledTimes(1)
  })

  it('runs once when two approvals race', async () => {
    const { request, say, execute, current } = setup(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      return { ok: true, text: 'ok' }
    })
    const confirmation = await request()
    const decisions = await Promise.all([say('sim', 'wamid-a'), say('ok', 'wamid-b')])
    expect(decisions.map((decision) => decision?.outcome).sort()).toEqual(['already_decided', 'executed'])
    expect(execute).toHaveBeenCalledTimes(1)
    expect((await current(confirmation))?.status).toBe('executed')
  })

  it('never runs a rejected call', async () => {
    const { request, say, execute, current, eventTypes } = setup()
    const confirmation = await request()
    expect(await say('Não.', 'wamid-no')).toMatchObject({ outcome: 'rejected', replyText: 'Cancelado. Nada foi feito.' })
    expect(await say('sim', 'wamid-yes-later')).toBeNull()
    expect(execute).not.toHaveBeenCalled()
    expect(await current(confirmation)).toMatchObject({ status: 'rejected', decided_by: 'wamid-no' })
    expect(await eventTypes()).toEqual(['confirmation.requested', 'confirmation.rejected'])
  })

  it('never runs an expired call, and says so', async () => {
    const { request, say, execute, current, clock, eventTypes } = setup()
    const confirmation = await request()
    clock.advance(tenMinutes)
    expect(await say('sim', 'wamid-late')).toMatchObject({ outcome: 'expired', replyText: 'Essa confirmação expirou; peça de novo.' })
    expect(execute).not.toHaveBeenCalled()
    expect(await current(confirmation)).toMatchObject({ status: 'expired', decided_by: 'wamid-late' })
    expect(await say('sim', 'wamid-later')).toBeNull()
    expect(await say('sim', 'wamid-late')).toMatchObject({ outcome: 'already_decided' })
    expect(await eventTypes()).toEqual(['confirmation.requested', 'confirmation.expired'])
  })

  it('still runs a call answered just before it expires', async () => {
    const { request, say, execute, clock } = setup()
    await request()
    clock.advance(tenMinutes - 1)
    expect((await say('pode sim'))?.outcome).toBe('executed')
    expect(execute).toHaveBeenCalledTimes(1)
  })

  it('leaves the confirmation pending when the owner says something else', async () => {
    const { request, say, execute, current } = setup()
    const confirmation = await request()
    expect(await say('sim, mas mude o valor para 60')).toBeNull()
    expect(await say('quanto tenho a receber?')).toBeNull()
    expect(execute).not.toHaveBeenCalled()
    expect((await current(confirmation))?.status).toBe('pending')
  })

  it('answers null when nothing is pending', async () => {
    const { say, execute } = setup()
    expect(await say('sim')).toBeNull()
    expect(execute).not.toHaveBeenCalled()
  })

  it('does not let one contact decide what another must confirm', async () => {
    const { request, service, tenantId, execute } = setup()
    await request()
    expect(await service.handleOwnerMessage({ tenantId, contactId: 'cus_someone_else', text: 'sim', messageId: 'wamid-x' })).toBeNull()
    expect(execute).not.toHaveBeenCalled()
  })

  it('expires the older pending call when a new one is requested', async () => {
    const { request, say, execute, current, clock, eventTypes } = setup()
    const older = await request('Cancelar o horário de amanhã às 10h')
    clock.advance(1000)
    const newer = await request()
    expect(await current(older)).toMatchObject({ status: 'expired', decided_by: null })
    clock.advance(1000)
    expect((await say('sim'))?.confirmation.confirmation_id).toBe(newer.confirmation_id)
    expect(execute).toHaveBeenCalledTimes(1)
    expect(execute.mock.calls[0]?.[0].confirmation_id).toBe(newer.confirmation_id)
    expect(await eventTypes()).toEqual([
      'confirmation.requested',
      'confirmation.requested',
      'confirmation.expired',
      'confirmation.approved',
      'confirmation.executed',
    ])
  })

  it('records a failure the tool reports, and does not run it again', async () => {
    const { request, say, execute, current } = setup(async () => ({ ok: false, text: 'cliente não encontrado' }))
    const confirmation = await request()
    expect(await say('confirmo 👍', 'wamid-f')).toMatchObject({ outcome: 'failed', replyText: 'Não consegui concluir: cliente não encontrado' })
    expect(await current(confirmation)).toMatchObject({ status: 'failed', error: 'cliente não encontrado', result: null })
    expect(await say('confirmo 👍', 'wamid-f')).toMatchObject({ outcome: 'already_decided' })
    expect(await say('sim')).toBeNull()
    expect(execute).toHaveBeenCalledTimes(1)
  })

  it('ends failed, not stuck approved, when the tool throws', async () => {
    const { request, say, current, eventTypes } = setup(async () => {
      throw new Error('gateway down')
    })
    const confirmation = await request()
    expect((await say('sim'))?.outcome).toBe('failed')
    expect(await current(confirmation)).toMatchObject({ status: 'failed', error: expect.stringContaining('gateway down') })
    expect(await eventTypes()).toEqual(['confirmation.requested', 'confirmation.approved', 'confirmation.failed'])
  })

  describe('from the API', () => {
    it('approves and runs once; a second approval is not pending', async () => {
      const { request, service, tenantId, execute } = setup()
      const confirmation = await request()
      const decision = await service.approve({ tenantId, confirmationId: confirmation.confirmation_id, via: 'api' })
      expect(decision).toMatchObject({ outcome: 'executed', confirmation: { status: 'executed', decided_by: 'api' } })
      await expect(service.approve({ tenantId, confirmationId: confirmation.confirmation_id })).rejects.toMatchObject({
        code: 'CONFIRMATION_NOT_PENDING',
        category: 'user',
      })
      await expect(service.reject({ tenantId, confirmationId: confirmation.confirmation_id })).rejects.toMatchObject({ code: 'CONFIRMATION_NOT_PENDING' })
      expect(execute).toHaveBeenCalledTimes(1)
    })

    it('rejects without running', async () => {
      const { request, service, tenantId, execute } = setup()
      const confirmation = await request()
      expect(await service.reject({ tenantId, confirmationId: confirmation.confirmation_id })).toMatchObject({ outcome: 'rejected' })
      await expect(service.approve({ tenantId, confirmationId: confirmation.confirmation_id })).rejects.toMatchObject({ code: 'CONFIRMATION_NOT_PENDING' })
      expect(execute).not.toHaveBeenCalled()
    })

    it('answers not found for an unknown id, or one of another tenant', async () => {
      const { request, service } = setup()
      const confirmation = await request()
      await expect(service.approve({ tenantId: randomTenantId(), confirmationId: confirmation.confirmation_id })).rejects.toMatchObject({
        code: 'CONFIRMATION_NOT_FOUND',
        category: 'user',
      })
      await expect(service.reject({ tenantId: confirmation.tenant_id, confirmationId: 'cnf_missing' })).rejects.toMatchObject({ code: 'CONFIRMATION_NOT_FOUND' })
    })

    it('refuses an expired one and marks it expired', async () => {
      const { request, service, tenantId, execute, current, clock } = setup()
      const confirmation = await request()
      clock.advance(tenMinutes)
      await expect(service.approve({ tenantId, confirmationId: confirmation.confirmation_id })).rejects.toMatchObject({
        code: 'CONFIRMATION_NOT_PENDING',
        details: { status: 'expired' },
      })
      expect((await current(confirmation))?.status).toBe('expired')
      expect(execute).not.toHaveBeenCalled()
    })

    it('lets one of two racing API approvals run', async () => {
      const { request, service, tenantId, execute } = setup()
      const confirmation = await request()
      const results = await Promise.allSettled([
        service.approve({ tenantId, confirmationId: confirmation.confirmation_id }),
        service.approve({ tenantId, confirmationId: confirmation.confirmation_id }),
      ])
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected'])
      expect(execute).toHaveBeenCalledTimes(1)
    })
  })

  it('expires due confirmations in a sweep, with events', async () => {
    const { request, service, current, clock, tenantId } = setup()
    const confirmation = await request()
    expect((await service.expireDue({ now: clock.now() })).expired).toBe(0)
    clock.advance(tenMinutes)
    // The sweep runs across tenants; other tests' leftovers may expire too.
    expect((await service.expireDue()).expired).toBeGreaterThanOrEqual(1)
    expect((await current(confirmation))?.status).toBe('expired')
    const expiredEvents = await events.list({ tenantId, type: 'confirmation.expired', limit: 10 })
    expect(expiredEvents.items[0]?.data).toMatchObject({ confirmation_id: confirmation.confirmation_id, reason: 'timed_out' })
  })

  describe('interpretReply', () => {
    const { service } = setup()
    it.each([
      ['sim', 'approve'],
      ['Sim!', 'approve'],
      ['  SIM  ', 'approve'],
      ['s', 'approve'],
      ['OK.', 'approve'],
      ['ok', 'approve'],
      ['confirmo 👍', 'approve'],
      ['Confirmar', 'approve'],
      ['pode', 'approve'],
      ['Pode sim!', 'approve'],
      ['pode  sim', 'approve'],
      ['isso', 'approve'],
      ['Isso!!', 'approve'],
      ['não', 'reject'],
      ['Não.', 'reject'],
      ['NÃO', 'reject'],
      ['nao', 'reject'],
      ['n', 'reject'],
      ['cancelar', 'reject'],
      ['Cancela!', 'reject'],
      ['cancele', 'reject'],
      ['sim, mas mude o valor', null],
      ['acho que sim', null],
      ['não sei', null],
      ['simples', null],
      ['', null],
      ['👍', null],
      ['talvez', null],
    ] as const)('%j → %s', (text, expected) => {
      expect(service.interpretReply(text)).toBe(expected)
    })
  })
})
