export { createCommandModeResponder } from './command-mode.js'
export { commandModeTexts } from './command-mode-texts.js'
