export { createPanelRoutes } from './panel-routes.js'
export * from './session/index.js'
