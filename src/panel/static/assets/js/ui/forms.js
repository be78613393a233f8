// Form building blocks shared by every module: labelled fields with their error line, API
// validation errors shown next to their inputs, busy buttons and the submit wiring around them.
import { h } from '../dom.js'

let lastId = 0
/** A page-unique id for label/for pairs. */
export const uid = (prefix = 'fld') => `${prefix}-${(lastId += 1)}`

/**
 * A `.field`: visible label, the control, an optional hint, `extra` content and the `.field-error`
 * line the validation messages go into. The control gets an id if it has none; the hint and the
 * error line are `<id>-hint` and `<id>-error`. `check` puts a checkbox before its label;
 * `liveError` announces the error line politely.
 */
export const field = (label, control, { hint, className, check = false, extra = null, liveError = false } = {}) => {
  if (!control.id) control.id = uid()
  const error = h('p', { class: 'field-error', id: `${control.id}-error`, 'aria-live': liveError ? 'polite' : null })
  const hintElement = hint ? h('p', { class: 'field-hint', id: `${control.id}-hint` }, hint) : null
  control.setAttribute('aria-describedby', [hintElement?.id, error.id].filter(Boolean).join(' '))
  const labelElement = h('label', { for: control.id }, label)
  return h('div', { class: ['field', check && 'field-check', className] }, check ? [control, labelElement] : [labelElement, control], hintElement, extra, error)
}

/** The `.field-error` line of a `field(…)` element. */
export const errorLineOf = (fieldElement) => fieldElement.querySelector(':scope > .field-error')

/** A form-level error line (role=alert) for messages that belong to no single field. */
export const formAlert = () => h('p', { class: 'form-alert', role: 'alert' })

export const clearErrors = (form) => {
  for (const control of form.querySelectorAll('[aria-invalid="true"]')) control.removeAttribute('aria-invalid')
  for (const line of form.querySelectorAll('.field-error, .form-alert')) line.textContent = ''
}

const fieldErrorLine = (control) => control.closest('.field')?.querySelector('.field-error') ?? null

/** Marks one control invalid with a message (an empty message clears it). */
export const setFieldError = (control, message) => {
  if (message) control.setAttribute('aria-invalid', 'true')
  else control.removeAttribute('aria-invalid')
  const line = fieldErrorLine(control)
  if (line) line.textContent = message
}

/** A readable pt-BR message for any error thrown by api.js (or anything else). */
export const errorMessage = (error) => {
  if (!error) return 'Algo deu errado.'
  if (error.status === 404 && error.code === 'HTTP_ROUTE_NOT_FOUND') return 'Esta função ainda não está disponível neste servidor.'
  if (error.status === 403) return 'Sem permissão para esta ação.'
  return error.message || 'Algo deu errado.'
}

/**
 * A problem found in the browser before calling the API, shaped like an ApiError's 400:
 * `new FormProblem({ path: 'amount_cents', message: '…' })`; an empty path goes to the form alert.
 */
export class FormProblem extends Error {
  constructor(...entries) {
    super(entries.map((entry) => entry.message).join('; '))
    this.entries = entries
  }

  fieldErrors() {
    return this.entries
  }
}

/**
 * Shows an API error on a form: each "path: problem" of a 400 goes next to the control named
 * `aliases[path] ?? path`; everything else goes to `alert`. Returns true if something was shown.
 */
export const showApiError = (form, error, alert, aliases = {}) => {
  clearErrors(form)
  const unmatched = []
  const entries = typeof error?.fieldErrors === 'function' ? error.fieldErrors() : []
  for (const { path, message } of entries) {
    const name = aliases[path] ?? path
    const control = name ? form.elements.namedItem(name) : null
    if (control && typeof control.setAttribute === 'function') setFieldError(control, message)
    else unmatched.push(path ? `${path}: ${message}` : message)
  }
  if (entries.length === 0) unmatched.push(errorMessage(error))
  if (alert) alert.textContent = unmatched.join(' · ')
  const firstInvalid = form.querySelector('[aria-invalid="true"]')
  firstInvalid?.focus()
  return true
}

/** Runs `task` with `button` disabled (and its label swapped while busy). */
export const withBusy = async (button, task, busyLabel) => {
  const label = button?.textContent
  if (button) {
    button.disabled = true
    if (busyLabel) button.textContent = busyLabel
  }
  try {
    return await task()
  } finally {
    if (button) {
      button.disabled = false
      if (busyLabel) button.textContent = label
    }
  }
}

/**
 * Wires a form's submit: clears its errors and runs `action()` with `submit` busy. Whatever it
 * throws (an ApiError, a FormProblem) is shown next to the fields, `aliases` mapping API paths to
 * control names, or in `alert`.
 */
export const onSubmit = (form, { submit, alert, aliases }, action) =>
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    clearErrors(form)
    await withBusy(submit, async () => {
      try {
        await action()
      } catch (error) {
        showApiError(form, error, alert, aliases)
      }
    })
  })

/**
 * A toolbar form with a primary submit button and a ghost reset button after `fields`, then
 * `after`: the search and filter bars of the lists.
 */
export const filterForm = ({ className = 'toolbar', role, submitLabel, resetLabel, onApply, onReset }, fields, after = null) =>
  h(
    'form',
    {
      class: className,
      role,
      onsubmit: (event) => {
        event.preventDefault()
        onApply()
      },
    },
    fields,
    h('button', { type: 'submit', class: 'primary' }, submitLabel),
    h('button', { type: 'button', class: 'ghost', onclick: () => onReset() }, resetLabel),
    after,
  )

/**
 * A `<form novalidate>` that calls the API: `fields`, then its primary submit button (plus
 * `moreActions`) in `.form-actions`, then the form's alert line. On submit, `action()` runs as in
 * `onSubmit`. `submitClass` replaces the button's class (`primary`).
 */
export const apiForm = ({ className, submitLabel, submitClass = 'primary', submitDisabled = false, moreActions = null, aliases }, fields, action) => {
  const submit = h('button', { type: 'submit', class: submitClass, disabled: submitDisabled }, submitLabel)
  const alert = formAlert()
  const form = h('form', { class: className, novalidate: true }, fields, h('div', { class: 'form-actions' }, submit, moreActions), alert)
  onSubmit(form, { submit, alert, aliases }, action)
  return form
}
