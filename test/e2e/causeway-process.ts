/**
 * Runs `causeway start` as a child process (the real command line), for
 * tests about signals, crashes and process-level behaviour.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CausewayProcess {
  readonly child: ChildProcess;
  readonly httpUrl: string;
  readonly grpcUrl: string;
  readonly apiUrl: string;
  /** Everything the process wrote to stdout (JSON log lines) and stderr so far. */
  output(): string;
  exited(): Promise<number | null>;
}

export function spawnCauseway(args: string[], ports: { http: number; grpc: number; api: number }, env: NodeJS.ProcessEnv = {}): CausewayProcess {
  const child = spawn(
    process.execPath,
    [
      'bin/causeway.js', 'start',
      '--otlp-http-host', '127.0.0.1', '--otlp-grpc-host', '127.0.0.1', '--api-host', '127.0.0.1',
      '--otlp-http-port', String(ports.http), '--otlp-grpc-port', String(ports.grpc), '--api-port', String(ports.api),
      ...args,
    ],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    httpUrl: `http://127.0.0.1:${ports.http}`,
    grpcUrl: `http://127.0.0.1:${ports.grpc}`,
    apiUrl: `http://127.0.0.1:${ports.api}`,
    output: () => out,
    exited: () => exit,
  };
}

