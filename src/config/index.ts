export { loadAppConfig, ConfigError, appConfigSchema, type AppConfig } from './app-config.js'
export { ensureGeneratedSecrets, type GeneratedSecrets } from './generated-secrets.js'
