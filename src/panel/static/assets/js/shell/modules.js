// The owner console's modules, in nav order. Each file exports `module` ({id, slug, title,
// mount(container, ctx)}); 02–05 are written alongside and may be missing while in progress.

export const MODULES = [
  { id: '01', slug: 'chat', label: 'Chat IA', load: () => import('../modules/01-chat.js') },
  { id: '02', slug: 'crm', label: 'CRM WhatsApp', load: () => import('../modules/02-crm.js') },
  { id: '03', slug: 'clientes', label: 'Clientes', load: () => import('../modules/03-clientes.js') },
  { id: '04', slug: 'agenda', label: 'Agenda', load: () => import('../modules/04-agenda.js') },
  { id: '05', slug: 'cobranca', label: 'Cobrança', load: () => import('../modules/05-cobranca.js') },
  { id: '06', slug: 'configuracoes', label: 'Configurações', load: () => import('../modules/06-configuracoes.js') },
  { id: '07', slug: 'memoria', label: 'Memória', load: () => import('../modules/07-memoria.js') },
  { id: '08', slug: 'operacoes', label: 'Operações', load: () => import('../modules/08-operacoes.js') },
].map((entry) => ({ ...entry, key: `${entry.id}-${entry.slug}`, title: `${entry.id} ${entry.label}` }))

export const SETTINGS_KEY = '06-configuracoes'
export const DEFAULT_KEY = '01-chat'

/** Finds a module by '01-chat', 'chat' or '01'. */
export const findModule = (name) => {
  const wanted = String(name ?? '').replace(/^#?\/?/, '')
  return MODULES.find((entry) => entry.key === wanted || entry.slug === wanted || entry.id === wanted) ?? null
}
