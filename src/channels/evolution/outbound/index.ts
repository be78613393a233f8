export { createEvolutionClient } from './evolution-client.js'
export { evolutionConnectionFromConfig, evolutionUrl, type EvolutionConfigInput } from './connection.js'
export { splitReplyText } from './split-reply-text.js'
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
  MarkMessageAsReadInput,
  ReadMessageKey,
  SendPresenceInput,
  SendTextInput,
  SendTextResult,
} from './types.js'
