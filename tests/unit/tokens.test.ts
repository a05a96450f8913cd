import { describe, expect, it } from 'vitest';
import { generateToken, hashToken } from '../../src/auth/tokens.js';

describe('tokens', () => {
  it('stores the SHA-256 of a token in lower-case hex (the FIPS 180-2 test vector)', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes 32 characters of lower-case base32, a new one each time', () => {
    const a = generateToken();
    expect(a).toMatch(/^[a-z2-7]{32}$/);
    expect(generateToken()).not.toBe(a);
  });
});
