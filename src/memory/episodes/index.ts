export {
  episodeSchema,
  episodeFactSchema,
  episodeRoles,
  episodeSummaryKinds,
  episodeCloseReasons,
  MAX_EPISODE_SUMMARY,
  type Episode,
  type EpisodeFact,
  type EpisodeRole,
  type EpisodeCloseReason,
} from './episode.js'
export type { EpisodeStore, ListEpisodesInput } from './episode-store.js'
export { createFileEpisodeStore } from './file-episode-store.js'
export { createPostgresEpisodeStore } from './postgres-episode-store.js'
export {
  EPISODE_SUMMARY_PROMPT,
  EPISODE_PROMPT_VERSION,
  isTrivialConversation,
  isTrivialText,
  parseEpisodeSummary,
  summarizeWithLlm,
  summarizeExtractively,
  formatTranscript,
  type EpisodeSummary,
} from './summarize-episode.js'
export { createEpisodeCloser, type EpisodeCloser, type EpisodeCloserDeps, type RoleOf } from './close-episodes.js'
export {
  episodeCloseTaskKind,
  createEpisodeCloseRequester,
  createEpisodeCloseTaskHandler,
  type EpisodeCloseRequest,
  type EpisodeCloseRequester,
  type EpisodeCloseTaskPayload,
} from './episode-close-task.js'
export { createNewConversationResponder, newConversationReply } from './new-conversation-responder.js'
