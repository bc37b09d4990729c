/**
 * The correlator's part of the configuration schema (schema.ts places it
 * under `correlator`): built-in detector settings, threshold and predictive
 * rules, SLOs, log rules and incident grouping. Every default is here; they
 * equal the defaults of the modules they configure (correlator/settings.ts
 * turns this section into detectors, and a test holds the two in step).
 *
 * With no configuration the built-in detectors run on every signal and the
 * rule lists are empty. Durations carry their unit in the key: seconds for
 * windows, minutes for horizons and warm-ups. Rules, SLOs and their
 * semantics are described in docs/rules.md.
 */
import { Type, type TProperties } from '@sinclair/typebox';

const Obj = <T extends TProperties>(props: T, description: string) => Type.Object(props, { additionalProperties: false, default: {}, description });
/** An object inside a list: no default of its own, unknown keys refused. */
const Item = <T extends TProperties>(props: T) => Type.Object(props, { additionalProperties: false });
const Enum = <T extends string>(values: readonly T[], def?: T, description?: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { ...(def !== undefined ? { default: def } : {}), ...(description ? { description } : {}) },
  );
const Name = Type.String({ minLength: 1, description: 'Unique within its list; reported in evidence.' });
const Seconds = (def: number, description?: string) => Type.Integer({ minimum: 0, default: def, ...(description ? { description } : {}) });
const Severity = Enum(['warning', 'critical'] as const, 'warning');
const SEVERITY_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
const INDICATORS = ['cpu', 'mem', 'disk', 'net', 'latency', 'errors', 'traffic', 'log', 'code'] as const;

/** Which series a threshold or predictive rule applies to. Give signal or signalRegex; entity or entityRegex is optional. */
const SeriesMatch = {
  entity: Type.Optional(Type.String({ minLength: 1, description: 'Exact entity (service, database, peer).' })),
  entityRegex: Type.Optional(Type.String({ minLength: 1, description: 'JavaScript regular expression the whole entity name must match.' })),
  signal: Type.Optional(Type.String({ minLength: 1, description: 'Exact series name, e.g. latency_p95_ms or system.filesystem.utilization.' })),
  signalRegex: Type.Optional(Type.String({ minLength: 1, description: 'JavaScript regular expression the whole series name must match.' })),
};

const ThresholdRule = Item({
  name: Name,
  ...SeriesMatch,
  op: Enum(['>', '<'] as const),
  value: Type.Number(),
  forSeconds: Seconds(0, 'The condition must hold this long before the rule fires.'),
  keepFiringForSeconds: Seconds(0, 'A firing rule keeps firing this long after the condition clears.'),
  severity: Severity,
});

const PredictiveMethod = Enum(['linear', 'holt-winters'] as const);

const PredictiveRule = Item({
  name: Name,
  ...SeriesMatch,
  limit: Type.Number(),
  direction: Enum(['up', 'down'] as const, 'up'),
  horizonMinutes: Type.Integer({ minimum: 1, default: 240 }),
  windowMinutes: Type.Integer({ minimum: 1, default: 60, description: 'Trailing window of the trend test.' }),
  minPoints: Type.Integer({ minimum: 1, default: 3 }),
  method: Type.Optional(PredictiveMethod),
  seasonMinutes: Type.Integer({ minimum: 1, default: 1440 }),
});

const BurnRateTier = Item({
  name: Type.String({ minLength: 1 }),
  longWindowMinutes: Type.Number({ exclusiveMinimum: 0 }),
  shortWindowMinutes: Type.Number({ exclusiveMinimum: 0 }),
  burnRate: Type.Number({ exclusiveMinimum: 0 }),
  severity: Severity,
});

const Slo = Item({
  name: Name,
  service: Type.String({ minLength: 1 }),
  kind: Enum(['availability', 'latency'] as const, 'availability'),
  objective: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Target share of good requests, e.g. 0.999.' }),
  latencyThresholdMillis: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Latency SLOs: a request slower than this is bad.' })),
  windowScale: Type.Number({ exclusiveMinimum: 0, default: 1, description: 'Multiplies every burn-rate window (shorter for short replays).' }),
  tiers: Type.Optional(Type.Array(BurnRateTier, { minItems: 1, description: 'Default: page at 14.4 over 1 h and 5 min, ticket at 6 over 6 h and 30 min.' })),
});

const LogRule = Item({
  name: Name,
  service: Type.Optional(Type.String({ minLength: 1, description: 'Only this service; default every service, each counted on its own.' })),
  minSeverity: Type.Optional(Enum(SEVERITY_LEVELS)),
  bodyRegex: Type.Optional(Type.String({ minLength: 1, description: 'RE2 pattern searched in the body.' })),
  attributes: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Log or resource attribute values that must all match.' })),
  windowSeconds: Type.Integer({ minimum: 1, default: 300 }),
  countAbove: Type.Integer({ minimum: 0 }),
  forSeconds: Seconds(0),
  keepFiringForSeconds: Seconds(0),
  severity: Severity,
});

export const CORRELATOR_RULE_KEYS = {
  detectors: Obj(
    {
      robustBaseline: Obj(
        {
          enabled: Type.Boolean({ default: true }),
          k: Type.Number({ exclusiveMinimum: 0, default: 4, description: 'Robust z-score beyond which a point is anomalous.' }),
          windowSeconds: Type.Integer({ minimum: 1, default: 1800, description: 'Trailing window of the median and MAD.' }),
          minPoints: Type.Integer({ minimum: 1, default: 3, description: 'Consecutive anomalous points that make an anomaly.' }),
          strongFactor: Type.Number({ minimum: 1, default: 8, description: 'Two consecutive points make an anomaly when both are this many times k away (a 30 s metric would otherwise need 90 s).' }),
          runChance: Type.Number({
            exclusiveMinimum: 0,
            exclusiveMaximum: 1,
            default: 8e-6,
            description: 'Where the trailing window itself often lies beyond k sigma (heavy tails), a run needs enough points that this chance of a coincidence is not exceeded.',
          }),
          seasonality: Type.Boolean({ default: true, description: 'Compare with the same time of past days once a day of history exists.' }),
        },
        'Deviation from a robust (median/MAD) baseline, on every signal.',
      ),
      changePoint: Obj(
        {
          enabled: Type.Boolean({ default: true }),
          windowSeconds: Type.Integer({ minimum: 1, default: 3600, description: 'Trailing window of the reference baseline.' }),
          drift: Type.Number({ minimum: 0, maximum: 2.9, default: 1, description: 'CUSUM allowance per bucket, in sigmas.' }),
          h: Type.Number({ exclusiveMinimum: 0, default: 8, description: 'CUSUM decision interval, in sigmas.' }),
        },
        'Level shifts (two-sided CUSUM), on every signal.',
      ),
      eventBurst: Obj(
        {
          enabled: Type.Boolean({ default: true }),
          windowSeconds: Type.Integer({ minimum: 1, default: 1800, description: 'Reference window: a service is judged while it logged no error in it.' }),
          maxRecentBuckets: Type.Integer({ minimum: 1, default: 12, description: 'Longest recent stretch compared with the reference, in buckets.' }),
          minEventBuckets: Type.Integer({ minimum: 1, default: 4, description: 'Buckets with error records a stretch needs at least.' }),
          alpha: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 1e-3, description: 'Largest chance (Fisher exact test) reported.' }),
        },
        'Errors from a service that logged none in the reference window, by how many buckets hold any (error log series).',
      ),
      restarts: Obj({ enabled: Type.Boolean({ default: true }) }, 'Container restarts (k8s.container.restarts rising): a critical anomaly each time, no baseline needed.'),
      predictive: Obj(
        {
          enabled: Type.Boolean({ default: true }),
          method: Enum(['linear', 'holt-winters'] as const, 'linear', 'Forecast: a trailing least-squares line, or Holt-Winters with a season.'),
          indicators: Type.Array(Enum(INDICATORS), { default: ['disk'], description: 'Utilisation series (names ending in "utilization") of these indicators are watched.' }),
          limit: Type.Number({ default: 0.95, description: 'The utilisation that must not be reached.' }),
          horizonMinutes: Type.Integer({ minimum: 1, default: 240 }),
          windowMinutes: Type.Integer({ minimum: 1, default: 60, description: 'Trailing window of the trend test.' }),
          seasonMinutes: Type.Integer({ minimum: 1, default: 1440, description: 'Holt-Winters season.' }),
        },
        'Built-in predictive rule: utilisation reaching a limit within a horizon ("disk full within 4 h").',
      ),
      logTemplates: Obj(
        {
          enabled: Type.Boolean({ default: true }),
          minSeverity: Enum(SEVERITY_LEVELS, 'error', 'Records below this severity are not mined (severity-less records that read like errors are).'),
          bucketSeconds: Type.Integer({ minimum: 1, default: 60, description: 'Grid of the template counts.' }),
          warmupMinutes: Type.Integer({ minimum: 0, default: 60, description: 'Per service, from its first log record: no template anomaly before.' }),
          spikeFactor: Type.Number({ exclusiveMinimum: 0, default: 3, description: 'A template spikes above this times its trailing median count.' }),
          spikeTrailingBuckets: Type.Integer({ minimum: 1, default: 12 }),
          spikeMinCount: Type.Integer({ minimum: 1, default: 5, description: 'Counts below this never spike.' }),
          maxRowsPerWindow: Type.Integer({ minimum: 1, default: 20_000, description: 'Records mined per correlator window at most; the rest of a window is skipped.' }),
        },
        'New and spiking log templates (online Drain miner), stored in causeway_log_templates.',
      ),
      logRuleStepSeconds: Type.Integer({ minimum: 1, default: 10, description: 'Grid on which log count rules are evaluated.' }),
    },
    'Built-in detectors.',
  ),
  thresholdRules: Type.Array(ThresholdRule, { default: [], description: 'Static thresholds on signal series (see docs/rules.md).' }),
  predictiveRules: Type.Array(PredictiveRule, { default: [], description: 'Forecast limit crossings on signal series (see docs/rules.md).' }),
  slos: Type.Array(Slo, { default: [], description: 'Multi-window, multi-burn-rate SLO alerts (see docs/rules.md).' }),
  logRules: Type.Array(LogRule, { default: [], description: 'Counts of matching log records (see docs/rules.md).' }),
  dependencies: Type.Array(
    Type.Object(
      {
        from: Type.String({ minLength: 1, description: 'The calling service (service.name).' }),
        to: Type.String({ minLength: 1, description: 'The service, database or peer it calls.' }),
      },
      { additionalProperties: false },
    ),
    {
      default: [],
      description: 'Calls known without traces (metrics- or logs-only services): added to the dependency graph traces build (see docs/rules.md).',
    },
  ),
  incidents: Obj(
    {
      groupWindowSeconds: Type.Integer({ minimum: 1, default: 300, description: 'Anomalies this close in time to a group can join it.' }),
      hops: Type.Integer({ minimum: 0, default: 2, description: 'How many call edges apart an anomaly may be from a group\'s services (a callee of its root, a caller of its services) to join its story.' }),
      minAnomalies: Type.Integer({ minimum: 1, default: 2, description: 'Distinct anomalies that open an incident without a critical one.' }),
      minEvidenceScore: Type.Number({ minimum: 0, default: 2, description: 'Anomalies scoring below this never count towards opening an incident (they still join one).' }),
      loneFoldChange: Type.Number({
        minimum: 1,
        default: 3,
        description: 'A critical anomaly of a statistical detector (robust-baseline, cusum, event-burst) opens an incident alone only when its value moved this many times from its baseline.',
      }),
      memoryLoneFoldChange: Type.Number({
        minimum: 1,
        default: 2,
        description: 'The same as loneFoldChange for memory series (usage, working set, heap, garbage-collection time): a container seldom has room to triple its memory, and one that doubled it is on its way to being killed.',
      }),
      corroboratingDetectors: Type.Array(Type.String({ minLength: 1 }), {
        default: ['cusum'],
        description: 'Detectors whose findings count towards opening an incident only beside a finding of another detector.',
      }),
      pendingSeconds: Type.Integer({ minimum: 1, default: 300, description: 'A group too small to open is dropped after this long without news.' }),
      quietSeconds: Type.Integer({ minimum: 1, default: 600, description: 'An incident resolves after this long without anomalies.' }),
      reopenWindowSeconds: Type.Integer({ minimum: 0, default: 1800, description: 'A related anomaly this soon after a resolution opens a linked incident at once (if it is a finding that could open an incident itself).' }),
      flapMaxToggles: Type.Integer({ minimum: 1, default: 3, description: 'Onsets of one entity and indicator within flapWindowSeconds beyond which it is held as flapping.' }),
      flapWindowSeconds: Type.Integer({ minimum: 1, default: 1800 }),
      entryServices: Type.Array(Type.String({ minLength: 1 }), { default: [], description: 'Services users call directly; incidents touching them are more urgent.' }),
      breadthForP1: Type.Integer({ minimum: 1, default: 3, description: 'Services a critical incident must span to be P1.' }),
    },
    'Incident grouping.',
  ),
};
