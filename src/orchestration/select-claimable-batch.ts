import type { TaskRecord } from './task.js'

/**
 * The claiming rule, shared by both backends. Given the open (pending or running) tasks of one
 * queue key in `seq` order, answers the tasks to run now, or null:
 * - nothing while a task of the key holds a live lease (one at a time per key);
 * - a running task whose lease expired (its worker died) counts as pending again;
 * - a coalescing head takes every consecutive coalescing task of the same kind, once the newest
 *   is due (the burst went quiet), or once the head has waited `maxCoalesceWaitMs` past due.
 */
export const selectClaimableBatch = (openTasks: TaskRecord[], now: Date, maxCoalesceWaitMs: number): TaskRecord[] | null => {
  const nowMs = now.getTime()
  const leaseLive = (task: TaskRecord) =>
    task.status === 'running' && task.lease_expires_at !== null && Date.parse(task.lease_expires_at) > nowMs
  if (openTasks.some(leaseLive)) return null
  const ready = openTasks.filter((task) => task.status === 'pending' || task.status === 'running')
  const head = ready[0]
  if (!head || Date.parse(head.run_at) > nowMs) return null
  if (!head.coalesce) return [head]

  const group: TaskRecord[] = []
  for (const task of ready) {
    if (!task.coalesce || task.kind !== head.kind) break
    group.push(task)
  }
  const newestDue = Math.max(...group.map((task) => Date.parse(task.run_at)))
  if (newestDue <= nowMs) return group
  if (Date.parse(head.run_at) + maxCoalesceWaitMs <= nowMs) return group.filter((task) => Date.parse(task.run_at) <= nowMs)
  return null
}
