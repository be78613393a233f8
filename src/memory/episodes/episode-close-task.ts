import { createHash } from 'node:crypto'
import type { ClaimedBatch, TaskQueueStore } from '../../orchestration/index.js'
import type { Clock } from '../../shared/clock.js'
import type { Logger } from '../../shared/logger.js'
import type { EpisodeRole } from './episode.js'
import type { EpisodeCloser } from './close-episodes.js'

/** The durable task that closes one contact's episode after an event (design memory.md §4). */
export const episodeCloseTaskKind = 'memory.close_episode'

export interface EpisodeCloseTaskPayload {
  contact_id: string
  /** What happened: `appointment.booked`, `charge.paid`, `conversation.restarted`… (for logs). */
  event: string
  /** Fixed boundary (ISO): messages after it belong to the next episode. Null: when the task runs. */
  boundary_at: string | null
}

export interface EpisodeCloseRequest {
  tenantId: string
  contactId: string
  event: string
  /** Identifies the occurrence: the same event requested twice closes once. */
  eventId: string
  /** A boundary fixed now (a `/novo`); default: the moment the close runs. */
  boundaryAt?: string
}

/**
 * Asks for a contact's conversation to close into an episode because of an event. Durable (a
 * queued task, so any replica's worker runs it and a restart keeps it) and off the caller's
 * path. Without a fixed boundary the close waits `delayMs` (default 60 s) so the agent's reply
 * confirming the booking or payment is part of the episode it ends.
 */
export const createEpisodeCloseRequester =
  (deps: { queue: Pick<TaskQueueStore, 'enqueue'>; clock: Clock; notifyWorker?: () => void; delayMs?: number }) =>
  async (request: EpisodeCloseRequest): Promise<void> => {
    const now = deps.clock.now()
    const delay = request.boundaryAt ? 0 : (deps.delayMs ?? 60_000)
    const payload: EpisodeCloseTaskPayload = { contact_id: request.contactId, event: request.event, boundary_at: request.boundaryAt ?? null }
    await deps.queue.enqueue({
      now,
      task: {
        tenant_id: request.tenantId,
        task_id: `ep_close_${createHash('sha256').update(`${request.contactId}\u0000${request.event}\u0000${request.eventId}`).digest('hex').slice(0, 32)}`,
        kind: episodeCloseTaskKind,
        // One close at a time per contact; independent of the contact's inbound and send queues.
        queue_key: `episode:${request.contactId}`,
        payload: payload as unknown as Record<string, unknown>,
        run_at: new Date(now.getTime() + delay),
      },
    })
    deps.notifyWorker?.()
  }

export type EpisodeCloseRequester = ReturnType<typeof createEpisodeCloseRequester>

/** The worker's handler of `memory.close_episode` tasks: closes each, idempotently. */
export const createEpisodeCloseTaskHandler =
  (deps: { closer: Pick<EpisodeCloser, 'closeNow'>; roleOf: (tenantId: string, contactId: string) => Promise<EpisodeRole>; logger: Logger }) =>
  async (batch: ClaimedBatch): Promise<void> => {
    for (const task of batch.tasks) {
      const payload = task.payload as unknown as EpisodeCloseTaskPayload
      const role = await deps.roleOf(batch.tenantId, payload.contact_id)
      const episode = await deps.closer.closeNow({
        tenantId: batch.tenantId,
        contactId: payload.contact_id,
        role,
        reason: 'event',
        ...(payload.boundary_at ? { boundaryAt: payload.boundary_at } : {}),
      })
      deps.logger.debug({ tenantId: batch.tenantId, contactId: payload.contact_id, event: payload.event, episodeId: episode?.episode_id ?? null }, 'episode close requested by an event')
    }
  }
