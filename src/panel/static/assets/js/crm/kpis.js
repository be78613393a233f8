// The CRM's numbers: KPI cards (total and key stages) and bar charts of leads by stage and by
// channel. Plain DOM bars: each row is text a screen reader reads, with a decorative bar.
import { h, replace } from '../dom.js'
import { SOURCE_LABELS, SOURCES, STAGE_LABELS, STAGES } from './labels.js'

const CARD_STAGES = ['new', 'qualified', 'proposal', 'won', 'lost']

const kpiCard = (label, value, modifier) =>
  h('div', { class: ['crm-kpi', modifier && `crm-kpi-${modifier}`] }, h('span', { class: 'crm-kpi-label' }, label), h('strong', { class: 'crm-kpi-value' }, String(value)))

/** KPI cards into `container` from GET …/leads/kpis. */
export const renderKpiCards = (container, kpis) => {
  const winRateBase = (kpis.by_stage.won ?? 0) + (kpis.by_stage.lost ?? 0)
  const winRate = winRateBase ? `${Math.round(((kpis.by_stage.won ?? 0) / winRateBase) * 100)}%` : '—'
  replace(
    container,
    kpiCard('Total de leads', kpis.total, 'total'),
    CARD_STAGES.map((stage) => kpiCard(STAGE_LABELS[stage], kpis.by_stage[stage] ?? 0, stage)),
    kpiCard('Taxa de ganho', winRate, 'rate'),
  )
}

/** One horizontal bar chart: rows of label, bar and value. */
export const barChart = (title, rows, modifier) => {
  const max = Math.max(1, ...rows.map((row) => row.value))
  return h(
    'figure',
    { class: ['crm-chart', modifier && `crm-chart-${modifier}`] },
    h('figcaption', {}, title),
    h(
      'ul',
      { class: 'list-plain', 'aria-label': title },
      rows.map((row) => {
        const fill = h('span', { class: ['crm-bar-fill', row.key && `crm-bar-${row.key}`] })
        // CSSOM (not a style attribute), which the page's CSP allows.
        fill.style.width = `${(row.value / max) * 100}%`
        return h(
          'li',
          { class: 'crm-bar-row' },
          h('span', { class: 'crm-bar-label' }, row.label),
          h('span', { class: 'crm-bar-track', 'aria-hidden': 'true' }, fill),
          h('span', { class: 'crm-bar-value' }, String(row.value)),
        )
      }),
    ),
  )
}

/** Both charts (by stage, by channel) into `container`. */
export const renderCharts = (container, kpis) =>
  replace(
    container,
    barChart(
      'Leads por etapa',
      STAGES.map((stage) => ({ key: stage, label: STAGE_LABELS[stage], value: kpis.by_stage[stage] ?? 0 })),
      'stage',
    ),
    barChart(
      'Leads por canal',
      SOURCES.map((source) => ({ key: source, label: SOURCE_LABELS[source], value: kpis.by_source[source] ?? 0 })),
      'source',
    ),
  )
