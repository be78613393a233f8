import type { Clock } from '../../shared/clock.js'
import { randomIdGenerator, type IdGenerator } from '../../shared/ids.js'
import { isAppError } from '../../shared/app-error.js'
import type { Logger } from '../../shared/logger.js'
import { encodeCursor } from '../../shared/pagination.js'
import type { Embedder } from '../embedder.js'
import { createLocalEmbedder } from '../local-embedder.js'
import type { Memory } from '../memory.js'
import type { MemoryStore } from '../memory-store.js'
import { hasCurrentVector, vectorSourceHash } from '../vector-source-hash.js'
import type { EmbeddingSpaceState, ReembedRun } from './embedding-space-state.js'
import type { EmbeddingSpaceStateStore } from './embedding-space-state-store.js'
import { reembedAlreadyRunningError, reembedEmbedderUnavailableError, reembedStateConflictError } from './maintenance-errors.js'

export interface ReembedRunnerDeps {
  stateStore: EmbeddingSpaceStateStore
  memoryStore: MemoryStore
  clock: Clock
  logger: Logger
  /** The embedder producing vectors of `spaceId` for the tenant, or null when none can. */
  embedderFor: (tenantId: string, spaceId: string) => Embedder | null | Promise<Embedder | null>
  /** Memories per batch (one embed call, one checkpoint). Default 64. */
  batchSize?: number
  /** The space of a tenant that has no state yet: what memory has always used. Default the local embedder's. */
  defaultSpaceId?: string
  ids?: IdGenerator
}

export interface ReembedStatus {
  tenant_id: string
  active_space_id: string
  target_space_id: string | null
  previous_space_id: string | null
  switched_at: string | null
  run: ReembedRun | null
  last_run: ReembedRun | null
  /** 0–100 for the run in flight, null without one. */
  progress_percent: number | null
}

export interface ReembedRunInput {
  tenantId: string
  targetSpaceId: string
  signal?: AbortSignal
  /** Stop (status `paused`, cursor kept) after this many batches. */
  maxBatches?: number
  onProgress?: (status: ReembedStatus) => void
}

export interface ReembedPlan {
  active_space_id: string
  target_space_id: string
  active_memories: number
  /** Active memories without a vector in the target space: what a run would embed. */
  missing: number
}

/** Passes over the memories before giving up on full coverage (rows keep failing or keep appearing). */
const MAX_PASSES = 3

const statusOf = (state: EmbeddingSpaceState): ReembedStatus => ({
  tenant_id: state.tenant_id,
  active_space_id: state.active_space_id,
  target_space_id: state.target_space_id,
  previous_space_id: state.previous_space_id,
  switched_at: state.switched_at,
  run: state.run,
  last_run: state.last_run,
  progress_percent:
    state.run === null ? null : state.run.total === 0 ? 0 : Math.min(99, Math.floor((state.run.processed / state.run.total) * 100)),
})

/**
 * The re-embed maintenance job (design memory.md §6, issue #6): fills the tenant's target space
 * batch by batch in a stable order (creation, then id), checkpointing the cursor after each
 * batch so a stopped or killed run resumes where it was, and switches the active space by one
 * compare-and-set only once every active memory has a vector there. Reads use `activeSpaceId`,
 * which changes only at that switch, so no read mixes spaces.
 */
export const createReembedRunner = (deps: ReembedRunnerDeps) => {
  const { stateStore, memoryStore, clock, logger } = deps
  const batchSize = deps.batchSize ?? 64
  const defaultSpaceId = deps.defaultSpaceId ?? createLocalEmbedder().space.space_id
  const ids = deps.ids ?? randomIdGenerator
  const inFlight = new Set<string>()
  const now = () => clock.now().toISOString()

  /** The stored state, or the implicit one of a tenant never migrated (version 0 = not stored). */
  const load = async (tenantId: string): Promise<EmbeddingSpaceState> =>
    (await stateStore.get({ tenantId })) ?? {
      tenant_id: tenantId,
      active_space_id: defaultSpaceId,
      target_space_id: null,
      previous_space_id: null,
      switched_at: null,
      run: null,
      last_run: null,
      version: 0,
      updated_at: now(),
    }

  const write = async (current: EmbeddingSpaceState, change: Partial<EmbeddingSpaceState>): Promise<EmbeddingSpaceState> => {
    const next = { ...current, ...change, version: current.version + 1, updated_at: now() }
    const stored = await stateStore.compareAndSet({ state: next, expectedVersion: current.version === 0 ? null : current.version })
    if (!stored) throw reembedStateConflictError(current.tenant_id)
    return stored
  }

  const updateRun = (state: EmbeddingSpaceState, change: Partial<ReembedRun>) =>
    write(state, { run: { ...(state.run as ReembedRun), ...change, updated_at: now() } })

  const countActive = async (tenantId: string): Promise<number> =>
    (await memoryStore.list({ tenantId, status: 'active', limit: 1 })).total

  /** No vector in the space, or one of another text (stale source hash, design §6): both need embedding. */
  const lacksVector = async (memory: Memory, spaceId: string): Promise<boolean> =>
    !hasCurrentVector(await memoryStore.vectorSourcesOf({ tenantId: memory.tenant_id, memoryId: memory.memory_id }), spaceId, memory)

  /** Active memories without a current vector in `spaceId`. */
  const countMissing = async (tenantId: string, spaceId: string): Promise<{ active: number; missing: number }> => {
    let cursor: string | undefined
    let missing = 0
    let active = 0
    do {
      const page = await memoryStore.list({ tenantId, status: 'active', limit: 200, cursor })
      active = page.total
      for (const memory of page.items) if (await lacksVector(memory, spaceId)) missing++
      cursor = page.next_cursor ?? undefined
    } while (cursor)
    return { active, missing }
  }

  /** Embeds the batch's memories lacking a `spaceId` vector; returns how many vectors were written. */
  const embedBatch = async (embedder: Embedder, batch: Memory[]): Promise<number> => {
    const spaceId = embedder.space.space_id
    const needing: Memory[] = []
    for (const memory of batch) if (await lacksVector(memory, spaceId)) needing.push(memory)
    if (needing.length === 0) return 0
    const vectors = await embedder.embed(needing.map((memory) => memory.text))
    let written = 0
    for (const [index, memory] of needing.entries()) {
      // Fence on text_version: a memory edited or retracted since it was listed is not given a
      // vector of its old text (the edit's own write, or the next pass, embeds the new one).
      const current = await memoryStore.get({ tenantId: memory.tenant_id, memoryId: memory.memory_id })
      if (!current || current.status !== 'active' || current.text_version !== memory.text_version || current.text !== memory.text) continue
      try {
        await memoryStore.putVector({
          tenantId: memory.tenant_id,
          memoryId: memory.memory_id,
          spaceId,
          vector: vectors[index] as Float32Array,
          at: now(),
          sourceHash: vectorSourceHash(memory),
        })
        written++
      } catch (error) {
        // Erased meanwhile: the store wrote nothing (or removed it with the memory); nothing to do.
        if (!(isAppError(error) && error.code === 'MEMORY_NOT_FOUND')) throw error
      }
    }
    return written
  }

  /** Resumes the run for `targetSpaceId`, or starts one (cancelling a run towards another space). */
  const start = async (tenantId: string, targetSpaceId: string): Promise<EmbeddingSpaceState> => {
    const state = await load(tenantId)
    if (state.run && state.run.to_space_id === targetSpaceId) {
      return updateRun({ ...state, target_space_id: targetSpaceId }, { status: 'running', error: null, passes: 0 })
    }
    const at = now()
    const cancelled = state.run ? { ...state.run, status: 'failed' as const, error: `cancelled: target changed to ${targetSpaceId}`, finished_at: at } : null
    const run: ReembedRun = {
      run_id: ids.next('reembed'),
      status: 'running',
      to_space_id: targetSpaceId,
      cursor: null,
      processed: 0,
      embedded: 0,
      total: await countActive(tenantId),
      passes: 0,
      started_at: at,
      updated_at: at,
      finished_at: null,
      error: null,
    }
    // target_space_id set = dual-write on: from here new memories get vectors in both spaces.
    return write(state, { target_space_id: targetSpaceId, run, last_run: cancelled ?? state.last_run })
  }

  /** The atomic switch: reads move to the target space in one compare-and-set. */
  const switchTo = async (state: EmbeddingSpaceState): Promise<EmbeddingSpaceState> => {
    const run = state.run as ReembedRun
    const at = now()
    const changed = state.active_space_id !== run.to_space_id
    const switched = await write(state, {
      active_space_id: run.to_space_id,
      previous_space_id: changed ? state.active_space_id : state.previous_space_id,
      switched_at: changed ? at : state.switched_at,
      target_space_id: null,
      run: null,
      last_run: { ...run, status: 'completed', processed: Math.max(run.processed, run.total), updated_at: at, finished_at: at },
    })
    logger.info({ tenantId: state.tenant_id, from: state.active_space_id, to: run.to_space_id, runId: run.run_id }, 'memory embedding space switched')
    return switched
  }

  const loop = async (state: EmbeddingSpaceState, embedder: Embedder, input: ReembedRunInput): Promise<EmbeddingSpaceState> => {
    let batches = 0
    for (;;) {
      const run = state.run as ReembedRun
      if (input.signal?.aborted || (input.maxBatches !== undefined && batches >= input.maxBatches)) {
        logger.info({ tenantId: input.tenantId, runId: run.run_id, processed: run.processed }, 'memory re-embed paused')
        return updateRun(state, { status: 'paused' })
      }
      const page = await memoryStore.list({ tenantId: input.tenantId, status: 'active', limit: batchSize, cursor: run.cursor ?? undefined })
      const last = page.items.at(-1)
      if (last) {
        const written = await embedBatch(embedder, page.items)
        batches++
        state = await updateRun(state, {
          cursor: encodeCursor({ sort: last.created_at, id: last.memory_id }),
          processed: run.processed + page.items.length,
          embedded: run.embedded + written,
          total: Math.max(run.total, page.total),
        })
        input.onProgress?.(statusOf(state))
      }
      if (page.next_cursor !== null) continue
      // End of a pass: switch only when every active memory has a vector in the target space.
      const { missing } = await countMissing(input.tenantId, run.to_space_id)
      if (missing === 0) return switchTo(state)
      const passes = (state.run as ReembedRun).passes + 1
      if (passes >= MAX_PASSES) {
        return updateRun(state, { status: 'failed', passes, error: `${missing} active memories still lack a vector after ${passes} passes` })
      }
      state = await updateRun(state, { cursor: null, passes })
    }
  }

  return {
    /**
     * Runs (or resumes) the re-embed of the tenant's active memories into `targetSpaceId` until
     * it switches, is stopped (`signal`, `maxBatches`: status `paused`) or fails. Throws
     * MEMORY_REEMBED_ALREADY_RUNNING, MEMORY_REEMBED_EMBEDDER_UNAVAILABLE, or the embedder's error
     * (the run is then recorded `failed`, cursor kept, and the next run resumes from it).
     */
    run: async (input: ReembedRunInput): Promise<ReembedStatus> => {
      const { tenantId, targetSpaceId } = input
      if (inFlight.has(tenantId)) throw reembedAlreadyRunningError(tenantId)
      inFlight.add(tenantId)
      try {
        const embedder = await deps.embedderFor(tenantId, targetSpaceId)
        if (!embedder || embedder.space.space_id !== targetSpaceId) throw reembedEmbedderUnavailableError(tenantId, targetSpaceId)
        const state = await start(tenantId, targetSpaceId)
        logger.info({ tenantId, runId: state.run?.run_id, from: state.active_space_id, to: targetSpaceId }, 'memory re-embed running')
        try {
          return statusOf(await loop(state, embedder, input))
        } catch (error) {
          if (!(isAppError(error) && error.code === 'MEMORY_REEMBED_STATE_CONFLICT')) {
            const latest = await load(tenantId)
            if (latest.run?.run_id === state.run?.run_id) {
              await updateRun(latest, { status: 'failed', error: error instanceof Error ? error.message : String(error) }).catch(() => undefined)
            }
          }
          logger.warn({ tenantId, err: error }, 'memory re-embed failed')
          throw error
        }
      } finally {
        inFlight.delete(tenantId)
      }
    },

    /** What a run would do, without embedding anything (`--dry-run`). */
    plan: async (input: { tenantId: string; targetSpaceId: string }): Promise<ReembedPlan> => {
      const state = await load(input.tenantId)
      const { active, missing } = await countMissing(input.tenantId, input.targetSpaceId)
      return { active_space_id: state.active_space_id, target_space_id: input.targetSpaceId, active_memories: active, missing }
    },

    /** Status and progress for the API and the panel. */
    status: async (tenantId: string): Promise<ReembedStatus> => statusOf(await load(tenantId)),

    /** The space every read of the tenant uses (read it once per turn). */
    activeSpaceId: async (tenantId: string): Promise<string> => (await load(tenantId)).active_space_id,

    /**
     * The spaces a new or edited memory must be embedded into now: the active one, plus the
     * target while a migration is in flight, so coverage converges and the switch loses nothing.
     */
    dualWriteSpaces: async (tenantId: string): Promise<string[]> => {
      const state = await load(tenantId)
      return state.target_space_id && state.target_space_id !== state.active_space_id
        ? [state.active_space_id, state.target_space_id]
        : [state.active_space_id]
    },

    /**
     * Records that the tenant's config now asks for `targetSpaceId` (a config change schedules a
     * run): dual-write starts at once; returns true when a run is due. Asking for the active
     * space again cancels a migration in flight (its vectors are kept for later).
     */
    schedule: async (input: { tenantId: string; targetSpaceId: string }): Promise<boolean> => {
      const state = await load(input.tenantId)
      if (input.targetSpaceId === state.active_space_id) {
        if (state.target_space_id === null && state.run === null) return false
        const at = now()
        await write(state, {
          target_space_id: null,
          run: null,
          last_run: state.run ? { ...state.run, status: 'failed', error: 'cancelled: target is the active space again', finished_at: at } : state.last_run,
        })
        return false
      }
      if (state.target_space_id !== input.targetSpaceId) await write(state, { target_space_id: input.targetSpaceId })
      return true
    },
  }
}

export type ReembedRunner = ReturnType<typeof createReembedRunner>
