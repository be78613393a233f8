import type pg from 'pg'
import { AppError } from '../../shared/app-error.js'
import { decodeCursor, encodeCursor } from '../../shared/pagination.js'
import { isUniqueViolation, wrapQueryError } from '../../storage/postgres/index.js'
import type { Campaign } from './campaign.js'
import type { CampaignStore } from './campaign-store.js'

interface CampaignRow extends Omit<Campaign, 'created_at'> {
  created_at: Date
}

const columns = 'tenant_id, campaign_id, name, message, audience, customer_ids, excluded_opted_out, created_at'

const fromRow = (row: CampaignRow): Campaign => ({ ...row, created_at: row.created_at.toISOString() })

export const createPostgresCampaignStore = (pool: pg.Pool): CampaignStore => ({
  get: async ({ tenantId, campaignId }) => {
    try {
      const result = await pool.query<CampaignRow>(`SELECT ${columns} FROM crm_campaigns WHERE tenant_id = $1 AND campaign_id = $2`, [tenantId, campaignId])
      return result.rows[0] ? fromRow(result.rows[0]) : null
    } catch (error) {
      throw wrapQueryError(error, 'get campaign')
    }
  },
  list: async ({ tenantId, limit, cursor }) => {
    const after = decodeCursor(cursor)
    const keyset = after ? ' AND (created_at, campaign_id) < ($3::timestamptz, $4)' : ''
    try {
      const [rows, count] = await Promise.all([
        pool.query<CampaignRow>(
          `SELECT ${columns} FROM crm_campaigns WHERE tenant_id = $1${keyset} ORDER BY created_at DESC, campaign_id DESC LIMIT $2`,
          [tenantId, limit + 1, ...(after ? [after.sort, after.id] : [])],
        ),
        pool.query<{ total: string }>('SELECT count(*) AS total FROM crm_campaigns WHERE tenant_id = $1', [tenantId]),
      ])
      const items = rows.rows.slice(0, limit).map(fromRow)
      const last = items.at(-1)
      return {
        items,
        total: Number(count.rows[0]?.total ?? 0),
        next_cursor: rows.rows.length > limit && last ? encodeCursor({ sort: last.created_at, id: last.campaign_id }) : null,
      }
    } catch (error) {
      throw wrapQueryError(error, 'list campaigns')
    }
  },
  save: async ({ campaign }) => {
    try {
      await pool.query(`INSERT INTO crm_campaigns (${columns}) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8)`, [
        campaign.tenant_id,
        campaign.campaign_id,
        campaign.name,
        campaign.message,
        JSON.stringify(campaign.audience),
        JSON.stringify(campaign.customer_ids),
        campaign.excluded_opted_out,
        campaign.created_at,
      ])
      return structuredClone(campaign)
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('CRM_CAMPAIGN_ALREADY_EXISTS', `A campanha ${campaign.campaign_id} já existe.`)
      throw wrapQueryError(error, 'save campaign')
    }
  },
})
