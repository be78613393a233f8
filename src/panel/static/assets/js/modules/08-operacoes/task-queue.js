// The task queue card of 08: tasks by status (dead letters first), "Tentar de novo" on a dead one.
import { h } from '../../dom.js'
import { formatDateTime } from '../../format.js'
import { runAction } from '../../ui/actions.js'
import { createListCard } from '../../ui/list-card.js'
import { TASK_KIND_LABELS, TASK_STATUS_KIND, TASK_STATUS_LABELS } from './labels.js'

const PAGE = 50

/** What a task is about, from its payload: the text of a reply, or the message that came in. */
const describePayload = (task) => {
  const payload = task.payload ?? {}
  const text = payload.text ?? payload.message?.text ?? payload.messages?.[0]?.text ?? null
  return typeof text === 'string' && text ? (text.length > 120 ? `${text.slice(0, 120)}…` : text) : ''
}

export const createTaskQueue = (ctx, { onRetried }) => {
  let status = 'dead'
  const statusSelect = h(
    'select',
    { id: 'ops-task-status' },
    h('option', { value: 'dead', selected: true }, 'Falharam de vez (dead letters)'),
    h('option', { value: 'pending' }, 'Pendentes'),
    h('option', { value: 'running' }, 'Rodando'),
    h('option', { value: 'done' }, 'Concluídas'),
    h('option', { value: '' }, 'Todas'),
  )

  const retry = (task, button) =>
    runAction(button, ctx, {
      run: () => ctx.api.post(ctx.api.tenantPath(ctx.tenantId, `/tasks/${encodeURIComponent(task.task_id)}/retry`)),
      done: 'Tarefa enviada para a fila de novo.',
      after: async () => {
        await queue.load()
        onRetried?.()
      },
      failed: (error) => `Não foi possível tentar de novo: ${error.message}`,
    })

  const row = (task) => {
    const action = task.status === 'dead' ? h('button', { type: 'button', class: 'small', 'aria-label': `Tentar de novo a tarefa ${task.task_id}` }, 'Tentar de novo') : null
    action?.addEventListener('click', () => retry(task, action))
    const what = describePayload(task)
    return h(
      'tr',
      {},
      h('td', {}, h('code', { class: 'task-id' }, task.task_id), what ? h('p', { class: 'muted small break' }, what) : null),
      h('td', {}, TASK_KIND_LABELS[task.kind] ?? task.kind),
      h('td', {}, h('span', { class: `pill ${TASK_STATUS_KIND[task.status] ?? 'plain'}` }, TASK_STATUS_LABELS[task.status] ?? task.status)),
      h('td', { class: 'num' }, `${task.attempts}/${task.max_attempts}`),
      h('td', { class: 'break small task-error' }, task.last_error ? h('span', { title: task.last_error }, task.last_error.length > 160 ? `${task.last_error.slice(0, 160)}…` : task.last_error) : h('span', { class: 'muted' }, '—')),
      h('td', { class: 'nowrap small' }, formatDateTime(task.finished_at ?? task.run_at, ctx.timeZone)),
      h('td', {}, action),
    )
  }

  const render = (pager) => ({
    summary: `${pager.total} ${pager.total === 1 ? 'tarefa' : 'tarefas'}; mostrando ${pager.items.length}.`,
    content: pager.items.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table tasks-table' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Tarefa'), h('th', {}, 'Tipo'), h('th', {}, 'Status'), h('th', { class: 'num' }, 'Tentativas'), h('th', {}, 'Último erro'), h('th', {}, 'Quando'), h('th', {}, h('span', { class: 'sr-only' }, 'Ações')))),
            h('tbody', {}, pager.items.map(row)),
          ),
        )
      : h('p', { class: 'empty' }, status === 'dead' ? 'Nenhuma tarefa falhou de vez. Tudo em ordem.' : 'Nenhuma tarefa com este status.'),
  })

  const signature = (items, total) => `${total}:${items.map((task) => `${task.task_id}@${task.updated_at}`).join(',')}`

  statusSelect.addEventListener('change', () => {
    status = statusSelect.value
    void queue.load()
  })

  const queue = createListCard({
    id: 'ops-tasks',
    title: 'Fila de tarefas',
    intro: 'Cada mensagem recebida e cada resposta é uma tarefa. As que falharam de vez podem ser tentadas de novo.',
    toolbar: h('div', { class: 'toolbar' }, h('div', { class: 'field' }, h('label', { for: 'ops-task-status' }, 'Status'), statusSelect)),
    fetchPage: (cursor) => ctx.api.get(ctx.api.tenantPath(ctx.tenantId, '/tasks'), { status, limit: PAGE, cursor }),
    render,
    noun: 'as tarefas',
    same: (answer, pager) => signature(answer.items ?? [], answer.total) === signature(pager.items, pager.total),
  })

  return { element: queue.element, load: queue.load, poll: queue.poll }
}
