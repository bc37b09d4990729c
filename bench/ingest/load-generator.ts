/**
 * The benchmark's sender, run as its own process so its CPU is not counted
 * against the receiver's event loop: a closed loop of `concurrency` exports
 * over OTLP/HTTP-protobuf or OTLP/gRPC for a fixed time. A retryable refusal
 * waits briefly and resends, as an exporter would.
 *
 * Usage: load-generator.ts <http|grpc> <port> <payload-file> <spans-per-payload> <concurrency> <seconds>
 * Prints one JSON line with what was sent and acknowledged, the latencies
 * and the CPU seconds this sender used while sending.
 */
import http from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { readPayloadFile } from './payload-file.ts';

const [transport, portText, file, spansText, concurrencyText, secondsText] = process.argv.slice(2);
const port = Number(portText);
const payloads = readPayloadFile(file!);
const spansPerPayload = Number(spansText);
const concurrency = Number(concurrencyText);
const deadline = performance.now() + Number(secondsText) * 1000;

type Send = (body: Buffer) => Promise<'ok' | 'retry' | 'error'>;

function httpSender(): Send {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  return (body) =>
    new Promise((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200 ? 'ok' : res.statusCode === 503 || res.statusCode === 429 ? 'retry' : 'error'));
        },
      );
      req.on('error', () => resolve('error'));
      req.end(body);
    });
}

function grpcSender(): Send {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': 64 << 20 });
  const id = (b: Buffer) => b;
  return (body) =>
    new Promise((resolve) => {
      client.makeUnaryRequest('/opentelemetry.proto.collector.trace.v1.TraceService/Export', id, id, body, (err) => {
        resolve(!err ? 'ok' : err.code === grpc.status.UNAVAILABLE ? 'retry' : 'error');
      });
    });
}

async function run(): Promise<void> {
  const send = transport === 'grpc' ? grpcSender() : httpSender();
  const latencies: number[] = [];
  let acked = 0;
  let retries = 0;
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const worker = async () => {
    while (performance.now() < deadline) {
      const body = payloads[next++ % payloads.length]!;
      const t0 = performance.now();
      let outcome = await send(body);
      while (outcome === 'retry' && performance.now() < deadline + 10_000) {
        retries++;
        await new Promise((r) => setTimeout(r, 20));
        outcome = await send(body);
      }
      if (outcome === 'ok') {
        latencies.push(performance.now() - t0);
        acked += spansPerPayload;
      } else errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(`${JSON.stringify({ transport, seconds, exports: latencies.length, ackedSpans: acked, retries, errors, p50Ms: q(0.5), p99Ms: q(0.99), cpuSeconds })}\n`);
  process.exit(0);
}

void run();
