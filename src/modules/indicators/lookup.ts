import type { Kysely } from 'kysely';
import { canEnterFigures, canEnterValue, canViewIndicator, canViewOrganization } from '../../access/policy.js';
import type { CurrentUser, MunicipalityState } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import { cached } from './cache.js';
import { appliesTo, METHODS } from './catalogue.js';
import {
  figuresOrganization,
  figuresOrganizations,
  findIndicator,
  type IndicatorRecord,
  municipalityById,
  municipalityCatalogue,
  type OrgRef,
  type SchoolRef,
  schoolInScope,
  schoolsOf,
} from './queries.js';

/**
 * What a request of the indicators module names, found within the user's scope: the user's
 * municipality, a school, an indicator, an organisation whose figures are entered. Anything
 * outside the scope is 404; a forbidden action inside it, 403. With the session's municipality
 * state the dashboards' lookups make no query: they read what is kept per data version.
 */

/** The user's municipality; its name comes with the session (`known`) when given, else it is read. */
export async function municipalityOf(
  db: Kysely<Database>,
  user: CurrentUser,
  known?: MunicipalityState | null,
): Promise<SchoolRef> {
  if (user.municipalityId === null) throw new ForbiddenError();
  if (known && known.id === user.municipalityId) return { id: known.id, name: known.name };
  const row = await municipalityById(db, user.municipalityId);
  if (!row) throw new NotFoundError();
  return row;
}

/** What a small lookup kept in the cache holds, roughly: a few hundred bytes an entry. */
const mapBytes = (map: Map<number, unknown>) => 256 * (map.size + 1);

/** The municipality's schools by id, kept per data version (a school added or renamed bumps it). */
async function schoolsById(
  db: Kysely<Database>,
  municipality: SchoolRef,
  known: MunicipalityState | null,
): Promise<Map<number, string>> {
  const { value } = await cached(
    db,
    { id: municipality.id, known },
    'model:schools-by-id',
    async () => new Map((await schoolsOf(db, municipality.id)).map((row) => [row.id, row.name])),
    mapBytes,
  );
  return value;
}

/**
 * A school the user reads (its own for a school's staff, the municipality's for the
 * municipality's), with its municipality; anything else is 404.
 */
export async function readableSchool(
  db: Kysely<Database>,
  user: CurrentUser,
  id: number,
  known: MunicipalityState | null,
): Promise<{ school: SchoolRef; municipality: SchoolRef }> {
  if (known && known.id === user.municipalityId) {
    const municipality = { id: known.id, name: known.name };
    // A school user's school is its own organisation; any other school is looked up in the kept list.
    const name =
      id === user.organizationId && user.organizationType === 'school'
        ? user.organizationName
        : (await schoolsById(db, municipality, known)).get(id);
    if (name === undefined || !canViewOrganization(user, { id, type: 'school', municipality_id: municipality.id }))
      throw new NotFoundError();
    return { school: { id, name }, municipality };
  }
  const row = await schoolInScope(db, user, id);
  if (!row) throw new NotFoundError();
  return { school: { id: row.id, name: row.short_name }, municipality: { id: row.municipality_id, name: row.municipality_name } };
}

/** One of the user's municipality's indicators, from the catalogue kept per data version; any other is 404. */
export async function readableIndicator(db: Kysely<Database>, user: CurrentUser, id: number, known?: MunicipalityState | null) {
  if (user.municipalityId === null) throw new NotFoundError();
  const municipalityId = user.municipalityId;
  const { value: catalogue } = await cached(
    db,
    { id: municipalityId, known },
    'model:catalogue-by-id',
    async () => new Map((await municipalityCatalogue(db, municipalityId)).map((row) => [row.id, row])),
    mapBytes,
  );
  const indicator = catalogue.get(id);
  if (!indicator || !canViewIndicator(user, indicator)) throw new NotFoundError();
  return indicator;
}

/** An indicator of the user's catalogue with what its forms need; any other is 404. */
export async function indicatorOf(db: Kysely<Database>, user: CurrentUser, id: number): Promise<IndicatorRecord> {
  const indicator = await findIndicator(db, user, id);
  if (!indicator) throw new NotFoundError();
  return indicator;
}

export type EntryPurpose = 'targets' | 'contingent' | 'manual';

/**
 * The organisation whose figures the user enters: its own school for a curator; the municipality
 * or (targets, contingent) one of its schools for the coordinator. Outside the scope: 404.
 */
export async function enterableOrganization(
  db: Kysely<Database>,
  user: CurrentUser,
  organizationId: number,
  purpose: EntryPurpose,
): Promise<OrgRef> {
  const org = await figuresOrganization(db, user, organizationId);
  if (!org || org.municipality_id === null) throw new NotFoundError();
  if (purpose === 'manual' && !canEnterValue(user, org)) {
    throw canEnterFigures(user, org) ? new ForbiddenError('Значение для школы вносит её куратор.') : new ForbiddenError();
  }
  if (!canEnterFigures(user, org)) throw new ForbiddenError();
  return { ...org, municipality_id: org.municipality_id };
}

/** The organisations whose figures the user may enter, for the organisation choice. */
export function enterableOrganizations(db: Kysely<Database>, user: CurrentUser): Promise<OrgRef[]> {
  return figuresOrganizations(db, user);
}

/**
 * An indicator and an organisation whose figure of it the user enters: the indicator must be
 * counted for the organisation, and a value entered by hand only for a «manual» one; else 404.
 */
export async function entryTarget(
  db: Kysely<Database>,
  user: CurrentUser,
  indicatorId: number,
  organizationId: number,
  purpose: 'targets' | 'manual',
): Promise<{ indicator: IndicatorRecord; org: OrgRef }> {
  const indicator = await indicatorOf(db, user, indicatorId);
  const org = await enterableOrganization(db, user, organizationId, purpose);
  if (!appliesTo(indicator, org) || (purpose === 'manual' && !METHODS[indicator.method].handEntry)) throw new NotFoundError();
  return { indicator, org };
}
