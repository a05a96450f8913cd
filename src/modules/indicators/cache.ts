import type { Kysely } from 'kysely';
import type { MunicipalityState } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { VersionedLru } from '../../lib/lru.js';
import { ensureFresh } from './compute.js';

/**
 * Rendered view models and page parts by municipality version: a change of the municipality's
 * data bumps the version, so an entry is never served stale. Names say what kind of value they
 * hold (`page:…` a CompressedPart, `model:…` a view model), since `value` is cast back on
 * reading. Bounded by the bytes its entries hold (a view model counts as VIEW_MODEL_BYTES unless
 * its caller weighs it); the least recently used go first (lib/lru.ts).
 */
const MAX_BYTES = 96 * 1024 * 1024;
const VIEW_MODEL_BYTES = 256 * 1024;
const cache = new VersionedLru<unknown>(MAX_BYTES);

export async function cached<T>(
  db: Kysely<Database>,
  municipality: { id: number; known?: MunicipalityState | null },
  name: string,
  build: (refreshedAt: Date | null) => Promise<T>,
  bytesOf: (value: T) => number = () => VIEW_MODEL_BYTES,
): Promise<{ value: T; refreshedAt: Date | null }> {
  const municipalityId = municipality.id;
  const fresh = await ensureFresh(db, municipalityId, municipality.known);
  // The refresh moment too: a database emptied and refilled (tests) starts its versions again.
  const version = `${fresh.version}@${fresh.refreshedAt?.toISOString() ?? ''}`;
  const cacheKey = `${municipalityId}:${name}`;
  const hit = cache.get(cacheKey, version);
  if (hit) return { value: hit.value as T, refreshedAt: fresh.refreshedAt };
  const value = await build(fresh.refreshedAt);
  cache.set(cacheKey, version, value, bytesOf(value));
  return { value, refreshedAt: fresh.refreshedAt };
}
