// "Negócio": name, time zone, business hours per weekday, services and PIX.
import { h, replace } from '../../dom.js'
import { section } from './basic-cards.js'
import { FieldProblem, fieldId, getPath } from './config-form.js'

const WEEKDAYS = [
  ['mon', 'Segunda'],
  ['tue', 'Terça'],
  ['wed', 'Quarta'],
  ['thu', 'Quinta'],
  ['fri', 'Sexta'],
  ['sat', 'Sábado'],
  ['sun', 'Domingo'],
]

const TIME_ZONES = ['America/Sao_Paulo', 'America/Manaus', 'America/Belem', 'America/Fortaleza', 'America/Recife', 'America/Bahia', 'America/Cuiaba', 'America/Campo_Grande', 'America/Porto_Velho', 'America/Boa_Vista', 'America/Rio_Branco', 'America/Noronha', 'America/Araguaina', 'America/Maceio']

/** One weekday: a list of [start, end] intervals; none means closed (the key is removed). */
const dayEditor = (form, config, key, name) => {
  const path = `business.hours.${key}`
  const initial = getPath(config, path) ?? null
  const list = h('div', { class: 'hours-intervals' })
  const errorEl = h('p', { class: 'field-error', 'aria-live': 'polite' })
  const rows = []
  const closed = h('span', { class: 'muted small hours-closed' }, 'Fechado')

  const refresh = () => {
    replace(list, rows.length ? rows.map((row) => row.element) : closed)
  }
  const addRow = ([start, end] = ['09:00', '18:00']) => {
    const index = rows.length + 1
    const startInput = h('input', { type: 'time', value: start, 'aria-label': `${name}: início do intervalo ${index}` })
    const endInput = h('input', { type: 'time', value: end, 'aria-label': `${name}: fim do intervalo ${index}` })
    const row = { startInput, endInput }
    row.element = h(
      'div',
      { class: 'hours-interval' },
      startInput,
      h('span', { class: 'muted' }, 'às'),
      endInput,
      h(
        'button',
        {
          type: 'button',
          class: 'ghost small',
          'aria-label': `Remover intervalo de ${name}`,
          onclick: () => {
            rows.splice(rows.indexOf(row), 1)
            refresh()
          },
        },
        '×',
      ),
    )
    rows.push(row)
    refresh()
  }
  for (const interval of initial ?? []) addRow(interval)
  refresh()

  form.bind({
    path,
    initial: initial && initial.length ? initial : null,
    inputs: () => rows.flatMap((row) => [row.startInput, row.endInput]),
    describe: (rest) => `Intervalo ${Number(rest.split('.')[0]) + 1}`,
    errorEl,
    read: () => {
      const intervals = rows.map((row) => [row.startInput.value, row.endInput.value])
      if (intervals.some(([start, end]) => !start || !end)) throw new FieldProblem('Preencha o início e o fim de cada intervalo.')
      return intervals.length ? intervals : null
    },
  })

  return h(
    'div',
    { class: 'hours-day', role: 'group', 'aria-label': name },
    h('span', { class: 'hours-name' }, name),
    list,
    h('button', { type: 'button', class: 'small', onclick: () => addRow(rows.length ? [rows[rows.length - 1].endInput.value || '13:00', '18:00'] : undefined) }, '+ Intervalo'),
    errorEl,
  )
}

const centsToText = (cents) => (typeof cents === 'number' ? (cents / 100).toFixed(2).replace('.', ',') : '')

const textToCents = (text) => {
  const clean = text.trim().replace(/^R\$\s*/, '').replace(/\./g, '').replace(',', '.')
  if (clean === '') return null
  const value = Number(clean)
  return Number.isFinite(value) ? Math.round(value * 100) : NaN
}

/** Services: name, duration, price in reais, optional buffer; the list is saved whole. */
const servicesEditor = (form, config) => {
  const path = 'business.services'
  const initial = getPath(config, path) ?? []
  const body = h('tbody')
  const errorEl = h('p', { class: 'field-error', 'aria-live': 'polite' })
  const rows = []
  const empty = h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'Nenhum serviço cadastrado.'))
  const refresh = () => replace(body, rows.length ? rows.map((row) => row.element) : empty)

  const addRow = (service = {}) => {
    const index = rows.length + 1
    const input = (label, props, value) => h('input', { ...props, value: value ?? '', 'aria-label': `Serviço ${index}: ${label}` })
    const row = {
      name: input('nome', { placeholder: 'Ex.: Corte de cabelo' }, service.name),
      duration: input('duração em minutos', { type: 'number', min: 5, max: 1440, placeholder: '30' }, service.duration_minutes),
      price: input('preço em reais', { inputmode: 'decimal', placeholder: '0,00' }, centsToText(service.price_cents)),
      buffer: input('intervalo em minutos', { type: 'number', min: 0, max: 240, placeholder: '0' }, service.buffer_minutes),
    }
    row.element = h(
      'tr',
      {},
      h('td', {}, row.name),
      h('td', {}, row.duration),
      h('td', {}, row.price),
      h('td', {}, row.buffer),
      h(
        'td',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'ghost small',
            'aria-label': `Remover serviço ${index}`,
            onclick: () => {
              rows.splice(rows.indexOf(row), 1)
              refresh()
            },
          },
          'Remover',
        ),
      ),
    )
    rows.push(row)
    refresh()
  }
  for (const service of initial) addRow(service)
  refresh()

  const SERVICE_FIELDS = { name: 'nome', duration_minutes: 'duração', price_cents: 'preço', buffer_minutes: 'intervalo' }
  form.bind({
    path,
    initial,
    inputs: () => rows.flatMap((row) => [row.name, row.duration, row.price, row.buffer]),
    describe: (rest) => {
      const [index, field] = rest.split('.')
      return `Serviço ${Number(index) + 1}${SERVICE_FIELDS[field] ? ` (${SERVICE_FIELDS[field]})` : ''}`
    },
    errorEl,
    read: () =>
      rows.map((row, index) => {
        const price = textToCents(row.price.value)
        if (Number.isNaN(price)) throw new FieldProblem(`Serviço ${index + 1}: preço inválido (use 150,00).`)
        const service = {
          name: row.name.value.trim(),
          duration_minutes: row.duration.value === '' ? null : Number(row.duration.value),
          price_cents: price ?? 0,
        }
        if (row.buffer.value !== '') service.buffer_minutes = Number(row.buffer.value)
        return service
      }),
  })

  return h(
    'div',
    { class: 'field wide' },
    h('span', { class: 'label-like' }, 'Serviços'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'table services-table' }, h('thead', {}, h('tr', {}, h('th', {}, 'Nome'), h('th', {}, 'Duração (min)'), h('th', {}, 'Preço (R$)'), h('th', {}, 'Intervalo (min)'), h('th', {}, h('span', { class: 'sr-only' }, 'Ações')))), body)),
    h('div', { class: 'row' }, h('button', { type: 'button', class: 'small', onclick: () => addRow() }, '+ Adicionar serviço')),
    errorEl,
  )
}

/** PIX: all three or none (removed). Sub-field errors land on their own inputs. */
const pixFields = (form, config) => {
  const initial = getPath(config, 'business.pix') ?? null
  const make = (key, label, placeholder, maxlength) => {
    const id = fieldId(`business.pix.${key}`)
    const control = h('input', { id, placeholder, maxlength, autocomplete: 'off' })
    control.value = initial?.[key] ?? ''
    const { element, errorEl } = form.wrap({ id, label, control })
    form.target(`business.pix.${key}`, [control], errorEl)
    return { control, element }
  }
  const key = make('key', 'Chave PIX', 'CPF, CNPJ, e-mail, telefone ou chave aleatória', 77)
  const name = make('merchant_name', 'Nome do recebedor', 'Como aparece no PIX (até 25)', 25)
  const city = make('merchant_city', 'Cidade do recebedor', 'Até 15 letras', 15)
  const errorEl = h('p', { class: 'field-error wide', 'aria-live': 'polite' })
  form.bind({
    path: 'business.pix',
    initial,
    inputs: [key.control, name.control, city.control],
    errorEl,
    read: () => {
      const value = { key: key.control.value.trim(), merchant_name: name.control.value.trim(), merchant_city: city.control.value.trim() }
      return value.key || value.merchant_name || value.merchant_city ? value : null
    },
  })
  return [key.element, name.element, city.element, errorEl]
}

export const businessCard = (form, config) =>
  section(
    'cfg-negocio',
    'Negócio',
    'Usado pela agenda, pela cobrança e pelo agente para responder sobre horários, serviços e preços.',
    h(
      'div',
      { class: 'form-grid' },
      form.text('display_name', 'Nome do negócio', { emptyAs: '', maxlength: 120 }),
      form.text('timezone', 'Fuso horário', { list: 'cfg-timezones', placeholder: 'America/Sao_Paulo', hint: 'Um fuso IANA, como America/Sao_Paulo.' }),
      h('datalist', { id: 'cfg-timezones' }, TIME_ZONES.map((zone) => h('option', { value: zone }))),
      h('div', { class: 'field wide' }, h('span', { class: 'label-like' }, 'Horário de funcionamento'), h('div', { class: 'hours' }, WEEKDAYS.map(([key, name]) => dayEditor(form, config, key, name)))),
      servicesEditor(form, config),
      h('h3', { class: 'wide form-subtitle' }, 'PIX'),
      pixFields(form, config),
    ),
  )
