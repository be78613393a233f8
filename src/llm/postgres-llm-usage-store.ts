import type pg from 'pg'
import { wrapQueryError } from '../storage/postgres/index.js'
import { llmUsageDeltaSchema, usageDaySchema, type LlmUsageDay } from './llm-usage.js'
import type { LlmUsageStore } from './llm-usage-store.js'

// bigint columns come back as strings; `day` is a date, read as text so no time zone touches it.
interface UsageRow {
  tenant_id: string
  day: string
  prompt_tokens: string
  completion_tokens: string
  embedding_tokens: string
  audio_seconds: string
  requests: string
}

const fromRow = (row: UsageRow): LlmUsageDay => ({
  tenant_id: row.tenant_id,
  day: row.day,
  prompt_tokens: Number(row.prompt_tokens),
  completion_tokens: Number(row.completion_tokens),
  embedding_tokens: Number(row.embedding_tokens),
  audio_seconds: Number(row.audio_seconds),
  requests: Number(row.requests),
})

const columns = `tenant_id, to_char(day, 'YYYY-MM-DD') AS day, prompt_tokens, completion_tokens, embedding_tokens, audio_seconds, requests`

export const createPostgresLlmUsageStore = (pool: pg.Pool): LlmUsageStore => ({
  add: async ({ tenantId, day, delta }) => {
    usageDaySchema.parse(day)
    const counters = llmUsageDeltaSchema.parse(delta)
    try {
      const result = await pool.query<UsageRow>(
        `INSERT INTO llm_usage AS usage (tenant_id, day, prompt_tokens, completion_tokens, embedding_tokens, audio_seconds, requests)
         VALUES ($1, $2::date, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, day) DO UPDATE SET
           prompt_tokens = usage.prompt_tokens + EXCLUDED.prompt_tokens,
           completion_tokens = usage.completion_tokens + EXCLUDED.completion_tokens,
           embedding_tokens = usage.embedding_tokens + EXCLUDED.embedding_tokens,
           audio_seconds = usage.audio_seconds + EXCLUDED.audio_seconds,
           requests = usage.requests + EXCLUDED.requests
         RETURNING ${columns}`,
        [
          tenantId,
          day,
          counters.prompt_tokens ?? 0,
          counters.completion_tokens ?? 0,
          counters.embedding_tokens ?? 0,
          counters.audio_seconds ?? 0,
          counters.requests ?? 0,
        ],
      )
      return fromRow(result.rows[0] as UsageRow)
    } catch (error) {
      throw wrapQueryError(error, 'add llm usage')
    }
  },
  get: async ({ tenantId, day }) => {
    usageDaySchema.parse(day)
    try {
      const result = await pool.query<UsageRow>(`SELECT ${columns} FROM llm_usage WHERE tenant_id = $1 AND day = $2::date`, [
        tenantId,
        day,
      ])
      return result.rows[0] ? fromRow(result.rows[0]) : null
    } catch (error) {
      throw wrapQueryError(error, 'get llm usage')
    }
  },
  list: async ({ tenantId, from, to }) => {
    usageDaySchema.parse(from)
    usageDaySchema.parse(to)
    try {
      const result = await pool.query<UsageRow>(
        `SELECT ${columns} FROM llm_usage WHERE tenant_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`,
        [tenantId, from, to],
      )
      const items = result.rows.map(fromRow)
      return { items, total: items.length }
    } catch (error) {
      throw wrapQueryError(error, 'list llm usage')
    }
  },
})
