// 04 Agenda: day and week views of the appointments in the tenant's time zone, booking,
// rescheduling and cancelling, and the agenda blocks (holidays, blocked periods).
import { h, replace } from '../dom.js'
import { formatMoney, formatTime, localDate } from '../format.js'
import { mountBlocks } from '../crm/agenda-blocks.js'
import { createDirectory } from '../crm/directory.js'
import { APPOINTMENT_STATUS_LABELS } from '../crm/labels.js'
import { runAction } from '../ui/actions.js'
import { apiForm, field, FormProblem, uid } from '../ui/forms.js'
import { modulePage } from '../ui/layout.js'
import { fetchAllPages } from '../ui/paging.js'
import { liveView } from '../ui/polling.js'
import { emptyState, loadingState } from '../ui/states.js'
import { addDays, longDateLabel, mondayOf, WEEKDAY_KEYS, weekdayOf, zonedMidnight } from '../zoned-time.js'

const hoursText = (config, date) => {
  const spans = config?.business?.hours?.[WEEKDAY_KEYS[weekdayOf(date)]] ?? []
  return spans.length ? spans.map(([start, end]) => `${start}–${end}`).join(', ') : 'Fechado'
}

const capitalize = (text) => text.charAt(0).toUpperCase() + text.slice(1)

const serviceLabel = (service) => `${service.name} · ${service.duration_minutes} min · ${formatMoney(service.price_cents)}`

export const module = {
  id: '04',
  slug: 'agenda',
  title: '04 Agenda',
  mount(container, ctx) {
    const { api, tenantId, timeZone } = ctx
    const path = (rest) => api.tenantPath(tenantId, rest)
    const directory = createDirectory(api, tenantId)
    const today = () => localDate(new Date(), timeZone)
    const state = { view: 'day', date: today(), showCancelled: false, appointments: [], blocks: [] }

    // --- toolbar -------------------------------------------------------------------------------
    const dayButton = h('button', { type: 'button', class: 'ghost', 'aria-pressed': 'true' }, 'Dia')
    const weekButton = h('button', { type: 'button', class: 'ghost', 'aria-pressed': 'false' }, 'Semana')
    const rangeTitle = h('h2', { class: 'agenda-range', 'aria-live': 'polite' })
    const cancelledBox = h('input', { type: 'checkbox', id: uid('agenda-cancelled') })
    const calendar = h('div', { class: 'agenda-calendar' }, loadingState('Carregando agenda…'))
    let layout = null

    const range = () => {
      const start = state.view === 'day' ? state.date : mondayOf(state.date)
      return { start, end: addDays(start, state.view === 'day' ? 1 : 7) }
    }

    const setView = (view) => {
      state.view = view
      dayButton.setAttribute('aria-pressed', String(view === 'day'))
      weekButton.setAttribute('aria-pressed', String(view === 'week'))
      reload()
    }
    const shift = (direction) => {
      state.date = addDays(state.date, direction * (state.view === 'day' ? 1 : 7))
      reload()
    }
    dayButton.addEventListener('click', () => setView('day'))
    weekButton.addEventListener('click', () => setView('week'))
    cancelledBox.addEventListener('change', () => {
      state.showCancelled = cancelledBox.checked
      reload()
    })

    // --- appointment cards ---------------------------------------------------------------------
    const rescheduleForm = (appointment, card) => {
      const date = h('input', { type: 'date', name: 'date', required: true, value: localDate(new Date(appointment.start_at), timeZone) })
      const time = h('input', { type: 'time', name: 'time', required: true, step: '300', value: formatTime(appointment.start_at, timeZone) })
      const back = h('button', { type: 'button', class: 'ghost small' }, 'Voltar')
      const fields = h('div', { class: 'grid-2' }, field('Nova data', date), field('Novo horário', time))
      const form = apiForm({ className: 'agenda-reschedule', submitLabel: 'Salvar novo horário', submitClass: 'primary small', moreActions: back, aliases: { start: 'date' } }, fields, async () => {
        if (!date.value || !time.value) throw new FormProblem({ path: '', message: 'Informe a nova data e o novo horário.' })
        await api.post(path(`/appointments/${encodeURIComponent(appointment.appointment_id)}/reschedule`), { start: `${date.value}T${time.value}` })
        ctx.toast('Agendamento remarcado.', 'ok')
        state.date = date.value
        await reload()
      })
      back.addEventListener('click', () => {
        form.remove()
        card.querySelector('.agenda-card-actions').hidden = false
      })
      return form
    }

    const cancelAppointment = (appointment, button) => {
      const when = `${longDateLabel(localDate(new Date(appointment.start_at), timeZone))} às ${formatTime(appointment.start_at, timeZone)}`
      return runAction(button, ctx, {
        confirm: `Cancelar ${appointment.service_name} de ${directory.label(appointment.customer_id)} em ${when}? O cliente não é avisado automaticamente.`,
        run: () => api.post(path(`/appointments/${encodeURIComponent(appointment.appointment_id)}/cancel`)),
        done: 'Agendamento cancelado.',
        after: reload,
      })
    }

    const appointmentCard = (appointment) => {
      const booked = appointment.status === 'booked'
      const future = new Date(appointment.start_at).getTime() > Date.now()
      const phone = directory.phone(appointment.customer_id)
      const name = directory.get(appointment.customer_id)?.display_name
      const actions = h('div', { class: 'agenda-card-actions' })
      const card = h(
        'article',
        { class: ['tile', 'agenda-card', `apt-${appointment.status}`], dataset: { appointmentId: appointment.appointment_id }, 'aria-label': `${formatTime(appointment.start_at, timeZone)} ${appointment.service_name}` },
        h('p', { class: 'agenda-time' }, `${formatTime(appointment.start_at, timeZone)}–${formatTime(appointment.end_at, timeZone)}`),
        h('p', { class: 'agenda-service' }, h('strong', {}, appointment.service_name), booked ? null : h('span', { class: 'pill apt-cancelled' }, APPOINTMENT_STATUS_LABELS.cancelled)),
        h('p', { class: 'agenda-customer' }, name ?? (phone || directory.label(appointment.customer_id))),
        name && phone ? h('p', { class: 'agenda-phone muted small' }, phone) : null,
        appointment.price_cents ? h('p', { class: 'muted small' }, formatMoney(appointment.price_cents)) : null,
        actions,
      )
      if (booked && future) {
        const reschedule = h('button', { type: 'button', class: 'ghost small' }, 'Remarcar')
        const cancel = h('button', { type: 'button', class: 'ghost small danger' }, 'Cancelar')
        reschedule.addEventListener('click', () => {
          actions.hidden = true
          card.append(rescheduleForm(appointment, card))
          card.querySelector('input[name="date"]')?.focus()
        })
        cancel.addEventListener('click', () => cancelAppointment(appointment, cancel))
        actions.append(reschedule, cancel)
      }
      return card
    }

    // --- calendar ------------------------------------------------------------------------------
    const blocksOfDay = (date) => {
      const start = zonedMidnight(date, timeZone).getTime()
      const end = zonedMidnight(addDays(date, 1), timeZone).getTime()
      return state.blocks.filter((block) => new Date(block.start_at).getTime() < end && new Date(block.end_at).getTime() > start)
    }
    const dayColumn = (date, compact) => {
      const items = state.appointments.filter((item) => localDate(new Date(item.start_at), timeZone) === date)
      const blocks = blocksOfDay(date)
      const heading = compact
        ? h('button', { type: 'button', class: 'link-button agenda-day-link', onclick: () => ((state.date = date), setView('day')) }, longDateLabel(date, { weekday: 'short', day: '2-digit', month: '2-digit' }))
        : longDateLabel(date)
      return h(
        'section',
        { class: ['agenda-day', date === today() && 'is-today'], 'aria-label': longDateLabel(date) },
        h('h3', {}, heading),
        h('p', { class: 'muted small agenda-hours' }, `Atendimento: ${hoursText(ctx.config(), date)}`),
        blocks.map((block) => h('p', { class: 'agenda-block pill' }, `${block.kind === 'holiday' ? 'Feriado' : 'Bloqueio'}: ${block.reason}`)),
        items.length ? h('div', { class: 'agenda-cards' }, items.map(appointmentCard)) : emptyState(compact ? 'Livre' : 'Nenhum agendamento neste dia.'),
      )
    }
    const render = () => {
      const { start } = range()
      rangeTitle.textContent =
        state.view === 'day'
          ? capitalize(longDateLabel(state.date, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }))
          : `Semana de ${longDateLabel(start, { day: 'numeric', month: 'short' })} a ${longDateLabel(addDays(start, 6), { day: 'numeric', month: 'short', year: 'numeric' })}`
      calendar.className = `agenda-calendar agenda-${state.view}`
      // The week needs the whole width: the forms go below it.
      layout?.classList.toggle('is-week', state.view === 'week')
      if (state.view === 'day') replace(calendar, dayColumn(state.date, false))
      else replace(calendar, Array.from({ length: 7 }, (_, index) => dayColumn(addDays(start, index), true)))
    }

    /** The range's appointments and blocks; the calendar redraws only when they changed (an open "Remarcar" form stays). */
    const load = async () => {
      const { start, end } = range()
      const from = zonedMidnight(start, timeZone).toISOString()
      const to = zonedMidnight(end, timeZone).toISOString()
      const items = await fetchAllPages(api, path('/appointments'), { from, to, status: state.showCancelled ? undefined : 'booked', limit: 200 }, 5)
      const blocks = await api.get(path('/agenda/blocks'), { from, to }).catch(() => ({ items: [] }))
      await directory.ensure(items.map((item) => item.customer_id))
      state.appointments = items
      state.blocks = blocks.items
      return [state.view, state.date, state.showCancelled, items.map((item) => [item.appointment_id, item.start_at, item.status]), blocks.items.map((block) => block.block_id)]
    }
    let view = null
    const reload = () => view.reload()

    // --- new appointment -----------------------------------------------------------------------
    const bookingForm = () => {
      const services = ctx.config()?.business?.services ?? []
      const phone = h('input', { name: 'customer_phone', type: 'tel', required: true, autocomplete: 'off', placeholder: '(11) 98765-4321' })
      const name = h('input', { name: 'customer_name', autocomplete: 'off', maxlength: '120' })
      const service = h('select', { name: 'service', required: true, disabled: services.length === 0 }, services.map((item) => h('option', { value: item.name }, serviceLabel(item))))
      const date = h('input', { name: 'date', type: 'date', required: true, value: state.date })
      const time = h('input', { name: 'time', type: 'time', required: true, step: '300' })
      const fields = [
        field('Telefone do cliente', phone),
        field('Nome do cliente', name, { hint: 'Opcional; usado se o cliente ainda não existir.' }),
        field('Serviço', service, { hint: services.length ? null : 'Nenhum serviço cadastrado: adicione em 06 Configurações.' }),
        h('div', { class: 'grid-2' }, field('Data', date), field('Horário', time)),
      ]
      const options = { className: 'agenda-form', submitLabel: 'Agendar', submitDisabled: services.length === 0, aliases: { start: 'time', customer_name: 'customer_name' } }
      return apiForm(options, fields, async () => {
        if (!date.value || !time.value) {
          throw new FormProblem(...[!date.value && { path: 'date', message: 'Informe a data.' }, !time.value && { path: 'time', message: 'Informe o horário.' }].filter(Boolean))
        }
        const body = { customer_phone: phone.value.trim(), service: service.value, start: `${date.value}T${time.value}` }
        if (name.value.trim()) body.customer_name = name.value.trim()
        await api.post(path('/appointments'), body)
        ctx.toast(`Agendado: ${service.value} em ${longDateLabel(date.value)} às ${time.value}.`, 'ok')
        state.date = date.value
        phone.value = ''
        name.value = ''
        time.value = ''
        await directory.reload()
        await reload()
      })
    }

    const blocksArea = h('div', {})
    const stopBlocks = mountBlocks(blocksArea, ctx, { onChange: () => reload() })

    replace(
      container,
      modulePage(
        'agenda-module',
        `Agendamentos por dia e por semana. Horários em ${timeZone}.`,
        (layout = h(
          'div',
          { class: 'agenda-layout split' },
          h(
            'section',
            { class: 'card agenda-main', 'aria-label': 'Calendário' },
            h(
              'div',
              { class: 'toolbar agenda-toolbar' },
              h('div', { class: 'segmented', role: 'group', 'aria-label': 'Visualização' }, dayButton, weekButton),
              h(
                'div',
                { class: 'agenda-nav', role: 'group', 'aria-label': 'Navegar' },
                h('button', { type: 'button', class: 'ghost', onclick: () => shift(-1) }, 'Anterior'),
                h('button', { type: 'button', class: 'ghost', onclick: () => ((state.date = today()), reload()) }, 'Hoje'),
                h('button', { type: 'button', class: 'ghost', onclick: () => shift(1) }, 'Próximo'),
              ),
              h('label', { class: 'check', for: cancelledBox.id }, cancelledBox, ' Mostrar cancelados'),
            ),
            rangeTitle,
            calendar,
          ),
          h(
            'div',
            { class: 'agenda-side stack' },
            h('section', { class: 'card', 'aria-labelledby': 'agenda-new-title' }, h('h2', { id: 'agenda-new-title' }, 'Novo agendamento'), bookingForm()),
            blocksArea,
          ),
        )),
      ),
    )
    view = liveView({ area: calendar, load, render, hasContent: () => state.appointments.length > 0, intervalMs: 15_000 })
    return () => {
      view.stop()
      stopBlocks?.()
    }
  },
}
