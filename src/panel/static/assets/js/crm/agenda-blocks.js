// Agenda blocks for 04 Agenda: holidays and blocked periods (list, create, delete). No slot is
// offered or booked inside a block; existing appointments stay.
import { h, replace } from '../dom.js'
import { formatDateTime } from '../format.js'
import { runAction } from '../ui/actions.js'
import { apiForm, field, uid } from '../ui/forms.js'
import { emptyState, loadingState, showLoadError } from '../ui/states.js'

export const mountBlocks = (container, ctx, { onChange } = {}) => {
  const { api, tenantId, timeZone } = ctx
  const path = (rest) => api.tenantPath(tenantId, rest)
  const list = h('div', {}, loadingState())

  const changed = async () => {
    await load()
    onChange?.()
  }

  const remove = (block, button) =>
    runAction(button, ctx, {
      confirm: `Remover o bloqueio “${block.reason}”?`,
      run: () => api.delete(path(`/agenda/blocks/${encodeURIComponent(block.block_id)}`)),
      done: 'Bloqueio removido.',
      after: changed,
    })

  const load = async () => {
    try {
      const result = await api.get(path('/agenda/blocks'), { from: new Date().toISOString() })
      if (!result.items.length) {
        replace(list, emptyState('Nenhum bloqueio ou feriado pela frente.'))
        return
      }
      replace(
        list,
        h(
          'ul',
          { class: 'list-plain item-rows' },
          result.items.map((block) => {
            const button = h('button', { type: 'button', class: 'ghost small danger', 'aria-label': `Remover bloqueio ${block.reason}` }, 'Remover')
            button.addEventListener('click', () => remove(block, button))
            return h(
              'li',
              {},
              h('span', {}, h('strong', {}, block.reason), h('span', { class: 'muted small' }, ` ${block.kind === 'holiday' ? 'Feriado' : 'Bloqueio'} · ${formatDateTime(block.start_at, timeZone)} → ${formatDateTime(block.end_at, timeZone)}`)),
              button,
            )
          }),
        ),
      )
    } catch (error) {
      showLoadError(list, error, load)
    }
  }

  const startDate = h('input', { type: 'date', name: 'start', required: true })
  const startTime = h('input', { type: 'time', name: 'start_time', step: '300' })
  const endDate = h('input', { type: 'date', name: 'end', required: true })
  const endTime = h('input', { type: 'time', name: 'end_time', step: '300' })
  const reason = h('input', { name: 'reason', required: true, maxlength: '200', autocomplete: 'off', placeholder: 'ex.: Feriado de Tiradentes' })
  const kind = h('select', { name: 'kind', id: uid('block-kind') }, h('option', { value: 'blocked' }, 'Bloqueio'), h('option', { value: 'holiday' }, 'Feriado'))
  const fields = [
    h('div', { class: 'grid-2' }, field('Início', startDate), field('Hora inicial', startTime, { hint: 'Vazio: o dia todo.' })),
    h('div', { class: 'grid-2' }, field('Fim', endDate), field('Hora final', endTime, { hint: 'Vazio: até o fim do dia.' })),
    h('div', { class: 'grid-2' }, field('Motivo', reason), field('Tipo', kind)),
  ]
  const form = apiForm({ className: 'agenda-block-form', submitLabel: 'Adicionar bloqueio' }, fields, async () => {
    await api.post(path('/agenda/blocks'), {
      start: startTime.value ? `${startDate.value}T${startTime.value}` : startDate.value,
      end: endTime.value ? `${endDate.value || startDate.value}T${endTime.value}` : endDate.value || startDate.value,
      reason: reason.value.trim(),
      kind: kind.value,
    })
    form.reset()
    ctx.toast('Bloqueio adicionado.', 'ok')
    await changed()
  })

  replace(container, h('details', { class: 'card agenda-blocks' }, h('summary', {}, 'Bloqueios e feriados'), list, h('h3', {}, 'Novo bloqueio'), form))
  load()
  return () => undefined
}
