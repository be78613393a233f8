import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFileMemoryStore, createLocalEmbedder, createMemoryService, type MemoryStore } from '../../src/memory/index.js'
import { createFixedClock } from '../../src/shared/clock.js'
import { randomIdGenerator } from '../../src/shared/ids.js'
import type { FileStorage } from '../../src/storage/file/index.js'
import { randomTenantId } from '../support/factories.js'
import { openTestFileStorage } from '../support/file-storage.js'

let storage: FileStorage
let close: () => Promise<void>
let store: MemoryStore

beforeAll(async () => {
  ;({ storage, close } = await openTestFileStorage())
  store = await createFileMemoryStore(storage)
})
afterAll(() => close())

const setup = () => {
  const clock = createFixedClock(new Date('2026-03-02T12:00:00.000Z'))
  const embedder = createLocalEmbedder()
  const service = createMemoryService({ store, embedder, clock, ids: randomIdGenerator })
  return { service, clock, embedder, tenantId: randomTenantId(), customerId: `cus_${randomBytes(4).toString('hex')}` }
}
const taught = { kind: 'owner_taught' as const, refs: [{ type: 'message' as const, id: 'wamid.ABC' }] }

describe('memory service', () => {
  it('remembers with provenance, embeds in the active space and dedupes a repeat', async () => {
    const { service, tenantId, embedder } = setup()
    const first = await service.remember({ tenantId, text: 'Fechado em feriados nacionais', shareWithCustomers: true, source: taught })
    expect(first.outcome).toBe('created')
    expect(first.memory).toMatchObject({ subject_kind: 'business', audience: 'public', source_refs: taught.refs, importance: 0.8 })
    expect(await store.vectorSpacesOf({ tenantId, memoryId: first.memory.memory_id })).toEqual([embedder.space.space_id])
    const again = await service.remember({ tenantId, text: 'fechado em feriados nacionais', shareWithCustomers: true, source: taught })
    expect(again).toMatchObject({ outcome: 'duplicate', memory: { memory_id: first.memory.memory_id } })
  })

  it('keeps memories owner-only unless told to share them', async () => {
    const { service, tenantId, customerId } = setup()
    const { memory } = await service.remember({ tenantId, text: 'Paga atrasado, confirmar PIX antes', about: { kind: 'customer', customerId }, source: taught })
    expect(memory).toMatchObject({ subject_kind: 'customer', subject_id: customerId, audience: 'owner_only' })
    const customerView = await service.recall({ tenantId, scope: { role: 'customer', customerId }, query: 'pagamento PIX atrasado' })
    expect(customerView.items).toEqual([])
    const ownerView = await service.recall({ tenantId, scope: { role: 'owner' }, query: 'pagamento PIX atrasado' })
    expect(ownerView.items.map((item) => item.memory.memory_id)).toEqual([memory.memory_id])
  })

  it('supersedes the previous value of a single-valued fact', async () => {
    const { service, tenantId, customerId, clock } = setup()
    const about = { kind: 'customer' as const, customerId }
    const morning = await service.remember({ tenantId, text: 'Prefere horários pela manhã', about, shareWithCustomers: true, slotKey: 'customer.preferred_time', source: taught })
    clock.advance(60_000)
    const evening = await service.remember({ tenantId, text: 'Prefere horários após as 18h', about, shareWithCustomers: true, slotKey: 'customer.preferred_time', source: taught })
    expect(evening.superseded).toMatchObject({ memory_id: morning.memory.memory_id, status: 'superseded', superseded_by: evening.memory.memory_id })
    const recalled = await service.recall({ tenantId, scope: { role: 'customer', customerId }, query: 'qual horário a cliente prefere?' })
    expect(recalled.items.map((item) => item.memory.text)).toEqual(['Prefere horários após as 18h'])
  })

  it('forgets the best match of a description, and nothing when nothing matches', async () => {
    const { service, tenantId } = setup()
    const holidays = await service.remember({ tenantId, text: 'Fechado em feriados nacionais', shareWithCustomers: true, source: taught })
    const pix = await service.remember({ tenantId, text: 'Aceitamos pagamento por PIX e cartão', shareWithCustomers: true, source: taught })
    expect(await service.forget({ tenantId, query: 'zzz qwerty xyz' })).toBeNull()
    const forgotten = await service.forget({ tenantId, query: 'esqueça que fechamos nos feriados' })
    expect(forgotten).toMatchObject({ memory_id: holidays.memory.memory_id, status: 'retracted' })
    const left = await service.recall({ tenantId, scope: { role: 'owner' }, query: 'feriados nacionais' })
    expect(left.items.map((item) => item.memory.memory_id)).not.toContain(holidays.memory.memory_id)
    expect((await store.get({ tenantId, memoryId: pix.memory.memory_id }))?.status).toBe('active')
  })

  it('forgets by id and refuses an unknown id', async () => {
    const { service, tenantId } = setup()
    const { memory } = await service.remember({ tenantId, text: 'Enviar resumo da agenda às 8h', about: { kind: 'owner' }, source: taught })
    expect(await service.forget({ tenantId, memoryId: memory.memory_id })).toMatchObject({ status: 'retracted' })
    await expect(service.forget({ tenantId, memoryId: 'mem_missing' })).rejects.toMatchObject({ code: 'MEMORY_NOT_FOUND', category: 'user' })
  })

  it('refuses an empty text', async () => {
    const { service, tenantId } = setup()
    await expect(service.remember({ tenantId, text: '   ', source: taught })).rejects.toMatchObject({ code: 'MEMORY_TEXT_INVALID' })
  })

  it('exports and erases a contact: nothing of it is recallable after', async () => {
    const { service, tenantId, customerId } = setup()
    const about = { kind: 'customer' as const, customerId }
    await service.remember({ tenantId, text: 'Alérgica a amendoim', about, shareWithCustomers: true, source: taught })
    await service.remember({ tenantId, text: 'Cliente antiga, desde 2019', about, source: taught })
    expect((await service.exportContact({ tenantId, customerId })).memories).toHaveLength(2)
    expect(await service.eraseContact({ tenantId, customerId })).toMatchObject({ memories: 2, vectors: 2 })
    for (const scope of [{ role: 'owner' as const }, { role: 'customer' as const, customerId }]) {
      expect((await service.recall({ tenantId, scope, query: 'alérgica amendoim cliente antiga' })).items).toEqual([])
    }
  })
})
