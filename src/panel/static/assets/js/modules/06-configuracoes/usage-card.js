// "Uso de IA": tokens and estimated cost per day (GET …/usage, last 30 days).
import { h, replace } from '../../dom.js'
import { section } from './basic-cards.js'

const integer = new Intl.NumberFormat('pt-BR')
const usd = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 })

const dayLabel = (day) => {
  const [year, month, date] = day.split('-')
  return `${date}/${month}/${year}`
}

const cost = (value) => (typeof value === 'number' ? usd.format(value) : '—')

export const usageCard = (ctx) => {
  const body = h('div', {}, h('p', { class: 'muted small' }, 'Carregando…'))
  const load = async () => {
    try {
      const answer = await ctx.api.get(ctx.api.tenantPath(ctx.tenantId, '/usage'))
      const items = [...(answer.items ?? [])].reverse()
      const budget = answer.daily_token_budget
      const budgetLine = h('p', { class: 'muted small' }, budget ? `Orçamento diário: ${integer.format(budget)} tokens.` : 'Sem orçamento diário de tokens (ilimitado).')
      if (!items.length) {
        replace(body, h('p', { class: 'empty' }, 'Nenhum uso de IA nos últimos 30 dias.'), budgetLine)
        return
      }
      const hasCost = items.some((item) => typeof item.estimated_cost_usd === 'number')
      const sum = (key) => items.reduce((total, item) => total + (Number(item[key]) || 0), 0)
      const row = (cells, tag = 'td') => h('tr', {}, cells.map(([value, numeric]) => h(tag, { class: numeric ? 'num' : null }, value)))
      const tokens = (item) => (Number(item.prompt_tokens) || 0) + (Number(item.completion_tokens) || 0) + (Number(item.embedding_tokens) || 0)
      replace(
        body,
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'table usage-table' },
            h('thead', {}, row([['Dia'], ['Requisições', true], ['Tokens de entrada', true], ['Tokens de saída', true], ['Embeddings', true], ['Total de tokens', true], ['Áudio (s)', true], ['Custo estimado', true]], 'th')),
            h(
              'tbody',
              {},
              items.map((item) =>
                row([
                  [dayLabel(item.day)],
                  [integer.format(item.requests ?? 0), true],
                  [integer.format(item.prompt_tokens ?? 0), true],
                  [integer.format(item.completion_tokens ?? 0), true],
                  [integer.format(item.embedding_tokens ?? 0), true],
                  [integer.format(tokens(item)), true],
                  [integer.format(item.audio_seconds ?? 0), true],
                  [cost(item.estimated_cost_usd), true],
                ]),
              ),
            ),
            h(
              'tfoot',
              {},
              row(
                [
                  ['Total'],
                  [integer.format(sum('requests')), true],
                  [integer.format(sum('prompt_tokens')), true],
                  [integer.format(sum('completion_tokens')), true],
                  [integer.format(sum('embedding_tokens')), true],
                  [integer.format(items.reduce((total, item) => total + tokens(item), 0)), true],
                  [integer.format(sum('audio_seconds')), true],
                  [hasCost ? cost(sum('estimated_cost_usd')) : '—', true],
                ],
                'th',
              ),
            ),
          ),
        ),
        budgetLine,
        hasCost ? h('p', { class: 'muted small' }, 'Custo estimado em dólares pelos preços públicos dos modelos; a fatura da OpenAI é a referência.') : null,
      )
    } catch (error) {
      replace(body, h('p', { class: 'error-text small' }, `Não foi possível ler o uso: ${error.message}`))
    }
  }
  void load()
  return section('cfg-uso', 'Uso de IA', 'Tokens e custo estimado por dia, nos últimos 30 dias.', body)
}
