import { describe, expect, it } from 'vitest';
import { VersionedLru } from '../../src/lib/lru.js';

describe('the byte-bounded cache of versioned values', () => {
  it('serves a value only under the version it was stored with', () => {
    const lru = new VersionedLru<string>(100);
    lru.set('a', 'v1', 'page A', 10);
    expect(lru.get('a', 'v1')?.value).toBe('page A');
    expect(lru.get('a', 'v2')).toBeUndefined();
    expect(lru.get('b', 'v1')).toBeUndefined();
  });

  it('counts the bytes of what it holds, a replaced entry no more', () => {
    const lru = new VersionedLru<string>(100);
    lru.set('a', 'v1', 'old', 30);
    lru.set('a', 'v2', 'new', 20);
    lru.set('b', 'v1', 'b', 5);
    expect(lru.bytes).toBe(25);
    expect(lru.size).toBe(2);
    lru.delete('a');
    expect(lru.bytes).toBe(5);
  });

  it('drops the least recently used entries first when over its bound', () => {
    const lru = new VersionedLru<number>(30);
    lru.set('a', 'v', 1, 10);
    lru.set('b', 'v', 2, 10);
    lru.set('c', 'v', 3, 10);
    // Reading «a» makes it the most recently used: «b» is now the oldest.
    expect(lru.get('a', 'v')?.value).toBe(1);
    lru.set('d', 'v', 4, 10);
    expect(lru.get('b', 'v')).toBeUndefined();
    expect(lru.get('c', 'v')?.value).toBe(3);
    expect(lru.get('a', 'v')?.value).toBe(1);
    expect(lru.get('d', 'v')?.value).toBe(4);
    expect(lru.bytes).toBe(30);
    // A big entry pushes out as many as it takes.
    lru.set('e', 'v', 5, 25);
    expect(lru.size).toBe(1);
    expect(lru.bytes).toBe(25);
  });

  it('keeps the entry just stored even when it alone is over the bound', () => {
    const lru = new VersionedLru<string>(10);
    lru.set('a', 'v', 'small', 5);
    lru.set('big', 'v', 'huge', 50);
    expect(lru.get('big', 'v')?.value).toBe('huge');
    expect(lru.get('a', 'v')).toBeUndefined();
    expect(lru.bytes).toBe(50);
  });
});
