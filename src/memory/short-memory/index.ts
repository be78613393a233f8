export {
  selectShortMemory,
  shortMemoryNote,
  shortMemoryText,
  estimateMessageTokens,
  type ShortMemoryOptions,
} from './select-short-memory.js'
