import { describe, expect, it } from 'vitest'
import { createSendReply, type SendReplyDependencies } from '../../../src/conversation/send-reply.js'
import type { ClaimedBatch, TaskRecord } from '../../../src/orchestration/index.js'
import { createFixedClock } from '../../../src/shared/clock.js'
import { createSilentLogger } from '../../../src/shared/logger.js'

// A reply queued before the contact's erasure was drafted from erased content: not sent, not recorded.
describe('send reply after an erasure', () => {
  it('drops a reply queued before the contact was erased, and sends one queued after', async () => {
    const erasedAt = Date.parse('2026-03-02T12:00:00.000Z')
    const sent: string[] = []
    const deps = {
      tenants: { getRuntimeConfig: async () => ({ evolution: { base_url: 'http://evolution', api_key: 'k', instance: 'main', min_send_gap_ms: 0 } }) },
      conversations: { getConversation: async () => null, appendMessage: async () => ({ created: true }) },
      events: { append: async () => ({ created: true }) },
      evolution: {
        sendPresence: async () => undefined,
        sendText: async (_connection: unknown, input: { text: string }) => (sent.push(input.text), { messageId: `wa_${sent.length}`, status: 'PENDING' }),
      },
      pacer: { wait: async () => undefined },
      clock: createFixedClock(new Date(erasedAt + 60_000)),
      logger: createSilentLogger(),
      isErased: async ({ at }: { at: Date }) => at.getTime() <= erasedAt,
    } as unknown as SendReplyDependencies
    const task = (text: string, createdAt: number) =>
      ({ task_id: `out_${text}`, created_at: new Date(createdAt).toISOString(), payload: { contact_id: 'cus_1', instance: 'main', reply_jid: '5511@s.whatsapp.net', text, bypass_pause: false } }) as unknown as TaskRecord
    const batch: ClaimedBatch = { tenantId: 't-1', queueKey: 'send:main:5511', kind: 'send', tasks: [task('antes', erasedAt - 1_000), task('depois', erasedAt + 1_000)] }
    await createSendReply(deps)(batch)
    expect(sent).toEqual(['depois'])
  })
})
