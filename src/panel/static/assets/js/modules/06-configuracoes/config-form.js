// Binds inputs to tenant config paths, builds the JSON merge patch of what changed (null deletes
// a key), and shows the server's field errors ("business.pix.key: …") next to their inputs.
import { h } from '../../dom.js'
import { errorLineOf, field } from '../../ui/forms.js'

export const getPath = (object, path) => path.split('.').reduce((node, key) => (node === null || node === undefined ? undefined : node[key]), object)

const setPath = (object, path, value) => {
  const keys = path.split('.')
  let node = object
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {}
    node = node[key]
  }
  node[keys[keys.length - 1]] = value
}

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/** Thrown by a field's reader when the input cannot become a config value. */
export class FieldProblem extends Error {}

export const fieldId = (path) => `cfg-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`

const TRANSLATIONS = [
  [/^unknown IANA time zone.*/, () => 'Fuso horário desconhecido (ex.: America/Sao_Paulo).'],
  [/^not a valid cron expression$/, () => 'Expressão cron inválida (ex.: 0 3 * * *).'],
  [/^use an http:\/\/ or https:\/\/ URL$/, () => 'Use uma URL http:// ou https://.'],
  [/^use HH:mm.*/, () => 'Use o formato HH:mm (00:00–23:59).'],
  [/^an interval must end after it starts$/, () => 'O intervalo precisa terminar depois de começar.'],
  [/^intervals of one day must not overlap$/, () => 'Os intervalos do dia não podem se sobrepor.'],
  [/^the window must end after it starts$/, () => 'A janela precisa terminar depois de começar.'],
  [/^use a group JID like (.+)$/, (match) => `Use um JID de grupo como ${match[1]}.`],
  [/^"(.*)" is not a phone number.*/, (match) => `"${match[1]}" não é um número de telefone (use DDD ou código do país).`],
  [/^Too small: expected number to be >=?(-?[\d.]+)$/, (match) => `O mínimo é ${match[1]}.`],
  [/^Too big: expected number to be <=?(-?[\d.]+)$/, (match) => `O máximo é ${match[1]}.`],
  [/^Too small: expected string to have >=?1 characters?$/, () => 'Obrigatório.'],
  [/^Too small: expected string to have >=?(\d+) characters?$/, (match) => `Use ao menos ${match[1]} caracteres.`],
  [/^Too big: expected string to have <=?(\d+) characters?$/, (match) => `Use no máximo ${match[1]} caracteres.`],
  [/^Too big: expected array to have <=?(\d+) items?$/, (match) => `No máximo ${match[1]} itens.`],
  [/^Invalid input: expected (\w+), received undefined$/, () => 'Obrigatório.'],
  [/^Invalid input: expected int.*/, () => 'Use um número inteiro.'],
  [/^Invalid input.*/, () => 'Valor inválido.'],
  [/^Invalid option.*/, () => 'Opção inválida.'],
  [/^Unrecognized keys?: (.+)$/, (match) => `Campo desconhecido: ${match[1]}.`],
]

/** The server's English validation text in pt-BR when it is one of the known messages. */
export const translateProblem = (message) => {
  for (const [pattern, render] of TRANSLATIONS) {
    const match = pattern.exec(message)
    if (match) return render(match)
  }
  return message
}

export const createConfigForm = (config) => {
  const bindings = []
  const targets = new Map()

  /** `inputs` may be a function (rows added later); `describe(rest)` names a sub-path ("0.name" → "Serviço 1"). */
  const target = (path, inputs, errorEl, describe) => {
    targets.set(path, { inputs, errorEl, describe })
  }
  const inputsOf = (entry) => (typeof entry.inputs === 'function' ? entry.inputs() : entry.inputs).filter(Boolean)

  /** Registers a value: `read()` gives the value to save (or throws FieldProblem); `initial` is compared to it. */
  const bind = ({ path, read, initial, secret = false, inputs = [], errorEl, describe }) => {
    bindings.push({ path, read, initial, secret })
    if (errorEl) target(path, inputs, errorEl, describe)
  }

  /** `.field` wrapper (ui/forms.js `field`): label, control, hint and the error line. */
  const wrap = ({ id, label, control, hint, wide, check, extra }) => {
    control.id = id
    const element = field(label, control, { hint, className: wide && 'wide', check, extra, liveError: true })
    return { element, errorEl: errorLineOf(element) }
  }

  /** A control bound to `path`: its `.field`, with `read()` giving the value to save. */
  const bound = (path, label, control, { hint, wide, check, extra, initial, read, secret }) => {
    const { element, errorEl } = wrap({ id: fieldId(path), label, control, hint, wide, check, extra })
    bind({ path, initial, read, secret, inputs: [control], errorEl })
    return element
  }

  const text = (path, label, { placeholder, hint, emptyAs = null, wide, multiline, rows = 4, type = 'text', list, autocomplete = 'off', maxlength } = {}) => {
    const raw = getPath(config, path)
    const attributes = { name: path, placeholder, list, autocomplete, maxlength, spellcheck: multiline ? 'true' : 'false' }
    const control = multiline ? h('textarea', { ...attributes, rows }) : h('input', { ...attributes, type })
    control.value = raw ?? ''
    return bound(path, label, control, {
      hint,
      wide,
      initial: raw === undefined || raw === null ? emptyAs : raw,
      read: () => {
        const value = multiline ? control.value : control.value.trim()
        return value.trim() === '' ? emptyAs : value
      },
    })
  }

  const number = (path, label, { placeholder, hint, min, max, step = 1, wide } = {}) => {
    const raw = getPath(config, path)
    const control = h('input', { name: path, type: 'number', inputmode: 'numeric', min, max, step, placeholder })
    control.value = raw ?? ''
    return bound(path, label, control, {
      hint,
      wide,
      initial: raw ?? null,
      read: () => {
        if (control.value.trim() === '') {
          if (control.validity.badInput) throw new FieldProblem('Use um número.')
          return null
        }
        const value = Number(control.value)
        if (!Number.isInteger(value)) throw new FieldProblem('Use um número inteiro.')
        return value
      },
    })
  }

  const select = (path, label, options, { hint, wide } = {}) => {
    const raw = getPath(config, path)
    const control = h('select', { name: path }, options.map(([value, text]) => h('option', { value, selected: value === raw }, text)))
    return { element: bound(path, label, control, { hint, wide, initial: raw ?? null, read: () => control.value }), control }
  }

  const checkbox = (path, label, { hint, wide } = {}) => {
    const raw = getPath(config, path)
    const control = h('input', { name: path, type: 'checkbox', checked: Boolean(raw) })
    return bound(path, label, control, { hint, wide, check: true, initial: Boolean(raw), read: () => control.checked })
  }

  /** A secret: the masked value is only a placeholder; empty keeps it, typed replaces it, the checkbox removes it. */
  const secret = (path, label, { hint, wide } = {}) => {
    const id = fieldId(path)
    const masked = getPath(config, path)
    const control = h('input', { id, name: path, type: 'password', autocomplete: 'new-password', spellcheck: 'false', placeholder: masked ? `${masked} (salva)` : 'não definida' })
    const remove = masked ? h('input', { id: `${id}-remove`, type: 'checkbox' }) : null
    const extra = remove ? h('div', { class: 'field-check field' }, remove, h('label', { for: `${id}-remove` }, 'Remover esta chave ao salvar')) : null
    const defaultHint = masked ? 'Deixe em branco para manter a chave salva.' : 'Ainda não há chave salva.'
    return bound(path, label, control, {
      hint: hint ?? defaultHint,
      wide,
      extra,
      secret: true,
      read: () => {
        if (remove?.checked) return null
        return control.value.trim() === '' ? undefined : control.value.trim()
      },
    })
  }

  /** One value per line (phone numbers, group JIDs). */
  const lines = (path, label, { hint, placeholder, rows = 3, wide } = {}) => {
    const raw = getPath(config, path) ?? []
    const control = h('textarea', { name: path, rows, placeholder, spellcheck: 'false' })
    control.value = raw.join('\n')
    return bound(path, label, control, {
      hint,
      wide,
      initial: raw,
      read: () =>
        control.value
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
    })
  }

  /** Integers separated by commas ("24, 2"). */
  const numberList = (path, label, { hint, placeholder, wide } = {}) => {
    const raw = getPath(config, path) ?? []
    const control = h('input', { name: path, placeholder, inputmode: 'numeric' })
    control.value = raw.join(', ')
    return bound(path, label, control, {
      hint,
      wide,
      initial: raw,
      read: () => {
        const parts = control.value.split(/[,;\s]+/).filter(Boolean)
        const values = parts.map(Number)
        if (values.some((value) => !Number.isInteger(value))) throw new FieldProblem('Use números inteiros separados por vírgula.')
        return values
      },
    })
  }

  /**
   * The merge patch of every changed value, and the problems found while reading inputs.
   * Unchanged values are left out, so a save never rewrites what the user did not touch.
   */
  const buildPatch = () => {
    const patch = {}
    const problems = []
    for (const binding of bindings) {
      let value
      try {
        value = binding.read()
      } catch (error) {
        if (!(error instanceof FieldProblem)) throw error
        problems.push({ path: binding.path, message: error.message })
        continue
      }
      if (binding.secret) {
        if (value !== undefined) setPath(patch, binding.path, value)
      } else if (!same(value, binding.initial)) {
        setPath(patch, binding.path, value === undefined ? null : value)
      }
    }
    return { patch, problems }
  }

  const clearErrors = () => {
    for (const entry of targets.values()) {
      entry.errorEl.textContent = ''
      for (const input of inputsOf(entry)) input.removeAttribute('aria-invalid')
    }
  }

  /** Shows each `{path, message}` at the field with the longest matching path; returns the ones that matched none. */
  const showErrors = (problems) => {
    clearErrors()
    const unmatched = []
    let first = null
    for (const problem of problems) {
      let best = null
      for (const path of targets.keys()) {
        const matches = problem.path === path || problem.path.startsWith(`${path}.`)
        if (matches && (!best || path.length > best.length)) best = path
      }
      if (!best) {
        unmatched.push(problem)
        continue
      }
      const entry = targets.get(best)
      const rest = problem.path.slice(best.length + 1)
      const where = rest && entry.describe ? entry.describe(rest) : ''
      const message = `${where ? `${where}: ` : ''}${translateProblem(problem.message)}`
      entry.errorEl.textContent = entry.errorEl.textContent ? `${entry.errorEl.textContent} ${message}` : message
      const inputs = inputsOf(entry)
      for (const input of inputs) input.setAttribute('aria-invalid', 'true')
      first ??= inputs[0] ?? null
    }
    first?.focus()
    return unmatched
  }

  return { text, number, select, checkbox, secret, lines, numberList, bind, target, wrap, buildPatch, showErrors, clearErrors }
}
