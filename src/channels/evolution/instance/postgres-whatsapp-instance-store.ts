import type pg from 'pg'
import { wrapQueryError } from '../../../storage/postgres/index.js'
import { whatsappInstanceSchema, type WhatsappInstanceStore } from './whatsapp-instance.js'

/** One row per instance; the state document is small and read whole, so it is jsonb. */
export const createPostgresWhatsappInstanceStore = (pool: pg.Pool): WhatsappInstanceStore => ({
  get: async ({ tenantId, instance }) => {
    try {
      const result = await pool.query('SELECT state FROM whatsapp_instances WHERE tenant_id = $1 AND instance = $2', [tenantId, instance])
      return result.rows[0] ? whatsappInstanceSchema.parse(result.rows[0].state) : null
    } catch (error) {
      throw wrapQueryError(error, 'get whatsapp instance')
    }
  },
  save: async ({ instance }) => {
    try {
      await pool.query(
        `INSERT INTO whatsapp_instances (tenant_id, instance, state, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, instance) DO UPDATE SET state = $3, updated_at = $4`,
        [instance.tenant_id, instance.instance, JSON.stringify(instance), instance.updated_at],
      )
      return structuredClone(instance)
    } catch (error) {
      throw wrapQueryError(error, 'save whatsapp instance')
    }
  },
  list: async ({ tenantId }) => {
    try {
      const result = await pool.query('SELECT state FROM whatsapp_instances WHERE tenant_id = $1 ORDER BY instance', [tenantId])
      return result.rows.map((row) => whatsappInstanceSchema.parse(row.state))
    } catch (error) {
      throw wrapQueryError(error, 'list whatsapp instances')
    }
  },
})
