export { createHttpApp, type HttpAppDependencies } from './create-http-app.js'
