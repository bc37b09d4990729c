export { createApiServer, type ApiServer, type ApiServerOptions } from './api-server.ts';
export type { ApiStore, Readiness } from './api-store.ts';
export { waitUntilReady } from './wait-until-ready.ts';
