import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSilentLogger } from '../../../src/shared/logger.js'
import { openFileStorage, type FileStorage } from '../../../src/storage/file/index.js'
import { customerSpec, makeTempDataDir, type Customer } from './support/storage-fixtures.js'

const customer = (tenant: string, id: string, extra: Partial<Customer> = {}): Customer => ({
  tenant_id: tenant,
  id,
  name: `name ${id}`,
  ...extra,
})

describe('file collection', () => {
  let dataDir: string
  let remove: () => Promise<void>
  let storage: FileStorage

  const open = () => openFileStorage({ dataDir, logger: createSilentLogger(), folders: ['customers', 'crm'] })

  beforeEach(async () => {
    ;({ dataDir, remove } = await makeTempDataDir())
    storage = await open()
  })

  afterEach(async () => {
    await storage.close()
    await remove()
  })

  it('puts, gets, lists, counts and deletes', async () => {
    const customers = await storage.collection(customerSpec)
    await customers.put(customer('t1', 'a'))
    await customers.put(customer('t1', 'b'))
    expect(customers.get('t1', 'a')).toEqual(customer('t1', 'a'))
    expect(customers.get('t1', 'zz')).toBeNull()
    expect(customers.list('t1').map((record) => record.id)).toEqual(['a', 'b'])
    expect(customers.list('t1', (record) => record.id === 'b')).toEqual([customer('t1', 'b')])
    expect(customers.count('t1')).toBe(2)
    expect(customers.tenantIds()).toEqual(['t1'])

    expect(await customers.delete('t1', 'a')).toBe(true)
    expect(await customers.delete('t1', 'a')).toBe(false)
    expect(customers.get('t1', 'a')).toBeNull()
    expect(customers.count('t1')).toBe(1)
  })

  it('updates memory synchronously, before the write resolves', async () => {
    const customers = await storage.collection(customerSpec)
    const written = customers.put(customer('t1', 'a'))
    expect(customers.get('t1', 'a')).not.toBeNull()
    await written
  })

  it('keeps the position of an updated record; a re-put after delete goes to the end', async () => {
    const customers = await storage.collection(customerSpec)
    for (const id of ['a', 'b', 'c']) await customers.put(customer('t1', id))
    await customers.put(customer('t1', 'a', { name: 'renamed' }))
    expect(customers.list('t1').map((record) => record.id)).toEqual(['a', 'b', 'c'])
    expect(customers.get('t1', 'a')?.name).toBe('renamed')
    await customers.delete('t1', 'b')
    await customers.put(customer('t1', 'b'))
    expect(customers.list('t1').map((record) => record.id)).toEqual(['a', 'c', 'b'])
  })

  it('returns copies and stores a copy of the input', async () => {
    const customers = await storage.collection(customerSpec)
    const input = customer('t1', 'a', { tags: ['vip'] })
    await customers.put(input)
    input.name = 'changed after put'
    input.tags?.push('changed')

    const got = customers.get('t1', 'a') as Customer
    got.name = 'changed after get'
    got.tags?.push('changed')
    customers.list('t1')[0]?.tags?.push('changed')
    customers.findByIndex('t1', 'phone', 'x').forEach((record) => record.tags?.push('changed'))

    expect(customers.get('t1', 'a')).toEqual(customer('t1', 'a', { tags: ['vip'] }))
  })

  it('keeps tenants apart, even for the same id', async () => {
    const customers = await storage.collection(customerSpec)
    await customers.put(customer('t1', 'same', { name: 'one', phone: '+1' }))
    await customers.put(customer('t2', 'same', { name: 'two', phone: '+1' }))
    expect(customers.get('t1', 'same')?.name).toBe('one')
    expect(customers.get('t2', 'same')?.name).toBe('two')
    expect(customers.list('t1')).toHaveLength(1)
    expect(customers.findByIndex('t1', 'phone', '+1').map((record) => record.name)).toEqual(['one'])
    await customers.delete('t1', 'same')
    expect(customers.get('t2', 'same')?.name).toBe('two')
    expect(customers.count('t1')).toBe(0)
    expect(customers.tenantIds()).toEqual(['t2'])
  })

  it('maintains indexes on put, update and delete; null keys stay out', async () => {
    const customers = await storage.collection(customerSpec)
    await customers.put(customer('t1', 'a', { phone: '+1' }))
    await customers.put(customer('t1', 'b', { phone: '+1' }))
    await customers.put(customer('t1', 'c', { phone: null }))
    expect(customers.findByIndex('t1', 'phone', '+1').map((record) => record.id)).toEqual(['a', 'b'])

    await customers.put(customer('t1', 'a', { phone: '+2' }))
    expect(customers.findByIndex('t1', 'phone', '+1').map((record) => record.id)).toEqual(['b'])
    expect(customers.findByIndex('t1', 'phone', '+2').map((record) => record.id)).toEqual(['a'])
    await customers.delete('t1', 'b')
    expect(customers.findByIndex('t1', 'phone', '+1')).toEqual([])
    expect(() => customers.findByIndex('t1', 'nope', 'x')).toThrow(/no index "nope"/)
  })

  it('applies a batch as one line', async () => {
    const customers = await storage.collection(customerSpec)
    await customers.put(customer('t1', 'old'))
    await customers.write([
      { type: 'put', record: customer('t1', 'a') },
      { type: 'put', record: customer('t1', 'b') },
      { type: 'delete', tenantId: 't1', id: 'old' },
    ])
    expect(customers.list('t1').map((record) => record.id)).toEqual(['a', 'b'])
    expect(customers.stats().appends).toBe(2)
    await customers.write([])
  })

  it('rejects an invalid record without changing anything', async () => {
    const customers = await storage.collection(customerSpec)
    await expect(customers.put({ id: 'x', name: 'n' } as unknown as Customer)).rejects.toMatchObject({
      code: 'STORAGE_WRITE_FAILED',
    })
    await expect(
      customers.write([
        { type: 'put', record: customer('t1', 'a') },
        { type: 'put', record: { tenant_id: 't1', name: 'no id' } as unknown as Customer },
      ]),
    ).rejects.toMatchObject({ code: 'STORAGE_WRITE_FAILED' })
    expect(customers.count('t1')).toBe(0)
    await customers.put(customer('t1', 'ok'))
    await expect(storage.ping()).resolves.toBeUndefined()
  })

  it('returns the same instance for the same folder/name, also for concurrent calls', async () => {
    const [first, second] = await Promise.all([storage.collection(customerSpec), storage.collection(customerSpec)])
    expect(first).toBe(second)
    expect(await storage.collection(customerSpec)).toBe(first)
    const other = await storage.collection({ ...customerSpec, folder: 'crm' })
    expect(other).not.toBe(first)
  })

  it('reloads everything after close, indexes and order included', async () => {
    const customers = await storage.collection(customerSpec)
    await customers.put(customer('t1', 'a', { phone: '+1' }))
    await customers.put(customer('t1', 'b', { phone: '+2' }))
    await customers.put(customer('t2', 'a', { phone: '+1' }))
    await customers.write([
      { type: 'put', record: customer('t1', 'c', { phone: '+1' }) },
      { type: 'delete', tenantId: 't1', id: 'b' },
    ])
    await customers.put(customer('t1', 'a', { phone: '+3', name: 'updated' }))
    const before = { t1: customers.list('t1'), t2: customers.list('t2') }
    await storage.close()

    storage = await open()
    const reloaded = await storage.collection(customerSpec)
    expect({ t1: reloaded.list('t1'), t2: reloaded.list('t2') }).toEqual(before)
    expect(reloaded.findByIndex('t1', 'phone', '+1').map((record) => record.id)).toEqual(['c'])
    expect(reloaded.findByIndex('t1', 'phone', '+3').map((record) => record.id)).toEqual(['a'])
    expect(reloaded.findByIndex('t2', 'phone', '+1').map((record) => record.id)).toEqual(['a'])
    expect(reloaded.stats().logEntries).toBe(6)
  })

  it('refuses writes after close', async () => {
    const customers = await storage.collection(customerSpec)
    await storage.close()
    await expect(customers.put(customer('t1', 'a'))).rejects.toMatchObject({ code: 'STORAGE_WRITE_FAILED' })
    await expect(storage.collection(customerSpec)).rejects.toMatchObject({ code: 'STORAGE_WRITE_FAILED' })
  })
})
