import { describe, expect, it } from 'vitest';
import { MIN_SCORE, passwordStrength, spellings } from '../../src/auth/password-strength.js';
import { checkNewPassword, hashPassword, verifyPassword } from '../../src/auth/passwords.js';
import { safeNext } from '../../src/http/next.js';
import { generateToken, hashToken } from '../../src/auth/tokens.js';

describe('passwords', () => {
  it('hashes with Argon2id and verifies', async () => {
    const hash = await hashPassword('длинный пароль 2026');
    expect(hash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(await verifyPassword(hash, 'длинный пароль 2026')).toBe(true);
    expect(await verifyPassword(hash, 'длинный пароль 2026 ')).toBe(false); // never trimmed
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('refuses short, common and login-based passwords with a Russian reason', () => {
    expect(checkNewPassword('123456789', { login: 'ivanova' })).toContain('не менее 10 символов');
    expect(checkNewPassword('1234567890', { login: 'ivanova' })).toContain('распространён');
    expect(checkNewPassword('qwertyuiop', { login: 'ivanova' })).toContain('распространён');
    expect(checkNewPassword('aaaaaaaaaaaa', { login: 'ivanova' })).toContain('распространён');
    expect(checkNewPassword('ivanova2024!', { login: 'ivanova' })).toContain('логин');
    expect(checkNewPassword('зелёный чай с мятой', { login: 'ivanova' })).toBeNull();
  });
});

describe('password strength (zxcvbn with Russian words)', () => {
  it('derives the other spellings of a Russian word: both transliterations, the adjective endings, the wrong layout', () => {
    expect(spellings('пароль')).toEqual(expect.arrayContaining(['пароль', 'parol', 'gfhjkm']));
    expect(spellings('Заречный')).toEqual(expect.arrayContaining(['заречный', 'zarechny', 'zarechnyi', 'zarechnyj']));
    expect(spellings('Щукина')).toEqual(expect.arrayContaining(['shchukina', 'schukina']));
  });

  it('scores a place with a year, a keyboard run on the Russian layout and the person’s own name below 3', () => {
    expect(passwordStrength('Moskva2025!', []).score).toBeLessThan(MIN_SCORE);
    expect(passwordStrength('йцукенгшщзх', []).score).toBeLessThan(MIN_SCORE);
    expect(passwordStrength('Petrovskaya1990', ['Петровская Анна Юрьевна']).score).toBeLessThan(MIN_SCORE);
    expect(passwordStrength('Petrovskaya1990', ['Петровская Анна Юрьевна']).advice).toContain('не должен содержать ваше имя');
    expect(passwordStrength('парус жёлудь тетрадь', []).score).toBeGreaterThanOrEqual(MIN_SCORE);
  });
});

describe('the address after login', () => {
  it('is a path of this site or home', () => {
    expect(safeNext('/users?page=2')).toBe('/users?page=2');
    expect(safeNext('/mentees?q=ё')).toBe('/mentees?q=%D1%91');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/a\nb',
      'https://evil.example',
      'users',
      '',
      undefined,
      ['/users'],
      '/'.padEnd(3000, 'a'),
    ]) {
      expect(safeNext(bad), JSON.stringify(bad)).toBe('/');
    }
  });
});

describe('tokens', () => {
  it('are 160-bit base32 strings, stored as SHA-256 hex', () => {
    const token = generateToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(generateToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
