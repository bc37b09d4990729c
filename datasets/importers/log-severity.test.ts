import { describe, expect, it } from 'vitest';
import { severityOfLevel, severityOfMessage } from './log-severity.ts';

describe('log severity', () => {
  it('takes a level column as written, numbered by the OpenTelemetry log data model', () => {
    expect(severityOfLevel('ERROR')).toEqual({ number: 17, text: 'ERROR' });
    expect(severityOfLevel('warning')).toEqual({ number: 13, text: 'warning' });
    expect(severityOfLevel('info ')).toEqual({ number: 9, text: 'info' });
    expect(severityOfLevel('verbose')).toEqual({ number: 0, text: 'verbose' });
    expect(severityOfLevel('')).toEqual({ number: 0, text: '' });
  });

  it('reads level markers from message text', () => {
    expect(severityOfMessage('level=warn msg=slow query')).toEqual({ number: 13, text: 'WARN' });
    expect(severityOfMessage('{"severity":"error","message":"x"}')).toEqual({ number: 17, text: 'ERROR' });
    expect(severityOfMessage('E0123 08:53:21.000000 1 cart.go:42] failed')).toEqual({ number: 17, text: 'ERROR' });
    expect(severityOfMessage('2024-01-20 07:11:00.123 INFO [main] Login ok')).toEqual({ number: 9, text: 'INFO' });
    expect(severityOfMessage('[debug] cache hit, ERROR count 0')).toEqual({ number: 5, text: 'DEBUG' });
    expect(severityOfMessage('Fatal: PANIC now')).toEqual({ number: 21, text: 'FATAL' });
  });

  it('does not take prose for a level', () => {
    expect(severityOfMessage('request finished with no error')).toEqual({ number: 0, text: '' });
    expect(severityOfMessage('GET /api 200 12ms')).toEqual({ number: 0, text: '' });
  });
});
