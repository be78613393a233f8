// 06 Configurações: the tenant's whole config in cards, saved by "Salvar Config" as a JSON merge
// patch of what changed. Field errors from the server appear next to their fields.
import { h, replace } from '../dom.js'
import { applyTheme } from '../theme.js'
import { appearanceCard, memoryCard, openaiCard, ownerCard, serviceCard } from './06-configuracoes/basic-cards.js'
import { businessCard } from './06-configuracoes/business-card.js'
import { createConfigForm, translateProblem } from './06-configuracoes/config-form.js'
import { personasCard } from './06-configuracoes/personas-card.js'
import { CREATED_TENANT_FLASH, createdTenantCard, tenantCard } from './06-configuracoes/tenant-card.js'
import { usageCard } from './06-configuracoes/usage-card.js'
import { webhookCard, whatsappCard } from './06-configuracoes/whatsapp-card.js'

const JUMPS = [
  ['cfg-aparencia', 'Aparência'],
  ['cfg-openai', 'OpenAI'],
  ['cfg-personas', 'Personas'],
  ['cfg-atendimento', 'Atendimento'],
  ['cfg-whatsapp', 'WhatsApp'],
  ['cfg-webhook', 'Webhook'],
  ['cfg-proprietario', 'Proprietário'],
  ['cfg-negocio', 'Negócio'],
  ['cfg-memoria', 'Memória'],
  ['cfg-uso', 'Uso de IA'],
]

const plural = (count, one, many) => `${count} ${count === 1 ? one : many}`

export const module = {
  id: '06',
  slug: 'configuracoes',
  title: '06 Configurações',

  mount(container, ctx) {
    let cleanups = []
    const runCleanups = () => {
      for (const cleanup of cleanups) cleanup()
      cleanups = []
    }

    // A new tenant's keys stay on screen (across saves) until the operator dismisses them.
    let created = ctx.flash.take(CREATED_TENANT_FLASH) ?? null

    const render = () => {
      runCleanups()
      const top = [created ? createdTenantCard(created, ctx, () => (created = null)) : null, tenantCard(ctx)]
      if (!ctx.tenantId) {
        replace(container, h('div', { class: 'settings stack' }, h('p', { class: 'muted' }, 'Nenhum tenant aberto. Abra um tenant existente ou crie o primeiro.'), top))
        return
      }
      const config = ctx.config()
      const form = createConfigForm(config)
      const statusText = h('span', { class: 'save-status muted small', 'aria-live': 'polite' }, 'Sem mudanças.')
      const summary = h('div', { class: 'save-summary', 'aria-live': 'polite' })
      const saveButton = h('button', { type: 'button', class: 'primary', onclick: () => save() }, 'Salvar Config')
      const discardButton = h('button', { type: 'button', class: 'ghost', onclick: () => discard() }, 'Descartar mudanças')

      const evolutionChanged = () => Object.keys(form.buildPatch().patch.evolution ?? {}).length > 0
      const isDirty = () => {
        const { patch, problems } = form.buildPatch()
        return problems.length > 0 || Object.keys(patch).length > 0
      }
      const confirmDiscard = () => !isDirty() || window.confirm('Há mudanças não salvas nesta página. Continuar descarta essas mudanças.')

      const cards = h(
        'div',
        { class: 'settings-grid' },
        appearanceCard(form),
        ownerCard(form),
        openaiCard(form),
        personasCard(form, ctx, { onRestored: () => reload(), confirmDiscard }),
        serviceCard(form),
        whatsappCard(form, ctx, { hasUnsavedEvolution: evolutionChanged, registerCleanup: (cleanup) => cleanups.push(cleanup) }),
        webhookCard(ctx),
        businessCard(form, config),
        memoryCard(form),
        usageCard(ctx),
      )
      const onEdit = () => {
        statusText.textContent = isDirty() ? 'Há mudanças não salvas.' : 'Sem mudanças.'
      }
      cards.addEventListener('input', onEdit)
      cards.addEventListener('change', onEdit)
      cards.addEventListener('click', (event) => {
        if (event.target instanceof HTMLButtonElement) window.setTimeout(onEdit, 0)
      })

      const jumps = h(
        'nav',
        { class: 'settings-jumps', 'aria-label': 'Seções das configurações' },
        JUMPS.map(([id, label]) => h('button', { type: 'button', class: 'ghost small', onclick: () => document.getElementById(id)?.scrollIntoView({ behavior: 'smooth', block: 'start' }) }, label)),
      )
      const saveBar = h('div', { class: 'save-bar' }, statusText, h('span', { class: 'spacer' }), discardButton, saveButton)
      replace(container, h('div', { class: 'settings stack' }, top, jumps, summary, cards, saveBar))

      async function save() {
        replace(summary)
        const { patch, problems } = form.buildPatch()
        if (problems.length) {
          form.showErrors(problems)
          ctx.toast(`Corrija ${plural(problems.length, 'campo', 'campos')} antes de salvar.`, 'error')
          return
        }
        form.clearErrors()
        if (!Object.keys(patch).length) {
          ctx.toast('Nada mudou desde o último salvamento.', 'info')
          return
        }
        saveButton.disabled = true
        saveButton.textContent = 'Salvando…'
        try {
          await ctx.api.put(ctx.api.tenantPath(ctx.tenantId, '/config'), patch)
          await reload()
          ctx.toast('Configuração salva.', 'ok')
        } catch (error) {
          saveButton.disabled = false
          saveButton.textContent = 'Salvar Config'
          if (error.status === 400) {
            const list = error.fieldErrors()
            const unmatched = form.showErrors(list)
            if (unmatched.length) {
              replace(summary, h('div', { class: 'notice danger' }, h('p', {}, 'Problemas na configuração:'), h('ul', {}, unmatched.map((problem) => h('li', {}, problem.path ? `${problem.path}: ${translateProblem(problem.message)}` : translateProblem(problem.message))))))
            }
            ctx.toast(`A configuração não foi salva: ${plural(list.length, 'problema', 'problemas')}. Veja os campos marcados.`, 'error')
          } else if (error.status === 409) {
            replace(summary, h('div', { class: 'notice warning row' }, h('span', {}, 'A configuração mudou em outro lugar enquanto você editava.'), h('button', { type: 'button', onclick: () => window.location.reload() }, 'Recarregar a página')))
            ctx.toast('Conflito ao salvar: recarregue a página e aplique suas mudanças de novo.', 'error')
          } else {
            ctx.toast(`Não foi possível salvar: ${error.message}`, 'error')
          }
        }
      }

      function discard() {
        if (!isDirty()) return
        if (!window.confirm('Descartar as mudanças não salvas?')) return
        applyTheme(ctx.config()?.panel)
        render()
      }
    }

    /** Re-reads the config (theme included) and redraws, keeping the scroll position. */
    async function reload() {
      const scroll = window.scrollY
      await ctx.reloadConfig()
      render()
      window.scrollTo(0, scroll)
    }

    render()
    return () => {
      runCleanups()
      // A previewed but unsaved theme does not outlive the page.
      applyTheme(ctx.config()?.panel)
    }
  },
}
