import type { ConversationMessage } from '../../conversation/conversation.js'
import type { ConversationStore } from '../../conversation/conversation-store.js'
import type { LlmClient } from '../../llm/llm-client.js'
import { isAppError } from '../../shared/app-error.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import type { MemoryAbout, MemoryService } from '../memory-service.js'
import type { Episode, EpisodeCloseReason, EpisodeFact, EpisodeRole } from './episode.js'
import type { EpisodeStore } from './episode-store.js'
import { isTrivialConversation, summarizeExtractively, summarizeWithLlm, type EpisodeSummary } from './summarize-episode.js'

export interface EpisodeCloserDeps {
  store: EpisodeStore
  conversations: ConversationStore
  /** Long-term memory; without it facts stay on the episode, unextracted. */
  memory?: Pick<MemoryService, 'remember'>
  /** The tenant's LLM, or null (command mode): then episodes are extractive. */
  llmFor?: (tenantId: string) => LlmClient | null
  clock: Clock
  ids: IdGenerator
  logger: Logger
  /** Idle timeouts in minutes (design §4). */
  idle?: { customerMinutes?: number; ownerMinutes?: number }
  /** For the absolute dates of summaries. Default America/Sao_Paulo. */
  timeZone?: string
  /** A cheaper model for summaries than for the conversation (design §5). */
  summaryModel?: string
}

export type RoleOf = (contactId: string) => Promise<EpisodeRole>

const PAGE = 200
const MINUTE = 60_000

/** A message's place in the conversation's order (created_at, then message_id), as the store sorts. */
const isAfter = (message: ConversationMessage, episode: Episode | null): boolean =>
  episode === null ||
  message.created_at > episode.ended_at ||
  (message.created_at === episode.ended_at && message.message_id > episode.last_message_id)

/**
 * Closes conversations into episodes (design memory.md §4) and extracts their facts once into
 * long-term memory (§5). Safe to run from several ticks or replicas: the store keys an episode by
 * its last message, so closing the same stretch twice makes one episode.
 */
export const createEpisodeCloser = (deps: EpisodeCloserDeps) => {
  const { store, conversations, memory, clock, ids, logger } = deps
  const timeZone = deps.timeZone ?? 'America/Sao_Paulo'
  const timeoutMs = {
    customer: (deps.idle?.customerMinutes ?? 30) * MINUTE,
    owner: (deps.idle?.ownerMinutes ?? 120) * MINUTE,
  }
  /** Conversations found trivial at a given last message: not re-read until a new message arrives. */
  const trivialAt = new Map<string, string>()

  /** The messages after the latest episode, up to the boundary fixed when closing starts. */
  const pendingMessages = async (tenantId: string, contactId: string, latest: Episode | null, boundaryAt: string) => {
    const pending: ConversationMessage[] = []
    let cursor: string | undefined
    do {
      const page = await conversations.listMessages({ tenantId, contactId, limit: PAGE, ...(cursor ? { cursor } : {}) })
      pending.push(...page.items.filter((message) => isAfter(message, latest) && message.created_at <= boundaryAt))
      cursor = page.next_cursor ?? undefined
    } while (cursor)
    return pending
  }

  const summarize = async (tenantId: string, messages: ConversationMessage[], role: EpisodeRole): Promise<EpisodeSummary | null> => {
    const llm = deps.llmFor?.(tenantId) ?? null
    if (!llm) return null
    try {
      return await summarizeWithLlm({ llm, messages, role, timeZone, ...(deps.summaryModel ? { model: deps.summaryModel } : {}) })
    } catch (error) {
      logger.warn({ err: error, tenantId }, 'episode summary failed; writing an extractive one')
      return null
    }
  }

  const aboutOf = (fact: EpisodeFact, episode: Episode): MemoryAbout | null => {
    if (episode.role === 'owner') return fact.about === 'business' ? { kind: 'business' } : { kind: 'owner' }
    // A customer cannot teach fabio facts about the business (prompt injection): only the owner can.
    return fact.about === 'customer' ? { kind: 'customer', customerId: episode.contact_id } : null
  }

  /** Hands an episode's facts to long-term memory, once (the `extracted` flag). */
  const extract = async (episode: Episode): Promise<Episode> => {
    if (!memory || episode.extracted || episode.needs_summary) return episode
    for (const fact of episode.facts) {
      const about = aboutOf(fact, episode)
      if (!about) continue
      try {
        await memory.remember({
          tenantId: episode.tenant_id,
          text: fact.text,
          about,
          shareWithCustomers: fact.share_with_customers,
          ...(fact.slot_key ? { slotKey: fact.slot_key } : {}),
          source: { kind: 'episode', refs: [{ type: 'episode', id: episode.episode_id }] },
          // Erasure fence: a contact erased after the episode began is not remembered again.
          sourceAt: episode.started_at,
        })
      } catch (error) {
        // A fact memory rejects (empty, too long) is dropped; anything else leaves the episode to retry.
        if (!isAppError(error) || error.category !== 'user') throw error
        logger.warn({ err: error, episodeId: episode.episode_id }, 'episode fact rejected by memory')
      }
    }
    return (await store.markExtracted({ tenantId: episode.tenant_id, episodeId: episode.episode_id })) ?? episode
  }

  /**
   * Saves an episode unless its contact was erased while it was being summarised (the store
   * refuses it atomically, MEMORY_SUBJECT_ERASED): then nothing of it is kept, and null.
   */
  const saveUnlessErased = async (input: { episode: Episode }) => {
    try {
      return await store.save(input)
    } catch (error) {
      if (!(isAppError(error) && error.code === 'MEMORY_SUBJECT_ERASED')) throw error
      logger.info({ tenantId: input.episode.tenant_id, contactId: input.episode.contact_id }, 'episode dropped: the contact was erased meanwhile')
      return null
    }
  }

  /** Closes one contact's pending stretch up to `boundaryAt`; null when there is nothing (or nothing worth) to close. */
  const closeContact = async (input: {
    tenantId: string
    contactId: string
    role: EpisodeRole
    reason: EpisodeCloseReason
    boundaryAt: string
  }): Promise<{ episode: Episode | null; trivial: boolean }> => {
    const { tenantId, contactId, role } = input
    const latest = await store.latestForContact({ tenantId, contactId })
    if (latest && !latest.extracted) await extract(latest)
    const messages = await pendingMessages(tenantId, contactId, latest, input.boundaryAt)
    const last = messages.at(-1)
    if (!last) return { episode: null, trivial: false }
    if (isTrivialConversation(messages)) return { episode: null, trivial: true }
    const summary = await summarize(tenantId, messages, role)
    const saved = await saveUnlessErased({
      episode: {
        tenant_id: tenantId,
        episode_id: ids.next('ep'),
        contact_id: contactId,
        role,
        started_at: messages[0]!.created_at,
        ended_at: last.created_at,
        message_count: messages.length,
        first_message_id: messages[0]!.message_id,
        last_message_id: last.message_id,
        summary: summary?.summary ?? summarizeExtractively(messages, timeZone),
        summary_kind: summary ? 'llm' : 'extractive',
        needs_summary: summary === null,
        close_reason: input.reason,
        facts: summary?.facts ?? [],
        extracted: false,
        created_at: clock.now().toISOString(),
      },
    })
    if (!saved) return { episode: null, trivial: false }
    const episode = saved.episode
    logger.info({ tenantId, contactId, episodeId: episode.episode_id, reason: input.reason }, 'episode closed')
    return { episode: await extract(episode), trivial: false }
  }

  /**
   * The scheduler tick: closes every conversation of a tenant idle past its role's timeout
   * (customers 30 min, owner 2 h) that has messages after its latest episode.
   */
  const closeIdle = async (input: {
    tenantId: string
    roleOf: RoleOf
    now?: Date
    /** The tenant's own timeouts (config memory.episode_idle_minutes), over the closer's defaults. */
    idle?: { customerMinutes?: number; ownerMinutes?: number }
  }): Promise<{ closed: Episode[] }> => {
    const now = (input.now ?? clock.now()).getTime()
    const timeouts = {
      customer: input.idle?.customerMinutes !== undefined ? input.idle.customerMinutes * MINUTE : timeoutMs.customer,
      owner: input.idle?.ownerMinutes !== undefined ? input.idle.ownerMinutes * MINUTE : timeoutMs.owner,
    }
    const closed: Episode[] = []
    let cursor: string | undefined
    do {
      const page = await conversations.listConversations({ tenantId: input.tenantId, limit: PAGE, ...(cursor ? { cursor } : {}) })
      for (const conversation of page.items) {
        const lastAt = conversation.last_message_at
        if (trivialAt.get(`${input.tenantId}\u0000${conversation.contact_id}`) === lastAt) continue
        const role = await input.roleOf(conversation.contact_id)
        if (now - Date.parse(lastAt) < timeouts[role]) continue
        const latest = await store.latestForContact({ tenantId: input.tenantId, contactId: conversation.contact_id })
        if (latest && latest.ended_at >= lastAt) {
          if (!latest.extracted) await extract(latest)
          continue
        }
        // The boundary is fixed when closing starts (design §4): a message arriving during the close is later.
        const boundaryAt = clock.now().toISOString()
        const { episode, trivial } = await closeContact({ tenantId: input.tenantId, contactId: conversation.contact_id, role, reason: 'idle', boundaryAt })
        if (episode) closed.push(episode)
        if (trivial) trivialAt.set(`${input.tenantId}\u0000${conversation.contact_id}`, lastAt)
      }
      cursor = page.next_cursor ?? undefined
    } while (cursor)
    return { closed }
  }

  /**
   * Closes a contact's conversation now, for the design's events (booking, payment, handover,
   * /novo). `boundaryAt` (default now) is the last instant folded in: a message after it belongs
   * to the next episode. Idempotent: the same stretch closed twice makes one episode.
   */
  const closeNow = async (input: {
    tenantId: string
    contactId: string
    role: EpisodeRole
    reason?: Exclude<EpisodeCloseReason, 'idle'>
    boundaryAt?: string
  }): Promise<Episode | null> =>
    (await closeContact({ ...input, reason: input.reason ?? 'event', boundaryAt: input.boundaryAt ?? clock.now().toISOString() })).episode

  /** Retries extraction of summarised episodes it did not finish (a crash, a memory outage). */
  const extractPending = async (input: { tenantId: string; limit?: number }): Promise<number> => {
    const page = await store.list({ tenantId: input.tenantId, pendingExtraction: true, limit: input.limit ?? 50 })
    for (const episode of page.items) await extract(episode)
    return page.items.length
  }

  /** Replaces extractive summaries by LLM ones once the tenant has an LLM, then extracts their facts. */
  const summarizePending = async (input: { tenantId: string; limit?: number }): Promise<number> => {
    const llm = deps.llmFor?.(input.tenantId) ?? null
    if (!llm) return 0
    const page = await store.list({ tenantId: input.tenantId, needsSummary: true, limit: input.limit ?? 20 })
    let done = 0
    for (const episode of page.items) {
      const messages = (await pendingMessages(input.tenantId, episode.contact_id, null, episode.ended_at)).filter(
        (message) => message.created_at >= episode.started_at && !isAfter(message, episode),
      )
      if (messages.length === 0) continue
      const summary = await summarize(input.tenantId, messages, episode.role)
      if (!summary) continue
      const updated = await store.markSummarized({ tenantId: input.tenantId, episodeId: episode.episode_id, ...summary })
      if (updated) await extract(updated)
      done += 1
    }
    return done
  }

  return { closeIdle, closeNow, extractPending, summarizePending }
}

export type EpisodeCloser = ReturnType<typeof createEpisodeCloser>
