export { createEvolutionClient } from './evolution-client.js'
export { evolutionConnectionFromConfig, evolutionUrl, type EvolutionConfigInput } from './connection.js'
export { splitReplyText } from './split-reply-text.js'
export { parseInstanceConnectAnswer } from './instance-requests.js'
export { isInstanceMissing, toConnectionCheckError } from './connection-check-errors.js'
export { createWhatsappConnection, type WhatsappConnection, type WhatsappConnectAnswer, type WhatsappTestAnswer } from './whatsapp-connection.js'
export type {
  ConnectionStateResult,
  EvolutionApiVersion,
  EvolutionClient,
  EvolutionClientDeps,
  EvolutionConnection,
  EvolutionConnectionStateName,
  EvolutionPresence,
  GetBase64Input,
  GetBase64Result,
  InstanceConnectInput,
  InstanceConnectResult,
  InstanceQrCode,
  MarkMessageAsReadInput,
  ReadMessageKey,
  SendPresenceInput,
  SendTextInput,
  SendTextResult,
} from './types.js'
