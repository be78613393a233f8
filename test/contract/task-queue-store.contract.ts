import { describe, expect, it } from 'vitest'
import type { ClaimedBatch, NewTask, TaskQueueStore } from '../../src/orchestration/index.js'
import { randomTenantId } from '../support/factories.js'

export interface TaskQueueStoreContractOptions {
  createStore(): Promise<TaskQueueStore>
}

const t0 = new Date('2030-01-01T12:00:00.000Z')
const at = (ms: number) => new Date(t0.getTime() + ms)
let counter = 0

const newTask = (tenantId: string, overrides: Partial<NewTask> = {}): NewTask => ({
  tenant_id: tenantId,
  task_id: `task_${(counter += 1)}_${Math.random().toString(36).slice(2, 8)}`,
  kind: 'turn',
  queue_key: 'contact:a',
  payload: { n: counter },
  run_at: t0,
  ...overrides,
})

const claimInput = (now: Date, limit = 50, workerId = 'worker-1') => ({ workerId, now, leaseMs: 30_000, limit, maxCoalesceWaitMs: 20_000 })

/** Claims only the batches of one tenant (the store claims across tenants; tests share it). */
const claimFor = async (store: TaskQueueStore, tenantId: string, now: Date, workerId = 'worker-1'): Promise<ClaimedBatch[]> =>
  (await store.claim(claimInput(now, 1000, workerId))).filter((batch) => batch.tenantId === tenantId)

const idsOf = (batches: ClaimedBatch[]) => batches.map((batch) => batch.tasks.map((task) => task.payload.label))

/** The behaviour every TaskQueueStore backend must have. */
export const runTaskQueueStoreContract = ({ createStore }: TaskQueueStoreContractOptions): void => {
  describe('TaskQueueStore contract', () => {
    it('enqueues a task once per task_id', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const task = newTask(tenantId)
      const first = await store.enqueue({ task, now: t0 })
      const second = await store.enqueue({ task: { ...task, payload: { other: true } }, now: t0 })
      expect(first.created).toBe(true)
      expect(second.created).toBe(false)
      expect(second.task).toEqual(first.task)
      expect(first.task).toMatchObject({ status: 'pending', attempts: 0, coalesce: false, lease_owner: null })
    })

    it('claims nothing before run_at, and the task once it is due', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      await store.enqueue({ task: newTask(tenantId, { run_at: at(5000), payload: { label: 'later' } }), now: t0 })
      expect(await claimFor(store, tenantId, t0)).toEqual([])
      const claimed = await claimFor(store, tenantId, at(5000))
      expect(idsOf(claimed)).toEqual([['later']])
      expect(claimed[0]?.tasks[0]).toMatchObject({ status: 'running', attempts: 1, lease_owner: 'worker-1' })
    })

    it('runs one task at a time per queue key, in order, and keys in parallel', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      for (const label of ['a1', 'a2']) await store.enqueue({ task: newTask(tenantId, { payload: { label } }), now: t0 })
      await store.enqueue({ task: newTask(tenantId, { queue_key: 'contact:b', payload: { label: 'b1' } }), now: t0 })
      const first = await claimFor(store, tenantId, t0)
      expect(idsOf(first).sort()).toEqual([['a1'], ['b1']])
      expect(await claimFor(store, tenantId, t0)).toEqual([])
      const a1 = first.find((batch) => batch.queueKey === 'contact:a') as ClaimedBatch
      await store.complete({ tenantId, taskIds: [a1.tasks[0]?.task_id as string], workerId: 'worker-1', now: t0 })
      expect(idsOf(await claimFor(store, tenantId, t0))).toEqual([['a2']])
    })

    it('coalesces a burst into one batch once the newest message is due', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      for (const [label, due] of [['m1', 3000], ['m2', 4000], ['m3', 6000]] as const) {
        await store.enqueue({ task: newTask(tenantId, { coalesce: true, run_at: at(due), payload: { label } }), now: t0 })
      }
      expect(await claimFor(store, tenantId, at(4500))).toEqual([])
      const batches = await claimFor(store, tenantId, at(6000))
      expect(idsOf(batches)).toEqual([['m1', 'm2', 'm3']])
      expect(batches[0]?.kind).toBe('turn')
    })

    it('does not wait for a burst forever', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      await store.enqueue({ task: newTask(tenantId, { coalesce: true, run_at: at(0), payload: { label: 'old' } }), now: t0 })
      await store.enqueue({ task: newTask(tenantId, { coalesce: true, run_at: at(60_000), payload: { label: 'new' } }), now: t0 })
      expect(idsOf(await claimFor(store, tenantId, at(20_000)))).toEqual([['old']])
    })

    it('does not coalesce across a task that does not coalesce', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      await store.enqueue({ task: newTask(tenantId, { coalesce: true, payload: { label: 'c1' } }), now: t0 })
      await store.enqueue({ task: newTask(tenantId, { payload: { label: 'plain' } }), now: t0 })
      await store.enqueue({ task: newTask(tenantId, { coalesce: true, payload: { label: 'c2' } }), now: t0 })
      expect(idsOf(await claimFor(store, tenantId, t0))).toEqual([['c1']])
    })

    it('gives a task whose lease expired to another worker', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      await store.enqueue({ task: newTask(tenantId, { payload: { label: 'x' } }), now: t0 })
      const [first] = await claimFor(store, tenantId, t0, 'worker-1')
      expect(await claimFor(store, tenantId, at(10_000), 'worker-2')).toEqual([])
      const [again] = await claimFor(store, tenantId, at(31_000), 'worker-2')
      expect(again?.tasks[0]).toMatchObject({ task_id: first?.tasks[0]?.task_id, attempts: 2, lease_owner: 'worker-2' })
      // The first worker lost its lease: it can no longer finish the task.
      const taskIds = [first?.tasks[0]?.task_id as string]
      await store.complete({ tenantId, taskIds, workerId: 'worker-1', now: at(31_500) })
      expect((await store.get({ tenantId, taskId: taskIds[0] as string }))?.status).toBe('running')
      expect(await store.extendLease({ tenantId, taskIds, workerId: 'worker-1', leaseExpiresAt: at(90_000), now: at(31_500) })).toBe(false)
      expect(await store.extendLease({ tenantId, taskIds, workerId: 'worker-2', leaseExpiresAt: at(90_000), now: at(31_500) })).toBe(true)
      expect(await claimFor(store, tenantId, at(70_000), 'worker-3')).toEqual([])
    })

    it('retries a released task at its retry time, and dead-letters it when told', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const { task } = await store.enqueue({ task: newTask(tenantId, { payload: { label: 'flaky' } }), now: t0 })
      const taskIds = [task.task_id]
      await claimFor(store, tenantId, t0)
      await store.release({ tenantId, taskIds, workerId: 'worker-1', now: t0, error: 'boom', retryAt: at(2000) })
      expect(await store.get({ tenantId, taskId: task.task_id })).toMatchObject({ status: 'pending', last_error: 'boom', attempts: 1 })
      expect(await claimFor(store, tenantId, at(1000))).toEqual([])
      await claimFor(store, tenantId, at(2000))
      await store.release({ tenantId, taskIds, workerId: 'worker-1', now: at(2000), error: 'boom again', retryAt: null })
      const dead = await store.get({ tenantId, taskId: task.task_id })
      expect(dead).toMatchObject({ status: 'dead', attempts: 2, last_error: 'boom again' })
      expect(dead?.finished_at).not.toBeNull()
      expect(await claimFor(store, tenantId, at(99_000))).toEqual([])
      expect((await store.list({ tenantId, status: 'dead', limit: 10 })).items.map((t) => t.task_id)).toEqual([task.task_id])
    })

    it('puts a dead task back to pending on retry, and refuses to retry one that is not dead', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const { task } = await store.enqueue({ task: newTask(tenantId), now: t0 })
      await expect(store.retry({ tenantId, taskId: task.task_id, now: t0 })).rejects.toMatchObject({ code: 'TASK_NOT_DEAD' })
      await claimFor(store, tenantId, t0)
      await store.release({ tenantId, taskIds: [task.task_id], workerId: 'worker-1', now: t0, error: 'x', retryAt: null })
      const retried = await store.retry({ tenantId, taskId: task.task_id, now: at(5000) })
      expect(retried).toMatchObject({ status: 'pending', attempts: 0 })
      expect(await claimFor(store, tenantId, at(5000))).toHaveLength(1)
      expect(await store.retry({ tenantId, taskId: 'task_missing', now: t0 })).toBeNull()
    })

    it('completes a task for good', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      const { task } = await store.enqueue({ task: newTask(tenantId), now: t0 })
      await claimFor(store, tenantId, t0)
      await store.complete({ tenantId, taskIds: [task.task_id], workerId: 'worker-1', now: at(10) })
      expect(await store.get({ tenantId, taskId: task.task_id })).toMatchObject({ status: 'done', finished_at: at(10).toISOString() })
      expect(await claimFor(store, tenantId, at(99_000))).toEqual([])
    })

    it('keeps tenants apart', async () => {
      const store = await createStore()
      const [a, b] = [randomTenantId(), randomTenantId()]
      const task = newTask(a, { task_id: 'same-id', payload: { label: 'A' } })
      await store.enqueue({ task, now: t0 })
      const other = await store.enqueue({ task: { ...task, tenant_id: b, payload: { label: 'B' } }, now: t0 })
      expect(other.created).toBe(true)
      expect((await store.get({ tenantId: b, taskId: 'same-id' }))?.payload.label).toBe('B')
      expect((await store.list({ tenantId: a, limit: 10 })).total).toBe(1)
      // The same queue key in two tenants is two queues.
      const claimed = await store.claim(claimInput(t0, 1000))
      expect(idsOf(claimed.filter((batch) => batch.tenantId === a))).toEqual([['A']])
      expect(idsOf(claimed.filter((batch) => batch.tenantId === b))).toEqual([['B']])
    })

    it('lists in enqueue order with pagination and filters', async () => {
      const store = await createStore()
      const tenantId = randomTenantId()
      for (const kind of ['turn', 'send', 'turn']) await store.enqueue({ task: newTask(tenantId, { kind, queue_key: kind }), now: t0 })
      const page = await store.list({ tenantId, limit: 2 })
      expect(page.total).toBe(3)
      const next = await store.list({ tenantId, limit: 2, cursor: page.next_cursor as string })
      expect([...page.items, ...next.items].map((t) => t.seq)).toEqual([...page.items, ...next.items].map((t) => t.seq).sort((x, y) => x - y))
      expect(next.next_cursor).toBeNull()
      expect((await store.list({ tenantId, kind: 'send', limit: 10 })).total).toBe(1)
    })
  })
}
