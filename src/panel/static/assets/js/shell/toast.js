// Short messages in the corner ("Configuração salva", errors). Announced to screen readers.
import { h } from '../dom.js'

const DURATION_MS = { ok: 4500, info: 5500, error: 9000 }

/** Returns `toast(text, kind)`; kind is 'ok' | 'error' | 'info'. */
export const createToaster = (host) => {
  const region = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' })
  host.append(region)
  const toast = (text, kind = 'info') => {
    const safeKind = ['ok', 'error', 'info'].includes(kind) ? kind : 'info'
    const item = h('div', { class: ['toast', safeKind] })
    const close = () => item.remove()
    item.append(h('p', {}, String(text ?? '')), h('button', { type: 'button', class: 'ghost', 'aria-label': 'Fechar aviso', onclick: close }, '×'))
    region.append(item)
    window.setTimeout(close, DURATION_MS[safeKind])
  }
  return { toast, remove: () => region.remove() }
}
