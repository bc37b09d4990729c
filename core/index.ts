export { ERROR_CODES, causewayError, CausewayFailure, type CausewayError, type ErrorCode, type ErrorDefinition } from './errors.ts';
export { ok, fail, type Result } from './result.ts';
export { createLogger, silentLogger, type Logger } from './logger.ts';
export type { Lifecycle } from './lifecycle.ts';
export { groupInOrder } from './group-in-order.ts';
