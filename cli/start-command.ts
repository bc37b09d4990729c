/**
 * `causeway start`: run the service until SIGTERM or SIGINT, then drain.
 * Every configuration key is also an option (`--otlp-grpc-port 4317`).
 */
import type { Command } from 'commander';
import { CONFIG_KEYS, loadConfig, unknownEnvironmentVariables } from '../config/index.ts';
import { createLogger } from '../core/logger.ts';
import { startCauseway } from './causeway-service.ts';
import { startSelfTelemetry } from './self-telemetry.ts';

export function registerStartCommand(program: Command): void {
  const cmd = program.command('start').description('Run Causeway: OTLP receivers, storage and API.');
  cmd.option('--config <file>', 'YAML configuration file (also CAUSEWAY_CONFIG)');
  for (const key of CONFIG_KEYS) {
    cmd.option(`--${key.flag} <${key.kind}>`, `${key.description ? `${key.description} ` : ''}(${key.env}; default ${JSON.stringify(key.defaultValue)})`);
  }
  cmd.action(async (opts: Record<string, string>) => {
    const flags: Record<string, string> = {};
    for (const key of CONFIG_KEYS) {
      const value = opts[camel(key.flag)];
      if (value !== undefined) flags[key.flag] = value;
    }
    const config = loadConfig({ flags, env: process.env, ...(opts.config ? { configFile: opts.config } : {}) });
    if (!config.ok) {
      process.stderr.write(`causeway: ${config.error.code}: ${config.error.message}\n`);
      process.exitCode = 2;
      return;
    }
    const logger = createLogger(config.value.log.level);
    const unknown = unknownEnvironmentVariables(process.env);
    if (unknown.length > 0) logger.warn({ variables: unknown }, 'ignoring CAUSEWAY_* environment variables that are not configuration keys');
    const telemetry = startSelfTelemetry();
    const running = await startCauseway(config.value, logger);
    logger.info({ ...running.ports, selfTelemetry: telemetry.enabled }, 'Causeway started');
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        logger.info({ signal }, 'signal received');
        resolve();
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    await running.shutdown();
    await telemetry.shutdown();
  });
}

/** commander's attribute name for a kebab-case flag. */
function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
