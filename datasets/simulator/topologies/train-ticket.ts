/**
 * A railway ticketing system modelled on the Train-Ticket benchmark (FudanSE):
 * 44 services behind an nginx dashboard, mostly Spring Boot (the busiest with
 * their own MongoDB, the rest sharing one MySQL server), plus Go, Python and Node.js services, and a RabbitMQ queue for food delivery. Searches fan out widely (travel ->
 * ticketinfo -> basic -> station/train/route/price, seat -> order/config),
 * bookings touch a dozen services.
 *
 * Telemetry quality: ts-news-service has no tracing, ts-voucher-service and
 * ts-ticket-office-service run old tracers (legacy spans), the admin
 * services see sparse traffic and export metrics once a minute, one node's
 * agent scrapes once a minute, and several services answer failures with a
 * 200 and an error body (errors visible only in logs).
 */
import { broker, call, consume, database, db, http, nodes, publish, service, type CallOptions, type ServiceOptions } from '../topology/builders.ts';
import type { BackingSpec, CallSpec, OperationSpec, ServiceSpec, SystemTopology } from '../topology/types.ts';

let nextPort = 12340;

/** Services whose JVM metrics are exported (the rest run the agent with runtime metrics off). */
const JVM_METRICS = new Set(['auth', 'order', 'order-other', 'travel', 'travel2', 'station', 'seat', 'basic', 'ticketinfo', 'preserve', 'config', 'route', 'price', 'train']);

function java(name: string, ops: readonly OperationSpec[], o: Partial<ServiceOptions> = {}): ServiceSpec {
  const short = name.replace(/^ts-/, '').replace(/-service$/, '');
  const code = `com.trainticket.${short.replace(/-/g, '')}`;
  return service(name, { lang: 'java', code, port: nextPort++, version: '1.0.0', memMiB: 360, memLimitMiB: 768, cpuLimit: 1, runtime: JVM_METRICS.has(short), ...o }, ops);
}

/**
 * The busiest services keep their own MongoDB (as in the original release);
 * the others share one MySQL server, one table set per service (as in later
 * releases). A slow shared database is felt across the system.
 */
const MONGO_OWNERS = ['auth', 'order', 'order-other', 'travel', 'station'];
const SHARED_MYSQL = 'ts-mysql';
const mongo = (short: string): string => `ts-${short}-mongo`;
function store(short: string, op: 'find' | 'insert' | 'update', table: string, ms: number, n?: number | readonly [number, number]) {
  const o = n === undefined ? {} : { n };
  if (MONGO_OWNERS.includes(short)) return db(mongo(short), op, table, ms, o);
  const sql = { find: 'SELECT', insert: 'INSERT', update: 'UPDATE' }[op];
  return db(SHARED_MYSQL, sql, `${short.replace(/-/g, '_')}_${table}`, ms * 0.8, o);
}
const find = (short: string, table: string, ms = 1.5, n?: number | readonly [number, number]) => store(short, 'find', table, ms, n);
const insert = (short: string, table: string, ms = 2.5) => store(short, 'insert', table, ms);
const update = (short: string, table: string, ms = 2.5) => store(short, 'update', table, ms);
/**
 * Spring Cloud clients: a 5 s read timeout and one retry on another instance
 * after a connection failure or timeout (Ribbon's MaxAutoRetriesNextServer).
 */
const callTs = (svc: string, op: string, o: CallOptions = {}): CallSpec => call(svc, op, { retries: 1, timeoutMs: 5_000, ...o });
const to = (short: string, op: string, o: CallOptions = {}): CallSpec => callTs(`ts-${short}-service`, op, o);

/** The dashboard is nginx: one location per API, proxied unchanged to the owning service. */
function proxy(method: string, route: string, svc: string): OperationSpec {
  return http(method, route, 0.5, [call(svc, `${method} ${route}`, { timeoutMs: 60_000 })], { cpuMs: 0.1, writes: false });
}

const ORDER = '/api/v1/orderservice/order';
const OTHER = '/api/v1/orderOtherService/orderOther';

/** The operations ts-order-service and ts-order-other-service share under their own prefixes. */
function orderOperations(short: 'order' | 'order-other', base: string): OperationSpec[] {
  const col = short === 'order' ? 'orders' : 'orders_other';
  return [
    http('POST', `${base}/tickets`, 3, [find(short, col, 2.5)]),
    http('POST', base, 6, [find(short, col, 2), insert(short, col)]),
    http('GET', `${base}/{orderId}`, 2, [find(short, col)], { clientErrorRate: 0.01 }),
    http('PUT', base, 4, [find(short, col), update(short, col)]),
    http('GET', `${base}/status/{orderId}/{status}`, 3, [find(short, col), update(short, col)]),
    http('POST', `${base}/refresh`, 4, [find(short, col, 3), to('station', 'POST /api/v1/stationservice/stations/namelist')]),
    http('GET', `${base}/security/{checkDate}/{accountId}`, 3, [find(short, col, 2.5)]),
    http('GET', base, 12, [find(short, col, 9)], { cpuMs: 10 }),
  ];
}

/** ts-travel-service and ts-travel2-service: the same API over two sets of trains and two order services. */
function travelOperations(short: 'travel' | 'travel2', orders: string): OperationSpec[] {
  const base = `/api/v1/${short}service`;
  const trips = short === 'travel' ? 'trip' : 'trip2';
  const perTrip = [
    to('ticketinfo', 'POST /api/v1/ticketinfoservice/ticketinfo'),
    to('seat', 'POST /api/v1/seatservice/seats/left_tickets', { n: 2 }),
  ];
  return [
    http('POST', `${base}/trips/left`, 8, [find(short, trips, 2.5), ...repeatTrips(perTrip)], { cpuMs: 6 }),
    http('POST', `${base}/trip_detail`, 5, [find(short, trips), ...perTrip]),
    http('GET', `${base}/routes/{tripId}`, 2, [find(short, trips), to('route', 'GET /api/v1/routeservice/routes/{routeId}')]),
    http('POST', `${base}/trips/routes`, 4, [find(short, trips, 3)]),
    http('GET', `${base}/train_types/{tripId}`, 2, [find(short, trips), to('train', 'GET /api/v1/trainservice/trains/byName/{name}')]),
    http('GET', `${base}/trips`, 10, [find(short, trips, 8)], { cpuMs: 8 }),
    http('GET', `${base}/orders/{tripId}`, 2, [callTs(orders, `GET ${orders === 'ts-order-service' ? ORDER : OTHER}/{orderId}`)]),
  ];
}

/** A search lists one to three trips; each trip is priced and its seats counted. */
function repeatTrips(perTrip: readonly CallSpec[]): CallSpec[] {
  return [...perTrip, ...perTrip.map((c) => ({ ...c, probability: 0.7 })), ...perTrip.map((c) => ({ ...c, probability: 0.35 }))];
}

function preserveOperation(route: string, travel: string, order: string, orderBase: string): OperationSpec {
  return http('POST', route, 10, [
    to('security', 'GET /api/v1/securityservice/securityConfigs/{accountId}'),
    to('contacts', 'GET /api/v1/contactservice/contacts/{id}'),
    callTs(travel, `POST /api/v1/${travel === 'ts-travel-service' ? 'travel' : 'travel2'}service/trip_detail`),
    to('station', 'GET /api/v1/stationservice/stations/id/{stationNameForId}', { n: 2 }),
    to('seat', 'POST /api/v1/seatservice/seats'),
    callTs(order, `POST ${orderBase}`),
    to('assurance', 'POST /api/v1/assuranceservice/assurances/{typeIndex}/{orderId}', { p: 0.5 }),
    to('food', 'POST /api/v1/foodservice/orders', { p: 0.4 }),
    to('consign', 'POST /api/v1/consignservice/consigns', { p: 0.3 }),
    to('user', 'GET /api/v1/userservice/users/id/{userId}'),
    // Confirmation mails are best effort: a failure is logged, the booking stands.
    to('notification', 'POST /api/v1/notifyservice/notification/preserve_success', { onError: 'degrade' }),
  ], { cpuMs: 8 });
}

const services: ServiceSpec[] = [
  service('ts-ui-dashboard', { lang: 'nginx', code: 'nginx', port: 8080, version: '1.25.3', cpuLimit: 0.5, logStyle: 'plain' }, []),
  java('ts-auth-service', [
    http('POST', '/api/v1/users/login', 6, [to('verification-code', 'GET /api/v1/verifycode/verify/{verifyCode}'), find('auth', 'user')], { cpuMs: 35, clientErrorRate: 0.03 }),
    http('POST', '/api/v1/auth', 5, [insert('auth', 'user')], { cpuMs: 30 }),
  ]),
  java('ts-verification-code-service', [
    http('GET', '/api/v1/verifycode/generate', 8, [], { cpuMs: 12, writes: false }),
    http('GET', '/api/v1/verifycode/verify/{verifyCode}', 1, [], { clientErrorRate: 0.02 }),
  ]),
  java('ts-user-service', [
    http('GET', '/api/v1/userservice/users/id/{userId}', 2, [find('user', 'user')]),
    http('GET', '/api/v1/userservice/users', 8, [find('user', 'user', 6)]),
    http('POST', '/api/v1/userservice/users/register', 6, [find('user', 'user'), insert('user', 'user'), to('auth', 'POST /api/v1/auth')], { clientErrorRate: 0.05 }),
  ]),
  java('ts-contacts-service', [
    http('GET', '/api/v1/contactservice/contacts/account/{accountId}', 2, [find('contacts', 'contacts')]),
    http('GET', '/api/v1/contactservice/contacts/{id}', 1.5, [find('contacts', 'contacts')]),
    http('POST', '/api/v1/contactservice/contacts', 3, [find('contacts', 'contacts'), insert('contacts', 'contacts')], { clientErrorRate: 0.02 }),
    http('GET', '/api/v1/contactservice/contacts', 6, [find('contacts', 'contacts', 5)]),
  ]),
  java('ts-station-service', [
    http('POST', '/api/v1/stationservice/stations/idlist', 2, [find('station', 'station')]),
    http('GET', '/api/v1/stationservice/stations/id/{stationNameForId}', 1.2, [find('station', 'station', 0.9)]),
    http('POST', '/api/v1/stationservice/stations/namelist', 2, [find('station', 'station')]),
    http('GET', '/api/v1/stationservice/stations', 5, [find('station', 'station', 4)]),
  ]),
  java('ts-train-service', [
    http('GET', '/api/v1/trainservice/trains/byName/{name}', 1.2, [find('train', 'trainType', 0.9)]),
    http('GET', '/api/v1/trainservice/trains', 4, [find('train', 'trainType', 3)]),
  ]),
  java('ts-route-service', [
    http('GET', '/api/v1/routeservice/routes/{routeId}', 1.5, [find('route', 'routes')]),
    http('POST', '/api/v1/routeservice/routes/byIds', 2.5, [find('route', 'routes', 2)]),
    http('GET', '/api/v1/routeservice/routes/{start}/{end}', 3, [find('route', 'routes', 2.5)]),
    http('GET', '/api/v1/routeservice/routes', 6, [find('route', 'routes', 5)]),
  ]),
  java('ts-price-service', [
    http('GET', '/api/v1/priceservice/prices/{routeId}/{trainType}', 1.5, [find('price', 'price_config')]),
    http('GET', '/api/v1/priceservice/prices', 4, [find('price', 'price_config', 3)]),
  ]),
  java('ts-config-service', [
    http('GET', '/api/v1/configservice/configs/{configName}', 1, [find('config', 'config', 0.8)]),
    http('GET', '/api/v1/configservice/configs', 3, [find('config', 'config', 2)]),
  ]),
  java('ts-basic-service', [
    http('POST', '/api/v1/basicservice/basic/travel', 3, [
      to('station', 'GET /api/v1/stationservice/stations/id/{stationNameForId}', { n: 2 }),
      to('train', 'GET /api/v1/trainservice/trains/byName/{name}'),
      to('route', 'GET /api/v1/routeservice/routes/{routeId}'),
      to('price', 'GET /api/v1/priceservice/prices/{routeId}/{trainType}'),
    ], { cpuMs: 3 }),
    http('GET', '/api/v1/basicservice/basic/{stationName}', 1, [to('station', 'GET /api/v1/stationservice/stations/id/{stationNameForId}')]),
  ]),
  java('ts-ticketinfo-service', [
    http('POST', '/api/v1/ticketinfoservice/ticketinfo', 1.5, [to('basic', 'POST /api/v1/basicservice/basic/travel')]),
    http('GET', '/api/v1/ticketinfoservice/ticketinfo/{name}', 1, [to('basic', 'GET /api/v1/basicservice/basic/{stationName}')]),
  ]),
  java('ts-order-service', orderOperations('order', ORDER), { memMiB: 420 }),
  java('ts-order-other-service', orderOperations('order-other', OTHER)),
  java('ts-seat-service', [
    http('POST', '/api/v1/seatservice/seats/left_tickets', 3, [
      to('order', `POST ${ORDER}/tickets`, { p: 0.6 }),
      to('order-other', `POST ${OTHER}/tickets`, { p: 0.4 }),
      to('config', 'GET /api/v1/configservice/configs/{configName}'),
    ], { cpuMs: 4 }),
    http('POST', '/api/v1/seatservice/seats', 4, [
      to('order', `POST ${ORDER}/tickets`, { p: 0.6 }),
      to('order-other', `POST ${OTHER}/tickets`, { p: 0.4 }),
      to('config', 'GET /api/v1/configservice/configs/{configName}'),
    ], { cpuMs: 5 }),
  ]),
  java('ts-travel-service', travelOperations('travel', 'ts-order-service')),
  java('ts-travel2-service', travelOperations('travel2', 'ts-order-other-service')),
  java('ts-route-plan-service', [
    http('POST', '/api/v1/routeplanservice/routePlan/cheapestRoute', 5, [to('travel', 'POST /api/v1/travelservice/trips/left'), to('travel2', 'POST /api/v1/travel2service/trips/left')]),
    http('POST', '/api/v1/routeplanservice/routePlan/quickestRoute', 5, [to('travel', 'POST /api/v1/travelservice/trips/left'), to('travel2', 'POST /api/v1/travel2service/trips/left')]),
    http('POST', '/api/v1/routeplanservice/routePlan/minStopStations', 4, [
      to('route', 'GET /api/v1/routeservice/routes/{start}/{end}'),
      to('travel', 'POST /api/v1/travelservice/trips/routes'),
      to('travel2', 'POST /api/v1/travel2service/trips/routes'),
      to('station', 'POST /api/v1/stationservice/stations/namelist'),
    ]),
  ]),
  java('ts-travel-plan-service', [
    http('POST', '/api/v1/travelplanservice/travelPlan/cheapest', 4, [
      to('route-plan', 'POST /api/v1/routeplanservice/routePlan/cheapestRoute'),
      to('station', 'POST /api/v1/stationservice/stations/namelist'),
    ]),
    http('POST', '/api/v1/travelplanservice/travelPlan/quickest', 4, [
      to('route-plan', 'POST /api/v1/routeplanservice/routePlan/quickestRoute'),
      to('station', 'POST /api/v1/stationservice/stations/namelist'),
    ]),
    http('POST', '/api/v1/travelplanservice/travelPlan/minStation', 4, [
      to('route-plan', 'POST /api/v1/routeplanservice/routePlan/minStopStations'),
      to('seat', 'POST /api/v1/seatservice/seats/left_tickets', { n: [1, 2] }),
    ]),
  ]),
  java('ts-security-service', [
    http('GET', '/api/v1/securityservice/securityConfigs/{accountId}', 2, [
      find('security', 'security_config'),
      // The security check answers "status 0" in a 200 when it cannot count orders.
      to('order', `GET ${ORDER}/security/{checkDate}/{accountId}`, { onError: 'swallow' }),
      to('order-other', `GET ${OTHER}/security/{checkDate}/{accountId}`, { onError: 'swallow' }),
    ]),
    http('GET', '/api/v1/securityservice/securityConfigs', 3, [find('security', 'security_config', 2)]),
  ]),
  java('ts-preserve-service', [preserveOperation('/api/v1/preserveservice/preserve', 'ts-travel-service', 'ts-order-service', ORDER)], { memMiB: 400 }),
  java('ts-preserve-other-service', [preserveOperation('/api/v1/preserveotherservice/preserveOther', 'ts-travel2-service', 'ts-order-other-service', OTHER)]),
  java('ts-assurance-service', [
    http('GET', '/api/v1/assuranceservice/assurances/types', 0.8),
    http('POST', '/api/v1/assuranceservice/assurances/{typeIndex}/{orderId}', 3, [find('assurance', 'assurance'), insert('assurance', 'assurance')]),
    http('GET', '/api/v1/assuranceservice/assurances/assuranceid/{assuranceId}', 1.5, [find('assurance', 'assurance')]),
  ]),
  java('ts-food-service', [
    http('GET', '/api/v1/foodservice/foods/{date}/{startStation}/{endStation}/{tripId}', 4, [
      to('travel', 'GET /api/v1/travelservice/routes/{tripId}'),
      to('station-food', 'POST /api/v1/stationfoodservice/stationfoodstores', { onError: 'swallow' }),
      to('train-food', 'GET /api/v1/trainfoodservice/trainfoods/{tripId}', { onError: 'swallow' }),
    ]),
    http('POST', '/api/v1/foodservice/orders', 4, [find('food', 'foodorder'), insert('food', 'foodorder'), publish('food_delivery')]),
  ]),
  java('ts-station-food-service', [http('POST', '/api/v1/stationfoodservice/stationfoodstores', 2, [find('station-food', 'stationfoodstore', 2)], { writes: false })]),
  java('ts-train-food-service', [http('GET', '/api/v1/trainfoodservice/trainfoods/{tripId}', 1.5, [find('train-food', 'trainfood')])]),
  java('ts-delivery-service', [consume('food_delivery', 6, [insert('delivery', 'delivery')])], { metricsInterval: 60 }),
  java('ts-consign-service', [
    http('POST', '/api/v1/consignservice/consigns', 4, [to('consign-price', 'GET /api/v1/consignpriceservice/consignprice/{weight}/{isWithinRegion}'), insert('consign', 'consign_record')]),
    http('GET', '/api/v1/consignservice/consigns/account/{id}', 2, [find('consign', 'consign_record')]),
  ]),
  java('ts-consign-price-service', [http('GET', '/api/v1/consignpriceservice/consignprice/{weight}/{isWithinRegion}', 1.2, [find('consign-price', 'consign_price')])]),
  java('ts-payment-service', [
    http('POST', '/api/v1/paymentservice/payment', 3, [find('payment', 'payment'), insert('payment', 'payment')]),
    http('POST', '/api/v1/paymentservice/payment/money', 3, [insert('payment', 'money')]),
  ]),
  java('ts-inside-payment-service', [
    http('POST', '/api/v1/inside_pay_service/inside_payment', 4, [
      to('order', `GET ${ORDER}/{orderId}`, { p: 0.7 }),
      to('order-other', `GET ${OTHER}/{orderId}`, { p: 0.3 }),
      find('inside-payment', 'balance'),
      to('payment', 'POST /api/v1/paymentservice/payment', { p: 0.4 }),
      insert('inside-payment', 'payment'),
      to('order', `GET ${ORDER}/status/{orderId}/{status}`, { p: 0.7 }),
      to('order-other', `GET ${OTHER}/status/{orderId}/{status}`, { p: 0.3 }),
    ], { clientErrorRate: 0.02 }),
    http('GET', '/api/v1/inside_pay_service/inside_payment/drawback/{userId}/{money}', 3, [insert('inside-payment', 'money')]),
  ]),
  java('ts-cancel-service', [
    http('GET', '/api/v1/cancelservice/cancel/refound/{orderId}', 2, [to('order', `GET ${ORDER}/{orderId}`)]),
    http('GET', '/api/v1/cancelservice/cancel/{orderId}/{loginId}', 4, [
      to('order', `GET ${ORDER}/{orderId}`),
      to('order', `PUT ${ORDER}`),
      to('inside-payment', 'GET /api/v1/inside_pay_service/inside_payment/drawback/{userId}/{money}'),
      to('user', 'GET /api/v1/userservice/users/id/{userId}'),
      to('notification', 'POST /api/v1/notifyservice/notification/order_cancel_success', { onError: 'degrade' }),
    ]),
  ]),
  java('ts-rebook-service', [
    http('POST', '/api/v1/rebookservice/rebook', 6, [
      to('order', `GET ${ORDER}/{orderId}`),
      to('travel', 'POST /api/v1/travelservice/trip_detail'),
      to('station', 'GET /api/v1/stationservice/stations/id/{stationNameForId}', { n: 2 }),
      to('seat', 'POST /api/v1/seatservice/seats'),
      to('inside-payment', 'GET /api/v1/inside_pay_service/inside_payment/drawback/{userId}/{money}', { p: 0.5 }),
      to('order', `PUT ${ORDER}`),
    ], { clientErrorRate: 0.03 }),
  ]),
  java('ts-execute-service', [
    http('GET', '/api/v1/executeservice/execute/collected/{orderId}', 2, [to('order', `GET ${ORDER}/{orderId}`, { onError: 'swallow' }), to('order', `GET ${ORDER}/status/{orderId}/{status}`, { onError: 'swallow' })], { writes: true }),
    http('GET', '/api/v1/executeservice/execute/execute/{orderId}', 2, [to('order', `GET ${ORDER}/{orderId}`, { onError: 'swallow' }), to('order', `GET ${ORDER}/status/{orderId}/{status}`, { onError: 'swallow' })], { writes: true }),
  ]),
  java('ts-notification-service', [
    http('POST', '/api/v1/notifyservice/notification/preserve_success', 25, [], { sigma: 0.6, errorRate: 0.004 }),
    http('POST', '/api/v1/notifyservice/notification/order_cancel_success', 25, [], { sigma: 0.6, errorRate: 0.004 }),
  ]),
  java('ts-admin-basic-info-service', [
    http('GET', '/api/v1/adminbasicservice/adminbasic/stations', 2, [to('station', 'GET /api/v1/stationservice/stations')]),
    http('GET', '/api/v1/adminbasicservice/adminbasic/trains', 2, [to('train', 'GET /api/v1/trainservice/trains')]),
    http('GET', '/api/v1/adminbasicservice/adminbasic/configs', 2, [to('config', 'GET /api/v1/configservice/configs')]),
    http('GET', '/api/v1/adminbasicservice/adminbasic/prices', 2, [to('price', 'GET /api/v1/priceservice/prices')]),
    http('GET', '/api/v1/adminbasicservice/adminbasic/contacts', 2, [to('contacts', 'GET /api/v1/contactservice/contacts')]),
  ], { metricsInterval: 60 }),
  java('ts-admin-order-service', [
    http('GET', '/api/v1/adminorderservice/adminorder', 3, [to('order', `GET ${ORDER}`), to('order-other', `GET ${OTHER}`)]),
  ], { metricsInterval: 60 }),
  java('ts-admin-route-service', [http('GET', '/api/v1/adminrouteservice/adminroute', 2, [to('route', 'GET /api/v1/routeservice/routes')])], { metricsInterval: 60 }),
  java('ts-admin-travel-service', [
    http('GET', '/api/v1/admintravelservice/admintravel', 3, [to('travel', 'GET /api/v1/travelservice/trips'), to('travel2', 'GET /api/v1/travel2service/trips')]),
  ], { metricsInterval: 60 }),
  java('ts-admin-user-service', [http('GET', '/api/v1/adminuserservice/users', 2, [to('user', 'GET /api/v1/userservice/users')])], { metricsInterval: 60 }),
  service('ts-news-service', { lang: 'go', code: 'main', port: 12862, version: '1.0.0', traces: 'none', logStyle: 'logfmt', cpuLimit: 0.2 }, [http('GET', '/api/v1/newsservice/news', 1)]),
  service('ts-voucher-service', { lang: 'python', code: 'server', port: 16101, version: '1.0.0', traces: 'legacy', cpuLimit: 0.5 }, [
    http('POST', '/getVoucher', 4, [db(SHARED_MYSQL, 'SELECT', 'voucher', 1.5), to('order', `GET ${ORDER}/{orderId}`), db(SHARED_MYSQL, 'INSERT', 'voucher', 2, { p: 0.3 })]),
  ]),
  service('ts-ticket-office-service', { lang: 'node', code: 'ticket-office', port: 16108, version: '1.0.0', traces: 'legacy', cpuLimit: 0.5 }, [
    http('GET', '/office/getRegionList', 2, [find('ticket-office', 'office', 1.5)]),
    http('GET', '/office/getAll', 3, [find('ticket-office', 'office', 2.5)]),
  ]),
  service('ts-avatar-service', { lang: 'python', code: 'app', port: 17001, version: '1.0.0', cpuLimit: 1 }, [http('POST', '/api/v1/avatar', 60, [], { cpuMs: 55, sigma: 0.5 })]),
];

/** What the dashboard serves and how often (relative). */
const ENTRY_WEIGHTS: ReadonlyArray<readonly [string, string, string, number]> = [
  ['GET', '/api/v1/verifycode/generate', 'ts-verification-code-service', 1.2],
  ['POST', '/api/v1/users/login', 'ts-auth-service', 1.2],
  ['POST', '/api/v1/travelservice/trips/left', 'ts-travel-service', 5],
  ['POST', '/api/v1/travel2service/trips/left', 'ts-travel2-service', 2.5],
  ['POST', '/api/v1/travelplanservice/travelPlan/cheapest', 'ts-travel-plan-service', 0.25],
  ['POST', '/api/v1/travelplanservice/travelPlan/quickest', 'ts-travel-plan-service', 0.2],
  ['POST', '/api/v1/travelplanservice/travelPlan/minStation', 'ts-travel-plan-service', 0.2],
  ['GET', '/api/v1/contactservice/contacts/account/{accountId}', 'ts-contacts-service', 1],
  ['POST', '/api/v1/contactservice/contacts', 'ts-contacts-service', 0.1],
  ['GET', '/api/v1/assuranceservice/assurances/types', 'ts-assurance-service', 0.8],
  ['GET', '/api/v1/foodservice/foods/{date}/{startStation}/{endStation}/{tripId}', 'ts-food-service', 0.8],
  ['POST', '/api/v1/preserveservice/preserve', 'ts-preserve-service', 0.9],
  ['POST', '/api/v1/preserveotherservice/preserveOther', 'ts-preserve-other-service', 0.4],
  ['POST', `${ORDER}/refresh`, 'ts-order-service', 1.5],
  ['POST', `${OTHER}/refresh`, 'ts-order-other-service', 0.6],
  ['POST', '/api/v1/inside_pay_service/inside_payment', 'ts-inside-payment-service', 0.7],
  ['GET', '/api/v1/cancelservice/cancel/refound/{orderId}', 'ts-cancel-service', 0.15],
  ['GET', '/api/v1/cancelservice/cancel/{orderId}/{loginId}', 'ts-cancel-service', 0.15],
  ['POST', '/api/v1/rebookservice/rebook', 'ts-rebook-service', 0.12],
  ['GET', '/api/v1/executeservice/execute/collected/{orderId}', 'ts-execute-service', 0.3],
  ['GET', '/api/v1/executeservice/execute/execute/{orderId}', 'ts-execute-service', 0.25],
  ['GET', '/api/v1/consignservice/consigns/account/{id}', 'ts-consign-service', 0.2],
  ['GET', '/api/v1/travelservice/train_types/{tripId}', 'ts-travel-service', 0.2],
  ['GET', '/api/v1/travel2service/orders/{tripId}', 'ts-travel2-service', 0.05],
  ['GET', '/api/v1/assuranceservice/assurances/assuranceid/{assuranceId}', 'ts-assurance-service', 0.08],
  ['GET', '/api/v1/ticketinfoservice/ticketinfo/{name}', 'ts-ticketinfo-service', 0.1],
  ['POST', '/api/v1/userservice/users/register', 'ts-user-service', 0.03],
  ['GET', '/api/v1/securityservice/securityConfigs', 'ts-security-service', 0.03],
  ['GET', '/api/v1/adminbasicservice/adminbasic/stations', 'ts-admin-basic-info-service', 0.03],
  ['GET', '/api/v1/adminbasicservice/adminbasic/trains', 'ts-admin-basic-info-service', 0.02],
  ['GET', '/api/v1/adminbasicservice/adminbasic/configs', 'ts-admin-basic-info-service', 0.02],
  ['GET', '/api/v1/adminbasicservice/adminbasic/prices', 'ts-admin-basic-info-service', 0.02],
  ['GET', '/api/v1/adminbasicservice/adminbasic/contacts', 'ts-admin-basic-info-service', 0.02],
  ['GET', '/api/v1/adminorderservice/adminorder', 'ts-admin-order-service', 0.04],
  ['GET', '/api/v1/adminrouteservice/adminroute', 'ts-admin-route-service', 0.03],
  ['GET', '/api/v1/admintravelservice/admintravel', 'ts-admin-travel-service', 0.03],
  ['GET', '/api/v1/adminuserservice/users', 'ts-admin-user-service', 0.03],
  ['GET', '/api/v1/newsservice/news', 'ts-news-service', 0.3],
  ['POST', '/getVoucher', 'ts-voucher-service', 0.1],
  ['GET', '/office/getRegionList', 'ts-ticket-office-service', 0.08],
  ['GET', '/office/getAll', 'ts-ticket-office-service', 0.05],
  ['POST', '/api/v1/avatar', 'ts-avatar-service', 0.04],
];

const dashboard: ServiceSpec = { ...services[0]!, operations: ENTRY_WEIGHTS.map(([method, route, svc]) => proxy(method, route, svc)) };

const backing: BackingSpec[] = [
  ...MONGO_OWNERS.map((short) => database(mongo(short), 'mongodb', 'ts', { memMiB: 140, cpuLimit: 0.5 })),
  database(SHARED_MYSQL, 'mysql', 'ts', { memMiB: 900, cpuLimit: 2 }),
  broker('rabbitmq'),
];

export const trainTicket: SystemTopology = {
  name: 'train-ticket',
  description: 'Train-Ticket-like railway booking system: 44 services (mostly Spring Boot), MongoDB and a shared MySQL, RabbitMQ.',
  namespace: 'train-ticket',
  peakRequestsPerSecond: 20,
  traceSampleRatio: 0.05,
  hosts: nodes('tt-worker', 5, { cores: 8, memGiB: 32, diskGiB: 200, scrapeSeconds: [10, 10, 10, 10, 60] }),
  services: [dashboard, ...services.slice(1)],
  backing,
  queues: [{ destination: 'food_delivery', broker: 'rabbitmq', consumer: 'ts-delivery-service', operation: 'process food_delivery', workers: 1 }],
  entries: ENTRY_WEIGHTS.map(([method, route, , weight]) => ({ service: 'ts-ui-dashboard', operation: `${method} ${route}`, weight })),
};
