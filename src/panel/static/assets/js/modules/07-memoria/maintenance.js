// The memory maintenance card of 07: which embedding space reads use, the re-embed run in flight
// (progress), the last run, and "Rodar agora". Polls every 2 s while a run is going.
import { h, replace } from '../../dom.js'
import { formatDateTime } from '../../format.js'
import { RUN_STATUS_LABELS } from './labels.js'

const RUNNING_POLL_MS = 2000
const IDLE_POLL_MS = 15_000

/** "local:ngram-v1:256" → "Embeddings locais" plus the id; other spaces show their id. */
const spaceText = (spaceId) => [spaceId.startsWith('local:') ? 'Embeddings locais ' : '', h('code', { class: 'small' }, spaceId)]

export const createMaintenancePanel = (ctx) => {
  const body = h('div', { class: 'stack-sm', 'aria-live': 'polite' }, h('p', { class: 'muted small' }, 'Carregando…'))
  const runButton = h('button', { type: 'button', class: 'primary', onclick: () => run() }, 'Rodar agora')
  const element = h(
    'section',
    { class: 'card stack-sm memory-maintenance', 'aria-labelledby': 'mem-maint-title' },
    h('h2', { id: 'mem-maint-title' }, 'Manutenção da memória'),
    h('p', { class: 'muted small' }, 'Reprocessa as memórias no modelo de embeddings configurado em 06 Configurações. A troca só acontece quando todas estiverem prontas; as conversas seguem normalmente.'),
    body,
    h('div', { class: 'row' }, runButton),
  )
  let timer = null
  let disposed = false
  const path = (rest) => ctx.api.tenantPath(ctx.tenantId, rest)

  const runLine = (label, runInfo) =>
    runInfo
      ? [
          h('dt', {}, label),
          h(
            'dd',
            {},
            `${RUN_STATUS_LABELS[runInfo.status] ?? runInfo.status} · ${runInfo.processed}/${runInfo.total} processadas, ${runInfo.embedded} novas`,
            runInfo.finished_at ? ` · terminou em ${formatDateTime(runInfo.finished_at, ctx.timeZone)}` : ` · começou em ${formatDateTime(runInfo.started_at, ctx.timeZone)}`,
            runInfo.error ? h('span', { class: 'error-text' }, ` · erro: ${runInfo.error}`) : null,
          ),
        ]
      : []

  const render = (status) => {
    const running = status.run?.status === 'running'
    runButton.disabled = running
    runButton.textContent = running ? 'Rodando…' : 'Rodar agora'
    const percent = status.progress_percent
    replace(
      body,
      h(
        'dl',
        { class: 'dl' },
        h('dt', {}, 'Espaço ativo'),
        h('dd', {}, spaceText(status.active_space_id)),
        h('dt', {}, 'Espaço alvo'),
        h('dd', {}, status.target_space_id ? spaceText(status.target_space_id) : h('span', { class: 'muted' }, 'nenhum (memória em dia)')),
        status.switched_at ? [h('dt', {}, 'Última troca'), h('dd', {}, formatDateTime(status.switched_at, ctx.timeZone))] : null,
        runLine('Execução atual', status.run),
        runLine('Última execução', status.last_run),
      ),
      typeof percent === 'number'
        ? h('div', { class: 'stack-sm' }, h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percent, 'aria-label': 'Progresso da manutenção' }, h('span', { style: { width: `${percent}%` } })), h('span', { class: 'muted small' }, `${percent}% concluído`))
        : null,
    )
    return running
  }

  const schedule = (running) => {
    if (disposed) return
    window.clearTimeout(timer)
    timer = window.setTimeout(() => refresh(), running ? RUNNING_POLL_MS : IDLE_POLL_MS)
  }

  async function refresh() {
    let running = false
    try {
      if (document.visibilityState === 'visible' || !timer) running = render(await ctx.api.get(path('/memory/maintenance')))
    } catch (error) {
      replace(body, h('p', { class: 'error-text small' }, `Não foi possível ler a manutenção: ${error.message}`))
    }
    schedule(running)
  }

  async function run() {
    runButton.disabled = true
    try {
      const status = await ctx.api.post(path('/memory/maintenance/run'))
      ctx.toast('Manutenção da memória iniciada.', 'ok')
      schedule(render(status) || true)
    } catch (error) {
      runButton.disabled = false
      ctx.toast(error.code === 'MEMORY_REEMBED_ALREADY_RUNNING' ? 'A manutenção já está rodando.' : `Não foi possível iniciar: ${error.message}`, 'error')
    }
  }

  return {
    element,
    refresh,
    dispose: () => {
      disposed = true
      window.clearTimeout(timer)
    },
  }
}
