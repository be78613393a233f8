export { createPanelPlaceholderRoutes } from './panel-placeholder-routes.js'
