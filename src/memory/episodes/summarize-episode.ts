import { z } from 'zod'
import type { ConversationMessage } from '../../conversation/conversation.js'
import type { LlmClient } from '../../llm/llm-client.js'
import { isNewConversationCommand } from '../short-memory/new-conversation-command.js'
import { episodeFactSchema, MAX_EPISODE_SUMMARY, type EpisodeFact, type EpisodeRole } from './episode.js'

/** Bump when the prompt changes, so re-summarised episodes can be told apart. */
export const EPISODE_PROMPT_VERSION = 'episode-summary-v1'

export const EPISODE_SUMMARY_PROMPT = `Você resume conversas de WhatsApp de uma pequena empresa brasileira para a memória do assistente.
Recebe a transcrição de um trecho de conversa, com a data e hora de cada mensagem.

Responda SOMENTE com um objeto JSON, sem texto fora dele:
{"summary": string, "facts": [{"text": string, "about": "customer" | "business", "share_with_customers": boolean, "slot_key": string opcional}]}

Regras do resumo ("summary"):
- Em português do Brasil, no máximo 1.200 caracteres, em terceira pessoa.
- Diga o que foi pedido, o que foi decidido ou feito (agendamentos, cobranças, pagamentos) e o que ficou pendente.
- Use SEMPRE datas absolutas (ex.: "em 2026-03-05 às 14h"). Resolva "hoje", "amanhã", "sexta" etc. pela data da mensagem em que aparecem.

Regras dos fatos ("facts"), informações duráveis úteis em conversas futuras:
- Só o que o cliente ou o dono disseram, ou o resultado de uma ação concluída. Nunca sugestões do assistente.
- Cada fato é uma frase completa e autossuficiente em pt-BR, com datas absolutas (ex.: "Cliente prefere horários após 18h (dito em 2026-03-02)").
- "about": "customer" para fatos sobre a pessoa com quem se conversa; "business" para fatos sobre a empresa (regras, preços, horários) ditos pelo dono.
- "share_with_customers": true só se o fato pode ser mostrado ao cliente sem constrangimento.
- "slot_key" só para fatos de valor único que podem mudar (ex.: "customer.preferred_time", "customer.preferred_name", "business.opening_hours").
- Nunca inclua CPF, número de cartão, senhas ou chaves PIX.
- Se não houver nada durável, devolva "facts": [].`

const llmAnswerSchema = z.object({
  summary: z.string().min(1),
  facts: z.array(z.unknown()).default([]),
})

export interface EpisodeSummary {
  summary: string
  facts: EpisodeFact[]
}

const authorLabel: Record<ConversationMessage['author'], string> = {
  customer: 'Cliente',
  owner: 'Dono',
  human: 'Atendente',
  agent: 'Assistente',
}

/** `2026-03-02 09:15` in the tenant's time zone. */
export const formatLocalTime = (iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .format(new Date(iso))
    .replace(',', '')

const messageText = (message: ConversationMessage): string => (message.text ?? `[${message.kind}]`).replace(/\s+/g, ' ').trim()

/** Keeps the newest lines within a character budget (≈12k tokens, design §4's size cap). */
export const formatTranscript = (messages: readonly ConversationMessage[], timeZone: string, maxChars = 48_000): string => {
  const lines = messages.map((message) => `[${formatLocalTime(message.created_at, timeZone)}] ${authorLabel[message.author]}: ${messageText(message)}`)
  let total = 0
  let start = lines.length
  while (start > 0 && total + lines[start - 1]!.length + 1 <= maxChars) {
    start -= 1
    total += lines[start]!.length + 1
  }
  return (start > 0 ? ['[… mensagens anteriores omitidas …]'] : []).concat(lines.slice(start)).join('\n')
}

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)

// Design §5's PII guard: CPF, card-like digit runs, passwords and PIX keys never become memories.
const piiPatterns = [/\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b/, /\b(?:\d[ -]?){13,19}\b/, /\bsenha\b/i, /\bchave\s+pix\b/i]
export const containsForbiddenPii = (text: string): boolean => piiPatterns.some((pattern) => pattern.test(text))

/** Parses the model's JSON (tolerating a ```json fence); invalid facts are dropped one by one. */
export const parseEpisodeSummary = (content: string): EpisodeSummary => {
  const json = content.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '')
  const answer = llmAnswerSchema.parse(JSON.parse(json))
  const facts = answer.facts.flatMap((raw) => {
    const parsed = episodeFactSchema.safeParse(raw)
    return parsed.success && !containsForbiddenPii(parsed.data.text) ? [parsed.data] : []
  })
  return { summary: clip(answer.summary.trim(), MAX_EPISODE_SUMMARY), facts }
}

/** One LLM call per episode (design §5). Throws when the call fails or the answer is not the JSON asked for. */
export const summarizeWithLlm = async (input: {
  llm: LlmClient
  messages: readonly ConversationMessage[]
  role: EpisodeRole
  timeZone: string
  model?: string
}): Promise<EpisodeSummary> => {
  const first = input.messages[0]!
  const last = input.messages.at(-1)!
  const context = [
    `Conversa com ${input.role === 'owner' ? 'o dono da empresa' : 'um cliente'}.`,
    `Período: ${formatLocalTime(first.created_at, input.timeZone)} a ${formatLocalTime(last.created_at, input.timeZone)} (${input.timeZone}).`,
    '',
    formatTranscript(input.messages, input.timeZone),
  ].join('\n')
  const result = await input.llm.chat({
    messages: [
      { role: 'system', content: EPISODE_SUMMARY_PROMPT },
      { role: 'user', content: context },
    ],
    temperature: 0,
    ...(input.model ? { model: input.model } : {}),
  })
  return parseEpisodeSummary(result.message.content ?? '')
}

/**
 * Without an LLM (or when it fails): the first message from the contact and the last message,
 * dated, marked for a later LLM summary. No facts: extraction waits for that summary.
 */
export const summarizeExtractively = (messages: readonly ConversationMessage[], timeZone: string): string => {
  const first = messages.find((message) => message.direction === 'inbound') ?? messages[0]!
  const last = messages.at(-1)!
  const line = (message: ConversationMessage) =>
    `[${formatLocalTime(message.created_at, timeZone)}] ${authorLabel[message.author]}: "${clip(messageText(message), 450)}"`
  const parts = [`Resumo extrativo (${messages.length} mensagens, aguardando resumo).`, `Início: ${line(first)}`]
  if (last !== first) parts.push(`Fim: ${line(last)}`)
  return clip(parts.join('\n'), MAX_EPISODE_SUMMARY)
}

/**
 * Words of greetings and acknowledgements. A message made only of these (after lowercasing and
 * dropping accents, punctuation and emoji) says nothing worth an episode. "sim"/"não" are not in
 * the list: they may answer a confirmation.
 */
const trivialWords = new Set(
  (
    'oi oie ola opa eai e ai bom boa dia dias tarde tardes noite noites tudo bem td bom blz beleza ok okay okk certo ' +
    'obrigado obrigada obrigadao obg brigado brigada vlw valeu agradeco muito mt tchau ate mais logo abraco abracos ' +
    'show top legal perfeito otimo joia kk kkk kkkk haha hahaha rs rsrs de nada por favor'
  ).split(' '),
)

export const isTrivialText = (text: string | null): boolean => {
  if (text === null) return false
  const words = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
  return words.every((word) => trivialWords.has(word))
}

/**
 * A conversation makes no episode when the contact sent fewer than 2 messages, or when every
 * message the contact sent is only greetings or acknowledgements ("oi", "ok", "obrigado", 👍).
 * Media without text counts as content; a `/novo` command does not.
 */
export const isTrivialConversation = (messages: readonly ConversationMessage[]): boolean => {
  const fromContact = messages.filter(
    (message) =>
      message.direction === 'inbound' && (message.author === 'customer' || message.author === 'owner') && !isNewConversationCommand(message.text),
  )
  return fromContact.length < 2 || fromContact.every((message) => isTrivialText(message.text))
}
