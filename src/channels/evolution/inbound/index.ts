export { normaliseEvolutionWebhook } from './normalise-webhook.js'
export {
  parseEvolutionWebhookEnvelope,
  evolutionWebhookEnvelopeSchema,
  type EvolutionWebhookEnvelope,
  type RawEvolutionWebhookEnvelope,
} from './webhook-envelope.js'
export { evolutionEventNames, eventKey, normaliseEventName, eventNameFromSuffix } from './event-name.js'
export { readLong, readBytes, readBytesBase64 } from './protobuf-values.js'
export {
  contentTypeOf,
  unwrapMessageContent,
  readMessageContent,
  mentionedJidsOf,
  messageWrapperTypes,
  protocolMessageTypes,
  type UnwrappedMessage,
  type MessageContent,
  type MessageContentResult,
} from './message-content.js'
export {
  messageKeySchema,
  resolveMessageParties,
  chatKindOf,
  type MessageKey,
  type MessageParties,
} from './message-parties.js'
export {
  normaliseInboundMessage,
  detectEvolutionVersion,
  type InboundMessageContext,
  type InboundMessageResult,
} from './inbound-message.js'
export { messageStatusName, readStatusChange, readStatusChanges } from './status-update.js'
export { readConnectionUpdate, readQrCodeUpdate } from './connection-update.js'
export {
  inboundMessageEvents,
  chatKinds,
  inboundMessageKinds,
  evolutionVersions,
  messageStatusNames,
  ignoredReasons,
  inboundMediaSchema,
  inboundLocationSchema,
  inboundReactionSchema,
  type InboundMessageEvent,
  type ChatKind,
  type InboundMessageKind,
  type EvolutionVersion,
  type InboundMedia,
  type InboundLocation,
  type InboundReaction,
  type InboundMessage,
  type KnownMessageStatus,
  type MessageStatus,
  type MessageStatusChange,
  type StatusUpdate,
  type ConnectionState,
  type QrCodeData,
  type ConnectionUpdate,
  type IgnoredReason,
  type NormalisedWebhook,
  type NormaliseWebhookOptions,
} from './inbound-types.js'
