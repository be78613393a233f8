// The "Follow-ups e campanhas" tab: scheduled messages to one contact (list, create, cancel)
// and campaigns to an audience of leads (list, create).
import { h, replace } from '../dom.js'
import { formatDateTime } from '../format.js'
import { runAction } from '../ui/actions.js'
import { apiForm, field, uid } from '../ui/forms.js'
import { startPolling } from '../ui/polling.js'
import { emptyState, loadingState, showLoadError } from '../ui/states.js'
import { zonedMidnight } from '../zoned-time.js'
import { FOLLOW_UP_STATUS_LABELS, STAGE_LABELS, STAGES } from './labels.js'

export const mountOutreach = (container, ctx, crm) => {
  const { api, tenantId, timeZone } = ctx
  const path = (rest) => api.tenantPath(tenantId, rest)

  // --- follow-ups ------------------------------------------------------------------------------
  const followUpList = h('div', { class: 'crm-table-wrap' }, loadingState())
  const statusFilter = h(
    'select',
    { id: uid('fu-status') },
    h('option', { value: '' }, 'Todos'),
    Object.entries(FOLLOW_UP_STATUS_LABELS).map(([value, label]) => h('option', { value, selected: value === 'scheduled' }, label)),
  )

  const cancelFollowUp = (item, button) =>
    runAction(button, ctx, {
      confirm: `Cancelar o follow-up para ${crm.directory.label(item.customer_id)}?`,
      run: () => api.post(path(`/follow-ups/${encodeURIComponent(item.follow_up_id)}/cancel`)),
      done: 'Follow-up cancelado.',
      after: () => loadFollowUps(),
    })

  const renderFollowUps = (items) => {
    if (!items.length) {
      replace(followUpList, emptyState(statusFilter.value === 'scheduled' ? 'Nenhum follow-up agendado.' : 'Nenhum follow-up.'))
      return
    }
    replace(
      followUpList,
      h(
        'table',
        { class: 'table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Cliente'), h('th', { scope: 'col' }, 'Quando'), h('th', { scope: 'col' }, 'Mensagem'), h('th', { scope: 'col' }, 'Situação'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Ações')))),
        h(
          'tbody',
          {},
          items.map((item) => {
            const cancel = h('button', { type: 'button', class: 'ghost small danger' }, 'Cancelar')
            cancel.addEventListener('click', () => cancelFollowUp(item, cancel))
            return h(
              'tr',
              { dataset: { followUpId: item.follow_up_id } },
              h('td', {}, crm.directory.label(item.customer_id)),
              h('td', {}, formatDateTime(item.due_at, timeZone)),
              h('td', { class: 'crm-cell-message' }, item.message),
              h('td', {}, h('span', { class: ['pill', `crm-fu-${item.status}`] }, FOLLOW_UP_STATUS_LABELS[item.status] ?? item.status), item.reason ? h('span', { class: 'muted small' }, ` ${item.reason}`) : null),
              h('td', {}, item.status === 'scheduled' ? cancel : null),
            )
          }),
        ),
      ),
    )
  }

  const loadFollowUps = async () => {
    const result = await api.get(path('/follow-ups'), { status: statusFilter.value || undefined, limit: 100 })
    await crm.directory.ensure(result.items.map((item) => item.customer_id))
    renderFollowUps(result.items)
  }
  statusFilter.addEventListener('change', () => loadFollowUps().catch((error) => showLoadError(followUpList, error, loadFollowUps)))

  const followUpForm = () => {
    const phone = h('input', { name: 'customer_phone', type: 'tel', required: true, autocomplete: 'off', placeholder: '(11) 98765-4321' })
    const at = h('input', { name: 'at', type: 'datetime-local', required: true })
    const message = h('textarea', { name: 'message', rows: '3', required: true, maxlength: '1000' })
    const fields = [h('div', { class: 'grid-2' }, field('Telefone do cliente', phone), field('Data e hora', at, { hint: `Horário de ${timeZone}.` })), field('Mensagem do follow-up', message)]
    const form = apiForm({ className: 'crm-form', submitLabel: 'Agendar follow-up' }, fields, async () => {
      await api.post(path('/follow-ups'), { customer_phone: phone.value.trim(), at: at.value, message: message.value.trim() })
      form.reset()
      ctx.toast('Follow-up agendado.', 'ok')
      await crm.directory.reload()
      await loadFollowUps()
    })
    return form
  }

  // --- campaigns -------------------------------------------------------------------------------
  const campaignList = h('div', { class: 'crm-table-wrap' }, loadingState())
  const renderCampaigns = (items) => {
    if (!items.length) {
      replace(campaignList, emptyState('Nenhuma campanha enviada ainda.'))
      return
    }
    replace(
      campaignList,
      h(
        'table',
        { class: 'table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Campanha'), h('th', { scope: 'col' }, 'Mensagem'), h('th', { scope: 'col' }, 'Destinatários'), h('th', { scope: 'col' }, 'Criada em'))),
        h(
          'tbody',
          {},
          items.map((item) =>
            h(
              'tr',
              {},
              h('td', {}, h('strong', {}, item.name)),
              h('td', { class: 'crm-cell-message' }, item.message),
              h(
                'td',
                {},
                String(item.recipients ?? item.customer_ids?.length ?? 0),
                item.excluded_opted_out ? h('span', { class: 'muted small' }, ` (${item.excluded_opted_out} sem opt-in)`) : null,
              ),
              h('td', {}, formatDateTime(item.created_at, timeZone)),
            ),
          ),
        ),
      ),
    )
  }
  const loadCampaigns = async () => {
    try {
      const result = await api.get(path('/campaigns'), { limit: 50 })
      renderCampaigns(result.items)
    } catch (error) {
      showLoadError(campaignList, error, () => loadCampaigns())
    }
  }

  const campaignForm = () => {
    const name = h('input', { name: 'name', required: true, maxlength: '120', autocomplete: 'off', placeholder: 'ex.: Retorno de março' })
    const message = h('textarea', { name: 'message', rows: '3', required: true, maxlength: '4096' })
    const stageBoxes = STAGES.map((stage) => {
      const id = uid('stage')
      return h('label', { class: 'check', for: id }, h('input', { type: 'checkbox', id, name: 'stages', value: stage }), ` ${STAGE_LABELS[stage]}`)
    })
    const tags = h('input', { name: 'tags', autocomplete: 'off', placeholder: 'ex.: vip, aniversario' })
    const before = h('input', { name: 'last_contact_before', type: 'date' })
    const fields = [
      field('Nome da campanha', name),
      field('Mensagem da campanha', message),
      h('fieldset', { class: 'crm-stage-checks' }, h('legend', {}, 'Etapas do público (nenhuma marcada: todos os leads)'), stageBoxes),
      h('div', { class: 'grid-2' }, field('Tags (separadas por vírgula)', tags), field('Sem mensagem desde', before, { hint: 'Só quem não escreve desde essa data.' })),
      h('p', { class: 'muted small' }, 'Contatos que pediram para não receber mensagens ficam de fora. Fora da janela de envio, as mensagens saem quando ela abrir.'),
    ]
    const aliases = { 'audience.stages': 'stages', 'audience.tags': 'tags', 'audience.last_contact_before': 'last_contact_before' }
    const form = apiForm({ className: 'crm-form', submitLabel: 'Enviar campanha', aliases }, fields, async () => {
      const audience = {}
      const stages = [...form.querySelectorAll('input[name="stages"]:checked')].map((box) => box.value)
      if (stages.length) audience.stages = stages
      const tagList = tags.value.split(',').map((tag) => tag.trim().toLowerCase()).filter(Boolean)
      if (tagList.length) audience.tags = tagList
      if (before.value) audience.last_contact_before = zonedMidnight(before.value, timeZone).toISOString()
      const who = stages.length ? `leads em ${stages.map((stage) => STAGE_LABELS[stage]).join(', ')}` : 'todos os leads'
      if (!window.confirm(`Enviar a campanha “${name.value.trim()}” para ${who}?`)) return
      const result = await api.post(path('/campaigns'), { name: name.value.trim(), message: message.value.trim(), audience })
      form.reset()
      ctx.toast(`Campanha criada: ${result.recipients} destinatário(s)${result.excluded_opted_out ? `, ${result.excluded_opted_out} fora por opt-out` : ''}.`, 'ok')
      await loadCampaigns()
    })
    return form
  }

  replace(
    container,
    h(
      'div',
      { class: 'crm-outreach grid-2' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'crm-fu-title' },
        h('h2', { id: 'crm-fu-title' }, 'Follow-ups'),
        h('p', { class: 'muted small' }, 'Uma mensagem para um cliente numa data e hora. É cancelada se o cliente escrever antes.'),
        followUpForm(),
        h('div', { class: 'toolbar' }, field('Situação', statusFilter, { className: 'compact' })),
        followUpList,
      ),
      h('section', { class: 'card', 'aria-labelledby': 'crm-cmp-title' }, h('h2', { id: 'crm-cmp-title' }, 'Campanhas'), campaignForm(), h('h3', {}, 'Campanhas enviadas'), campaignList),
    ),
  )

  loadCampaigns()
  return startPolling(async () => {
    try {
      await loadFollowUps()
    } catch (error) {
      showLoadError(followUpList, error, loadFollowUps)
      throw error
    }
  }, 15_000)
}
