import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '#app/utils/config.server';

describe('configuration', () => {
  it('has working defaults for the demo', () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.APP_MODE).toBe('demo');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.pgliteDir.endsWith('data/pglite')).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => parseConfig({ PORT: 'abc' })).toThrow(/PORT="abc"/);
    expect(() => parseConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL="mysql:\/\/x\/y": must start with postgres/);
    expect(() => parseConfig({ APP_MODE: 'prod' })).toThrow(ConfigError);
  });

  it('requires an https address in production mode', () => {
    expect(() => parseConfig({ APP_MODE: 'production' })).toThrow(/PUBLIC_URL/);
    // Behind a load balancer the client address decides the per-IP limit: the proxy hops must be set.
    expect(() => parseConfig({ APP_MODE: 'production', PUBLIC_URL: 'https://portal.example.nl' })).toThrow(/TRUST_PROXY/);
    expect(parseConfig({ APP_MODE: 'production', PUBLIC_URL: 'https://portal.example.nl', TRUST_PROXY: '1' }).isProduction).toBe(true);
    expect(parseConfig({ APP_MODE: 'production', PUBLIC_URL: 'https://portal.example.nl', TRUST_PROXY: '0' }).TRUST_PROXY).toBe(0);
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });
});
