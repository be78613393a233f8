// Files made in the browser (no server round trip).
import { h } from '../dom.js'

/** Saves `data` as a pretty JSON file through a Blob URL. */
export const downloadJson = (fileName, data) => {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' })
  const url = URL.createObjectURL(blob)
  const link = h('a', { href: url, download: fileName, class: 'sr-only' })
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
