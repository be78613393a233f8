/**
 * The envelope Evolution wraps every webhook in (REPORT.md §1.5):
 * `{event, instance, data, destination, date_time, sender, server_url, apikey}`; v1 may add `owner`.
 * Only `event` (or the URL suffix), `instance` and the presence of `data` are essential; every
 * other field is read tolerantly (a wrong type becomes null).
 */
import { z } from 'zod'
import { AppError } from '../../../shared/app-error.js'
import { eventNameFromSuffix, normaliseEventName } from './event-name.js'
import { asDate, asRecord, asText } from './json-values.js'

const optionalText = z.unknown().optional().transform(asText)

/** Tolerant schema of the raw envelope: unknown fields pass, non-essential fields of the wrong type become null. */
export const evolutionWebhookEnvelopeSchema = z.looseObject({
  event: optionalText,
  instance: z.string().trim().min(1),
  /** Object, array or null; only its absence is an error (checked by the parser). */
  data: z.unknown(),
  destination: optionalText,
  date_time: optionalText,
  sender: optionalText,
  server_url: optionalText,
  /** The instance token (or, in v1's global webhook, the global key): a secret, never log it. */
  apikey: optionalText,
  owner: optionalText,
})

export type RawEvolutionWebhookEnvelope = z.output<typeof evolutionWebhookEnvelopeSchema>

export interface EvolutionWebhookEnvelope {
  /** Dotted lowercase name, e.g. `messages.upsert`, from the body or else the URL suffix. */
  event: string
  instance: string
  data: unknown
  destination: string | null
  /** date_time: server-local wall time with a trailing Z; exact only on a UTC server. */
  dateTime: Date | null
  /** The instance's own JID; absent before the first login. */
  sender: string | null
  serverUrl: string | null
  /** Secret: the instance token (v2) or possibly the global key (v1). Never log it. */
  apikey: string | null
  /** v1 only. */
  owner: string | null
}

const invalid = (message: string): AppError => new AppError('WEBHOOK_ENVELOPE_INVALID', message)

/**
 * Reads the envelope; throws AppError WEBHOOK_ENVELOPE_INVALID when the body is not an Evolution
 * webhook at all: not an object, or no event name (body or suffix), no instance, or no `data` key.
 */
export const parseEvolutionWebhookEnvelope = (
  body: unknown,
  options: { eventSuffix?: string } = {},
): EvolutionWebhookEnvelope => {
  const record = asRecord(body)
  if (!record) throw invalid('Webhook body is not a JSON object')
  const parsed = evolutionWebhookEnvelopeSchema.safeParse(record)
  if (!parsed.success) throw invalid('Webhook body has no instance name')
  if (!('data' in record) || record.data === undefined) throw invalid('Webhook body has no data')
  const envelope = parsed.data
  const event =
    (envelope.event === null ? null : normaliseEventName(envelope.event)) ??
    (options.eventSuffix === undefined ? null : eventNameFromSuffix(options.eventSuffix))
  if (event === null) throw invalid('Webhook body has no event name')
  return {
    event,
    instance: envelope.instance.trim(),
    data: record.data,
    destination: envelope.destination,
    dateTime: asDate(envelope.date_time),
    sender: envelope.sender,
    serverUrl: envelope.server_url,
    apikey: envelope.apikey,
    owner: envelope.owner,
  }
}
