// Lists the server pages with `next_cursor`: walking every page, and "Carregar mais".
import { h } from '../dom.js'
import { withBusy } from './forms.js'

/** The `items` of each page of GET `path` (`query` plus the cursor), at most `maxPages` pages. */
export async function* pagesOf(api, path, query, maxPages) {
  let cursor
  for (let page = 0; page < maxPages; page += 1) {
    const answer = await api.get(path, { ...query, cursor })
    yield answer.items ?? []
    cursor = answer.next_cursor
    if (!cursor) return
  }
}

/** Every item of GET `path` over at most `maxPages` pages. */
export const fetchAllPages = async (api, path, query, maxPages) => {
  const items = []
  for await (const page of pagesOf(api, path, query, maxPages)) items.push(...page)
  return items
}

/**
 * A list shown a page at a time. `fetchPage(cursor)` answers `{items, next_cursor, total}` (no
 * cursor: the first page). The pager keeps `items`, `cursor`, `total` and `pages` (how many are
 * shown); its `moreButton` ("Carregar mais") shows while there is a next page and runs `onMore()`
 * with the button busy.
 */
export const createPager = (fetchPage, { onMore, buttonClass } = {}) => {
  const moreButton = h('button', { type: 'button', class: buttonClass, hidden: true }, 'Carregar mais')
  const pager = {
    items: [],
    cursor: null,
    total: 0,
    pages: 0,
    moreButton,
    /** The first page, or the next one with `append`, without keeping it (see `keep`). */
    fetch: (append = false) => fetchPage(append ? pager.cursor : undefined),
    /** Keeps a fetched page: replaces the list, or adds to it with `append`. */
    keep: (answer, append = false) => {
      pager.items = append ? [...pager.items, ...(answer.items ?? [])] : (answer.items ?? [])
      pager.cursor = answer.next_cursor ?? null
      pager.total = answer.total ?? pager.items.length
      pager.pages = append ? pager.pages + 1 : 1
      moreButton.hidden = !pager.cursor
    },
    /** fetch + keep. */
    load: async ({ append = false } = {}) => {
      const answer = await pager.fetch(append)
      pager.keep(answer, append)
      return answer
    },
  }
  moreButton.addEventListener('click', () => withBusy(moreButton, () => onMore()))
  return pager
}
