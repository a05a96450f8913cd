import type { Kysely } from 'kysely';
import {
  canEnterFigures,
  canEnterValue,
  canManageIndicator,
  canPublishIndicator,
  entryOrganizationOf,
  entrySchoolOf,
} from '../../access/policy.js';
import { organizationsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, IndicatorMethod } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { todayIso } from '../../lib/dates.js';
import type { FileStore } from '../../lib/uploads.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import type { UploadedFile } from '../files/multipart.js';
import { findStoredFile, storeUploadWith } from '../files/service.js';
import { appliesTo, CONTINGENT_KIND_CODES, type ContingentKind, METHODS } from './catalogue.js';
import { storedFirstYear } from './compute.js';
import { enterableOrganizations } from './lookup.js';
import { calendarCodes } from './periods.js';
import {
  catalogueOf,
  contingentOf,
  type IndicatorRecord,
  manualValueOf,
  type OrgRef,
  targetsOf,
  targetsOfIndicators,
} from './queries.js';
import { type IndicatorInput, type ManualValueInput, targetYears } from './schemas.js';

/**
 * The catalogue (kept by the coordinator) and the figures entered by hand: targets and contingent
 * figures (the coordinator for the municipality and its schools, a curator for its school) and
 * values entered by hand (a curator for its school, the coordinator for the municipality). Each
 * function starts with its permission check (src/access/rules/indicators.ts); each write is one
 * transaction with its audit line; the summary tables follow through the triggers of migration 0006.
 */

const ENTRY_ONLY = 'Эти данные вносит координатор для муниципалитета и его школ или куратор для своей школы.';

// ---------------------------------------------------------------------------------------------
// What the catalogue and the entry forms show

/** The catalogue the user reads with the municipality's targets, and what the user may do there. */
export async function cataloguePage(db: Kysely<Database>, user: CurrentUser, withArchived: boolean) {
  if (user.municipalityId === null) throw new NotFoundError();
  const municipalityId = user.municipalityId;
  const indicators = await catalogueOf(db, user, withArchived);
  const targets = indicators.length
    ? await targetsOfIndicators(
        db,
        municipalityId,
        indicators.map((i) => i.id),
      )
    : [];
  return {
    indicators,
    targets,
    /** The catalogue shows the targets of the calendar years from the municipality's first (periods.ts). */
    years: calendarCodes(await storedFirstYear(db, municipalityId), todayIso()),
    canManage: canManageIndicator(user, { municipality_id: municipalityId }),
    /** The department ticks which indicators the public pages show (issue 19). */
    canPublish: canPublishIndicator(user, { municipality_id: municipalityId }),
    canEnter: entryOrganizationOf(user) !== null,
    /** A curator sets its school's targets only. */
    ownOrg: entrySchoolOf(user),
  };
}

/** The periods a target can be set for in the municipality (codes: calendar years, then academic years). */
export async function targetPeriods(db: Kysely<Database>, municipalityId: number): Promise<number[]> {
  return targetYears(await storedFirstYear(db, municipalityId));
}

/** The organisation's targets of the indicator as the form's values, those of the municipality a school inherits, and the organisations to choose from. */
export async function targetsPage(db: Kysely<Database>, user: CurrentUser, indicator: IndicatorRecord, org: OrgRef) {
  if (!canEnterFigures(user, org)) throw new ForbiddenError(ENTRY_ONLY);
  const stored: Record<string, string> = { org: String(org.id) };
  for (const r of await targetsOf(db, indicator.id, org.id)) {
    stored[`value_${r.year}`] = r.value === null ? '' : String(Number(r.value)).replace('.', ',');
    stored[`wording_${r.year}`] = r.wording ?? '';
  }
  return {
    stored,
    years: await targetPeriods(db, org.municipality_id),
    inherited: org.type === 'school' ? await targetsOf(db, indicator.id, org.municipality_id) : [],
    organizations: (await enterableOrganizations(db, user)).filter((o) => appliesTo(indicator, o)),
  };
}

/** The organisation's contingent figures of the year as the form's values, and the organisations to choose from. */
export async function contingentPage(db: Kysely<Database>, user: CurrentUser, org: OrgRef, year: number) {
  if (!canEnterFigures(user, org)) throw new ForbiddenError(ENTRY_ONLY);
  const stored: Record<string, string> = {};
  for (const r of await contingentOf(db, org.id, year)) {
    stored[`value_${r.kind}`] = String(r.value);
    stored[`note_${r.kind}`] = r.note ?? '';
  }
  return { stored, organizations: await enterableOrganizations(db, user) };
}

/** The value entered by hand for the organisation's year as the form's values, with its document. */
export async function manualValuePage(
  db: Kysely<Database>,
  user: CurrentUser,
  indicator: IndicatorRecord,
  org: OrgRef,
  year: number,
) {
  if (!canEnterValue(user, org)) throw new ForbiddenError(ENTRY_ONLY);
  const existing = await manualValueOf(db, indicator.id, org.id, year);
  const stored = {
    value: existing ? String(Number(existing.value)).replace('.', ',') : '',
    numerator: existing?.numerator === null || existing === undefined ? '' : String(existing.numerator),
    denominator: existing?.denominator === null || existing === undefined ? '' : String(existing.denominator),
    evidence: existing?.evidence ?? '',
  };
  const file = existing?.evidence_file_id ? await findStoredFile(db, existing.evidence_file_id) : undefined;
  return {
    stored,
    file: file ? { name: file.original_name, href: `/indicators/${indicator.id}/values/${org.id}/file?year=${year}` } : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The catalogue

const INDICATOR_FIELDS = ['code', 'name', 'unit', 'level', 'method', 'direction', 'source', 'description'] as const;

const CATALOGUE_KEEPER_ONLY = 'Перечень показателей ведёт методический центр муниципалитета.';

/** Adds an indicator to the coordinator's catalogue (`indicator` null) or changes one. */
export async function saveIndicator(
  db: Kysely<Database>,
  actor: Actor,
  indicator: IndicatorRecord | null,
  input: IndicatorInput,
): Promise<{ ok: true; id: number } | { ok: false; errors: FieldErrors }> {
  const municipalityId = indicator ? indicator.municipality_id : actor.user.municipalityId;
  if (municipalityId === null) throw new NotFoundError();
  if (!canManageIndicator(actor.user, { municipality_id: municipalityId })) throw new ForbiddenError(CATALOGUE_KEEPER_ONLY);
  const id = indicator?.id ?? null;
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
      const last = await trx
        .selectFrom('indicators')
        .select(({ fn }) => fn.max('position').as('max'))
        .where('municipality_id', '=', municipalityId)
        .executeTakeFirst();
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
      await trx
        .updateTable('indicators')
        .set({ ...values, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
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

export async function setIndicatorArchived(
  db: Kysely<Database>,
  actor: Actor,
  indicator: IndicatorRecord,
  archived: boolean,
): Promise<void> {
  if (!canManageIndicator(actor.user, indicator)) throw new ForbiddenError(CATALOGUE_KEEPER_ONLY);
  if ((indicator.archived_at !== null) === archived)
    throw new ConflictError(archived ? 'Показатель уже в архиве.' : 'Показатель не в архиве.');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('indicators')
      .set({ archived_at: archived ? new Date() : null, updated_at: new Date() })
      .where('id', '=', indicator.id)
      .execute();
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

const PUBLISHER_ONLY = 'Какие показатели показывать на публичной странице, решает орган управления образованием.';

/**
 * Issue 19: the department shows an indicator's values on the public pages, or stops showing them.
 * A request that changes nothing (already so) writes nothing; a change is audited (`is_public`).
 */
export async function setIndicatorPublic(
  db: Kysely<Database>,
  actor: Actor,
  indicator: IndicatorRecord,
  isPublic: boolean,
): Promise<boolean> {
  if (!canPublishIndicator(actor.user, indicator)) throw new ForbiddenError(PUBLISHER_ONLY);
  return db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('indicators')
      .set({ is_public: isPublic, updated_at: new Date() })
      .where('id', '=', indicator.id)
      .where('is_public', '=', !isPublic)
      .returning('id')
      .executeTakeFirst();
    if (!changed) return false;
    await recordAudit(trx, auditActor(actor), {
      action: isPublic ? 'publish_public' : 'unpublish_public',
      entityType: 'indicator',
      entityId: indicator.id,
      organizationId: indicator.municipality_id,
      municipalityId: indicator.municipality_id,
      changedFields: ['is_public'],
    });
    return true;
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
  if (!canEnterFigures(actor.user, org)) throw new ForbiddenError(ENTRY_ONLY);
  if (!appliesTo(indicator, org)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const before = await targetsOf(trx, indicator.id, org.id);
    let changes = 0;
    for (const [year, t] of targets) {
      const old = before.find((b) => b.year === year);
      const empty = t.value === null && t.wording === null;
      const same = old && (old.value === null ? null : Number(old.value)) === t.value && old.wording === t.wording;
      if (same || (empty && !old)) continue;
      changes++;
      if (empty) {
        await trx
          .deleteFrom('indicator_targets')
          .where('indicator_id', '=', indicator.id)
          .where('organization_id', '=', org.id)
          .where('year', '=', year)
          .execute();
      } else {
        await trx
          .insertInto('indicator_targets')
          .values({ indicator_id: indicator.id, organization_id: org.id, year, value: t.value, wording: t.wording })
          .onConflict((oc) =>
            oc
              .columns(['indicator_id', 'organization_id', 'year'])
              .doUpdateSet({ value: t.value, wording: t.wording, updated_at: new Date() }),
          )
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
  if (!canEnterFigures(actor.user, org)) throw new ForbiddenError(ENTRY_ONLY);
  return db.transaction().execute(async (trx) => {
    const before = await contingentOf(trx, org.id, year);
    const changed: string[] = [];
    for (const kind of CONTINGENT_KIND_CODES) {
      const v = values.get(kind);
      if (!v) continue;
      const old = before.find((b) => b.kind === kind);
      if (v.value === null) {
        if (!old) continue;
        await trx
          .deleteFrom('contingents')
          .where('organization_id', '=', org.id)
          .where('year', '=', year)
          .where('kind', '=', kind)
          .execute();
      } else {
        if (old && old.value === v.value && old.note === v.note) continue;
        await trx
          .insertInto('contingents')
          .values({ organization_id: org.id, year, kind, value: v.value, note: v.note, updated_by: actor.user.id })
          .onConflict((oc) =>
            oc
              .columns(['organization_id', 'year', 'kind'])
              .doUpdateSet({ value: v.value as number, note: v.note, updated_by: actor.user.id, updated_at: new Date() }),
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
  if (!canEnterValue(actor.user, org)) throw new ForbiddenError(ENTRY_ONLY);
  if (!appliesTo(indicator, org)) throw new NotFoundError();
  if (!METHODS[indicator.method].handEntry)
    throw new ConflictError('Этот показатель считается по данным портала, вручную его не вносят.');
  const value = input.value ?? Math.round(((input.numerator as number) / (input.denominator as number)) * 1000) / 10;
  let replaced: number | null = null;
  const write = async (trx: Kysely<Database>, fileId: number | null) => {
    const old = await manualValueOf(trx, indicator.id, org.id, year);
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
    await storeUploadWith(
      db,
      files,
      actor,
      {
        organizationId: org.id,
        purpose: 'indicator_evidence',
        fileName: file.fileName,
        data: file.data,
        truncated: file.truncated,
      },
      (trx, stored) => write(trx, stored.id),
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
export async function manualValueFile(
  db: Kysely<Database>,
  user: CurrentUser,
  indicatorId: number,
  organizationId: number,
  year: number,
): Promise<number> {
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
