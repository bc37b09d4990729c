/**
 * Starts a real Causeway in the test's process: embedded store in a fresh
 * temp folder, every listener on 127.0.0.1 with an ephemeral port.
 * (Each vitest file runs in its own process; the embedded engine allows one
 * data folder per process at a time.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCauseway, type RunningCauseway } from '../../cli/index.ts';
import { loadConfig } from '../../config/index.ts';
import { silentLogger } from '../../core/logger.ts';

export interface TestCauseway extends RunningCauseway {
  readonly dataDir: string;
  readonly httpUrl: string;
  readonly grpcUrl: string;
  readonly apiUrl: string;
  stop(): Promise<void>;
}

export async function startTestCauseway(flags: Record<string, string> = {}, dataDir?: string): Promise<TestCauseway> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'cw-e2e-'));
  const config = loadConfig({
    flags: {
      'data-dir': dir,
      'otlp-grpc-host': '127.0.0.1',
      'otlp-grpc-port': '0',
      'otlp-http-host': '127.0.0.1',
      'otlp-http-port': '0',
      'api-host': '127.0.0.1',
      'api-port': '0',
      'batch-max-delay-millis': '20',
      ...flags,
    },
    env: {},
  });
  if (!config.ok) throw new Error(config.error.message);
  const running = await startCauseway(config.value, silentLogger());
  return {
    ...running,
    dataDir: dir,
    httpUrl: `http://127.0.0.1:${running.ports.otlpHttp}`,
    grpcUrl: `http://127.0.0.1:${running.ports.otlpGrpc}`,
    apiUrl: `http://127.0.0.1:${running.ports.api}`,
    shutdown: running.shutdown,
    async stop() {
      await running.shutdown();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
