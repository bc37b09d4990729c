/**
 * Instrumentation scopes, named as the usual OpenTelemetry instrumentation
 * libraries of each runtime name themselves.
 */
import type { BackingSystem, Language, Protocol } from '../topology/types.ts';
import type { Scope } from './otlp.ts';

const SERVER: Record<Language, Record<Protocol, Scope>> = {
  java: {
    http: { name: 'io.opentelemetry.tomcat-10.0', version: '2.10.0-alpha' },
    grpc: { name: 'io.opentelemetry.grpc-1.6', version: '2.10.0-alpha' },
  },
  go: {
    http: { name: 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp', version: '0.58.0' },
    grpc: { name: 'go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc', version: '0.58.0' },
  },
  node: {
    http: { name: '@opentelemetry/instrumentation-http', version: '0.57.1' },
    grpc: { name: '@opentelemetry/instrumentation-grpc', version: '0.57.1' },
  },
  python: {
    http: { name: 'opentelemetry.instrumentation.flask', version: '0.50b0' },
    grpc: { name: 'opentelemetry.instrumentation.grpc', version: '0.50b0' },
  },
  dotnet: {
    http: { name: 'Microsoft.AspNetCore', version: '' },
    grpc: { name: 'Microsoft.AspNetCore', version: '' },
  },
  nginx: {
    http: { name: 'nginx', version: '1.25.3' },
    grpc: { name: 'nginx', version: '1.25.3' },
  },
};

const HTTP_CLIENT: Record<Language, Scope> = {
  java: { name: 'io.opentelemetry.spring-web-3.1', version: '2.10.0-alpha' },
  go: { name: 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp', version: '0.58.0' },
  node: { name: '@opentelemetry/instrumentation-http', version: '0.57.1' },
  python: { name: 'opentelemetry.instrumentation.requests', version: '0.50b0' },
  dotnet: { name: 'System.Net.Http', version: '' },
  nginx: { name: 'nginx', version: '1.25.3' },
};

const DB_CLIENT: Record<BackingSystem, Record<Language, Scope>> = {
  mongodb: {
    java: { name: 'io.opentelemetry.mongo-3.1', version: '2.10.0-alpha' },
    go: { name: 'go.opentelemetry.io/contrib/instrumentation/go.mongodb.org/mongo-driver/mongo/otelmongo', version: '0.58.0' },
    node: { name: '@opentelemetry/instrumentation-mongodb', version: '0.50.0' },
    python: { name: 'opentelemetry.instrumentation.pymongo', version: '0.50b0' },
    dotnet: { name: 'MongoDB.Driver.Core.Extensions.DiagnosticSources', version: '' },
    nginx: { name: 'nginx', version: '1.25.3' },
  },
  mysql: {
    java: { name: 'io.opentelemetry.jdbc', version: '2.10.0-alpha' },
    go: { name: 'github.com/XSAM/otelsql', version: '0.35.0' },
    node: { name: '@opentelemetry/instrumentation-mysql2', version: '0.44.0' },
    python: { name: 'opentelemetry.instrumentation.pymysql', version: '0.50b0' },
    dotnet: { name: 'OpenTelemetry.Instrumentation.SqlClient', version: '' },
    nginx: { name: 'nginx', version: '1.25.3' },
  },
  redis: {
    java: { name: 'io.opentelemetry.lettuce-5.1', version: '2.10.0-alpha' },
    go: { name: 'github.com/redis/go-redis/extra/redisotel', version: '9.7.0' },
    node: { name: '@opentelemetry/instrumentation-redis-4', version: '0.45.0' },
    python: { name: 'opentelemetry.instrumentation.redis', version: '0.50b0' },
    dotnet: { name: 'OpenTelemetry.Instrumentation.StackExchangeRedis', version: '' },
    nginx: { name: 'nginx', version: '1.25.3' },
  },
  rabbitmq: {
    java: { name: 'io.opentelemetry.rabbitmq-2.7', version: '2.10.0-alpha' },
    go: { name: 'rabbitmq', version: '' },
    node: { name: '@opentelemetry/instrumentation-amqplib', version: '0.45.0' },
    python: { name: 'opentelemetry.instrumentation.pika', version: '0.50b0' },
    dotnet: { name: 'RabbitMQ.Client', version: '' },
    nginx: { name: 'nginx', version: '1.25.3' },
  },
};

/** What old tracers (OpenTracing/Zipkin bridges) call themselves. */
const LEGACY: Scope = { name: 'opentracing-shim', version: '0.33.0' };

export function serverScope(lang: Language, protocol: Protocol, legacy: boolean): Scope {
  return legacy ? LEGACY : SERVER[lang][protocol];
}

export function clientScope(lang: Language, protocol: Protocol, legacy: boolean): Scope {
  if (legacy) return LEGACY;
  return protocol === 'grpc' ? SERVER[lang].grpc : HTTP_CLIENT[lang];
}

export function dbScope(lang: Language, system: BackingSystem, legacy: boolean): Scope {
  return legacy ? LEGACY : DB_CLIENT[system][lang];
}

export const SDK_LANGUAGE: Record<Language, string> = { java: 'java', go: 'go', node: 'nodejs', python: 'python', dotnet: 'dotnet', nginx: 'cpp' };
export const SDK_VERSION: Record<Language, string> = { java: '1.44.1', go: '1.33.0', node: '1.30.1', python: '1.29.0', dotnet: '1.10.0', nginx: '1.14.2' };

/** Scopes of the metrics the SDKs and collector receivers emit. */
export const METRIC_SCOPES = {
  kubeletstats: { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/kubeletstatsreceiver', version: '0.116.0' },
  k8sCluster: { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/k8sclusterreceiver', version: '0.116.0' },
  hostCpu: { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/hostmetricsreceiver/internal/scraper/cpuscraper', version: '0.116.0' },
  hostMemory: { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/hostmetricsreceiver/internal/scraper/memoryscraper', version: '0.116.0' },
  hostFilesystem: { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/hostmetricsreceiver/internal/scraper/filesystemscraper', version: '0.116.0' },
  hostNetwork: { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/hostmetricsreceiver/internal/scraper/networkscraper', version: '0.116.0' },
  hostLoad: { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/hostmetricsreceiver/internal/scraper/loadscraper', version: '0.116.0' },
  rabbitmq: { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/rabbitmqreceiver', version: '0.116.0' },
  mongodb: { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/mongodbreceiver', version: '0.116.0' },
  mysql: { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/mysqlreceiver', version: '0.116.0' },
  redis: { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/redisreceiver', version: '0.116.0' },
  jvm: { name: 'io.opentelemetry.runtime-telemetry-java17', version: '2.10.0-alpha' },
  go: { name: 'go.opentelemetry.io/contrib/instrumentation/runtime', version: '0.58.0' },
  micrometer: { name: 'io.micrometer.registry.otlp', version: '1.13.6' },
} as const satisfies Record<string, Scope>;
