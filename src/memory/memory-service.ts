import type { EventLogStore } from '../orchestration/index.js'
import type { Clock } from '../shared/clock.js'
import type { IdGenerator } from '../shared/ids.js'
import type { Embedder } from './embedder.js'
import {
  memoryContentHash,
  type Memory,
  type MemoryAudience,
  type MemoryKind,
  type MemorySourceKind,
  type MemorySourceRef,
  type MemorySubjectKind,
} from './memory.js'
import { memoryNotFoundError, memoryTextInvalidError } from './memory-errors.js'
import type { MemoryStore } from './memory-store.js'
import { recall, type RecallInput } from './recall.js'
import { listRecallLog } from './recall-log.js'
import { searchMemories } from './search-memories.js'
import { vectorSourceHash } from './vector-source-hash.js'
import { createContactEraser, type ContactEraserDeps, type ContactErasureResult } from './erasure/erase-contact.js'
import type { MemoryErasureStore } from './erasure/memory-erasure-store.js'

/** Who a memory is about. */
export type MemoryAbout = { kind: 'customer'; customerId: string } | { kind: 'business' } | { kind: 'owner' }

export interface RememberInput {
  tenantId: string
  text: string
  /** Default: the business. */
  about?: MemoryAbout
  /**
   * Whether customers may see it: a customer memory is then seen in that customer's chats, a
   * business memory in every chat. Default false (owner only). Memories about the owner never are.
   */
  shareWithCustomers?: boolean
  /** A single-valued fact (`customer.preferred_time`): remembering it again supersedes the old value. */
  slotKey?: string
  kind?: MemoryKind
  /** 0..1; owner-taught memories get at least 0.8 (design §3). */
  importance?: number
  confidence?: number
  source: { kind: MemorySourceKind; refs?: MemorySourceRef[] }
  /**
   * When the content was said (ISO), e.g. an episode's start: a customer erased after it is not
   * remembered again (MEMORY_SUBJECT_ERASED). Default: when this call started.
   */
  sourceAt?: string
}

export interface RememberResult {
  memory: Memory
  /** `duplicate` when an identical active memory existed (it was confirmed again instead). */
  outcome: 'created' | 'duplicate'
  /** The previous holder of the slot, now superseded. */
  superseded: Memory | null
}

const MAX_TEXT = 1_000
/** Below this relevance a "forget …" query matches nothing rather than the wrong memory. */
const FORGET_MIN_RELEVANCE = 0.3

const audienceOf = (about: MemoryAbout, share: boolean): MemoryAudience => {
  if (!share || about.kind === 'owner') return 'owner_only'
  return about.kind === 'customer' ? 'subject_and_owner' : 'public'
}

/**
 * The tenant's embedding spaces (re-embed maintenance): new memories are written into every space
 * a run needs (dual-write), reads use the one active space, so reads never mix spaces.
 */
export interface MemorySpaces {
  dualWriteSpaces(tenantId: string): Promise<string[]>
  activeSpaceId(tenantId: string): Promise<string>
  embedderFor(tenantId: string, spaceId: string): Promise<Embedder | null>
}

export interface MemoryServiceDeps {
  store: MemoryStore
  embedder: Embedder
  clock: Clock
  ids: IdGenerator
  spaces?: MemorySpaces
  /** Erasure tombstones: with them, erasure fences every writer (design §7). */
  erasures?: MemoryErasureStore
  /** What else an erasure removes: the contact's episodes and conversation (short memory). */
  episodes?: ContactEraserDeps['episodes']
  conversations?: ContactEraserDeps['conversations']
  /** The event log: the recall log is read from it, erasures are audited in it. */
  events?: Pick<EventLogStore, 'append' | 'list' | 'eraseContact'>
}

export const createMemoryService = (deps: MemoryServiceDeps) => {
  const { store, clock, ids } = deps
  const eraser = deps.erasures
    ? createContactEraser({
        erasures: deps.erasures,
        memories: store,
        ...(deps.episodes ? { episodes: deps.episodes } : {}),
        ...(deps.conversations ? { conversations: deps.conversations } : {}),
        ...(deps.events ? { events: deps.events } : {}),
        clock,
        ids,
      })
    : null

  /** The embedder of the tenant's active space (the default one without maintenance wired). */
  const activeEmbedder = async (tenantId: string): Promise<Embedder> => {
    if (!deps.spaces) return deps.embedder
    const active = await deps.spaces.activeSpaceId(tenantId)
    return active === deps.embedder.space.space_id ? deps.embedder : ((await deps.spaces.embedderFor(tenantId, active)) ?? deps.embedder)
  }

  const embedAndStore = async (memory: Memory): Promise<void> => {
    const spaceIds = deps.spaces ? await deps.spaces.dualWriteSpaces(memory.tenant_id) : [deps.embedder.space.space_id]
    for (const spaceId of spaceIds) {
      const embedder = spaceId === deps.embedder.space.space_id ? deps.embedder : await deps.spaces?.embedderFor(memory.tenant_id, spaceId)
      if (!embedder) continue
      const [vector] = await embedder.embed([memory.text])
      if (vector) {
        await store.putVector({ tenantId: memory.tenant_id, memoryId: memory.memory_id, spaceId, vector, at: clock.now().toISOString(), sourceHash: vectorSourceHash(memory) })
      }
    }
  }

  const remember = async (input: RememberInput): Promise<RememberResult> => {
    const text = input.text.trim().replace(/\s+/g, ' ')
    if (text.length === 0) throw memoryTextInvalidError('it is empty')
    if (text.length > MAX_TEXT) throw memoryTextInvalidError(`it has more than ${MAX_TEXT} characters`)
    const about = input.about ?? { kind: 'business' }
    const subjectKind: MemorySubjectKind = about.kind
    const subjectId = about.kind === 'customer' ? about.customerId : null
    const now = clock.now().toISOString()
    const ownerTaught = input.source.kind === 'owner_taught'
    const importance = Math.min(1, Math.max(input.importance ?? 0.5, ownerTaught ? 0.8 : 0))
    const candidate: Memory = {
      tenant_id: input.tenantId,
      memory_id: ids.next('mem'),
      subject_kind: subjectKind,
      subject_id: subjectId,
      audience: audienceOf(about, input.shareWithCustomers ?? false),
      kind: input.kind ?? (input.slotKey ? 'preference' : 'fact'),
      text,
      slot_key: input.slotKey ?? null,
      content_hash: memoryContentHash({ text, subjectKind, subjectId }),
      confidence: input.confidence ?? (ownerTaught ? 1 : 0.7),
      importance,
      status: 'active',
      superseded_by: null,
      source_kind: input.source.kind,
      source_refs: input.source.refs ?? [],
      pii_flags: [],
      valid_from: now,
      valid_to: null,
      created_at: now,
      updated_at: now,
      last_confirmed_at: null,
      last_recalled_at: null,
      recall_count: 0,
      text_version: 1,
    }
    const holder = input.slotKey
      ? await store.findActiveBySlot({ tenantId: input.tenantId, subjectKind, subjectId, slotKey: input.slotKey })
      : null
    const saved = await store.save({ memory: candidate, sourceAt: input.sourceAt ?? now })
    const created = saved.memory_id === candidate.memory_id
    if (created) await embedAndStore(saved)
    else if ((await store.vectorSpacesOf({ tenantId: input.tenantId, memoryId: saved.memory_id })).length === 0) {
      await embedAndStore(saved)
    }
    const superseded =
      created && holder && holder.memory_id !== saved.memory_id
        ? await store.get({ tenantId: input.tenantId, memoryId: holder.memory_id })
        : null
    return { memory: saved, outcome: created ? 'created' : 'duplicate', superseded }
  }

  /** The owner-scope memory that best matches a description, or null (for "esqueça …" confirmations). */
  const findBestMatch = async (input: { tenantId: string; query: string }): Promise<Memory | null> => {
    const { log, items } = await recall({
      store,
      embedder: await activeEmbedder(input.tenantId),
      tenantId: input.tenantId,
      scope: { role: 'owner' },
      query: input.query,
      now: clock.now(),
      limit: 1,
      tokenBudget: Number.MAX_SAFE_INTEGER,
    })
    const best = items[0]
    return best && log.candidates[0] && best.scores.relevance >= FORGET_MIN_RELEVANCE ? best.memory : null
  }

  /**
   * Retracts a memory by id, or the best owner-scope match of `query`. Returns null when a query
   * matches nothing; throws MEMORY_NOT_FOUND for an unknown id. The "esqueça" confirmation flow
   * belongs to the tool: show `findBestMatch` first, then forget by id.
   */
  const forget = async (
    input: { tenantId: string; memoryId: string } | { tenantId: string; query: string },
  ): Promise<Memory | null> => {
    const at = clock.now().toISOString()
    if ('memoryId' in input) {
      const forgotten = await store.forget({ tenantId: input.tenantId, memoryId: input.memoryId, at })
      if (!forgotten) throw memoryNotFoundError(input.memoryId)
      return forgotten
    }
    const match = await findBestMatch(input)
    return match ? store.forget({ tenantId: input.tenantId, memoryId: match.memory_id, at }) : null
  }

  return {
    remember,
    forget,
    findBestMatch,
    recall: async (input: Omit<RecallInput, 'store' | 'embedder' | 'now'>) =>
      recall({ ...input, store, embedder: await activeEmbedder(input.tenantId), now: clock.now() }),
    /**
     * LGPD erasure of a contact: with tombstones wired, the tombstone first, then memories and
     * their vectors in every space, episodes and conversation; without, memories and vectors only.
     */
    eraseContact: async (input: { tenantId: string; customerId: string }): Promise<ContactErasureResult> => {
      if (eraser) return eraser.erase(input)
      const erased = await store.eraseSubject(input)
      return { erased_at: clock.now().toISOString(), ...erased, episodes: 0, messages: 0, events: 0 }
    },
    /** True when content about the contact from `at` predates their erasure (see ContactEraser). */
    isErased: async (input: { tenantId: string; contactId: string; at: Date | string }): Promise<boolean> =>
      eraser ? eraser.isErased(input) : false,
    /** The owner's search over active memories, best first (the panel; not a turn's recall). */
    search: async (input: { tenantId: string; query: string; limit: number; customerId?: string }) =>
      searchMemories({ ...input, store, embedder: await activeEmbedder(input.tenantId), now: clock.now() }),
    /** The recall log: each turn's `memory.recalled` event, newest first (empty without an event log). */
    listRecalls: async (input: { tenantId: string; limit: number; cursor?: string; contactId?: string }) =>
      deps.events ? listRecallLog(deps.events, input) : { items: [], total: 0, next_cursor: null },
    /** LGPD export of a contact's memories with provenance. */
    exportContact: (input: { tenantId: string; customerId: string }) => store.exportSubject(input),
  }
}

export type MemoryService = ReturnType<typeof createMemoryService>
