// "Personas": Persona 1 (Concierge do Proprietário) = personas.owner, Persona 2 (Agente WhatsApp)
// = personas.customer, each with its saved versions and "Restaurar" (a rollback saved as a new version).
import { h, replace } from '../../dom.js'
import { formatDateTime } from '../../format.js'
import { runAction } from '../../ui/actions.js'
import { section } from './basic-cards.js'

export const PERSONAS = [
  { role: 'owner', title: 'Persona 1 (Concierge do Proprietário)', about: 'Conversa com o proprietário: agenda, cobranças, clientes e lembretes do negócio.' },
  { role: 'customer', title: 'Persona 2 (Agente WhatsApp)', about: 'Atende os clientes no WhatsApp. Vazia, o agente responde de forma neutra.' },
]

const excerpt = (text, size = 140) => {
  const flat = String(text ?? '').replace(/\s+/g, ' ').trim()
  return flat.length > size ? `${flat.slice(0, size)}…` : flat
}

const versionList = ({ ctx, role, title, versions, currentVersion, onRestored, confirmDiscard }) => {
  if (!versions?.length) return h('p', { class: 'empty' }, 'Nenhuma versão salva ainda.')
  const items = [...versions].reverse().map((entry) => {
    const isCurrent = entry.version === currentVersion
    const restore = (event) =>
      runAction(event.currentTarget, ctx, {
        confirm: confirmDiscard,
        run: () => ctx.api.post(ctx.api.tenantPath(ctx.tenantId, `/personas/${role}/rollback`), { version: entry.version }),
        done: (config) => `${title}: versão ${entry.version} restaurada (salva como versão ${config?.personas?.[role]?.version ?? 'nova'}).`,
        after: onRestored,
        failed: (error) => `Não foi possível restaurar: ${error.message}`,
      })
    return h(
      'li',
      { class: ['persona-version', isCurrent && 'current'] },
      h(
        'div',
        { class: 'persona-version-head' },
        h('strong', {}, `v${entry.version}`),
        h('span', { class: 'muted small' }, formatDateTime(entry.created_at, ctx.timeZone)),
        isCurrent ? h('span', { class: 'pill ok' }, 'atual') : null,
        h('span', { class: 'spacer' }),
        isCurrent ? null : h('button', { type: 'button', class: 'small', 'aria-label': `Restaurar versão ${entry.version} da ${title}`, onclick: restore }, 'Restaurar'),
      ),
      h('p', { class: 'small' }, entry.persona?.name ? `Nome: ${entry.persona.name}` : h('span', { class: 'muted' }, 'Sem nome')),
      entry.persona?.instructions ? h('p', { class: 'muted small break' }, excerpt(entry.persona.instructions)) : h('p', { class: 'muted small' }, 'Sem instruções (modo neutro).'),
    )
  })
  return h('ol', { class: 'persona-versions', 'aria-label': `Versões da ${title}` }, items)
}

/** The card; versions load after render. `onRestored` re-renders the page with the new config. */
export const personasCard = (form, ctx, { onRestored, confirmDiscard }) => {
  const config = ctx.config()
  const versionHosts = {}
  const blocks = PERSONAS.map(({ role, title, about }) => {
    const id = `cfg-persona-${role}`
    versionHosts[role] = h('div', { class: 'persona-versions-host' }, h('p', { class: 'muted small' }, 'Carregando versões…'))
    return h(
      'section',
      { class: 'persona', id, 'aria-labelledby': `${id}-title` },
      h('h3', { id: `${id}-title` }, title),
      h('p', { class: 'muted small' }, about),
      h(
        'div',
        { class: 'form-grid' },
        form.text(`personas.${role}.name`, 'Nome', { emptyAs: '', maxlength: 120, placeholder: role === 'owner' ? 'Ex.: Ana, sua assistente' : 'Ex.: Bia, do atendimento' }),
        form.text(`personas.${role}.tone`, 'Tom', { maxlength: 200, placeholder: 'Ex.: cordial e direto' }),
        form.text(`personas.${role}.instructions`, 'Instruções', {
          multiline: true,
          rows: 7,
          emptyAs: '',
          wide: true,
          placeholder: 'Papel: …\nObjetivo: …\nRegras: …',
          hint: `Versão atual: ${config?.personas?.[role]?.version ?? 0}. Cada mudança salva cria uma versão nova.`,
        }),
        form.text(`personas.${role}.greeting`, 'Saudação', { multiline: true, rows: 2, wide: true, maxlength: 1000, placeholder: 'Como cumprimentar no início de uma conversa' }),
        form.text(`personas.${role}.language`, 'Idioma das respostas', { placeholder: 'pt-BR' }),
        form.text(`personas.${role}.chat_model`, 'Modelo de chat desta persona', { placeholder: 'o modelo da OpenAI acima' }),
      ),
      h('h4', { class: 'persona-versions-title' }, 'Versões'),
      versionHosts[role],
    )
  })

  const loadVersions = async () => {
    try {
      const answer = await ctx.api.get(ctx.api.tenantPath(ctx.tenantId, '/personas'))
      for (const { role, title } of PERSONAS) {
        replace(versionHosts[role], versionList({ ctx, role, title, versions: answer?.[role] ?? [], currentVersion: config?.personas?.[role]?.version, onRestored, confirmDiscard }))
      }
    } catch (error) {
      for (const { role } of PERSONAS) replace(versionHosts[role], h('p', { class: 'error-text small' }, `Não foi possível carregar as versões: ${error.message}`))
    }
  }
  void loadVersions()

  return section('cfg-personas', 'Personas', 'Quem o agente é em cada conversa. Deixe em branco para o modo neutro.', h('div', { class: 'personas grid-2' }, blocks))
}
