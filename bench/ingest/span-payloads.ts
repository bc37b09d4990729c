/**
 * Realistic OTLP trace payloads for the ingest benchmark: spans made by the
 * OpenTelemetry JS SDK (so the bytes are what a real exporter sends), 10-20
 * attributes each, some with exception events, across a dozen services.
 */
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

export const SERVICES = ['frontend', 'cart', 'checkout', 'payment', 'shipping', 'currency', 'catalog', 'ads', 'email', 'recommendation', 'quote', 'accounting'];
export const ROUTES = ['/api/cart/{id}', '/api/products/{id}', '/api/checkout', '/api/orders/{id}', '/api/recommendations', '/api/currency/convert'];

/** A tiny deterministic PRNG so every run sends the same bytes. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The resource attributes a Kubernetes-deployed service's SDK reports. */
export function serviceResource(service: string, rand: () => number): Resource {
  return resourceFromAttributes({
    'service.name': service,
    'service.namespace': 'shop',
    'service.version': '1.4.2',
    'service.instance.id': `${service}-7d9f8b6c5-x2k4p`,
    'host.name': `node-${Math.floor(rand() * 8)}`,
    'k8s.pod.name': `${service}-7d9f8b6c5-x2k4p`,
    'k8s.namespace.name': 'shop',
    'k8s.node.name': 'gke-pool-1-abcd',
    'container.id': 'c0ffee0123456789abcdef',
    'process.pid': 4242,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': '20.20.2',
  });
}

function spansForService(service: string, count: number, rand: () => number): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: serviceResource(service, rand),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('bench.instrumentation', '0.9.0');
  for (let i = 0; i < count; i += 2) {
    const route = ROUTES[Math.floor(rand() * ROUTES.length)]!;
    const status = rand() < 0.03 ? 500 : 200;
    const server = tracer.startSpan(`GET ${route}`, {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': 'GET',
        'http.route': route,
        'url.path': route.replace('{id}', String(Math.floor(rand() * 1e6))),
        'url.scheme': 'http',
        'http.response.status_code': status,
        'server.address': `${service}.shop.svc.cluster.local`,
        'server.port': 8080,
        'network.protocol.version': '1.1',
        'client.address': `10.12.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`,
        'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
        'http.request.body.size': Math.floor(rand() * 4096),
        'http.response.body.size': Math.floor(rand() * 65536),
        'app.user.id': `user-${Math.floor(rand() * 1e5)}`,
        'app.cache.hit': rand() < 0.7,
      },
    });
    const ctx = trace.setSpan(context.active(), server);
    const client = tracer.startSpan(
      'SELECT shop.items',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system': 'postgresql',
          'db.namespace': 'shop',
          'db.operation.name': 'SELECT',
          'db.collection.name': 'items',
          'db.query.text': 'SELECT id, name, price FROM items WHERE id = $1',
          'server.address': 'postgres.shop.svc.cluster.local',
          'server.port': 5432,
          'network.peer.address': '10.12.0.17',
          'db.response.returned_rows': Math.floor(rand() * 50),
          'app.retry.count': 0,
        },
      },
      ctx,
    );
    if (status === 500) {
      const err = new Error('connection reset by peer');
      client.recordException(err);
      client.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
      server.setStatus({ code: SpanStatusCode.ERROR });
    } else if (rand() < 0.2) {
      client.addEvent('cache.miss', { 'cache.key': `item:${Math.floor(rand() * 1e6)}` });
    }
    client.end();
    server.end();
  }
  return exporter.getFinishedSpans();
}

/**
 * `requests` protobuf ExportTraceServiceRequests of `spansPerRequest` spans
 * each (one service per request, as an SDK's batch processor sends them).
 */
export function buildTracePayloads(requests: number, spansPerRequest: number, seed = 1): Uint8Array[] {
  const rand = prng(seed);
  const out: Uint8Array[] = [];
  for (let i = 0; i < requests; i++) {
    const spans = spansForService(SERVICES[i % SERVICES.length]!, spansPerRequest, rand);
    const bytes = ProtobufTraceSerializer.serializeRequest(spans);
    if (!bytes) throw new Error('serializer returned nothing');
    out.push(bytes);
  }
  return out;
}
