// 05 Cobrança: the tenant's charges (filter by status), the PIX QR code and copia-e-cola of each
// unpaid one, "Marcar como paga" and "Nova cobrança". Money is integer cents on the wire.
import { h, replace } from '../dom.js'
import { formatDate, formatDateTime, formatMoney, localDate, parseReais } from '../format.js'
import { createDirectory } from '../crm/directory.js'
import { CHARGE_STATUS_LABELS } from '../crm/labels.js'
import { runAction } from '../ui/actions.js'
import { copyButton } from '../ui/clipboard.js'
import { apiForm, errorMessage, field, FormProblem, uid } from '../ui/forms.js'
import { modulePage } from '../ui/layout.js'
import { createPager } from '../ui/paging.js'
import { liveView } from '../ui/polling.js'
import { emptyState, loadingState } from '../ui/states.js'

const dueLabel = (dueDate) => (dueDate ? formatDate(`${dueDate}T12:00:00Z`, 'UTC') : '—')

export const module = {
  id: '05',
  slug: 'cobranca',
  title: '05 Cobrança',
  mount(container, ctx) {
    const { api, tenantId, timeZone } = ctx
    const path = (rest) => api.tenantPath(tenantId, rest)
    const directory = createDirectory(api, tenantId)
    const pixConfigured = () => Boolean(ctx.config()?.business?.pix)

    const statusFilter = h(
      'select',
      { id: uid('chg-status') },
      h('option', { value: '' }, 'Todas'),
      ['open', 'overdue', 'paid', 'cancelled'].map((value) => h('option', { value }, CHARGE_STATUS_LABELS[value])),
    )
    const totals = h('div', { class: 'chg-totals row', role: 'group', 'aria-label': 'Totais da lista' })
    const listArea = h('div', { class: 'chg-list' }, loadingState('Carregando cobranças…'))
    const pager = createPager((cursor) => api.get(path('/charges'), { status: statusFilter.value || undefined, limit: 50, cursor }), {
      buttonClass: 'ghost',
      onMore: () => view.refresh({ append: true }).catch((error) => ctx.toast(errorMessage(error), 'error')),
    })

    // --- charge card ---------------------------------------------------------------------------
    const chargeText = (charge) => `a cobrança de ${formatMoney(charge.amount_cents)} de ${directory.label(charge.customer_id)} (${charge.description})`
    /** "Marcar como paga" (`mark-paid`) and "Cancelar cobrança" (`cancel`), after `confirm`. */
    const chargeAction = (charge, button, action, confirm, done) =>
      runAction(button, ctx, {
        confirm,
        run: () => api.post(path(`/charges/${encodeURIComponent(charge.charge_id)}/${action}`)),
        done,
        after: () => view.reload(),
      })
    const markPaid = (charge, button) => chargeAction(charge, button, 'mark-paid', `Marcar como paga ${chargeText(charge)}?`, 'Cobrança marcada como paga.')
    const cancelCharge = (charge, button) => chargeAction(charge, button, 'cancel', `Cancelar ${chargeText(charge)}? O cliente não é avisado.`, 'Cobrança cancelada.')

    const pixBlock = (charge) => {
      if (!charge.pix) {
        return h('p', { class: 'muted small chg-no-pix' }, pixConfigured() ? 'PIX indisponível para esta cobrança.' : 'Configure a chave PIX em 06 Configurações para gerar o QR Code.')
      }
      const code = h('textarea', { id: uid('pix'), class: 'chg-pix-code', readonly: true, rows: '3', value: charge.pix.copia_e_cola })
      const copy = copyButton({
        value: charge.pix.copia_e_cola,
        input: code,
        toast: ctx.toast,
        done: 'Código PIX copiado.',
        failed: 'Não foi possível copiar; selecione o texto e copie.',
        className: 'ghost small',
      })
      const qr = charge.pix.qr_png_data_url ?? charge.pix.qr_code ?? null
      return h(
        'div',
        { class: 'chg-pix' },
        qr && /^data:image\//.test(qr) ? h('img', { class: 'chg-qr', src: qr, alt: `QR Code PIX de ${formatMoney(charge.amount_cents)}`, width: '160', height: '160' }) : null,
        h('div', { class: 'chg-pix-text' }, field('PIX copia e cola', code), h('div', { class: 'form-actions' }, copy)),
      )
    }

    const chargeCard = (charge) => {
      const unpaid = charge.status === 'open' || charge.status === 'overdue'
      const phone = directory.phone(charge.customer_id)
      const name = directory.get(charge.customer_id)?.display_name
      const paidButton = unpaid ? h('button', { type: 'button', class: 'primary small' }, 'Marcar como paga') : null
      const cancelButton = unpaid ? h('button', { type: 'button', class: 'ghost small' }, 'Cancelar cobrança') : null
      paidButton?.addEventListener('click', () => markPaid(charge, paidButton))
      cancelButton?.addEventListener('click', () => cancelCharge(charge, cancelButton))
      return h(
        'article',
        { class: ['card', 'chg-card', `chg-${charge.status}`], dataset: { chargeId: charge.charge_id }, 'aria-label': `Cobrança ${charge.description}` },
        h(
          'header',
          { class: 'chg-card-header' },
          h('div', {}, h('h3', {}, charge.description), h('p', { class: 'muted small' }, name ?? (phone || directory.label(charge.customer_id)), name && phone ? ` · ${phone}` : '')),
          h('div', { class: 'chg-amount' }, h('strong', {}, formatMoney(charge.amount_cents)), h('span', { class: ['pill', `chg-status-${charge.status}`] }, CHARGE_STATUS_LABELS[charge.status] ?? charge.status)),
        ),
        h(
          'p',
          { class: 'muted small' },
          `Vencimento ${dueLabel(charge.due_date)}`,
          charge.paid_at ? ` · paga em ${formatDateTime(charge.paid_at, timeZone)}` : '',
          ` · criada em ${formatDateTime(charge.created_at, timeZone)}`,
        ),
        unpaid ? pixBlock(charge) : null,
        paidButton ? h('div', { class: 'form-actions' }, paidButton, cancelButton) : null,
      )
    }

    // --- list ----------------------------------------------------------------------------------
    const renderTotals = () => {
      const sum = (status) => pager.items.filter((item) => item.status === status).reduce((total, item) => total + item.amount_cents, 0)
      replace(
        totals,
        [
          ['Em aberto', sum('open'), 'open'],
          ['Vencidas', sum('overdue'), 'overdue'],
          ['Pagas', sum('paid'), 'paid'],
        ].map(([label, cents, key]) => h('div', { class: ['chg-total', `chg-total-${key}`] }, h('span', {}, label), h('strong', {}, formatMoney(cents)))),
      )
    }
    const render = () => {
      renderTotals()
      if (!pager.items.length) {
        replace(listArea, emptyState(statusFilter.value ? 'Nenhuma cobrança com essa situação.' : 'Nenhuma cobrança ainda. Crie a primeira ao lado.'))
        return
      }
      replace(listArea, pager.items.map(chargeCard))
    }
    /** The first page, or the next one with `append`; the list redraws only when it changed. */
    const load = async ({ append = false } = {}) => {
      const answer = await pager.fetch(append)
      await directory.ensure(answer.items.map((item) => item.customer_id))
      pager.keep(answer, append)
      return [statusFilter.value, pager.items.map((item) => [item.charge_id, item.status, item.updated_at])]
    }
    statusFilter.addEventListener('change', () => view.reload())

    // --- new charge ----------------------------------------------------------------------------
    const createForm = () => {
      const phone = h('input', { name: 'customer_phone', type: 'tel', required: true, autocomplete: 'off', placeholder: '(11) 98765-4321' })
      const amount = h('input', { name: 'amount_cents', inputmode: 'decimal', required: true, autocomplete: 'off', placeholder: '150,00' })
      const description = h('input', { name: 'description', required: true, maxlength: '140', autocomplete: 'off', placeholder: 'ex.: Sessão de fisioterapia' })
      const due = h('input', { name: 'due_date', type: 'date', min: localDate(new Date(), timeZone) })
      const fields = [field('Telefone do cliente', phone), field('Valor (R$)', amount), field('Descrição', description), field('Vencimento', due, { hint: 'Vazio: vence hoje.' })]
      const form = apiForm({ className: 'chg-form', submitLabel: 'Criar cobrança' }, fields, async () => {
        const cents = parseReais(amount.value)
        if (cents === null || cents <= 0) throw new FormProblem({ path: 'amount_cents', message: 'Informe um valor em reais, por exemplo 150,00.' })
        const body = { customer_phone: phone.value.trim(), amount_cents: cents, description: description.value.trim() }
        if (due.value) body.due_date = due.value
        const charge = await api.post(path('/charges'), body)
        form.reset()
        ctx.toast(`Cobrança de ${formatMoney(charge?.amount_cents ?? cents)} criada.`, 'ok')
        await directory.reload()
        await view.reload()
      })
      return form
    }

    replace(
      container,
      modulePage(
        'chg-module',
        'Cobranças por PIX: QR Code, copia e cola e baixa manual.',
        h(
          'div',
          { class: 'chg-layout split split-late' },
          h(
            'section',
            { class: 'chg-main', 'aria-label': 'Cobranças' },
            h('div', { class: 'toolbar' }, field('Situação', statusFilter, { className: 'compact' }), totals),
            listArea,
            h('div', { class: 'form-actions' }, pager.moreButton),
          ),
          h('section', { class: 'card chg-side', 'aria-labelledby': 'chg-new-title' }, h('h2', { id: 'chg-new-title' }, 'Nova cobrança'), createForm()),
        ),
      ),
    )
    // Refreshing would drop the extra pages the owner asked for.
    const view = liveView({ area: listArea, load, render, hasContent: () => pager.items.length > 0, intervalMs: 15_000, paused: () => pager.pages > 1 })
    return view.stop
  },
}
