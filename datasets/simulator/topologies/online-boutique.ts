/**
 * A shop modelled on Google's Online Boutique demo: a Go web front end
 * calling ten gRPC services in five languages, with a Redis cart store.
 * Outside traffic follows the demo's load generator mix (browse products
 * most, check out least); there is no load generator service.
 *
 * Telemetry quality: currencyservice runs an old tracer (legacy spans),
 * emailservice has no tracing at all, recommendationservice and adservice
 * export their metrics once a minute.
 */
import { call, database, db, grpc, http, nodes, service } from '../topology/builders.ts';
import type { SystemTopology } from '../topology/types.ts';

const CATALOG = 'hipstershop.ProductCatalogService';
const CURRENCY = 'hipstershop.CurrencyService';
const CART = 'hipstershop.CartService';
const RECOMMEND = 'hipstershop.RecommendationService';
const SHIPPING = 'hipstershop.ShippingService';
const CHECKOUT = 'hipstershop.CheckoutService';
const PAYMENT = 'hipstershop.PaymentService';
const EMAIL = 'hipstershop.EmailService';
const ADS = 'hipstershop.AdService';

const V = 'v0.10.1';

/** The front end asks for ads with a 100 ms deadline and shows the page without them on failure. */
const ads = call('adservice', 'GetAds', { onError: 'degrade', timeoutMs: 100 });
const recommendations = [call('recommendationservice', 'ListRecommendations'), call('productcatalogservice', 'GetProduct', { n: [3, 4] })];

export const onlineBoutique: SystemTopology = {
  name: 'online-boutique',
  description: 'Online-Boutique-like shop: Go front end, ten gRPC services in five languages, Redis cart store.',
  namespace: 'boutique',
  peakRequestsPerSecond: 14,
  traceSampleRatio: 0.2,
  hosts: nodes('gke-boutique-pool-1', 3, { cores: 4, memGiB: 16, diskGiB: 100 }),
  services: [
    service('frontend', { lang: 'go', code: 'main', port: 8080, pods: 2, version: V, cpuLimit: 1, runtime: true }, [
      http('GET', '/', 6, [
        call('currencyservice', 'GetSupportedCurrencies'),
        call('productcatalogservice', 'ListProducts'),
        call('cartservice', 'GetCart'),
        call('currencyservice', 'Convert', { n: 9 }),
        ads,
      ]),
      http('GET', '/product/{id}', 4, [
        call('productcatalogservice', 'GetProduct'),
        call('currencyservice', 'GetSupportedCurrencies'),
        call('cartservice', 'GetCart'),
        call('currencyservice', 'Convert'),
        ...recommendations,
        ads,
      ], { clientErrorRate: 0.004 }),
      http('POST', '/cart', 3, [call('productcatalogservice', 'GetProduct'), call('cartservice', 'AddItem')]),
      http('GET', '/cart', 5, [
        call('currencyservice', 'GetSupportedCurrencies'),
        call('cartservice', 'GetCart'),
        ...recommendations,
        call('shippingservice', 'GetQuote'),
        call('productcatalogservice', 'GetProduct', { n: [1, 4] }),
        call('currencyservice', 'Convert', { n: [1, 4] }),
      ]),
      http('POST', '/cart/checkout', 4, [call('checkoutservice', 'PlaceOrder'), ...recommendations], { clientErrorRate: 0.01 }),
      http('POST', '/setCurrency', 1, [], { writes: false }),
    ]),
    service('productcatalogservice', { lang: 'go', code: 'main', port: 3550, protocol: 'grpc', pods: 2, version: V, cpuLimit: 0.5 }, [
      grpc(CATALOG, 'ListProducts', 1.4),
      grpc(CATALOG, 'GetProduct', 0.8),
      grpc(CATALOG, 'SearchProducts', 1.6),
    ]),
    service('currencyservice', { lang: 'node', code: 'currencyservice', port: 7000, protocol: 'grpc', pods: 2, version: V, traces: 'legacy', cpuLimit: 0.5 }, [
      grpc(CURRENCY, 'GetSupportedCurrencies', 0.5),
      grpc(CURRENCY, 'Convert', 0.6, [], { cpuMs: 0.5 }),
    ]),
    service('cartservice', { lang: 'dotnet', code: 'cartservice.cartstore', port: 7070, protocol: 'grpc', pods: 2, version: V, cpuLimit: 0.5 }, [
      grpc(CART, 'GetCart', 1.5, [db('redis-cart', 'HGETALL', 'cart', 0.35)]),
      grpc(CART, 'AddItem', 2, [db('redis-cart', 'HGETALL', 'cart', 0.35), db('redis-cart', 'HSET', 'cart', 0.4)], { writes: true }),
      grpc(CART, 'EmptyCart', 1.5, [db('redis-cart', 'HSET', 'cart', 0.4)], { writes: true }),
    ]),
    service('recommendationservice', { lang: 'python', code: 'recommendation_server', port: 8080, protocol: 'grpc', version: V, metricsInterval: 60, cpuLimit: 0.5 }, [
      grpc(RECOMMEND, 'ListRecommendations', 3.5, [call('productcatalogservice', 'ListProducts')]),
    ]),
    service('shippingservice', { lang: 'go', code: 'main', port: 50051, protocol: 'grpc', version: V, cpuLimit: 0.5 }, [
      grpc(SHIPPING, 'GetQuote', 1),
      grpc(SHIPPING, 'ShipOrder', 1.5, [], { writes: true }),
    ]),
    service('checkoutservice', { lang: 'go', code: 'main', port: 5050, protocol: 'grpc', version: V, cpuLimit: 0.5 }, [
      grpc(CHECKOUT, 'PlaceOrder', 5, [
        call('cartservice', 'GetCart'),
        call('productcatalogservice', 'GetProduct', { n: [1, 4] }),
        call('currencyservice', 'Convert', { n: [1, 4] }),
        call('shippingservice', 'GetQuote'),
        call('currencyservice', 'Convert'),
        call('paymentservice', 'Charge'),
        call('shippingservice', 'ShipOrder'),
        call('cartservice', 'EmptyCart'),
        // A failed confirmation e-mail is logged and the order still succeeds.
        call('emailservice', 'SendOrderConfirmation', { onError: 'degrade' }),
      ], { writes: true }),
    ]),
    service('paymentservice', { lang: 'node', code: 'paymentservice', port: 50051, protocol: 'grpc', version: V, cpuLimit: 0.5 }, [
      grpc(PAYMENT, 'Charge', 3, [], { clientErrorRate: 0, errorRate: 0.002, writes: true }),
    ]),
    service('emailservice', { lang: 'python', code: 'email_server', port: 8080, protocol: 'grpc', version: V, traces: 'none', cpuLimit: 0.5 }, [
      grpc(EMAIL, 'SendOrderConfirmation', 6, [], { writes: true }),
    ]),
    service('adservice', { lang: 'java', code: 'hipstershop.AdService', port: 9555, protocol: 'grpc', version: V, metricsInterval: 60, memMiB: 300, cpuLimit: 1 }, [
      grpc(ADS, 'GetAds', 1.5),
    ]),
  ],
  backing: [database('redis-cart', 'redis', '0')],
  queues: [],
  entries: [
    { service: 'frontend', operation: 'GET /', weight: 1 },
    { service: 'frontend', operation: 'POST /setCurrency', weight: 2 },
    { service: 'frontend', operation: 'GET /product/{id}', weight: 10 },
    { service: 'frontend', operation: 'POST /cart', weight: 2 },
    { service: 'frontend', operation: 'GET /cart', weight: 3 },
    { service: 'frontend', operation: 'POST /cart/checkout', weight: 1 },
  ],
};
