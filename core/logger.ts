/**
 * Structured JSON logs (one object per line on stdout) through pino, the
 * logger fastify already uses, so receiver, API and pipeline logs share one
 * format. Components take a `Logger` and add their name as a child binding.
 */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

export function createLogger(level: string, name = 'causeway'): Logger {
  return pino({ name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** A logger that drops everything, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
