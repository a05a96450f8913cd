import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types.js';
import { DISTRICT_INDICATORS, METHODS, SCHOOL_INDICATORS, type SeedIndicator } from './catalogue.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Puts the documents' indicators into a municipality's catalogue: the district's six
 * (regulation 7.7) with the municipality's targets, and the school's six with the targets of the
 * school document for each of `schoolIds` (a school's targets are its own). Indicators already
 * there (same code) are left alone. Used by the demo seed, the region generator and the tests.
 */
export async function installCatalogue(
  db: Db,
  municipalityId: number,
  schoolIds: readonly number[],
  extraTargets: (indicator: SeedIndicator) => Partial<Record<number, { value: number | null; wording: string }>> = () => ({}),
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const all = [...DISTRICT_INDICATORS, ...SCHOOL_INDICATORS];
  for (const [index, seed] of all.entries()) {
    const existing = await db
      .selectFrom('indicators')
      .select('id')
      .where('municipality_id', '=', municipalityId)
      .where('code', '=', seed.code)
      .executeTakeFirst();
    if (existing) {
      ids.set(seed.code, existing.id);
      continue;
    }
    const row = await db
      .insertInto('indicators')
      .values({
        municipality_id: municipalityId,
        code: seed.code,
        name: seed.name,
        unit: seed.unit,
        level: seed.level,
        method: seed.method,
        contingent_kind: METHODS[seed.method].contingent,
        direction: seed.direction,
        description: null,
        source: seed.source,
        position: index + 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(seed.code, row.id);
    const owners = seed.level === 'school' ? schoolIds : [municipalityId];
    const targets = { ...seed.targets, ...extraTargets(seed) };
    const rows = owners.flatMap((organizationId) =>
      Object.entries(targets).map(([year, target]) => ({
        indicator_id: row.id,
        organization_id: organizationId,
        year: Number(year),
        value: target?.value ?? null,
        wording: target?.wording ?? null,
      })),
    );
    for (let i = 0; i < rows.length; i += 1000)
      await db
        .insertInto('indicator_targets')
        .values(rows.slice(i, i + 1000))
        .execute();
  }
  return ids;
}
