import type { z } from 'zod'
import { AppError } from '../../../shared/app-error.js'
import type { Logger } from '../../../shared/logger.js'
import { apiVersionOf, evolutionUrl } from './connection.js'
import { evolutionErrorMessage, findNotOnWhatsapp, scrubSecret, thirdParty } from './evolution-errors.js'
import type { EvolutionConnection } from './types.js'

export interface EvolutionRequestSpec<Schema extends z.ZodType> {
  /** Our name for the call, e.g. 'sendText'; it appears in logs and error messages. */
  operation: string
  method: 'GET' | 'POST' | 'PUT'
  /** Path before the instance name, e.g. 'message/sendText'. */
  route: string
  /** The route names no instance (`instance/create`): the instance name is not appended. */
  withoutInstance?: boolean
  /** Query parameters, e.g. `{number}` for a pairing code. */
  query?: Record<string, string>
  body?: unknown
  /** Tolerant schema for the success body (extra fields allowed). */
  schema: Schema
  /** Added to the timeout: Evolution blocks the answer for a request's `delay`. */
  extraTimeoutMs?: number
  /** The number the caller asked for, for EVOLUTION_NUMBER_NOT_ON_WHATSAPP details. */
  number?: string
}

export type EvolutionRequest = <Schema extends z.ZodType>(
  connection: EvolutionConnection,
  spec: EvolutionRequestSpec<Schema>,
) => Promise<z.output<Schema>>

export interface EvolutionRequestDeps {
  fetch: typeof fetch
  logger: Logger
  timeoutMs: number
  retries: number
  retryBaseDelayMs: number
  sleep: (ms: number) => Promise<void>
  random?: () => number
}

type Outcome =
  | { kind: 'response'; status: number; statusText: string; text: string; body: unknown; location: string | null }
  | { kind: 'network'; error: unknown }
  | { kind: 'timeout'; timeoutMs: number }

/** What to do with a failed attempt: retry it (transient) or give up with this error at once. */
type Verdict = { retry: true; reason: string; evolutionMessage: string | null } | { retry: false; error: AppError }

class TimedOut extends Error {}

/**
 * One HTTP call to Evolution with its error mapping:
 * - network error / 5xx → retried (exponential backoff + jitter), then EVOLUTION_REQUEST_FAILED;
 * - timeout → retried, then EVOLUTION_TIMEOUT;
 * - 401/403 → EVOLUTION_AUTH_FAILED; 400 with `exists:false` → EVOLUTION_NUMBER_NOT_ON_WHATSAPP;
 *   any other 3xx/4xx → EVOLUTION_REQUEST_REJECTED; none of them retried.
 * The API key goes in the `apikey` header only; logs and errors never carry it.
 */
export const createEvolutionRequest = (deps: EvolutionRequestDeps): EvolutionRequest => {
  const random = deps.random ?? Math.random

  const attempt = async (
    connection: EvolutionConnection,
    spec: EvolutionRequestSpec<z.ZodType>,
    url: string,
    timeoutMs: number,
  ): Promise<Outcome> => {
    const controller = new AbortController()
    const timedOut = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(new TimedOut()), { once: true })
    })
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    const headers: Record<string, string> = { apikey: connection.apiKey, accept: 'application/json' }
    if (spec.body !== undefined) headers['content-type'] = 'application/json'
    const exchange = (async (): Promise<Outcome> => {
      const response = await deps.fetch(url, {
        method: spec.method,
        headers,
        ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
        signal: controller.signal,
        // A redirect would turn a POST into a GET somewhere else; surface it instead.
        redirect: 'manual',
      })
      const text = await response.text()
      return {
        kind: 'response',
        status: response.status,
        statusText: response.statusText,
        text,
        body: parseJson(text),
        location: response.headers.get('location'),
      }
    })()
    // The race decides; keep the loser from surfacing as an unhandled rejection.
    exchange.catch(() => undefined)
    try {
      return await Promise.race([exchange, timedOut])
    } catch (error) {
      if (error instanceof TimedOut || controller.signal.aborted) return { kind: 'timeout', timeoutMs }
      return { kind: 'network', error }
    } finally {
      clearTimeout(timer)
      controller.abort()
    }
  }

  const judge = (
    connection: EvolutionConnection,
    spec: EvolutionRequestSpec<z.ZodType>,
    outcome: Outcome,
    attempts: number,
  ): Verdict => {
    const base = { operation: spec.operation, instance: connection.instance }
    if (outcome.kind === 'timeout') return { retry: true, reason: `no answer within ${outcome.timeoutMs} ms`, evolutionMessage: null }
    if (outcome.kind === 'network') {
      return { retry: true, reason: scrubSecret(describeNetworkError(outcome.error), connection.apiKey), evolutionMessage: null }
    }
    const { status } = outcome
    const statusLabel = `${status}${outcome.statusText ? ` ${outcome.statusText}` : ''}`
    const evolutionMessage = scrubSecret(evolutionErrorMessage(outcome.body, outcome.text, statusLabel), connection.apiKey)
    const details = { ...base, status, evolutionMessage, attempts }
    if (status >= 500) return { retry: true, reason: `${statusLabel}: ${evolutionMessage}`, evolutionMessage }
    if (status === 401 || status === 403) {
      return {
        retry: false,
        error: thirdParty(
          'EVOLUTION_AUTH_FAILED',
          `Evolution refused the API key for instance "${connection.instance}" (${statusLabel}): ${evolutionMessage}. Check evolution.api_key (the instance token or the global key).`,
          details,
        ),
      }
    }
    const notOnWhatsapp = status === 400 ? findNotOnWhatsapp(outcome.body) : null
    if (notOnWhatsapp) {
      const number = spec.number ?? notOnWhatsapp.number
      return {
        retry: false,
        error: new AppError(
          'EVOLUTION_NUMBER_NOT_ON_WHATSAPP',
          `The number ${number ?? notOnWhatsapp.jid ?? ''} is not on WhatsApp (Evolution: ${evolutionMessage})`,
          { category: 'user', details: { ...details, number, jid: notOnWhatsapp.jid } },
        ),
      }
    }
    if (status === 404) {
      const instanceMissing = /instance does not exist/i.test(evolutionMessage)
      const hint = instanceMissing
        ? `the instance name "${connection.instance}" may be wrong; check evolution.instance`
        : `the route was not found; check evolution.base_url and the API version (${apiVersionOf(connection)})`
      return {
        retry: false,
        error: thirdParty(
          'EVOLUTION_REQUEST_REJECTED',
          `Evolution rejected ${spec.operation} (${statusLabel}): ${evolutionMessage}; ${hint}`,
          details,
        ),
      }
    }
    if (status >= 300 && status < 400) {
      return {
        retry: false,
        error: thirdParty(
          'EVOLUTION_REQUEST_REJECTED',
          `Evolution answered ${spec.operation} with a redirect (${statusLabel}) to ${outcome.location ?? 'an unknown location'}; set evolution.base_url to the final URL`,
          { ...details, location: outcome.location },
        ),
      }
    }
    return {
      retry: false,
      error: thirdParty('EVOLUTION_REQUEST_REJECTED', `Evolution rejected ${spec.operation} (${statusLabel}): ${evolutionMessage}`, details),
    }
  }

  const giveUp = (
    connection: EvolutionConnection,
    spec: EvolutionRequestSpec<z.ZodType>,
    outcome: Outcome,
    attempts: number,
    reason: string,
    evolutionMessage: string | null,
  ): AppError => {
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`
    const details: Record<string, unknown> = { operation: spec.operation, instance: connection.instance, attempts }
    if (outcome.kind === 'timeout') {
      return thirdParty(
        'EVOLUTION_TIMEOUT',
        `Evolution did not answer ${spec.operation} within ${outcome.timeoutMs} ms (${tries})`,
        { ...details, timeoutMs: outcome.timeoutMs },
      )
    }
    if (outcome.kind === 'network') {
      return thirdParty(
        'EVOLUTION_REQUEST_FAILED',
        `Evolution is unreachable for ${spec.operation} after ${tries}: ${reason}`,
        details,
        outcome.error,
      )
    }
    return thirdParty('EVOLUTION_REQUEST_FAILED', `Evolution failed ${spec.operation} after ${tries} (${reason})`, {
      ...details,
      status: outcome.status,
      evolutionMessage,
    })
  }

  return async (connection, spec) => {
    const url = requestUrl(connection, spec)
    const timeoutMs = deps.timeoutMs + Math.max(0, spec.extraTimeoutMs ?? 0)
    const log = { operation: spec.operation, instance: connection.instance, method: spec.method, route: spec.route }
    const maxAttempts = Math.max(0, Math.floor(deps.retries)) + 1
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      const startedAt = Date.now()
      deps.logger.debug({ ...log, attempt: attemptNumber }, 'evolution request')
      const outcome = await attempt(connection, spec, url, timeoutMs)
      const durationMs = Date.now() - startedAt
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        deps.logger.debug({ ...log, attempt: attemptNumber, status: outcome.status, durationMs }, 'evolution response')
        const parsed = spec.schema.safeParse(outcome.body)
        if (parsed.success) return parsed.data
        const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ')
        // Not retried: the call itself succeeded (a message may have gone out).
        throw thirdParty(
          'EVOLUTION_REQUEST_FAILED',
          `Evolution answered ${spec.operation} (${outcome.status}) with an unexpected body: ${issues}`,
          { operation: spec.operation, instance: connection.instance, status: outcome.status, reason: 'unexpected_response', issues },
        )
      }
      const verdict = judge(connection, spec, outcome, attemptNumber)
      if (!verdict.retry) {
        deps.logger.debug(
          { ...log, attempt: attemptNumber, status: outcome.kind === 'response' ? outcome.status : null, durationMs, code: verdict.error.code },
          'evolution request rejected',
        )
        throw verdict.error
      }
      if (attemptNumber >= maxAttempts) {
        deps.logger.warn({ ...log, attempts: attemptNumber, reason: verdict.reason }, 'evolution request failed, giving up')
        throw giveUp(connection, spec, outcome, attemptNumber, verdict.reason, verdict.evolutionMessage)
      }
      const backoff = deps.retryBaseDelayMs * 2 ** (attemptNumber - 1)
      const retryInMs = Math.max(0, Math.round(backoff * (0.8 + 0.4 * random())))
      deps.logger.warn({ ...log, attempt: attemptNumber, reason: verdict.reason, retryInMs }, 'evolution request failed, retrying')
      await deps.sleep(retryInMs)
    }
  }
}

const requestUrl = (connection: EvolutionConnection, spec: EvolutionRequestSpec<z.ZodType>): string => {
  const base = spec.withoutInstance
    ? `${connection.baseUrl.replace(/\/+$/, '')}/${spec.route.replace(/^\/+/, '')}`
    : evolutionUrl(connection, spec.route)
  const query = spec.query && Object.keys(spec.query).length > 0 ? `?${new URLSearchParams(spec.query).toString()}` : ''
  return `${base}${query}`
}

const parseJson = (text: string): unknown => {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

const describeNetworkError = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code
    return `${error.message}: ${typeof code === 'string' && !cause.message.includes(code) ? `${code} ` : ''}${cause.message}`
  }
  return error.message
}
