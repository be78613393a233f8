import { memoryContentHash, type Memory } from '../src/memory/index.js'

/** A real-shaped business/public memory: the tenant-wide pool every customer's turn searches. */
export const benchMemory = (tenantId: string, index: number, overrides: Partial<Memory> = {}): Memory => {
  const at = new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString()
  const text = overrides.text ?? `memória de teste número ${index}`
  const subjectKind = overrides.subject_kind ?? 'business'
  const subjectId = overrides.subject_id ?? null
  return {
    tenant_id: tenantId,
    memory_id: `mem_${index.toString().padStart(7, '0')}`,
    subject_kind: subjectKind,
    subject_id: subjectId,
    audience: 'public',
    kind: 'fact',
    text,
    slot_key: null,
    content_hash: memoryContentHash({ text, subjectKind, subjectId }),
    confidence: 0.9,
    importance: 0.5,
    status: 'active',
    superseded_by: null,
    source_kind: 'import',
    source_refs: [],
    pii_flags: [],
    valid_from: at,
    valid_to: null,
    created_at: at,
    updated_at: at,
    last_confirmed_at: null,
    last_recalled_at: null,
    recall_count: 0,
    text_version: 1,
    ...overrides,
  }
}

export const percentiles = (samples: readonly number[]): { p50: number; p99: number } => {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * quantile))] ?? 0
  return { p50: at(0.5), p99: at(0.99) }
}

/** Runs `search` once per query (after `warmup` untimed runs); latencies in ms and the results. */
export const timeQueries = async <T>(
  queries: readonly Float32Array[],
  search: (query: Float32Array) => Promise<T> | T,
  warmup = 3,
): Promise<{ p50: number; p99: number; results: T[] }> => {
  for (const query of queries.slice(0, warmup)) await search(query)
  const samples: number[] = []
  const results: T[] = []
  for (const query of queries) {
    const startedAt = performance.now()
    results.push(await search(query))
    samples.push(performance.now() - startedAt)
  }
  return { ...percentiles(samples), results }
}
