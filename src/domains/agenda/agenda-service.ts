import { AppError, isAppError } from '../../shared/app-error.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import type { Page } from '../../shared/pagination.js'
import type { TenantConfig } from '../../tenants/index.js'
import type { CustomerService } from '../customers/index.js'
import { overlapsBlock, type AgendaBlock, type AgendaBlockKind, type Appointment, type AppointmentStatus } from './appointment.js'
import { appointmentNotFoundError } from './agenda-errors.js'
import type { AgendaStore } from './agenda-store.js'
import { hoursProblem, slotsOfDay, type AvailableSlot, type BusinessService } from './availability.js'
import { addDays, describeLocalDateTime, formatLocalDate, formatLocalDateTime, isValidLocalDate, localToUtc, minutesOfDay } from './local-time.js'
import { dueReminderKey, defaultReminderOffsets, type ReminderOffset } from './reminders.js'

/** Who asks: a customer acts on their own appointments only; the owner on any. */
export type AgendaActor = { role: 'customer'; customerId: string } | { role: 'owner' }

export interface DueReminder {
  appointment: Appointment
  key: string
}

export interface AgendaService {
  /** The next free slots of a service (default: the first one) from `date` (default: today), local times. */
  findAvailableSlots(input: { tenantId: string; config: TenantConfig; serviceName?: string; date?: string; days?: number; limit?: number }): Promise<AvailableSlot[]>
  /** Books a local start time; refuses with a pt-BR reason (see docs/errors.md, AGENDA_*). */
  book(input: { tenantId: string; config: TenantConfig; customerId: string; serviceName: string; startLocal: string }): Promise<Appointment>
  reschedule(input: { tenantId: string; config: TenantConfig; actor: AgendaActor; appointmentId: string; startLocal: string }): Promise<Appointment>
  cancel(input: { tenantId: string; actor: AgendaActor; appointmentId: string; reason?: string }): Promise<Appointment>
  /** A customer's booked appointments from now on (with `includePast`, all of them), by start. */
  listForCustomer(input: { tenantId: string; customerId: string; includePast?: boolean; limit?: number }): Promise<Appointment[]>
  /** Appointments starting in a local window: `from`/`to` are `YYYY-MM-DD` (whole days, `to` included) or `YYYY-MM-DDTHH:mm`. */
  listBetween(input: { tenantId: string; config: TenantConfig; from: string; to: string; status?: AppointmentStatus; limit?: number }): Promise<Appointment[]>
  /** The read endpoint: UTC instants, filters, one page. */
  listAppointments(input: { tenantId: string; from?: string; to?: string; customerId?: string; status?: AppointmentStatus; limit: number; cursor?: string }): Promise<Page<Appointment>>
  getAppointment(input: { tenantId: string; appointmentId: string }): Promise<Appointment | null>
  addBlock(input: { tenantId: string; config: TenantConfig; start: string; end: string; reason: string; kind: AgendaBlockKind }): Promise<AgendaBlock>
  listBlocks(input: { tenantId: string; from: string; to: string }): Promise<AgendaBlock[]>
  removeBlock(input: { tenantId: string; blockId: string }): Promise<boolean>
  /**
   * Reminders to send now: for each booked future appointment, the latest reminder whose time
   * has passed, unless it (or a later one) was already sent. A reminder missed during downtime
   * is caught up while the appointment is still ahead.
   */
  dueReminders(input: { tenantId: string; config?: TenantConfig; now: Date; offsets?: readonly ReminderOffset[] }): Promise<DueReminder[]>
  /** Records a reminder as sent (idempotent); null when the appointment does not exist. */
  markReminderSent(input: { tenantId: string; appointmentId: string; key: string }): Promise<Appointment | null>
}

const minuteMs = 60_000
const farPast = '1970-01-01T00:00:00.000Z'
const farFuture = '9999-12-31T23:59:59.999Z'
const searchDays = 30

const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().toLocaleLowerCase('pt-BR')

const timeInvalid = (value: string) =>
  new AppError('AGENDA_TIME_INVALID', `"${value}" não é um horário válido. Use AAAA-MM-DDTHH:mm no horário local.`, { details: { value } })

export const createAgendaService = (deps: { store: AgendaStore; customers: CustomerService; clock: Clock; ids: IdGenerator; logger: Logger }): AgendaService => {
  const { store, clock, ids, logger } = deps

  const findService = (config: TenantConfig, name?: string): BusinessService => {
    const services = config.business.services
    if (services.length === 0) throw new AppError('AGENDA_SERVICE_UNKNOWN', 'Nenhum serviço está configurado para agendamento.')
    if (name === undefined || name.trim() === '') return services[0] as BusinessService
    const found = services.find((service) => fold(service.name) === fold(name))
    if (!found) {
      throw new AppError('AGENDA_SERVICE_UNKNOWN', `Não oferecemos "${name}". Serviços disponíveis: ${services.map((service) => service.name).join(', ')}.`, {
        details: { service: name, services: services.map((service) => service.name) },
      })
    }
    return found
  }

  const allPages = async (input: Omit<Parameters<AgendaStore['list']>[0], 'limit' | 'cursor'>, max = 10_000): Promise<Appointment[]> => {
    const items: Appointment[] = []
    let cursor: string | undefined
    do {
      const page = await store.list({ ...input, limit: 200, cursor })
      items.push(...page.items)
      cursor = page.next_cursor ?? undefined
    } while (cursor && items.length < max)
    return items
  }

  const findAvailableSlots: AgendaService['findAvailableSlots'] = async ({ tenantId, config, serviceName, date, days, limit = 8 }) => {
    const service = findService(config, serviceName)
    const now = clock.now()
    if (date !== undefined && !isValidLocalDate(date)) throw timeInvalid(date)
    const today = formatLocalDate(now, config.timezone)
    const first = date !== undefined && date > today ? date : today
    const dayCount = days ?? (date !== undefined ? 1 : searchDays)
    // A day either side covers any zone offset and the largest buffer.
    const from = new Date(Date.parse(`${first}T00:00:00Z`) - 2 * 86_400_000).toISOString()
    const to = new Date(Date.parse(`${addDays(first, dayCount)}T00:00:00Z`) + 2 * 86_400_000).toISOString()
    const [booked, blocks] = await Promise.all([allPages({ tenantId, from, to, status: 'booked' }), store.listBlocks({ tenantId, from, to })])
    const slots: AvailableSlot[] = []
    for (let offset = 0; offset < dayCount && slots.length < limit; offset += 1) {
      slots.push(...slotsOfDay({ config, service, date: addDays(first, offset), now, booked, blocks }))
    }
    return slots.slice(0, limit)
  }

  /** Turns a local start into a placement that fits the hours, is ahead and is not blocked. */
  const place = async (tenantId: string, config: TenantConfig, startLocal: string, durationMinutes: number) => {
    const start = localToUtc(startLocal, config.timezone)
    if (!start || startLocal.length !== 16) throw timeInvalid(startLocal)
    if (start.getTime() <= clock.now().getTime()) {
      throw new AppError('AGENDA_IN_PAST', `${describeLocalDateTime(startLocal)} já passou. Escolha um horário futuro.`, { details: { start: startLocal } })
    }
    const end = new Date(start.getTime() + durationMinutes * minuteMs)
    const localEnd = formatLocalDateTime(end, config.timezone)
    const sameDayMinutes = localEnd.slice(0, 10) === startLocal.slice(0, 10) ? minutesOfDay(localEnd.slice(11)) - minutesOfDay(startLocal.slice(11)) : Infinity
    const problem = hoursProblem(config, startLocal.slice(0, 10), minutesOfDay(startLocal.slice(11)), Math.max(durationMinutes, sameDayMinutes))
    if (problem) throw new AppError('AGENDA_OUTSIDE_HOURS', problem, { details: { start: startLocal, reason: problem } })
    const placement = { start_at: start.toISOString(), end_at: end.toISOString() }
    const block = (await store.listBlocks({ tenantId, from: placement.start_at, to: placement.end_at })).find((candidate) => overlapsBlock(placement, candidate))
    if (block) {
      const what = block.kind === 'holiday' ? 'feriado' : 'período bloqueado'
      throw new AppError('AGENDA_BLOCKED', `Não há atendimento nesse horário (${what}${block.reason ? `: ${block.reason}` : ''}).`, {
        details: { start: startLocal, block_id: block.block_id, reason: block.reason, kind: block.kind },
      })
    }
    return placement
  }

  /** AGENDA_SLOT_TAKEN from the store, with the next free slots the model can offer. */
  const withAlternatives = async (error: unknown, input: { tenantId: string; config: TenantConfig; serviceName: string; startLocal: string }) => {
    if (!isAppError(error) || error.code !== 'AGENDA_SLOT_TAKEN') return error
    const alternatives = await findAvailableSlots({ tenantId: input.tenantId, config: input.config, serviceName: input.serviceName, date: input.startLocal.slice(0, 10), days: 14, limit: 5 })
    const offered = alternatives.length > 0 ? ` Horários livres: ${alternatives.map((slot) => describeLocalDateTime(slot.start)).join('; ')}.` : ''
    return new AppError('AGENDA_SLOT_TAKEN', `${describeLocalDateTime(input.startLocal)} já está ocupado.${offered}`, {
      details: { start: input.startLocal, alternatives },
      cause: error,
    })
  }

  const owned = async (tenantId: string, actor: AgendaActor, appointmentId: string): Promise<Appointment> => {
    const appointment = await store.get({ tenantId, appointmentId })
    // Another customer's appointment answers exactly like a missing one.
    if (!appointment || (actor.role === 'customer' && appointment.customer_id !== actor.customerId)) throw appointmentNotFoundError(appointmentId)
    return appointment
  }

  const notBooked = (appointment: Appointment) =>
    new AppError('AGENDA_APPOINTMENT_CANCELLED', `O agendamento ${appointment.appointment_id} está cancelado.`, {
      details: { appointment_id: appointment.appointment_id },
    })

  return {
    findAvailableSlots,

    book: async ({ tenantId, config, customerId, serviceName, startLocal }) => {
      const service = findService(config, serviceName)
      const placement = await place(tenantId, config, startLocal, service.duration_minutes)
      const now = clock.now().toISOString()
      const appointment: Appointment = {
        tenant_id: tenantId,
        appointment_id: ids.next('apt'),
        customer_id: customerId,
        service_name: service.name,
        ...placement,
        buffer_minutes: service.buffer_minutes ?? 0,
        price_cents: service.price_cents,
        status: 'booked',
        cancelled_reason: null,
        reminders_sent: [],
        created_at: now,
        updated_at: now,
      }
      try {
        const booked = await store.book({ appointment })
        logger.info({ tenant_id: tenantId, appointment_id: booked.appointment_id, start_at: booked.start_at }, 'appointment booked')
        return booked
      } catch (error) {
        throw await withAlternatives(error, { tenantId, config, serviceName: service.name, startLocal })
      }
    },

    reschedule: async ({ tenantId, config, actor, appointmentId, startLocal }) => {
      const appointment = await owned(tenantId, actor, appointmentId)
      if (appointment.status !== 'booked') throw notBooked(appointment)
      const duration = (Date.parse(appointment.end_at) - Date.parse(appointment.start_at)) / minuteMs
      const placement = await place(tenantId, config, startLocal, duration)
      // New time, new reminders.
      const moved: Appointment = { ...appointment, ...placement, reminders_sent: [], updated_at: clock.now().toISOString() }
      try {
        const saved = await store.reschedule({ appointment: moved })
        if (!saved) throw appointmentNotFoundError(appointmentId)
        logger.info({ tenant_id: tenantId, appointment_id: appointmentId, start_at: saved.start_at }, 'appointment rescheduled')
        return saved
      } catch (error) {
        throw await withAlternatives(error, { tenantId, config, serviceName: appointment.service_name, startLocal }).catch(() => error)
      }
    },

    cancel: async ({ tenantId, actor, appointmentId, reason }) => {
      const appointment = await owned(tenantId, actor, appointmentId)
      if (appointment.status === 'cancelled') return appointment
      if (actor.role === 'customer' && Date.parse(appointment.start_at) <= clock.now().getTime()) {
        throw new AppError('AGENDA_IN_PAST', 'Esse agendamento já começou ou já passou; não dá para cancelar por aqui.', { details: { appointment_id: appointmentId } })
      }
      const cancelled: Appointment = {
        ...appointment,
        status: 'cancelled',
        cancelled_reason: reason ?? (actor.role === 'owner' ? 'cancelled_by_owner' : 'cancelled_by_customer'),
        updated_at: clock.now().toISOString(),
      }
      const saved = await store.update({ appointment: cancelled })
      if (!saved) throw appointmentNotFoundError(appointmentId)
      logger.info({ tenant_id: tenantId, appointment_id: appointmentId, by: actor.role }, 'appointment cancelled')
      return saved
    },

    listForCustomer: async ({ tenantId, customerId, includePast = false, limit = 20 }) =>
      (
        await store.list({
          tenantId,
          customerId,
          from: includePast ? farPast : clock.now().toISOString(),
          to: farFuture,
          ...(includePast ? {} : { status: 'booked' as const }),
          limit,
        })
      ).items,

    listBetween: async ({ tenantId, config, from, to, status, limit = 100 }) => {
      const start = localToUtc(from, config.timezone)
      const end = to.length === 10 ? localToUtc(addDays(to, 1), config.timezone) : localToUtc(to, config.timezone)
      if (!start) throw timeInvalid(from)
      if (!end) throw timeInvalid(to)
      if (end.getTime() <= start.getTime()) throw new AppError('AGENDA_TIME_INVALID', `O período de ${from} a ${to} está invertido.`, { details: { from, to } })
      return (await store.list({ tenantId, from: start.toISOString(), to: end.toISOString(), status, limit })).items
    },

    listAppointments: ({ tenantId, from, to, customerId, status, limit, cursor }) =>
      store.list({ tenantId, from: from ? new Date(from).toISOString() : farPast, to: to ? new Date(to).toISOString() : farFuture, customerId, status, limit, cursor }),

    getAppointment: (input) => store.get(input),

    addBlock: async ({ tenantId, config, start, end, reason, kind }) => {
      const startAt = localToUtc(start, config.timezone)
      const endAt = end.length === 10 ? localToUtc(addDays(end, 1), config.timezone) : localToUtc(end, config.timezone)
      if (!startAt) throw timeInvalid(start)
      if (!endAt) throw timeInvalid(end)
      if (endAt.getTime() <= startAt.getTime()) throw new AppError('AGENDA_TIME_INVALID', `O bloqueio de ${start} a ${end} termina antes de começar.`, { details: { start, end } })
      return store.saveBlock({ block: { tenant_id: tenantId, block_id: ids.next('blk'), start_at: startAt.toISOString(), end_at: endAt.toISOString(), reason, kind } })
    },

    listBlocks: (input) => store.listBlocks(input),
    removeBlock: (input) => store.deleteBlock(input),

    dueReminders: async ({ tenantId, now, offsets = defaultReminderOffsets }) => {
      const horizon = Math.max(0, ...offsets.map((offset) => offset.minutes))
      const upcoming = await allPages({
        tenantId,
        from: new Date(now.getTime() + 1).toISOString(),
        to: new Date(now.getTime() + horizon * minuteMs + 1).toISOString(),
        status: 'booked',
      })
      return upcoming.flatMap((appointment) => {
        const key = dueReminderKey(appointment, now, offsets)
        return key ? [{ appointment, key }] : []
      })
    },

    markReminderSent: async ({ tenantId, appointmentId, key }) => {
      const appointment = await store.get({ tenantId, appointmentId })
      if (!appointment || appointment.reminders_sent.includes(key)) return appointment
      return store.update({ appointment: { ...appointment, reminders_sent: [...appointment.reminders_sent, key], updated_at: clock.now().toISOString() } })
    },
  }
}
