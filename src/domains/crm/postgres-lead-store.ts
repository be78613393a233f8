import type pg from 'pg'
import { decodeCursor, encodeCursor } from '../../shared/pagination.js'
import { isUniqueViolation, wrapQueryError } from '../../storage/postgres/index.js'
import { leadExistsError } from './crm-errors.js'
import { emptyLeadKpis, type Lead, type LeadSource, type LeadStage } from './lead.js'
import type { LeadStore } from './lead-store.js'

interface LeadRow extends Omit<Lead, 'created_at' | 'updated_at' | 'last_contact_at'> {
  last_contact_at: Date | null
  created_at: Date
  updated_at: Date
}

const columns = 'tenant_id, lead_id, customer_id, source, stage, notes, stage_history, tags, last_contact_at, created_at, updated_at'

const fromRow = (row: LeadRow): Lead => ({
  tenant_id: row.tenant_id,
  lead_id: row.lead_id,
  customer_id: row.customer_id,
  source: row.source,
  stage: row.stage,
  notes: row.notes,
  stage_history: row.stage_history,
  tags: row.tags,
  last_contact_at: row.last_contact_at ? row.last_contact_at.toISOString() : null,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

const toParams = (lead: Lead): unknown[] => [
  lead.tenant_id,
  lead.lead_id,
  lead.customer_id,
  lead.source,
  lead.stage,
  JSON.stringify(lead.notes),
  JSON.stringify(lead.stage_history),
  JSON.stringify(lead.tags),
  lead.last_contact_at,
  lead.created_at,
  lead.updated_at,
]

export const createPostgresLeadStore = (pool: pg.Pool): LeadStore => {
  const getOne = async (where: string, params: unknown[], context: string): Promise<Lead | null> => {
    try {
      const result = await pool.query<LeadRow>(`SELECT ${columns} FROM crm_leads WHERE ${where}`, params)
      return result.rows[0] ? fromRow(result.rows[0]) : null
    } catch (error) {
      throw wrapQueryError(error, context)
    }
  }

  return {
    get: ({ tenantId, leadId }) => getOne('tenant_id = $1 AND lead_id = $2', [tenantId, leadId], 'get lead'),
    getByCustomer: ({ tenantId, customerId }) =>
      getOne('tenant_id = $1 AND customer_id = $2', [tenantId, customerId], 'get lead by customer'),

    list: async ({ tenantId, stage, source, since, limit, cursor }) => {
      const after = decodeCursor(cursor)
      const filters = ['tenant_id = $1']
      const params: unknown[] = [tenantId]
      const add = (value: unknown, filter: (parameter: string) => string) => {
        params.push(value)
        filters.push(filter(`$${params.length}`))
      }
      if (stage !== undefined) add(stage, (p) => `stage = ${p}`)
      if (source !== undefined) add(source, (p) => `source = ${p}`)
      if (since !== undefined) add(since, (p) => `created_at >= ${p}::timestamptz`)
      const countFilters = [...filters]
      const countParams = [...params]
      if (after) {
        params.push(after.sort, after.id)
        filters.push(`(created_at, lead_id) < ($${params.length - 1}::timestamptz, $${params.length})`)
      }
      params.push(limit + 1)
      try {
        const [rows, count] = await Promise.all([
          pool.query<LeadRow>(
            `SELECT ${columns} FROM crm_leads WHERE ${filters.join(' AND ')}
             ORDER BY created_at DESC, lead_id DESC LIMIT $${params.length}`,
            params,
          ),
          pool.query<{ total: string }>(`SELECT count(*) AS total FROM crm_leads WHERE ${countFilters.join(' AND ')}`, countParams),
        ])
        const items = rows.rows.slice(0, limit).map(fromRow)
        const last = items.at(-1)
        return {
          items,
          total: Number(count.rows[0]?.total ?? 0),
          next_cursor: rows.rows.length > limit && last ? encodeCursor({ sort: last.created_at, id: last.lead_id }) : null,
        }
      } catch (error) {
        throw wrapQueryError(error, 'list leads')
      }
    },

    save: async ({ lead }) => {
      try {
        await pool.query(
          `INSERT INTO crm_leads (${columns}) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10, $11)`,
          toParams(lead),
        )
        return structuredClone(lead)
      } catch (error) {
        if (isUniqueViolation(error)) throw leadExistsError(lead.customer_id)
        throw wrapQueryError(error, 'save lead')
      }
    },

    update: async ({ lead }) => {
      try {
        const result = await pool.query<LeadRow>(
          `UPDATE crm_leads SET source = $4, stage = $5, notes = $6::jsonb, stage_history = $7::jsonb, tags = $8::jsonb,
             last_contact_at = $9, created_at = $10, updated_at = $11
           WHERE tenant_id = $1 AND lead_id = $2 AND $3::text IS NOT NULL
           RETURNING ${columns}`,
          toParams(lead),
        )
        return result.rows[0] ? fromRow(result.rows[0]) : null
      } catch (error) {
        throw wrapQueryError(error, 'update lead')
      }
    },

    kpis: async ({ tenantId, since }) => {
      try {
        const result = await pool.query<{ stage: LeadStage; source: LeadSource; count: string }>(
          `SELECT stage, source, count(*) AS count FROM crm_leads
           WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2::timestamptz)
           GROUP BY stage, source`,
          [tenantId, since ?? null],
        )
        const kpis = emptyLeadKpis()
        for (const row of result.rows) {
          const count = Number(row.count)
          kpis.total += count
          kpis.by_stage[row.stage] += count
          kpis.by_source[row.source] += count
        }
        return kpis
      } catch (error) {
        throw wrapQueryError(error, 'lead kpis')
      }
    },
  }
}
