import { randomBytes } from 'node:crypto';
import { crc32, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, compressPart, crc32Combine, gzipAround } from '../../src/http/compression.js';

describe('crc32Combine', () => {
  it('gives the CRC-32 of the concatenation', () => {
    for (const [a, b] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [7, 13],
      [1000, 1],
      [3, 70_000],
      [65_536, 65_537],
    ] as const) {
      const left = randomBytes(a);
      const right = randomBytes(b);
      expect(crc32Combine(crc32(left), crc32(right), right.length)).toBe(crc32(Buffer.concat([left, right])));
    }
  });
});

describe('gzipAround', () => {
  const middle = compressPart(`<section>${'Показатель М1: достигнут. '.repeat(4000)}<svg><path d="M1 2L3 4"/></svg></section>`);

  it('gunzips to head · middle · tail, the middle deflated once for every response', () => {
    for (const [head, tail] of [
      ['<!doctype html><html><body><p>Иванова Мария Петровна</p>', '</body></html>'],
      ['<p>другой пользователь, другой токен 1f2e3d</p>', '<footer>© 2026</footer>'],
      ['', ''],
    ] as const) {
      const gz = gzipAround(Buffer.from(head), middle, Buffer.from(tail));
      expect(gunzipSync(gz).toString('utf8')).toBe(head + middle.text.toString('utf8') + tail);
    }
  });

  it('joins binary pieces of any length, the check sum and length included', () => {
    for (const size of [0, 1, 100, 40_000]) {
      const part = compressPart(randomBytes(size));
      const head = randomBytes(size % 97);
      const tail = randomBytes(3);
      expect(gunzipSync(gzipAround(head, part, tail)).equals(Buffer.concat([head, part.text, tail]))).toBe(true);
    }
  });

  it('splits a head or tail longer than a stored block (64 KB)', () => {
    const head = Buffer.from('ш'.repeat(40_000)); // 80 000 bytes: two stored blocks
    const tail = randomBytes(0x10000); // exactly one byte over a block
    const gz = gzipAround(head, middle, tail);
    expect(gunzipSync(gz).equals(Buffer.concat([head, middle.text, tail]))).toBe(true);
  });

  it('is much smaller than the text it carries', () => {
    const gz = gzipAround(Buffer.from('<p>шапка</p>'), middle, Buffer.from('<p>подвал</p>'));
    expect(gz.length).toBeLessThan(middle.text.length / 10);
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['GZIP', true],
    ['x-gzip', true],
    ['*', true],
    ['gzip;q=0', false],
    ['br, *;q=0', false],
    ['*;q=0.5, gzip;q=0', false],
    ['identity', false],
    ['br', false],
    ['', false],
  ])('%s → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('is false without the header', () => {
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
