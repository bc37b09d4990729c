/**
 * A shop modelled on Weaveworks' Sock Shop demo: a Node.js front end, Go and
 * Spring Boot services, MongoDB/MySQL databases, a Redis session store and a
 * RabbitMQ queue between shipping and queue-master. Service names match the
 * ones used by the public fault-injection datasets of this demo.
 *
 * Telemetry quality: catalogue runs an old OpenTracing tracer (legacy
 * spans), payment has no tracing, shipping and queue-master export metrics
 * once a minute; the Java services also publish a Micrometer summary.
 */
import { broker, call, consume, database, db, http, nodes, publish, service } from '../topology/builders.ts';
import type { SystemTopology } from '../topology/types.ts';

const session = db('session-db', 'GET', 'sess', 0.3);

export const sockShop: SystemTopology = {
  name: 'sock-shop',
  description: 'Sock-Shop-like shop: Node.js front end, Go and Spring Boot services, MongoDB, MySQL, Redis and RabbitMQ.',
  namespace: 'sock-shop',
  peakRequestsPerSecond: 12,
  traceSampleRatio: 0.25,
  hosts: nodes('sock-shop-node', 3, { cores: 4, memGiB: 16, diskGiB: 80 }),
  services: [
    service('front-end', { lang: 'node', code: 'front-end', port: 8079, pods: 2, version: '0.3.12', cpuLimit: 0.5 }, [
      http('GET', '/catalogue', 3, [session, call('catalogue', 'GET /catalogue')]),
      http('GET', '/catalogue/{id}', 2, [session, call('catalogue', 'GET /catalogue/{id}')], { clientErrorRate: 0.005 }),
      http('GET', '/login', 3, [call('user', 'GET /login'), db('session-db', 'SET', 'sess', 0.3)], { clientErrorRate: 0.03 }),
      http('GET', '/cart', 2, [session, call('carts', 'GET /carts/{customerId}/items')]),
      http('POST', '/cart', 3, [session, call('catalogue', 'GET /catalogue/{id}'), call('carts', 'POST /carts/{customerId}/items')]),
      http('DELETE', '/cart/{id}', 2, [session, call('carts', 'DELETE /carts/{customerId}/items/{itemId}')]),
      http('GET', '/customers/{id}', 2, [session, call('user', 'GET /customers/{id}')]),
      http('GET', '/card', 2, [session, call('user', 'GET /customers/{id}/cards')]),
      http('GET', '/address', 2, [session, call('user', 'GET /customers/{id}/addresses')]),
      http('GET', '/orders', 3, [session, call('orders', 'GET /orders/search/customerId')]),
      http('POST', '/register', 4, [call('user', 'POST /register'), db('session-db', 'SET', 'sess', 0.3)], { clientErrorRate: 0.05 }),
      http('POST', '/orders', 4, [session, call('orders', 'POST /orders', { timeoutMs: 30_000 }), call('carts', 'DELETE /carts/{customerId}', { p: 0.95 })], {
        clientErrorRate: 0.01,
      }),
    ]),
    service('catalogue', { lang: 'go', code: 'github.com/microservices-demo/catalogue', port: 80, version: '0.3.5', traces: 'legacy', logStyle: 'logfmt', cpuLimit: 0.2 }, [
      http('GET', '/catalogue', 1.5, [db('catalogue-db', 'SELECT', 'sock', 1.8)]),
      http('GET', '/catalogue/{id}', 1, [db('catalogue-db', 'SELECT', 'sock', 0.8)], { clientErrorRate: 0.004 }),
      http('GET', '/catalogue/size', 0.8, [db('catalogue-db', 'SELECT', 'sock', 0.6)]),
      http('GET', '/tags', 0.8, [db('catalogue-db', 'SELECT', 'tag', 0.5)]),
    ]),
    service('carts', { lang: 'java', code: 'works.weave.socks.cart', port: 80, pods: 2, version: '0.4.8', summary: true, memMiB: 520, cpuLimit: 1 }, [
      http('GET', '/carts/{customerId}/items', 6, [db('carts-db', 'find', 'cart', 1.2), db('carts-db', 'find', 'item', 1.2)]),
      http('POST', '/carts/{customerId}/items', 8, [db('carts-db', 'find', 'cart', 1.2), db('carts-db', 'find', 'item', 1.2), db('carts-db', 'update', 'item', 2.2)]),
      http('DELETE', '/carts/{customerId}', 5, [db('carts-db', 'find', 'cart', 1.2), db('carts-db', 'delete', 'cart', 2)]),
      http('DELETE', '/carts/{customerId}/items/{itemId}', 5, [db('carts-db', 'find', 'item', 1.2), db('carts-db', 'delete', 'item', 2)]),
    ]),
    service('orders', { lang: 'java', code: 'works.weave.socks.orders', port: 80, version: '0.4.7', summary: true, memMiB: 560, cpuLimit: 1 }, [
      http('POST', '/orders', 12, [
        // The order service fetches customer, address, card and items concurrently.
        call('user', 'GET /customers/{id}', { par: true }),
        call('user', 'GET /customers/{id}/addresses', { par: true }),
        call('user', 'GET /customers/{id}/cards', { par: true }),
        call('carts', 'GET /carts/{customerId}/items', { par: true }),
        call('payment', 'POST /paymentAuth'),
        call('shipping', 'POST /shipping'),
        db('orders-db', 'insert', 'customerOrder', 2.5),
      ]),
      http('GET', '/orders/search/customerId', 5, [db('orders-db', 'find', 'customerOrder', 2)]),
    ]),
    service('user', { lang: 'go', code: 'github.com/microservices-demo/user', port: 80, version: '0.4.7', logStyle: 'logfmt', cpuLimit: 0.3 }, [
      http('GET', '/login', 2, [db('user-db', 'find', 'customers', 1)], { clientErrorRate: 0.03, cpuMs: 4 }),
      http('GET', '/customers/{id}', 1, [db('user-db', 'find', 'customers', 0.9)]),
      http('GET', '/customers/{id}/addresses', 1, [db('user-db', 'find', 'addresses', 0.9)]),
      http('GET', '/customers/{id}/cards', 1, [db('user-db', 'find', 'cards', 0.9)]),
      http('POST', '/register', 3, [db('user-db', 'insert', 'customers', 1.5)]),
    ]),
    service('payment', { lang: 'go', code: 'github.com/microservices-demo/payment', port: 80, version: '0.4.3', traces: 'none', logStyle: 'logfmt', cpuLimit: 0.2 }, [
      http('POST', '/paymentAuth', 1.5, [], { clientErrorRate: 0.01 }),
    ]),
    service('shipping', { lang: 'java', code: 'works.weave.socks.shipping', port: 80, version: '0.4.8', summary: true, metricsInterval: 60, memMiB: 480, cpuLimit: 1 }, [
      http('POST', '/shipping', 4, [publish('shipping-task')]),
    ]),
    service('queue-master', { lang: 'java', code: 'works.weave.socks.queuemaster', port: 80, version: '0.3.1', summary: true, metricsInterval: 60, memMiB: 450, cpuLimit: 1 }, [
      consume('shipping-task', 90, [], { sigma: 0.5, cpuMs: 12 }),
    ]),
  ],
  backing: [
    database('carts-db', 'mongodb', 'data'),
    database('orders-db', 'mongodb', 'data'),
    database('user-db', 'mongodb', 'users'),
    database('catalogue-db', 'mysql', 'socksdb'),
    database('session-db', 'redis', '0'),
    broker('rabbitmq'),
  ],
  queues: [{ destination: 'shipping-task', broker: 'rabbitmq', consumer: 'queue-master', operation: 'process shipping-task', workers: 2 }],
  entries: [
    { service: 'front-end', operation: 'GET /catalogue', weight: 6 },
    { service: 'front-end', operation: 'GET /catalogue/{id}', weight: 5 },
    { service: 'front-end', operation: 'GET /login', weight: 1.5 },
    { service: 'front-end', operation: 'GET /cart', weight: 3 },
    { service: 'front-end', operation: 'POST /cart', weight: 2 },
    { service: 'front-end', operation: 'DELETE /cart/{id}', weight: 0.3 },
    { service: 'front-end', operation: 'GET /customers/{id}', weight: 1 },
    { service: 'front-end', operation: 'GET /card', weight: 0.3 },
    { service: 'front-end', operation: 'GET /address', weight: 0.3 },
    { service: 'front-end', operation: 'GET /orders', weight: 0.6 },
    { service: 'front-end', operation: 'POST /orders', weight: 0.8 },
    { service: 'front-end', operation: 'POST /register', weight: 0.05 },
  ],
};
