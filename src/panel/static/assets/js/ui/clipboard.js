// Copying to the clipboard: keys, webhook URLs, PIX codes.
import { h } from '../dom.js'

/**
 * Copies text to the clipboard. navigator.clipboard needs a secure context (https or localhost);
 * elsewhere, selecting `input` and execCommand still works in most browsers. Answers whether it
 * copied.
 */
export const copyText = async (value, input) => {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(value)
      return true
    }
  } catch {
    // Fall through to the selection.
  }
  if (!input) return false
  input.focus()
  input.select()
  try {
    return document.execCommand('copy')
  } catch {
    return false
  }
}

const COPY_FAILED = 'Não foi possível copiar; selecione o texto e copie manualmente.'

/**
 * A "Copiar" button for `value` (falling back to selecting `input`) that toasts `done`, or
 * `failed`, through `toast`. `label` is its accessible name when "Copiar" alone is not enough.
 */
export const copyButton = ({ value, input, toast, done, failed = COPY_FAILED, label, className }) =>
  h(
    'button',
    {
      type: 'button',
      class: className,
      'aria-label': label,
      onclick: async () => {
        const ok = await copyText(value, input)
        toast(ok ? done : failed, ok ? 'ok' : 'error')
      },
    },
    'Copiar',
  )

/** A read-only `.field` showing `value` (a key, a URL) with its "Copiar {label}" button. */
export const copyField = ({ id, label, value, toast, done, className }) => {
  const input = h('input', { id, readonly: true, value, spellcheck: 'false' })
  return h(
    'div',
    { class: ['field', className] },
    h('label', { for: id }, label),
    h('div', { class: 'secret-box' }, input, copyButton({ value, input, toast, done, label: `Copiar ${label}` })),
  )
}
