// What a list or a view shows while it has no content: empty, loading, or a load error.
import { h, replace } from '../dom.js'
import { errorMessage } from './forms.js'

/** An empty-state paragraph. */
export const emptyState = (text) => h('p', { class: 'empty' }, text)

/** A loading line, replaced by the content when it arrives. */
export const loadingState = (text = 'Carregando…') => h('p', { class: 'muted loading', role: 'status' }, text)

/** Replaces `container` with an error line (and a retry button when given). */
export const showLoadError = (container, error, retry) =>
  replace(
    container,
    h(
      'div',
      { class: 'load-error', role: 'alert' },
      h('p', {}, `Não foi possível carregar: ${errorMessage(error)}`),
      retry ? h('button', { type: 'button', class: 'ghost', onclick: retry }, 'Tentar de novo') : null,
    ),
  )
