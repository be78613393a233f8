import { AppError } from '../../shared/app-error.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import type { Page } from '../../shared/pagination.js'
import type { EventLogStore } from '../event-log-store.js'
import { confirmationSchema, isConfirmationExpired, type Confirmation } from './confirmation.js'
import { confirmationReplyText } from './confirmation-reply-text.js'
import type { ConfirmationStore, ListConfirmationsInput } from './confirmation-store.js'
import { interpretConfirmationReply, type ConfirmationReply } from './interpret-confirmation-reply.js'

/** Runs the real tool of a confirmed call; `text` is the pt-BR result (or failure) for the owner. */
export type ExecuteConfirmation = (confirmation: Confirmation) => Promise<{ ok: boolean; text: string }>

export type ConfirmationOutcome = 'executed' | 'failed' | 'rejected' | 'expired' | 'already_decided'

export interface ConfirmationDecision {
  outcome: ConfirmationOutcome
  confirmation: Confirmation
  /** pt-BR, to send to the owner. */
  replyText: string
}

export interface RequestConfirmationInput {
  tenantId: string
  contactId: string
  tool: string
  arguments: Record<string, unknown>
  summary: string
}

export interface ConfirmationService {
  /** Holds a tool call until the owner confirms it; replaces (expires) the contact's older pending one. */
  request(input: RequestConfirmationInput): Promise<Confirmation>
  /** "sim" → approve, "não" → reject, anything else → null (see interpretConfirmationReply). */
  interpretReply(text: string): ConfirmationReply | null
  /**
   * Answers the owner's message when it decides their pending confirmation; null when there is
   * none or the text is not a yes/no (run a normal turn then). A message id that already decided a
   * confirmation (a redelivery) is `already_decided`, and nothing runs twice.
   */
  handleOwnerMessage(input: { tenantId: string; contactId: string; text: string; messageId: string }): Promise<ConfirmationDecision | null>
  /** From the API. Throws CONFIRMATION_NOT_FOUND, or CONFIRMATION_NOT_PENDING (also when it just expired). */
  approve(input: { tenantId: string; confirmationId: string; via?: 'api' }): Promise<ConfirmationDecision>
  /** From the API. Same errors as approve. */
  reject(input: { tenantId: string; confirmationId: string; via?: 'api' }): Promise<ConfirmationDecision>
  /** The scheduler's sweep: every pending confirmation past its expiry becomes expired. */
  expireDue(input?: { now?: Date; limit?: number }): Promise<{ expired: number }>
  list(input: ListConfirmationsInput): Promise<Page<Confirmation>>
}

export interface ConfirmationServiceDependencies {
  store: ConfirmationStore
  events: EventLogStore
  clock: Clock
  ids: IdGenerator
  execute: ExecuteConfirmation
  /** How long the owner has to answer. */
  ttlMs?: number // ms
  logger?: Logger
}

type ExpiryReason = 'replaced' | 'timed_out'
type ConfirmationEvent = 'requested' | 'approved' | 'rejected' | 'expired' | 'executed' | 'failed'

export const createConfirmationService = (deps: ConfirmationServiceDependencies): ConfirmationService => {
  const { store, events, clock, ids, execute, ttlMs = 10 * 60_000, logger } = deps

  const record = async (confirmation: Confirmation, happened: ConfirmationEvent, data: Record<string, unknown>, at: Date) => {
    // Deterministic ids: each step happens at most once (compare-and-set), and a retried append is a no-op.
    await events.append({
      event: {
        tenant_id: confirmation.tenant_id,
        event_id: `${confirmation.confirmation_id}:${happened}`,
        type: `confirmation.${happened}`,
        contact_id: confirmation.contact_id,
        data: { confirmation_id: confirmation.confirmation_id, tool: confirmation.tool, ...data },
        occurred_at: at.toISOString(),
      },
    })
  }

  const expire = async (confirmation: Confirmation, now: Date, reason: ExpiryReason, decidedBy: string | null) => {
    const { tenant_id: tenantId, confirmation_id: confirmationId } = confirmation
    const expired = await store.transition({ tenantId, confirmationId, from: ['pending'], to: 'expired', patch: { decided_by: decidedBy }, now })
    if (expired) await record(expired, 'expired', { reason }, now)
    return expired
  }

  const expireOlderPending = async (newest: Confirmation, now: Date) => {
    const isOlder = (other: Confirmation) =>
      other.created_at < newest.created_at || (other.created_at === newest.created_at && other.confirmation_id < newest.confirmation_id)
    let cursor: string | undefined
    do {
      const page = await store.list({ tenantId: newest.tenant_id, contactId: newest.contact_id, status: 'pending', limit: 50, cursor })
      for (const other of page.items.filter(isOlder)) await expire(other, now, 'replaced', null)
      cursor = page.next_cursor ?? undefined
    } while (cursor)
  }

  const run = async (confirmation: Confirmation): Promise<{ ok: boolean; text: string }> => {
    try {
      return await execute(confirmation)
    } catch (error) {
      // It was approved and may have half-run: it ends failed, never retried on its own.
      logger?.error({ err: error, tenant_id: confirmation.tenant_id, confirmation_id: confirmation.confirmation_id }, 'confirmed tool threw')
      return { ok: false, text: `erro inesperado (${error instanceof Error ? error.message : String(error)})` }
    }
  }

  /** Null when another caller decided it first. Only the caller that wins `pending → approved` executes. */
  const decide = async (pending: Confirmation, reply: ConfirmationReply, decidedBy: string, now: Date): Promise<ConfirmationDecision | null> => {
    const key = { tenantId: pending.tenant_id, confirmationId: pending.confirmation_id }
    if (reply === 'reject') {
      const rejected = await store.transition({ ...key, from: ['pending'], to: 'rejected', patch: { decided_by: decidedBy }, now })
      if (!rejected) return null
      await record(rejected, 'rejected', { decided_by: decidedBy }, now)
      return { outcome: 'rejected', confirmation: rejected, replyText: confirmationReplyText.rejected() }
    }
    const approved = await store.transition({ ...key, from: ['pending'], to: 'approved', patch: { decided_by: decidedBy }, now })
    if (!approved) return null
    const { ok, text } = await run(approved)
    const finishedAt = clock.now()
    const patch = ok ? { result: text, error: null } : { result: null, error: text }
    const finished =
      (await store.transition({ ...key, from: ['approved'], to: ok ? 'executed' : 'failed', patch, now: finishedAt })) ??
      { ...approved, ...patch, status: ok ? ('executed' as const) : ('failed' as const) }
    // Events after the outcome is stored: a failure here makes the caller retry, which then
    // finds the decision (already_decided) instead of a confirmation stuck in `approved`.
    await record(approved, 'approved', { decided_by: decidedBy }, now)
    await record(finished, ok ? 'executed' : 'failed', ok ? { result: text } : { error: text }, finishedAt)
    return ok
      ? { outcome: 'executed', confirmation: finished, replyText: confirmationReplyText.executed(finished) }
      : { outcome: 'failed', confirmation: finished, replyText: confirmationReplyText.failed(finished) }
  }

  const alreadyDecided = (confirmation: Confirmation): ConfirmationDecision => ({
    outcome: 'already_decided',
    confirmation,
    replyText: confirmationReplyText.alreadyDecided(confirmation),
  })

  const reload = async (confirmation: Confirmation) =>
    (await store.get({ tenantId: confirmation.tenant_id, confirmationId: confirmation.confirmation_id })) ?? confirmation

  /** The contact's newest pending confirmation, expired or not (the sweep may not have run yet). */
  const newestPending = async (tenantId: string, contactId: string, now: Date) =>
    (await store.findPending({ tenantId, contactId, now })) ??
    (await store.list({ tenantId, contactId, status: 'pending', limit: 1 })).items[0] ??
    null

  const notPending = (confirmation: Confirmation) =>
    new AppError('CONFIRMATION_NOT_PENDING', `confirmation ${confirmation.confirmation_id} is ${confirmation.status}, not pending`, {
      details: { status: confirmation.status },
    })

  const decideFromApi = async (tenantId: string, confirmationId: string, reply: ConfirmationReply, via: string) => {
    const confirmation = await store.get({ tenantId, confirmationId })
    if (!confirmation) throw new AppError('CONFIRMATION_NOT_FOUND', `confirmation ${confirmationId} not found`)
    if (confirmation.status !== 'pending') throw notPending(confirmation)
    const now = clock.now()
    if (isConfirmationExpired(confirmation, now)) {
      throw notPending((await expire(confirmation, now, 'timed_out', via)) ?? (await reload(confirmation)))
    }
    const decision = await decide(confirmation, reply, via, now)
    if (!decision) throw notPending(await reload(confirmation))
    return decision
  }

  return {
    request: async ({ tenantId, contactId, tool, arguments: args, summary }) => {
      const now = clock.now()
      const confirmation = confirmationSchema.parse({
        tenant_id: tenantId,
        confirmation_id: ids.next('cnf'),
        contact_id: contactId,
        tool,
        arguments: args,
        summary,
        status: 'pending',
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + ttlMs).toISOString(),
        decided_at: null,
        decided_by: null,
        result: null,
        error: null,
      } satisfies Confirmation)
      // Saved before the older ones expire: should this stop halfway, "sim" still finds the newest.
      const saved = await store.save({ confirmation })
      await expireOlderPending(saved, now)
      await record(saved, 'requested', { summary, arguments: args, expires_at: saved.expires_at }, now)
      return saved
    },

    interpretReply: interpretConfirmationReply,

    handleOwnerMessage: async ({ tenantId, contactId, text, messageId }) => {
      const reply = interpretConfirmationReply(text)
      if (!reply) return null
      const earlier = await store.findByDecision({ tenantId, decidedBy: messageId })
      if (earlier && earlier.contact_id === contactId) return alreadyDecided(earlier)
      const now = clock.now()
      const pending = await newestPending(tenantId, contactId, now)
      if (!pending) return null
      if (isConfirmationExpired(pending, now)) {
        const expired = await expire(pending, now, 'timed_out', messageId)
        if (!expired) return alreadyDecided(await reload(pending))
        const replyText = reply === 'approve' ? confirmationReplyText.expired() : confirmationReplyText.expiredOnReject()
        return { outcome: 'expired', confirmation: expired, replyText }
      }
      return (await decide(pending, reply, messageId, now)) ?? alreadyDecided(await reload(pending))
    },

    approve: ({ tenantId, confirmationId, via = 'api' }) => decideFromApi(tenantId, confirmationId, 'approve', via),
    reject: ({ tenantId, confirmationId, via = 'api' }) => decideFromApi(tenantId, confirmationId, 'reject', via),

    expireDue: async ({ now = clock.now(), limit = 200 } = {}) => {
      let expired = 0
      for (;;) {
        const overdue = await store.listOverdue({ now, limit })
        for (const confirmation of overdue) if (await expire(confirmation, now, 'timed_out', null)) expired += 1
        // Each pass leaves none of these pending, so the next one sees only newer ones.
        if (overdue.length < limit) return { expired }
      }
    },

    list: (input) => store.list(input),
  }
}
