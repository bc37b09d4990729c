import { describe, expect, it } from 'vitest';
import { serviceResolver } from './service-names.ts';

describe('serviceResolver', () => {
  it("renames a span or log service to the metrics' spelling when only a `service` suffix differs", () => {
    const resolve = serviceResolver(['frontend', 'cartservice', 'redis']);
    expect(resolve('frontendservice')).toBe('frontend');
    expect(resolve('cart')).toBe('cartservice');
    expect(resolve('frontend')).toBe('frontend');
    expect(resolve('redis-cart')).toBe('redis-cart');
    expect(resolve('emailservice')).toBe('emailservice');
  });
});
