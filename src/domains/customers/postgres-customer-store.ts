import type pg from 'pg'
import { decodeCursor, encodeCursor } from '../../shared/pagination.js'
import { isUniqueViolation, wrapQueryError } from '../../storage/postgres/index.js'
import type { Customer } from './customer.js'
import { customerExistsError, phoneTakenError, whatsappLidTakenError } from './customer-conflicts.js'
import type { CustomerStore } from './customer-store.js'

interface CustomerRow extends Omit<Customer, 'created_at' | 'updated_at'> {
  created_at: Date
  updated_at: Date
}

const columns =
  'tenant_id, customer_id, display_name, phone, whatsapp_lid, email, origin, status, created_at, updated_at'

const fromRow = (row: CustomerRow): Customer => ({
  customer_id: row.customer_id,
  tenant_id: row.tenant_id,
  display_name: row.display_name,
  phone: row.phone,
  whatsapp_lid: row.whatsapp_lid,
  email: row.email,
  origin: row.origin,
  status: row.status,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

const toParams = (customer: Customer): unknown[] => [
  customer.tenant_id,
  customer.customer_id,
  customer.display_name,
  customer.phone,
  customer.whatsapp_lid,
  customer.email,
  customer.origin,
  customer.status,
  customer.created_at,
  customer.updated_at,
]

const translateConflict = (error: unknown, customer: Customer, context: string): Error => {
  if (isUniqueViolation(error, 'customers_phone_unique')) return phoneTakenError(customer.phone ?? '')
  if (isUniqueViolation(error, 'customers_whatsapp_lid_unique')) return whatsappLidTakenError(customer.whatsapp_lid ?? '')
  if (isUniqueViolation(error, 'customers_pkey')) return customerExistsError(customer.customer_id)
  return wrapQueryError(error, context)
}

// Same semantics as matchesCustomerQuery in the file store.
const queryFilter = (parameter: number) =>
  `(position(lower($${parameter}) in lower(coalesce(display_name, ''))) > 0
    OR position(lower($${parameter}) in lower(coalesce(email, ''))) > 0
    OR (length(regexp_replace($${parameter}, '\\D', '', 'g')) > 0
        AND position(regexp_replace($${parameter}, '\\D', '', 'g') in coalesce(phone, '')) > 0))`

export const createPostgresCustomerStore = (pool: pg.Pool): CustomerStore => {
  const getOne = async (where: string, params: unknown[], context: string): Promise<Customer | null> => {
    try {
      const result = await pool.query<CustomerRow>(`SELECT ${columns} FROM customers WHERE ${where}`, params)
      return result.rows[0] ? fromRow(result.rows[0]) : null
    } catch (error) {
      throw wrapQueryError(error, context)
    }
  }

  return {
    get: ({ tenantId, customerId }) =>
      getOne('tenant_id = $1 AND customer_id = $2', [tenantId, customerId], 'get customer'),
    getByPhone: ({ tenantId, phone }) => getOne('tenant_id = $1 AND phone = $2', [tenantId, phone], 'get customer by phone'),
    getByWhatsappLid: ({ tenantId, whatsappLid }) =>
      getOne('tenant_id = $1 AND whatsapp_lid = $2', [tenantId, whatsappLid], 'get customer by LID'),

    list: async ({ tenantId, limit, cursor, query }) => {
      const after = decodeCursor(cursor)
      const filters = ['tenant_id = $1']
      const params: unknown[] = [tenantId]
      if (query !== undefined) {
        params.push(query)
        filters.push(queryFilter(params.length))
      }
      const countFilters = [...filters]
      const countParams = [...params]
      if (after) {
        params.push(after.sort, after.id)
        filters.push(`(created_at, customer_id) > ($${params.length - 1}::timestamptz, $${params.length})`)
      }
      params.push(limit + 1)
      try {
        const [rows, count] = await Promise.all([
          pool.query<CustomerRow>(
            `SELECT ${columns} FROM customers WHERE ${filters.join(' AND ')}
             ORDER BY created_at, customer_id LIMIT $${params.length}`,
            params,
          ),
          pool.query<{ total: string }>(`SELECT count(*) AS total FROM customers WHERE ${countFilters.join(' AND ')}`, countParams),
        ])
        const items = rows.rows.slice(0, limit).map(fromRow)
        const last = items.at(-1)
        return {
          items,
          total: Number(count.rows[0]?.total ?? 0),
          next_cursor: rows.rows.length > limit && last ? encodeCursor({ sort: last.created_at, id: last.customer_id }) : null,
        }
      } catch (error) {
        throw wrapQueryError(error, 'list customers')
      }
    },

    save: async ({ customer }) => {
      try {
        await pool.query(`INSERT INTO customers (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, toParams(customer))
        return structuredClone(customer)
      } catch (error) {
        throw translateConflict(error, customer, 'save customer')
      }
    },

    update: async ({ customer }) => {
      try {
        const result = await pool.query(
          `UPDATE customers SET display_name = $3, phone = $4, whatsapp_lid = $5, email = $6, origin = $7, status = $8,
             created_at = $9, updated_at = $10
           WHERE tenant_id = $1 AND customer_id = $2`,
          toParams(customer),
        )
        return result.rowCount === 1 ? structuredClone(customer) : null
      } catch (error) {
        throw translateConflict(error, customer, 'update customer')
      }
    },

    delete: async ({ tenantId, customerId }) => {
      try {
        const result = await pool.query('DELETE FROM customers WHERE tenant_id = $1 AND customer_id = $2', [tenantId, customerId])
        return result.rowCount === 1
      } catch (error) {
        throw wrapQueryError(error, 'delete customer')
      }
    },
  }
}
