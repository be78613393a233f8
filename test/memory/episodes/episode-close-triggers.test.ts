import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConversationStore } from '../../../src/conversation/conversation-store.js'
import { createFileConversationStore } from '../../../src/conversation/file-conversation-store.js'
import type { Turn } from '../../../src/conversation/turn-responder.js'
import type { AgendaService, Appointment } from '../../../src/domains/agenda/index.js'
import type { BillingService, Charge } from '../../../src/domains/billing/index.js'
import {
  createEpisodeCloser,
  createEpisodeCloseRequester,
  createEpisodeCloseTaskHandler,
  createFileEpisodeStore,
  createNewConversationResponder,
  episodeCloseTaskKind,
  newConversationReply,
  selectShortMemory,
  type EpisodeStore,
} from '../../../src/memory/index.js'
import { createFileTaskQueueStore, type TaskQueueStore } from '../../../src/orchestration/index.js'
import { closeEpisodesOnAgendaEvents, closeEpisodesOnBillingEvents } from '../../../src/runtime/episode-close-wiring.js'
import { createFixedClock } from '../../../src/shared/clock.js'
import { randomIdGenerator } from '../../../src/shared/ids.js'
import { createSilentLogger } from '../../../src/shared/logger.js'
import type { FileStorage } from '../../../src/storage/file/index.js'
import { randomTenantId } from '../../support/factories.js'
import { openTestFileStorage } from '../../support/file-storage.js'
import { createConversationScript, randomContactId } from '../support/episode-fixtures.js'

// The design's explicit close events (memory.md §4): a booking made, changed or cancelled, a
// charge paid, and `/novo`, each closing the contact's conversation into an episode.
let storage: FileStorage
let close: () => Promise<void>
let conversations: ConversationStore
let episodes: EpisodeStore
let queue: TaskQueueStore

beforeAll(async () => {
  ;({ storage, close } = await openTestFileStorage())
  conversations = await createFileConversationStore(storage)
  episodes = await createFileEpisodeStore(storage)
  queue = await createFileTaskQueueStore(storage)
})
afterAll(() => close())

const logger = createSilentLogger()

const setup = () => {
  const clock = createFixedClock(new Date('2026-03-02T12:00:00.000Z'))
  const tenantId = randomTenantId()
  const customerId = randomContactId()
  const closer = createEpisodeCloser({ store: episodes, conversations, clock, ids: randomIdGenerator, logger })
  const requestClose = createEpisodeCloseRequester({ queue, clock })
  const handle = createEpisodeCloseTaskHandler({ closer, roleOf: async () => 'customer', logger })
  /** Runs the close tasks due now, as the worker would. */
  const runDueCloses = async () => {
    const batches = await queue.claim({ workerId: 'test', now: clock.now(), leaseMs: 60_000, limit: 100, maxCoalesceWaitMs: 0 })
    for (const batch of batches.filter((claimed) => claimed.tenantId === tenantId)) {
      await handle(batch)
      await queue.complete({ tenantId, taskIds: batch.tasks.map((task) => task.task_id), workerId: 'test', now: clock.now() })
    }
  }
  const closeTasks = async () => (await queue.list({ tenantId, kind: episodeCloseTaskKind, limit: 50 })).items
  const script = createConversationScript({ conversations, tenantId, clock })
  const episodesOf = () => episodes.exportContact({ tenantId, contactId: customerId })
  return { clock, tenantId, customerId, requestClose, runDueCloses, closeTasks, script, episodesOf }
}

const appointmentOf = (tenantId: string, customerId: string, updatedAt = '2026-03-02T12:00:00.000Z'): Appointment =>
  ({ tenant_id: tenantId, appointment_id: 'apt_1', customer_id: customerId, updated_at: updatedAt }) as Appointment
const chargeOf = (customerId: string): Charge => ({ charge_id: 'chg_1', customer_id: customerId }) as Charge

describe('episode close on events', () => {
  it('closes the customer’s episode a minute after a booking, with the confirmation in it', async () => {
    const { clock, tenantId, customerId, requestClose, runDueCloses, closeTasks, script, episodesOf } = setup()
    const agenda = closeEpisodesOnAgendaEvents({ book: async () => appointmentOf(tenantId, customerId) } as unknown as AgendaService, requestClose, logger)
    await script.say(customerId, 'inbound', 'Quero marcar um corte amanhã às 10h')
    await script.say(customerId, 'inbound', 'Pode confirmar, por favor')
    await agenda.book({ tenantId } as Parameters<AgendaService['book']>[0])
    const confirmation = await script.say(customerId, 'outbound', 'Agendado para amanhã às 10h.')
    expect(await closeTasks()).toHaveLength(1)
    await runDueCloses()
    expect(await episodesOf()).toEqual([]) // not yet: the reply may still be on its way
    clock.advance(61_000)
    await runDueCloses()
    const [episode] = await episodesOf()
    expect(episode).toMatchObject({ close_reason: 'event', last_message_id: confirmation.message_id, message_count: 3 })
    // The same booking reported twice (a retried tool call) closes once.
    await agenda.book({ tenantId } as Parameters<AgendaService['book']>[0])
    expect(await closeTasks()).toHaveLength(1)
  })

  it('requests a close when a booking is rescheduled or cancelled and when a charge is paid', async () => {
    const { tenantId, customerId, requestClose, closeTasks } = setup()
    const agenda = closeEpisodesOnAgendaEvents(
      {
        reschedule: async () => appointmentOf(tenantId, customerId, '2026-03-02T12:05:00.000Z'),
        cancel: async () => appointmentOf(tenantId, customerId),
      } as unknown as AgendaService,
      requestClose,
      logger,
    )
    const outcomes = ['paid', 'amount_mismatch'] as const
    const billing = closeEpisodesOnBillingEvents(
      {
        markPaid: async () => chargeOf(customerId),
        applyPaymentWebhook: async () => ({ outcome: outcomes[0], charge: chargeOf(customerId) }),
      } as unknown as BillingService,
      requestClose,
      logger,
    )
    await agenda.reschedule({ tenantId } as Parameters<AgendaService['reschedule']>[0])
    await agenda.cancel({ tenantId } as Parameters<AgendaService['cancel']>[0])
    await billing.markPaid({ tenantId, chargeId: 'chg_1', reference: 'owner' })
    await billing.applyPaymentWebhook({ tenantId, providerEventId: 'evt_1' })
    const tasks = await closeTasks()
    expect(tasks.map((task) => task.payload.event).sort()).toEqual(['appointment.cancelled', 'appointment.rescheduled', 'charge.paid'])
    expect(tasks.every((task) => task.payload.contact_id === customerId)).toBe(true)
  })

  it('does not request a close when the payment webhook paid nothing', async () => {
    const { tenantId, customerId, requestClose, closeTasks } = setup()
    const billing = closeEpisodesOnBillingEvents(
      { applyPaymentWebhook: async () => ({ outcome: 'amount_mismatch', charge: chargeOf(customerId) }) } as unknown as BillingService,
      requestClose,
      logger,
    )
    await billing.applyPaymentWebhook({ tenantId, providerEventId: 'evt_2' })
    expect(await closeTasks()).toEqual([])
  })
})

describe('/novo', () => {
  const turnOf = (tenantId: string, customerId: string, text: string, messageId: string): Turn =>
    ({ tenantId, contact: { customer_id: customerId }, role: 'customer', text, messageIds: [messageId] }) as unknown as Turn

  it('closes the conversation at the command and starts short memory fresh after it', async () => {
    const { clock, tenantId, customerId, requestClose, runDueCloses, script, episodesOf } = setup()
    const answered: string[] = []
    const responder = createNewConversationResponder({
      inner: { respond: async (turn) => (answered.push(turn.text), { replies: ['ok'] }) },
      requestClose,
      clock,
    })
    await script.say(customerId, 'inbound', 'Quanto custa a escova progressiva?')
    await script.say(customerId, 'outbound', 'R$ 250,00.')
    await script.say(customerId, 'inbound', 'E a hidratação?')
    const command = await script.say(customerId, 'inbound', '/novo')
    const reply = await responder.respond(turnOf(tenantId, customerId, '/novo', command.message_id))
    expect(reply).toEqual({ replies: [newConversationReply] })
    expect(answered).toEqual([]) // never reaches the agent
    // A message arriving before the close task runs belongs to the next episode.
    clock.advance(500)
    const next = await script.say(customerId, 'inbound', 'Queria marcar unha para sexta')
    await runDueCloses()
    const [episode] = await episodesOf()
    expect(episode).toMatchObject({ close_reason: 'event', last_message_id: command.message_id, message_count: 4 })
    const all = (await conversations.listMessages({ tenantId, contactId: customerId, limit: 50 })).items
    expect(selectShortMemory(all).map((message) => message.message_id)).toEqual([next.message_id])
    // Other text goes to the agent as usual.
    await responder.respond(turnOf(tenantId, customerId, 'novo horário?', 'm2'))
    expect(answered).toEqual(['novo horário?'])
  })

  it('makes no episode of a conversation that was only a greeting and /novo', async () => {
    const { tenantId, customerId, requestClose, runDueCloses, script, episodesOf, clock } = setup()
    const responder = createNewConversationResponder({ inner: { respond: async () => ({ replies: [] }) }, requestClose, clock })
    await script.say(customerId, 'inbound', 'oi')
    const command = await script.say(customerId, 'inbound', '/Novo')
    await responder.respond(turnOf(tenantId, customerId, '/Novo', command.message_id))
    await runDueCloses()
    expect(await episodesOf()).toEqual([])
  })
})
