import type { Kysely } from 'kysely';
import { organizationsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, IndicatorLevel, IndicatorMethod, OrganizationType } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import type { FileStore } from '../../lib/uploads.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import type { UploadedFile } from '../files/multipart.js';
import { storeUploadWith } from '../files/service.js';
import { appliesToMunicipality, appliesToSchool, CONTINGENT_KIND_CODES, type ContingentKind, METHODS } from './catalogue.js';
import type { IndicatorInput, ManualValueInput } from './schemas.js';

/**
 * Writes of the indicators module: the catalogue (coordinator), targets and contingent figures
 * (coordinator for the municipality and its schools, a curator for its school) and values entered
 * by hand (a curator for its school, the coordinator for the municipality). Each write is one
 * transaction with its audit line; the summary tables follow through the triggers of migration 0006.
 */

export interface OrgRef {
  id: number;
  name: string;
  type: OrganizationType;
  municipality_id: number;
}

export type EntryPurpose = 'targets' | 'contingent' | 'manual';

/**
 * The organisation whose figures the user enters: its own school for a curator; the municipality
 * or (targets, contingent) one of its schools for the coordinator. Outside the scope: 404.
 */
export async function enterableOrganization(db: Kysely<Database>, user: CurrentUser, organizationId: number, purpose: EntryPurpose): Promise<OrgRef> {
  const org = await db
    .selectFrom('organizations')
    .select(['id', 'short_name as name', 'type', 'municipality_id'])
    .where('id', '=', organizationId)
    .where('type', 'in', ['school', 'municipality'])
    .where(organizationsInScope(user))
    .executeTakeFirst();
  if (!org || org.municipality_id === null) throw new NotFoundError();
  if (user.role === 'curator') {
    if (org.id !== user.organizationId) throw new NotFoundError();
  } else if (user.role === 'coordinator') {
    if (purpose === 'manual' && org.type !== 'municipality') throw new ForbiddenError('Значение для школы вносит её куратор.');
  } else {
    throw new ForbiddenError();
  }
  return { ...org, municipality_id: org.municipality_id };
}

/** The organisations whose figures the user may enter, for the organisation choice. */
export async function enterableOrganizations(db: Kysely<Database>, user: CurrentUser): Promise<OrgRef[]> {
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'short_name as name', 'type', 'municipality_id'])
    .where('type', 'in', ['school', 'municipality'])
    .where(organizationsInScope(user))
    .orderBy(({ eb }) => eb.case().when('type', '=', 'municipality').then(0).else(1).end())
    .orderBy('short_name')
    .execute();
  return rows.filter((r): r is OrgRef => r.municipality_id !== null);
}

export interface IndicatorRecord {
  id: number;
  municipality_id: number;
  code: string;
  name: string;
  unit: 'percent' | 'count';
  level: IndicatorLevel;
  method: IndicatorMethod;
  direction: 'higher' | 'lower';
  source: string | null;
  description: string | null;
  archived_at: Date | null;
}

export async function indicatorOf(db: Kysely<Database>, municipalityId: number | null, id: number): Promise<IndicatorRecord> {
  if (municipalityId === null) throw new NotFoundError();
  const row = await db
    .selectFrom('indicators')
    .select(['id', 'municipality_id', 'code', 'name', 'unit', 'level', 'method', 'direction', 'source', 'description', 'archived_at'])
    .where('id', '=', id)
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError();
  return row;
}

export function appliesTo(indicator: { level: IndicatorLevel }, org: { type: OrganizationType }): boolean {
  return org.type === 'school' ? appliesToSchool(indicator.level) : appliesToMunicipality(indicator.level);
}

const INDICATOR_FIELDS = ['code', 'name', 'unit', 'level', 'method', 'direction', 'source', 'description'] as const;

export async function saveIndicator(
  db: Kysely<Database>,
  actor: Actor,
  municipalityId: number,
  id: number | null,
  input: IndicatorInput,
): Promise<{ ok: true; id: number } | { ok: false; errors: FieldErrors }> {
  const clash = await db
    .selectFrom('indicators')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where((eb) => eb(eb.fn('lower', ['code']), '=', input.code.toLowerCase()))
    .$if(id !== null, (q) => q.where('id', '<>', id as number))
    .executeTakeFirst();
  if (clash) return { ok: false, errors: { code: `Код «${input.code}» уже есть в перечне: выберите другой` } };
  const values = {
    code: input.code,
    name: input.name,
    unit: input.unit,
    level: input.level,
    method: input.method as IndicatorMethod,
    contingent_kind: METHODS[input.method as IndicatorMethod].contingent,
    direction: input.direction,
    source: input.source,
    description: input.description,
  };
  return db.transaction().execute(async (trx) => {
    let savedId: number;
    let changed: string[];
    if (id === null) {
      const last = await trx.selectFrom('indicators').select(({ fn }) => fn.max('position').as('max')).where('municipality_id', '=', municipalityId).executeTakeFirst();
      const row = await trx
        .insertInto('indicators')
        .values({ ...values, municipality_id: municipalityId, position: (last?.max ?? 0) + 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      savedId = row.id;
      changed = [...INDICATOR_FIELDS];
    } else {
      const before = await trx.selectFrom('indicators').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      changed = INDICATOR_FIELDS.filter((f) => before[f] !== values[f]);
      if (changed.length === 0) return { ok: true as const, id };
      await trx.updateTable('indicators').set({ ...values, updated_at: new Date() }).where('id', '=', id).execute();
      savedId = id;
    }
    await recordAudit(trx, auditActor(actor), {
      action: id === null ? 'create' : 'update',
      entityType: 'indicator',
      entityId: savedId,
      organizationId: municipalityId,
      municipalityId,
      changedFields: changed,
    });
    return { ok: true as const, id: savedId };
  });
}

export async function setIndicatorArchived(db: Kysely<Database>, actor: Actor, indicator: IndicatorRecord, archived: boolean): Promise<void> {
  if ((indicator.archived_at !== null) === archived) throw new ConflictError(archived ? 'Показатель уже в архиве.' : 'Показатель не в архиве.');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('indicators').set({ archived_at: archived ? new Date() : null, updated_at: new Date() }).where('id', '=', indicator.id).execute();
    await recordAudit(trx, auditActor(actor), {
      action: archived ? 'archive' : 'restore',
      entityType: 'indicator',
      entityId: indicator.id,
      organizationId: indicator.municipality_id,
      municipalityId: indicator.municipality_id,
      changedFields: ['archived_at'],
    });
  });
}

export interface TargetValue {
  value: number | null;
  wording: string | null;
}

/** Replaces the organisation's targets of the indicator for the given years: an empty year has none. */
export async function saveTargets(
  db: Kysely<Database>,
  actor: Actor,
  indicator: IndicatorRecord,
  org: OrgRef,
  targets: Map<number, TargetValue>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('indicator_targets')
      .select(['year', 'value', 'wording'])
      .where('indicator_id', '=', indicator.id)
      .where('organization_id', '=', org.id)
      .execute();
    let changes = 0;
    for (const [year, t] of targets) {
      const old = before.find((b) => b.year === year);
      const empty = t.value === null && t.wording === null;
      const same = old && (old.value === null ? null : Number(old.value)) === t.value && old.wording === t.wording;
      if (same || (empty && !old)) continue;
      changes++;
      if (empty) {
        await trx.deleteFrom('indicator_targets').where('indicator_id', '=', indicator.id).where('organization_id', '=', org.id).where('year', '=', year).execute();
      } else {
        await trx
          .insertInto('indicator_targets')
          .values({ indicator_id: indicator.id, organization_id: org.id, year, value: t.value, wording: t.wording })
          .onConflict((oc) => oc.columns(['indicator_id', 'organization_id', 'year']).doUpdateSet({ value: t.value, wording: t.wording, updated_at: new Date() }))
          .execute();
      }
      await recordAudit(trx, auditActor(actor), {
        action: empty ? 'delete' : old ? 'update' : 'create',
        entityType: 'indicator_target',
        entityId: `${indicator.id}:${org.id}:${year}`,
        organizationId: org.id,
        municipalityId: org.municipality_id,
        changedFields: empty ? [] : ['value', 'wording'],
      });
    }
    return changes;
  });
}

export interface ContingentValue {
  value: number | null;
  note: string | null;
}

/** Replaces the organisation's contingent figures for the year: an empty figure is removed. */
export async function saveContingent(
  db: Kysely<Database>,
  actor: Actor,
  org: OrgRef,
  year: number,
  values: Map<ContingentKind, ContingentValue>,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('contingents').select(['kind', 'value', 'note']).where('organization_id', '=', org.id).where('year', '=', year).execute();
    const changed: string[] = [];
    for (const kind of CONTINGENT_KIND_CODES) {
      const v = values.get(kind);
      if (!v) continue;
      const old = before.find((b) => b.kind === kind);
      if (v.value === null) {
        if (!old) continue;
        await trx.deleteFrom('contingents').where('organization_id', '=', org.id).where('year', '=', year).where('kind', '=', kind).execute();
      } else {
        if (old && old.value === v.value && old.note === v.note) continue;
        await trx
          .insertInto('contingents')
          .values({ organization_id: org.id, year, kind, value: v.value, note: v.note, updated_by: actor.user.id })
          .onConflict((oc) =>
            oc.columns(['organization_id', 'year', 'kind']).doUpdateSet({ value: v.value as number, note: v.note, updated_by: actor.user.id, updated_at: new Date() }),
          )
          .execute();
      }
      changed.push(kind);
    }
    if (changed.length > 0) {
      await recordAudit(trx, auditActor(actor), {
        action: 'update',
        entityType: 'contingent',
        entityId: `${org.id}:${year}`,
        organizationId: org.id,
        municipalityId: org.municipality_id,
        changedFields: changed,
      });
    }
    return changed.length;
  });
}

/** Saves a value entered by hand with its evidence (and a document, stored in the same transaction). */
export async function saveManualValue(
  db: Kysely<Database>,
  files: FileStore,
  actor: Actor,
  indicator: IndicatorRecord,
  org: OrgRef,
  year: number,
  input: ManualValueInput,
  file: UploadedFile | null,
): Promise<void> {
  if (indicator.method !== 'manual') throw new ConflictError('Этот показатель считается по данным портала, вручную его не вносят.');
  const value = input.value ?? Math.round(((input.numerator as number) / (input.denominator as number)) * 1000) / 10;
  let replaced: number | null = null;
  const write = async (trx: Kysely<Database>, fileId: number | null) => {
    const old = await trx
      .selectFrom('indicator_manual_values')
      .select(['evidence_file_id'])
      .where('indicator_id', '=', indicator.id)
      .where('organization_id', '=', org.id)
      .where('year', '=', year)
      .executeTakeFirst();
    const row = {
      value,
      numerator: input.numerator,
      denominator: input.denominator,
      evidence: input.evidence,
      evidence_file_id: fileId ?? old?.evidence_file_id ?? null,
      entered_by: actor.user.id,
      entered_at: new Date(),
    };
    await trx
      .insertInto('indicator_manual_values')
      .values({ indicator_id: indicator.id, organization_id: org.id, year, ...row })
      .onConflict((oc) => oc.columns(['indicator_id', 'organization_id', 'year']).doUpdateSet(row))
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: old ? 'update' : 'create',
      entityType: 'indicator_value',
      entityId: `${indicator.id}:${org.id}:${year}`,
      organizationId: org.id,
      municipalityId: org.municipality_id,
      changedFields: ['value', 'numerator', 'denominator', 'evidence', ...(fileId ? ['evidence_file_id'] : [])],
    });
    if (fileId !== null && old?.evidence_file_id) replaced = old.evidence_file_id;
  };
  if (file) {
    await storeUploadWith(db, files, actor, { organizationId: org.id, purpose: 'indicator_evidence', fileName: file.fileName, data: file.data, truncated: file.truncated }, (trx, stored) =>
      write(trx, stored.id),
    );
  } else {
    await db.transaction().execute((trx) => write(trx, null));
  }
  // The document the new one replaced: no row names it any more.
  if (replaced !== null) {
    const gone = await db.deleteFrom('files').where('id', '=', replaced).returning(['id', 'storage_key']).executeTakeFirst();
    if (gone) {
      await recordAudit(db, auditActor(actor), {
        action: 'delete',
        entityType: 'file',
        entityId: gone.id,
        organizationId: org.id,
        municipalityId: org.municipality_id,
        changedFields: ['purpose', 'original_name'],
      });
      await files.remove(gone.storage_key);
    }
  }
}

/** The stored evidence document of a value the user may see (org in scope), or 404. */
export async function manualValueFile(db: Kysely<Database>, user: CurrentUser, indicatorId: number, organizationId: number, year: number): Promise<number> {
  const row = await db
    .selectFrom('indicator_manual_values')
    .innerJoin('organizations', 'organizations.id', 'indicator_manual_values.organization_id')
    .select('indicator_manual_values.evidence_file_id')
    .where('indicator_manual_values.indicator_id', '=', indicatorId)
    .where('indicator_manual_values.organization_id', '=', organizationId)
    .where('indicator_manual_values.year', '=', year)
    .where(organizationsInScope(user))
    .executeTakeFirst();
  if (!row?.evidence_file_id) throw new NotFoundError();
  return row.evidence_file_id;
}
