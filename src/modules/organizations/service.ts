import type { Kysely } from 'kysely';
import {
  canManageOrganization,
  canPlaceOrganizationUnder,
  canViewOrganization,
  creatableOrganizationTypes,
} from '../../access/policy.js';
import { invalidateUserSessions } from '../../auth/sessions.js';
import type { Database, Organization } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import { guessNameForms } from '../../lib/declension.js';
import type { FieldErrors } from '../../http/forms.js';
import { DEFAULT_TIME_ZONE } from '../../lib/dates.js';
import { type Actor, auditActor, changedFields, recordAudit } from '../audit/service.js';
import { ORGANIZATION_TYPE_LABELS, PARENT_TYPE } from './labels.js';
import {
  activeChildCount,
  findOrganization,
  findOrganizationInScope,
  hasAccounts,
  hasChildOrganizations,
  innTaken,
  organizationSurroundings,
  schoolChoicesOf,
  servedSchoolsOf,
  servingOrganizationsOf,
} from './queries.js';
import type { OrganizationInput } from './schemas.js';

export type SaveResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };

/**
 * The name's forms to store: what the form gives, or the rule's guess where it is empty. A form
 * left as the rule guessed it for the old name follows a renamed organisation; one a person
 * corrected stays.
 */
export function nameFormsToSave(
  input: Pick<OrganizationInput, 'full_name' | 'full_name_genitive' | 'full_name_prepositional'>,
  previous?: Pick<Organization, 'full_name' | 'full_name_genitive' | 'full_name_prepositional'>,
): { full_name_genitive: string; full_name_prepositional: string } {
  const guess = guessNameForms(input.full_name);
  const old = previous ? guessNameForms(previous.full_name) : null;
  const pick = (given: string | null, oldGuess: string | undefined, newGuess: string) =>
    given === null || (previous && previous.full_name !== input.full_name && given === oldGuess) ? newGuess : given;
  return {
    full_name_genitive: pick(input.full_name_genitive, old?.genitive, guess.genitive),
    full_name_prepositional: pick(input.full_name_prepositional, old?.prepositional, guess.prepositional),
  };
}

/** Loads an organisation the actor may see: 404 outside the scope. */
export async function getOrganization(db: Kysely<Database>, actor: Actor, id: number): Promise<Organization> {
  const org = await findOrganizationInScope(db, actor.user, id);
  if (!org || !canViewOrganization(actor.user, org)) throw new NotFoundError();
  return org;
}

/** An organisation's page: the organisation, its parent, its children and how many active accounts it has. */
export async function organizationPage(db: Kysely<Database>, actor: Actor, id: number) {
  const org = await getOrganization(db, actor, id);
  const school = org.type === 'school';
  return {
    org,
    ...(await organizationSurroundings(db, org)),
    // Issue 17: the schools a resource centre or mentor school serves, and those that serve this school.
    served: school ? await servedSchoolsOf(db, org.id) : [],
    servedBy: school ? await servingOrganizationsOf(db, org.id) : [],
  };
}

/** The edit form's choice of served schools: the other schools of the municipality, and those ticked now. */
export async function servedSchoolsChoice(db: Kysely<Database>, org: Organization) {
  if (org.type !== 'school' || org.municipality_id === null) return null;
  return {
    choices: await schoolChoicesOf(db, org.municipality_id, org.id),
    ticked: (await servedSchoolsOf(db, org.id)).map((s) => s.id),
  };
}

/** Loads an organisation the actor may change: 404 outside the scope, 403 inside it but not theirs to edit. */
export async function getOrganizationForChange(db: Kysely<Database>, actor: Actor, id: number): Promise<Organization> {
  const org = await getOrganization(db, actor, id);
  if (!canManageOrganization(actor.user, org)) throw new ForbiddenError('Изменять эту организацию может администратор портала.');
  return org;
}

/** Checks the place in the tree; returns field errors or the municipality the organisation belongs to. */
async function placeInTree(
  db: Kysely<Database>,
  actor: Actor,
  input: OrganizationInput,
  selfId: number | null,
): Promise<{ errors: FieldErrors } | { municipalityId: number | null }> {
  if (!creatableOrganizationTypes(actor.user).includes(input.type)) {
    return { errors: { type: 'Организацию такого типа может создать только администратор портала' } };
  }
  const parentType = PARENT_TYPE[input.type];
  if (parentType === null) {
    if (input.parent_id !== null) return { errors: { parent_id: 'У региона нет вышестоящей организации' } };
    return { municipalityId: null };
  }
  if (input.parent_id === null) {
    if (input.type === 'municipality') return { municipalityId: selfId };
    return { errors: { parent_id: 'Выберите муниципальное образование, к которому относится организация' } };
  }
  const parent = await findOrganization(db, input.parent_id);
  if (!parent || !canPlaceOrganizationUnder(actor.user, parent)) {
    return { errors: { parent_id: 'Выберите вышестоящую организацию из списка' } };
  }
  if (parent.type !== parentType) {
    return {
      errors: {
        parent_id: `${ORGANIZATION_TYPE_LABELS[input.type]} относится к организации типа «${ORGANIZATION_TYPE_LABELS[parentType]}», а выбрана «${ORGANIZATION_TYPE_LABELS[parent.type]}»`,
      },
    };
  }
  if (!parent.is_active) return { errors: { parent_id: 'Вышестоящая организация отключена' } };
  return { municipalityId: input.type === 'municipality' ? selfId : parent.municipality_id };
}

export async function createOrganization(db: Kysely<Database>, actor: Actor, input: OrganizationInput): Promise<SaveResult> {
  const place = await placeInTree(db, actor, input, null);
  if ('errors' in place) return { ok: false, errors: place.errors };
  if (input.slug && (await slugTaken(db, input.parent_id, input.slug, null)))
    return { ok: false, errors: { slug: 'Адрес публичной страницы: такой адрес уже есть у другой организации того же уровня' } };
  if (await innTaken(db, input.inn, null)) return { ok: false, errors: { inn: 'Организация с таким ИНН уже есть на портале' } };
  const id = await db.transaction().execute(async (trx) => {
    const values = { ...input, ...nameFormsToSave(input) };
    const row = await trx
      .insertInto('organizations')
      .values({
        ...values,
        slug: input.slug ?? undefined,
        municipality_id: place.municipalityId,
        time_zone: input.type === 'municipality' ? (input.time_zone ?? DEFAULT_TIME_ZONE) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let municipalityId = place.municipalityId;
    if (input.type === 'municipality') {
      municipalityId = row.id;
      await trx.updateTable('organizations').set({ municipality_id: row.id }).where('id', '=', row.id).execute();
    }
    await recordAudit(trx, auditActor(actor), {
      action: 'create',
      entityType: 'organization',
      entityId: row.id,
      organizationId: row.id,
      municipalityId,
      changedFields: Object.keys(values).filter((k) => values[k as keyof typeof values] !== null),
    });
    return row.id;
  });
  return { ok: true, id };
}

/**
 * `served`: the schools a resource centre or mentor school serves, as the edit form ticked them
 * (issue 17); undefined keeps the list. A school that no longer supports others serves none.
 */
export async function updateOrganization(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: OrganizationInput,
  served?: number[],
): Promise<SaveResult> {
  const org = await getOrganizationForChange(db, actor, id);
  if (input.type !== org.type) return { ok: false, errors: { type: 'Тип организации нельзя изменить после создания' } };
  if (input.parent_id === id) return { ok: false, errors: { parent_id: 'Организация не может быть вышестоящей для самой себя' } };
  const place = await placeInTree(db, actor, input, id);
  if ('errors' in place) return { ok: false, errors: place.errors };
  if (org.type === 'municipality' || org.type === 'region') {
    // Moving a whole municipality would move its subtree; only its details are edited here.
    if (input.parent_id !== org.parent_id && org.type === 'municipality') {
      if (await hasChildOrganizations(db, id))
        return { ok: false, errors: { parent_id: 'Нельзя перенести муниципальное образование, в котором есть организации' } };
    }
  } else if (place.municipalityId !== org.municipality_id) {
    if (await hasAccounts(db, id)) {
      return {
        ok: false,
        errors: { parent_id: 'Нельзя перенести в другое муниципальное образование организацию, у которой есть пользователи' },
      };
    }
  }
  if (await innTaken(db, input.inn, id)) return { ok: false, errors: { inn: 'Организация с таким ИНН уже есть на портале' } };
  const slug = input.slug ?? org.slug;
  if (slug !== org.slug && (await slugTaken(db, input.parent_id, slug, id)))
    return { ok: false, errors: { slug: 'Адрес публичной страницы: такой адрес уже есть у другой организации того же уровня' } };
  const update = {
    ...input,
    slug,
    ...nameFormsToSave(input, org),
    municipality_id: place.municipalityId ?? (org.type === 'municipality' ? id : null),
    time_zone: org.type === 'municipality' ? (input.time_zone ?? org.time_zone ?? DEFAULT_TIME_ZONE) : null,
  };
  const supports = org.type === 'school' && (update.is_resource_center || (update.is_mentor_school ?? org.is_mentor_school));
  if (!supports) Object.assign(update, { support_direction: null, support_subject: null });
  const servedChange = await servedSchoolsChange(db, org, update.municipality_id, supports, served);
  if ('errors' in servedChange) return { ok: false, errors: servedChange.errors };
  const changed = changedFields(org, update);
  if (servedChange.next) changed.push('served_schools');
  if (changed.length === 0) return { ok: true, id };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('organizations')
      .set({ ...update, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    if (servedChange.next) {
      await trx.deleteFrom('organization_served_schools').where('organization_id', '=', id).execute();
      if (servedChange.next.length)
        await trx
          .insertInto('organization_served_schools')
          .values(servedChange.next.map((schoolId) => ({ organization_id: id, school_id: schoolId, created_by: actor.user.id })))
          .execute();
    }
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'organization',
      entityId: id,
      organizationId: id,
      municipalityId: update.municipality_id,
      changedFields: changed,
    });
  });
  return { ok: true, id };
}

/**
 * The served schools to store, or null when they stay as they are: the ticked schools of the
 * organisation's municipality (not itself), none when it no longer supports others.
 */
async function servedSchoolsChange(
  db: Kysely<Database>,
  org: Organization,
  municipalityId: number | null,
  supports: boolean,
  served: number[] | undefined,
): Promise<{ next: number[] | null } | { errors: FieldErrors }> {
  if (org.type !== 'school') return { next: null };
  const current = (await servedSchoolsOf(db, org.id)).map((s) => s.id);
  let next: number[];
  if (!supports) next = [];
  else if (served === undefined) return { next: null };
  else {
    const choices = new Set(municipalityId === null ? [] : (await schoolChoicesOf(db, municipalityId, org.id)).map((s) => s.id));
    if (served.some((schoolId) => !choices.has(schoolId)))
      return { errors: { served_school_ids: 'Обслуживаемые школы: выберите школы своего муниципального образования из списка' } };
    next = served;
  }
  const same = next.length === current.length && next.every((schoolId) => current.includes(schoolId));
  return { next: same ? null : next };
}

export type ActivationResult = { ok: true; usersDeactivated: number } | { ok: false; message: string };

/**
 * Deactivating an organisation closes it for work: its accounts are deactivated and their
 * sessions ended in the same transaction. Refused while it has active child organisations.
 */
export async function setOrganizationActive(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  active: boolean,
): Promise<ActivationResult> {
  const org = await getOrganizationForChange(db, actor, id);
  if (org.is_active === active) return { ok: true, usersDeactivated: 0 };
  if (!active) {
    const children = await activeChildCount(db, id);
    if (children > 0) {
      return { ok: false, message: `Сначала отключите подчинённые организации (активных: ${children}).` };
    }
    if (org.id === actor.user.organizationId) {
      return { ok: false, message: 'Нельзя отключить организацию, в которой работаете вы сами.' };
    }
  } else if (org.parent_id !== null) {
    const parent = await findOrganization(db, org.parent_id);
    if (parent && !parent.is_active) return { ok: false, message: 'Сначала включите вышестоящую организацию.' };
  }
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('organizations').set({ is_active: active, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, auditActor(actor), {
      action: active ? 'activate' : 'deactivate',
      entityType: 'organization',
      entityId: id,
      organizationId: id,
      municipalityId: org.municipality_id,
      changedFields: ['is_active'],
    });
    let usersDeactivated = 0;
    if (!active) {
      const users = await trx
        .updateTable('users')
        .set({ is_active: false, updated_at: new Date() })
        .where('organization_id', '=', id)
        .where('is_active', '=', true)
        .returning('id')
        .execute();
      for (const u of users) {
        await invalidateUserSessions(trx, u.id);
        await recordAudit(trx, auditActor(actor), {
          action: 'deactivate',
          entityType: 'user',
          entityId: u.id,
          organizationId: id,
          municipalityId: org.municipality_id,
          changedFields: ['is_active'],
        });
      }
      usersDeactivated = users.length;
    }
    return { ok: true, usersDeactivated } as const;
  });
}

/** Issue 19: the slug is unique among the organisations of one parent. */
async function slugTaken(db: Kysely<Database>, parentId: number | null, slug: string, exceptId: number | null): Promise<boolean> {
  let query = db.selectFrom('organizations').select('id').where('slug', '=', slug);
  query = parentId === null ? query.where('parent_id', 'is', null) : query.where('parent_id', '=', parentId);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}
