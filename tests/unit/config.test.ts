import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('starts with defaults: embedded database in ./data, port 3000, demo data outside production', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.seedDemo).toBe(true);
    expect(config.cookieSecure).toBe(false);
  });

  it('stops on a wrong value with one line naming the variable', () => {
    expect(() => loadConfig({ PORT: 'восемьдесят' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: '70000' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toContain('PORT');
      expect(message).toContain('70000');
    }
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ SEED_DEMO: 'maybe' })).toThrow(/SEED_DEMO/);
  });

  it('requires a cookie secret in production and keeps demo accounts out unless asked', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/COOKIE_SECRET/);
    // Mails carry absolute links: a production portal that mails names its address.
    expect(() => loadConfig({ NODE_ENV: 'production', COOKIE_SECRET: 's'.repeat(32), SMTP_URL: 'smtp://mail:25' })).toThrow(
      /PUBLIC_URL is required in production when SMTP_URL is set/,
    );
    expect(
      loadConfig({
        NODE_ENV: 'production',
        COOKIE_SECRET: 's'.repeat(32),
        SMTP_URL: 'smtp://mail:25',
        PUBLIC_URL: 'https://n.example.ru',
      }).mail.smtpUrl,
    ).toBe('smtp://mail:25');
    const production = loadConfig({ NODE_ENV: 'production', COOKIE_SECRET: 's'.repeat(32) });
    expect(production.seedDemo).toBe(false);
    expect(production.cookieSecure).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', COOKIE_SECRET: 's'.repeat(32), SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('every variable the schema reads is listed in .env.example', async () => {
    const { readFile } = await import('node:fs/promises');
    const example = await readFile(new URL('../../.env.example', import.meta.url), 'utf8');
    const source = await readFile(new URL('../../src/config.ts', import.meta.url), 'utf8');
    const schemaBlock = source.slice(source.indexOf('const envSchema'), source.indexOf('.superRefine'));
    const names = [...schemaBlock.matchAll(/^\s{4}([A-Z_]+):/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect(example, name).toMatch(new RegExp(`^#?\\s*${name}=`, 'm'));
  });
});
