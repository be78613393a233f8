// A card with a list the server pages with next_cursor (07's memories, 08's events and tasks):
// title and "Atualizar", an optional intro and toolbar, a summary line, the list, "Carregar mais".
import { h, replace } from '../dom.js'
import { createPager } from './paging.js'

/**
 * `fetchPage(cursor)` answers a page; `render(pager)` answers `{ summary, content }` for what the
 * pager holds; `noun` names the list in the load error ("os eventos"). `same(answer, pager)`: a
 * quiet load (a poll) whose first page is the same as what is shown redraws nothing, so opened
 * details stay open. Returns `{ element, pager, load, draw, poll }`; `poll()` refreshes only the
 * first page, and not at all once the user opened more pages.
 */
export const createListCard = ({ id, title, intro, toolbar, fetchPage, render, noun, same, bodyClass }) => {
  const summary = h('p', { class: 'muted small' })
  const body = h('div', { class: bodyClass, 'aria-live': 'polite' }, h('p', { class: 'muted small' }, 'Carregando…'))
  const pager = createPager(fetchPage, { onMore: () => load({ append: true }) })

  const draw = () => {
    const drawn = render(pager)
    summary.textContent = drawn.summary
    replace(body, drawn.content)
  }

  async function load({ append = false, quiet = false } = {}) {
    try {
      const answer = await pager.fetch(append)
      if (quiet && same?.(answer, pager)) return
      pager.keep(answer, append)
      draw()
    } catch (error) {
      if (!quiet) replace(body, h('p', { class: 'error-text' }, `Não foi possível carregar ${noun}: ${error.message}`))
    }
  }

  const element = h(
    'section',
    { class: 'card stack-sm', 'aria-labelledby': `${id}-title` },
    h('div', { class: 'card-header' }, h('h2', { id: `${id}-title` }, title), h('button', { type: 'button', class: 'ghost small', onclick: () => load() }, 'Atualizar')),
    intro ? h('p', { class: 'muted small' }, intro) : null,
    toolbar,
    summary,
    body,
    h('div', { class: 'row' }, pager.moreButton),
  )

  return { element, pager, load, draw, poll: () => (pager.pages <= 1 ? load({ quiet: true }) : undefined) }
}
