export { ConfigSchema, type CausewayConfig } from './schema.ts';
export { loadConfig, unknownEnvironmentVariables, type ConfigSources } from './load-config.ts';
export { CONFIG_KEYS, CONFIG_FILE_ENV, type ConfigKey } from './config-keys.ts';
