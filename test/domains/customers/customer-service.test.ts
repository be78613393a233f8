import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createCustomerService,
  createFileCustomerStore,
  createPostgresCustomerStore,
  type CustomerService,
  type CustomerStore,
} from '../../../src/domains/customers/index.js'
import { systemClock } from '../../../src/shared/clock.js'
import { randomIdGenerator } from '../../../src/shared/ids.js'
import { createSilentLogger } from '../../../src/shared/logger.js'
import { randomTenantId } from '../../support/factories.js'
import { openTestFileStorage } from '../../support/file-storage.js'
import { connectTestPool } from '../../support/test-postgres.js'

const serviceOver = (store: CustomerStore): CustomerService =>
  createCustomerService({ store, clock: systemClock, ids: randomIdGenerator, logger: createSilentLogger() })

const backends: Array<[string, () => Promise<{ store: CustomerStore; close(): Promise<void> }>]> = [
  [
    'file',
    async () => {
      const { storage, close } = await openTestFileStorage()
      return { store: await createFileCustomerStore(storage), close }
    },
  ],
  [
    'postgres',
    async () => {
      const pool: pg.Pool = await connectTestPool()
      return { store: createPostgresCustomerStore(pool), close: () => pool.end() }
    },
  ],
]

describe.each(backends)('customer service on the %s backend', (_name, open) => {
  let service: CustomerService
  let close: () => Promise<void>

  beforeAll(async () => {
    const opened = await open()
    service = serviceOver(opened.store)
    close = opened.close
  })
  afterAll(() => close())

  it('creates a customer the first time a phone JID writes, and finds it after', async () => {
    const tenantId = randomTenantId()
    const first = await service.resolveWhatsappContact({ tenantId, jids: ['5511987654321@s.whatsapp.net'], pushName: 'Maria' })
    expect(first.created).toBe(true)
    expect(first.customer).toMatchObject({ phone: '5511987654321', display_name: 'Maria', origin: 'whatsapp' })
    const again = await service.resolveWhatsappContact({ tenantId, jids: ['5511987654321:3@s.whatsapp.net'] })
    expect(again).toEqual({ customer: first.customer, created: false })
  })

  it('treats the 8-digit and 9-digit forms of a Brazilian mobile as one person', async () => {
    const tenantId = randomTenantId()
    const old = await service.resolveWhatsappContact({ tenantId, jids: ['551187654321@s.whatsapp.net'] })
    const modern = await service.resolveWhatsappContact({ tenantId, jids: ['5511987654321@s.whatsapp.net'] })
    expect(modern.customer.customer_id).toBe(old.customer.customer_id)
    expect((await service.findByPhone({ tenantId, phone: '(11) 8765-4321' }))?.customer_id).toBe(old.customer.customer_id)
  })

  it('maps a LID to the phone’s customer when Evolution sends both (remoteJid @lid + remoteJidAlt)', async () => {
    const tenantId = randomTenantId()
    const byPhone = await service.resolveWhatsappContact({ tenantId, jids: ['5511965432187@s.whatsapp.net'] })
    const both = await service.resolveWhatsappContact({
      tenantId,
      jids: ['162534879012345@lid', '5511965432187@s.whatsapp.net'],
      pushName: 'Juliana Martins',
    })
    expect(both.customer.customer_id).toBe(byPhone.customer.customer_id)
    expect(both.customer.whatsapp_lid).toBe('162534879012345')
    expect(both.customer.display_name).toBe('Juliana Martins')
    const lidOnly = await service.resolveWhatsappContact({ tenantId, jids: ['162534879012345@lid'] })
    expect(lidOnly.customer.customer_id).toBe(byPhone.customer.customer_id)
    expect(lidOnly.created).toBe(false)
  })

  it('learns the phone of a customer first seen only by LID', async () => {
    const tenantId = randomTenantId()
    const lidOnly = await service.resolveWhatsappContact({ tenantId, jids: ['998877@lid'] })
    expect(lidOnly.customer.phone).toBeNull()
    const later = await service.resolveWhatsappContact({ tenantId, jids: ['998877@lid', '5521912345678@s.whatsapp.net'] })
    expect(later.customer.customer_id).toBe(lidOnly.customer.customer_id)
    expect(later.customer.phone).toBe('5521912345678')
  })

  it('moves a LID first seen alone to the phone customer that already existed', async () => {
    const tenantId = randomTenantId()
    const phoneCustomer = await service.resolveWhatsappContact({ tenantId, jids: ['5531988887777@s.whatsapp.net'] })
    await service.resolveWhatsappContact({ tenantId, jids: ['555444@lid'] })
    const linked = await service.resolveWhatsappContact({ tenantId, jids: ['555444@lid', '5531988887777@s.whatsapp.net'] })
    expect(linked.customer.customer_id).toBe(phoneCustomer.customer.customer_id)
    const lidNow = await service.resolveWhatsappContact({ tenantId, jids: ['555444@lid'] })
    expect(lidNow.customer.customer_id).toBe(phoneCustomer.customer.customer_id)
  })

  it('makes one customer when the same new contact writes twice at once', async () => {
    const tenantId = randomTenantId()
    const jids = ['5541977776666@s.whatsapp.net']
    const results = await Promise.all([1, 2, 3].map(() => service.resolveWhatsappContact({ tenantId, jids })))
    expect(new Set(results.map((result) => result.customer.customer_id)).size).toBe(1)
    expect((await service.listCustomers({ tenantId, limit: 10 })).total).toBe(1)
  })

  it('keeps tenants apart: one phone is a separate customer in each tenant', async () => {
    const jids = ['5511955554444@s.whatsapp.net']
    const a = await service.resolveWhatsappContact({ tenantId: randomTenantId(), jids })
    const b = await service.resolveWhatsappContact({ tenantId: randomTenantId(), jids })
    expect(a.customer.customer_id).not.toBe(b.customer.customer_id)
    expect(b.created).toBe(true)
  })

  it('refuses ids that carry no person', async () => {
    await expect(
      service.resolveWhatsappContact({ tenantId: randomTenantId(), jids: ['120363025246125486@g.us', 'garbage'] }),
    ).rejects.toMatchObject({ code: 'CUSTOMER_CONTACT_INVALID' })
  })

  it('creates a customer by hand with a normalised phone, and refuses a bad or taken one', async () => {
    const tenantId = randomTenantId()
    const created = await service.createCustomer({ tenantId, fields: { phone: '(11) 8765-1234', display_name: 'Pedro' } })
    expect(created).toMatchObject({ phone: '5511987651234', origin: 'manual', display_name: 'Pedro' })
    await expect(service.createCustomer({ tenantId, fields: { phone: 'abc' } })).rejects.toMatchObject({
      code: 'CUSTOMER_PHONE_INVALID',
    })
    await expect(service.createCustomer({ tenantId, fields: { phone: '5511987651234' } })).rejects.toMatchObject({
      code: 'CUSTOMER_PHONE_TAKEN',
    })
    await expect(service.createCustomer({ tenantId, fields: { phone: '5511900001111', vip: true } })).rejects.toMatchObject({
      code: 'HTTP_VALIDATION_FAILED',
    })
  })
})
