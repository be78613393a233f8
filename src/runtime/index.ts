export { createRuntime, type Runtime, type RuntimeDependencies } from './create-runtime.js'
export { openStorage, type Storage } from './create-storage.js'
export { dataFolders } from './data-folders.js'
export { startFabio, type RunningFabio } from './start-fabio.js'
