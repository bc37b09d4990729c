import { describe, expect, it } from 'vitest';
import { isoToNanos } from './iso-time.ts';
import { validateCaseTruth, validateDatasetInfo } from './validate-truth.ts';

const FILE = 'carts-cpu-1/case.json';

function good(): Record<string, unknown> {
  return {
    version: 1,
    id: 'carts-cpu-1',
    system: 'sock-shop',
    window: { start: '2022-05-17T18:30:00Z', end: '2022-05-17T18:45:00Z' },
    faults: [{ service: 'carts', indicator: 'cpu', type: 'cpu-hog', start: '2022-05-17T18:37:55Z', end: '2022-05-17T18:42:40Z' }],
  };
}

function messageOf(value: unknown): string {
  const r = validateCaseTruth(value, FILE);
  return r.ok ? '' : `${r.error.code} ${r.error.message}`;
}

describe('case.json validation', () => {
  it('accepts the example of the format, a control case without faults, and a fault without end', () => {
    expect(validateCaseTruth(good(), FILE).ok).toBe(true);
    expect(validateCaseTruth({ ...good(), faults: [] }, FILE).ok).toBe(true);
    const noEnd = good();
    delete (noEnd.faults as Record<string, unknown>[])[0]!.end;
    expect(validateCaseTruth(noEnd, FILE).ok).toBe(true);
  });

  it('names the file and the field of each problem', () => {
    const t = good();
    (t.faults as Record<string, unknown>[])[0]!.indicator = 'cpu2';
    expect(messageOf(t)).toBe(
      'CW_ERR_DATASET_INVALID carts-cpu-1/case.json: faults[0].indicator: "cpu2" is not one of cpu, mem, disk, net, latency, errors, traffic, log, code',
    );
  });

  it.each([
    ['version 2', { version: 2 }, 'version: expected 1, got 2'],
    ['version as text', { version: '1' }, 'version: expected 1, got "1"'],
    ['empty id', { id: '' }, 'id: must not be empty'],
    ['id with a slash', { id: 'a/b' }, 'id: "a/b" cannot be a folder name'],
    ['no system', { system: undefined }, 'system: missing'],
    ['window start not ISO', { window: { start: '17/05/2022 18:30', end: '2022-05-17T18:45:00Z' } }, 'window.start: "17/05/2022 18:30" is not an ISO 8601 time'],
    ['time without zone', { window: { start: '2022-05-17T18:30:00', end: '2022-05-17T18:45:00Z' } }, 'window.start: "2022-05-17T18:30:00" is not an ISO 8601 time'],
    ['30 February', { window: { start: '2022-02-30T18:30:00Z', end: '2022-05-17T18:45:00Z' } }, 'window.start: "2022-02-30T18:30:00Z" is not'],
    ['window backwards', { window: { start: '2022-05-17T18:45:00Z', end: '2022-05-17T18:30:00Z' } }, 'window.end: must be after window.start'],
    ['unknown field', { fault: [] }, 'fault: unknown field (expected one of version, id, system, window, faults)'],
    ['faults not an array', { faults: {} }, 'faults: expected an array, got an object'],
    ['no faults', { faults: undefined }, 'faults: missing (use [] for a fault-free case)'],
  ])('%s', (_name, patch, expected) => {
    const t = { ...good(), ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete (t as Record<string, unknown>)[k];
    expect(messageOf(t)).toContain(`carts-cpu-1/case.json: ${expected}`);
  });

  it('checks each fault: start inside the window, end not before start, known fields, times', () => {
    const t = good();
    t.faults = [
      { service: 'carts', indicator: 'cpu', type: 'cpu-hog', start: '2022-05-17T19:00:00Z' },
      { service: 'carts', indicator: 'mem', type: 'leak', start: '2022-05-17T18:40:00Z', end: '2022-05-17T18:35:00Z' },
      { service: '', indicator: 'net', type: 'loss', start: '2022-05-17T18:40:00Z', ned: '2022-05-17T18:41:00Z' },
      'carts',
    ];
    const message = messageOf(t);
    expect(message).toContain('faults[0].start: 2022-05-17T19:00:00Z is outside the window 2022-05-17T18:30:00Z .. 2022-05-17T18:45:00Z');
    expect(message).toContain('faults[1].end: must not be before faults[1].start');
    expect(message).toContain('faults[2].ned: unknown field');
    expect(message).toContain('faults[2].service: must not be empty');
    expect(message).toContain('faults[3]: expected an object, got "carts"');
  });

  it('refuses what is not an object', () => {
    expect(messageOf([])).toBe('CW_ERR_DATASET_INVALID carts-cpu-1/case.json: (root): expected an object, got an array');
  });
});

describe('dataset.json validation', () => {
  it('accepts optional strings and names a bad field', () => {
    expect(validateDatasetInfo({ name: 'sock-shop-rcd', license: 'CC-BY-4.0' }, 'ds/dataset.json').ok).toBe(true);
    const r = validateDatasetInfo({ name: 3, owner: 'me' }, 'ds/dataset.json');
    expect(r.ok ? '' : r.error.message).toBe('ds/dataset.json: owner: unknown field (expected one of name, system, description, source, license); name: expected a string, got 3');
  });
});

describe('ISO 8601 times', () => {
  it('parses zones and fractions to exact nanoseconds', () => {
    expect(isoToNanos('2022-05-17T18:30:00Z')).toBe(1652812200n * 1_000_000_000n);
    expect(isoToNanos('2022-05-17T20:30:00+02:00')).toBe(1652812200n * 1_000_000_000n);
    expect(isoToNanos('2022-05-17T18:30:00.123456789Z')).toBe(1652812200123456789n);
    expect(isoToNanos('2022-05-17T18:30:00.5Z')).toBe(1652812200500000000n);
    expect(isoToNanos('2024-02-29T00:00:00Z')).toBeDefined();
    expect(isoToNanos('2023-02-29T00:00:00Z')).toBeUndefined();
    expect(isoToNanos('2022-05-17T24:00:00Z')).toBeUndefined();
    expect(isoToNanos('2022-05-17 18:30:00Z')).toBeUndefined();
  });
});
