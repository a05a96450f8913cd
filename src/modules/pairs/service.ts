import { runningPartiesOf } from '../agreements/queries.js';
import type { Kysely, Transaction } from 'kysely';
import { canFormPairs, canManagePair, readsAsMentor } from '../../access/policy.js';
import type { Database, MentoringFormCode, PairKind, PairStage } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { recordPairOrderDocument } from '../documents/service.js';
import { type Actor, type AuditAction, auditActor, recordAudit } from '../audit/service.js';
import { notifyMentorPairedElsewhere } from '../notifications/producers.js';
import { MENTORING_FORM_LABELS } from '../people/labels.js';
import {
  checkFormRules,
  checkMentees,
  checkMentorAvailability,
  type FormCode,
  type MatchMentee,
  type MatchMentor,
  type Proposal,
  rankMentors,
} from './matching.js';
import { activatePairPeople, releasePairPeople, type StatusAfterPair } from './people-status.js';
import { findPair, type PairRow, proposalNames } from './queries.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A pair within the actor's scope; outside it (or missing): 404. */
export async function loadPair(db: Kysely<Database>, actor: Actor, id: number): Promise<PairRow> {
  const pair = await findPair(db, actor.user, id);
  if (!pair) throw new NotFoundError();
  return pair;
}

/** A pair the actor keeps (the curator of its school): outside the scope 404, inside 403. */
export async function managedPair(db: Kysely<Database>, actor: Actor, id: number): Promise<PairRow> {
  const pair = await loadPair(db, actor, id);
  if (!canManagePair(actor.user, pair)) throw new ForbiddenError('Пары и группы школы ведёт её куратор.');
  return pair;
}

/** Whether the actor is one of the pair's mentors (through the account linked to the record). */
export async function isPairMentor(db: Db, actor: Actor, pairId: number): Promise<boolean> {
  if (!readsAsMentor(actor.user)) return false;
  const row = await db
    .selectFrom('pair_mentors')
    .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
    .select('pair_mentors.pair_id')
    .where('pair_mentors.pair_id', '=', pairId)
    .where('mentors.user_id', '=', actor.user.id)
    .executeTakeFirst();
  return row !== undefined;
}

export function auditPair(
  db: Db,
  actor: Actor,
  pair: { organization_id: number; municipality_id: number | null },
  entry: { action: AuditAction; entityType: 'pair' | 'pair_order' | 'pair_task'; entityId: number; changedFields: string[] },
) {
  return recordAudit(db as Kysely<Database>, auditActor(actor), {
    ...entry,
    organizationId: pair.organization_id,
    municipalityId: pair.municipality_id,
  });
}

// ---------------------------------------------------------------------------------------------
// The people a pair is formed from, in the shape the matching rules read

/** The mentors proposed for the chosen mentees of the actor's school, best first, each with its label. */
export async function pairProposals(
  db: Kysely<Database>,
  actor: Actor,
  chosen: MatchMentee[],
  form: FormCode | undefined,
  today: string,
): Promise<Array<{ proposal: Proposal; label: string }>> {
  if (chosen.length === 0) return [];
  const schoolId = actor.user.organizationId;
  const mentors = await matchMentors(db, schoolId, actor.user.municipalityId);
  const { tags, organizations } = await proposalNames(db, actor.user.municipalityId);
  // «The school's partners» are those it has a running agreement with (issue 17), not every partner of the municipality.
  const schoolPartners = await runningPartiesOf(db, schoolId, today);
  const labels = new Map(mentors.map((m) => [m.id, m.label]));
  return rankMentors(chosen, mentors, {
    ...(form ? { form } : {}),
    today,
    schoolId,
    partnerIds: schoolPartners,
    tagNames: new Map(tags.map((t) => [t.id, t.name])),
    organizationNames: new Map(organizations.map((p) => [p.id, p.short_name])),
  }).map((proposal) => ({ proposal, label: labels.get(proposal.mentorId) ?? '' }));
}

/** The school's mentees as the matching reads them; by id when `ids` is given. */
export async function matchMentees(
  db: Kysely<Database>,
  schoolId: number,
  ids?: number[],
): Promise<Array<MatchMentee & { label: string }>> {
  if (ids !== undefined && ids.length === 0) return [];
  let q = db
    .selectFrom('mentees')
    .select([
      'id',
      'organization_id',
      'last_name',
      'first_name',
      'middle_name',
      'category',
      'birth_date',
      'class_name',
      'position',
      'requests_note',
      'archived_at',
      'erased_at',
      'status',
      'consent_date',
    ])
    .where('organization_id', '=', schoolId);
  if (ids) q = q.where('id', 'in', ids);
  else q = q.where('archived_at', 'is', null).where('erased_at', 'is', null).where('status', '<>', 'left');
  const rows = await q.orderBy('last_name').orderBy('first_name').execute();
  const tags = rows.length
    ? await db
        .selectFrom('mentee_tags')
        .select(['mentee_id', 'tag_id'])
        .where(
          'mentee_id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  return rows.map((r) => {
    const name = [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' ');
    return {
      id: r.id,
      name,
      label: `${name}${r.class_name ? `, ${r.class_name} класс` : r.position ? `, ${r.position}` : ''}`,
      organizationId: r.organization_id,
      category: r.category,
      birthDate: r.birth_date,
      requestTagIds: tags.filter((t) => t.mentee_id === r.id).map((t) => t.tag_id),
      requestsNote: r.requests_note,
      archived: r.archived_at !== null,
      erased: r.erased_at !== null,
      status: r.status,
      hasConsent: r.consent_date !== null,
    };
  });
}

/**
 * The mentors a school may pair: its own base, and the mentors of the other schools of its
 * municipality opened to it (issue 17), each of those labelled «из другой организации: …» with the
 * organisation it represents. Each with its load: the mentees already in its forming and active
 * pairs at every school (leaving out `exceptPairId`), so that capacity counts across schools.
 */
export async function matchMentors(
  db: Kysely<Database>,
  schoolId: number,
  municipalityId: number | null,
  ids?: number[],
  exceptPairId?: number,
): Promise<Array<MatchMentor & { label: string }>> {
  if (ids !== undefined && ids.length === 0) return [];
  let q = db
    .selectFrom('mentors')
    .innerJoin('organizations as base', 'base.id', 'mentors.organization_id')
    .leftJoin('organizations as origin', 'origin.id', 'mentors.origin_organization_id')
    .select([
      'base.short_name as base_name',
      'origin.short_name as origin_name',
      'mentors.id',
      'mentors.organization_id',
      'mentors.origin_organization_id',
      'origin.type as origin_type',
      'mentors.last_name',
      'mentors.first_name',
      'mentors.middle_name',
      'mentors.position',
      'mentors.category',
      'mentors.birth_date',
      'mentors.forms',
      'mentors.capacity',
      'mentors.consent_date',
      'mentors.archived_at',
      'mentors.erased_at',
      'mentors.status',
    ])
    .where((eb) =>
      eb.or([
        eb('mentors.organization_id', '=', schoolId),
        eb.and([eb('mentors.shared_at', 'is not', null), eb('base.municipality_id', '=', municipalityId ?? -1)]),
      ]),
    );
  if (ids) q = q.where('mentors.id', 'in', ids);
  const rows = await q.orderBy('mentors.last_name').execute();
  if (rows.length === 0) return [];
  const mentorIds = rows.map((r) => r.id);
  let loadQuery = db
    .selectFrom('pair_mentors')
    .innerJoin('pairs', 'pairs.id', 'pair_mentors.pair_id')
    .innerJoin('pair_mentees', 'pair_mentees.pair_id', 'pairs.id')
    .select(['pair_mentors.mentor_id', db.fn.count<string>('pair_mentees.mentee_id').as('load')])
    .where('pair_mentors.mentor_id', 'in', mentorIds)
    .where('pairs.status', 'in', ['forming', 'active'])
    .groupBy('pair_mentors.mentor_id');
  if (exceptPairId !== undefined) loadQuery = loadQuery.where('pairs.id', '<>', exceptPairId);
  const loads = new Map((await loadQuery.execute()).map((l) => [l.mentor_id, Number(l.load)]));
  const tags = await db.selectFrom('mentor_tags').select(['mentor_id', 'tag_id']).where('mentor_id', 'in', mentorIds).execute();
  return rows.map((r) => {
    const name = [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' ');
    // The organisation an opened mentor of another school represents: its partner, or that school.
    const otherOrganization = r.organization_id === schoolId ? null : (r.origin_name ?? r.base_name);
    return {
      id: r.id,
      name,
      label: `${name}${r.position ? `, ${r.position}` : ''}${otherOrganization ? ` — из другой организации: ${otherOrganization}` : ''}`,
      organizationId: r.organization_id,
      originOrganizationId: r.origin_organization_id,
      originIsPartner: r.origin_type === 'partner',
      category: r.category,
      birthDate: r.birth_date,
      forms: r.forms as MentoringFormCode[],
      capacity: r.capacity,
      activeLoad: loads.get(r.id) ?? 0,
      competencyTagIds: tags.filter((t) => t.mentor_id === r.id).map((t) => t.tag_id),
      hasConsent: r.consent_date !== null,
      archived: r.archived_at !== null,
      erased: r.erased_at !== null,
      status: r.status,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Forming a pair or a group

export interface PairInput {
  programme_id: number;
  form: MentoringFormCode;
  kind: PairKind;
  role_model: string | null;
  planned_start: string;
  planned_end: string;
  goals: string | null;
  mentor_ids: number[];
  mentee_ids: number[];
}

export type Result = { ok: true; id: number } | { ok: false; errors: FieldErrors };

/**
 * The rules of a pair or group, as Russian messages by field: one mentor with one or several
 * mentees, or one mentee with several mentors; the form's rules for every mentor; each mentor's
 * free places; nobody archived, erased or gone. Consent is needed to become active, not here.
 */
export function pairRuleErrors(
  input: Pick<PairInput, 'form' | 'mentor_ids' | 'mentee_ids'>,
  mentors: Array<MatchMentor & { label: string }>,
  mentees: Array<MatchMentee & { label: string }>,
  today: string,
): FieldErrors {
  const errors: FieldErrors = {};
  if (input.mentee_ids.length === 0) errors.mentee_ids = 'Выберите хотя бы одного наставляемого';
  if (input.mentor_ids.length === 0) errors.mentor_ids = 'Выберите наставника';
  if (input.mentor_ids.length > 1 && input.mentee_ids.length > 1) {
    errors.mentor_ids =
      'Группа — это один наставник с несколькими наставляемыми или один наставляемый с несколькими наставниками';
  }
  if (mentees.length !== input.mentee_ids.length) errors.mentee_ids = 'Наставляемый не найден в базе школы';
  if (mentors.length !== input.mentor_ids.length)
    errors.mentor_ids = 'Наставник не найден в базе школы и не открыт муниципалитету';
  if (errors.mentor_ids || errors.mentee_ids) return errors;
  const menteeProblems = checkMentees(mentees, input.form, today);
  if (menteeProblems.length) errors.mentee_ids = capitalize(menteeProblems.join('; '));
  const form = MENTORING_FORM_LABELS[input.form];
  const mentorProblems: string[] = [];
  for (const mentor of mentors) {
    const problems = [
      ...checkFormRules(input.form, mentor, [], today),
      // Consent is checked when the pair becomes active.
      ...checkMentorAvailability({ ...mentor, hasConsent: true }, mentees.length),
    ];
    if (problems.length) mentorProblems.push(`${mentor.name}: ${problems.join('; ')}`);
  }
  if (mentorProblems.length) errors.mentor_ids = `Наставник не подходит для формы «${form}» — ${mentorProblems.join('. ')}`;
  return errors;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export async function createPair(db: Kysely<Database>, actor: Actor, input: PairInput, today: string): Promise<Result> {
  if (!canFormPairs(actor.user)) throw new ForbiddenError('Пары и группы формирует куратор школы.');
  const schoolId = actor.user.organizationId;
  return db.transaction().execute(async (trx): Promise<Result> => {
    const programme = await trx
      .selectFrom('programmes')
      .select(['id', 'archived_at'])
      .where('id', '=', input.programme_id)
      .where('organization_id', '=', schoolId)
      .executeTakeFirst();
    const errors: FieldErrors = {};
    if (!programme) errors.programme_id = 'Выберите программу наставничества школы';
    else if (programme.archived_at) errors.programme_id = 'Программа в архиве: выберите действующую';
    const mentors = await matchMentors(trx as unknown as Kysely<Database>, schoolId, actor.user.municipalityId, input.mentor_ids);
    const mentees = await matchMentees(trx as unknown as Kysely<Database>, schoolId, input.mentee_ids);
    Object.assign(errors, pairRuleErrors(input, mentors, mentees, today));
    if (Object.keys(errors).length) return { ok: false, errors };
    const school = await trx
      .selectFrom('organizations')
      .select(['id', 'municipality_id', 'short_name'])
      .where('id', '=', schoolId)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('pairs')
      .values({
        organization_id: schoolId,
        programme_id: input.programme_id,
        form: input.form,
        kind: input.kind,
        role_model: input.role_model,
        planned_start: input.planned_start,
        planned_end: input.planned_end,
        goals: input.goals,
        created_by: actor.user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('pair_mentors')
      .values(input.mentor_ids.map((mentor_id) => ({ pair_id: row.id, mentor_id })))
      .execute();
    await trx
      .insertInto('pair_mentees')
      .values(input.mentee_ids.map((mentee_id) => ({ pair_id: row.id, mentee_id })))
      .execute();
    await auditPair(
      trx,
      actor,
      { organization_id: school.id, municipality_id: school.municipality_id },
      {
        action: 'create',
        entityType: 'pair',
        entityId: row.id,
        changedFields: [
          'programme_id',
          'form',
          'kind',
          'role_model',
          'planned_start',
          'planned_end',
          'goals',
          'mentors',
          'mentees',
        ],
      },
    );
    // A mentor of another school's base (opened to the municipality): its own school is told.
    for (const mentor of mentors.filter((m) => m.organizationId !== schoolId)) {
      await notifyMentorPairedElsewhere(trx, {
        actorId: actor.user.id,
        pairId: row.id,
        pairSchoolName: school.short_name,
        mentor: {
          id: mentor.id,
          name: mentor.name,
          organization_id: mentor.organizationId,
          municipality_id: school.municipality_id,
        },
      });
    }
    return { ok: true, id: row.id };
  });
}

// ---------------------------------------------------------------------------------------------
// The order and the lifecycle

/** Who in the pair has no recorded consent: the reason it cannot become active. */
export async function consentGaps(db: Db, pairId: number): Promise<string[]> {
  const mentors = await db
    .selectFrom('pair_mentors')
    .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
    .select([
      'mentors.last_name',
      'mentors.first_name',
      'mentors.middle_name',
      'mentors.consent_date',
      'mentors.archived_at',
      'mentors.erased_at',
    ])
    .where('pair_mentors.pair_id', '=', pairId)
    .execute();
  const mentees = await db
    .selectFrom('pair_mentees')
    .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
    .select([
      'mentees.last_name',
      'mentees.first_name',
      'mentees.middle_name',
      'mentees.consent_date',
      'mentees.archived_at',
      'mentees.erased_at',
    ])
    .where('pair_mentees.pair_id', '=', pairId)
    .execute();
  const gaps: string[] = [];
  for (const [who, rows] of [
    ['наставник', mentors],
    ['наставляемый', mentees],
  ] as const) {
    for (const r of rows) {
      const name = [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' ');
      if (r.erased_at) gaps.push(`${who}: данные удалены`);
      else if (r.archived_at) gaps.push(`${who} ${name} в архиве`);
      else if (!r.consent_date) gaps.push(`${who} ${name}: нет согласия`);
    }
  }
  return gaps;
}

export interface OrderInput {
  number: string;
  order_date: string;
  pair_ids: number[];
}

/**
 * Records the signed order for the chosen forming pairs of the school; each pair whose people all
 * have consent becomes active, the others wait (named in the result). One transaction.
 */
export async function recordOrder(
  db: Kysely<Database>,
  actor: Actor,
  input: OrderInput,
): Promise<{ orderId: number; activated: number[]; waiting: Array<{ id: number; gaps: string[] }> }> {
  if (!canFormPairs(actor.user)) throw new ForbiddenError('Приказ о закреплении пар вносит куратор школы.');
  const schoolId = actor.user.organizationId;
  return db.transaction().execute(async (trx) => {
    const pairs = await trx
      .selectFrom('pairs')
      .select(['id', 'status'])
      .where('organization_id', '=', schoolId)
      .where('id', 'in', input.pair_ids)
      .execute();
    if (pairs.length !== input.pair_ids.length) throw new NotFoundError();
    const notForming = pairs.filter((p) => p.status !== 'forming');
    if (notForming.length)
      throw new ConflictError(
        `Приказ вносится для формирующихся пар; пары № ${notForming.map((p) => p.id).join(', ')} уже не формируются.`,
      );
    const school = await trx
      .selectFrom('organizations')
      .select(['id as organization_id', 'municipality_id'])
      .where('id', '=', schoolId)
      .executeTakeFirstOrThrow();
    const existing = await trx
      .selectFrom('pair_orders')
      .select('id')
      .where('organization_id', '=', schoolId)
      .where('number', '=', input.number)
      .where('order_date', '=', input.order_date)
      .executeTakeFirst();
    const orderId =
      existing?.id ??
      (
        await trx
          .insertInto('pair_orders')
          .values({ organization_id: schoolId, number: input.number, order_date: input.order_date, created_by: actor.user.id })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    if (!existing)
      await auditPair(trx, actor, school, {
        action: 'create',
        entityType: 'pair_order',
        entityId: orderId,
        changedFields: ['number', 'order_date'],
      });
    // The order is an entry of the school's register of documents too (issue 17).
    if (!existing)
      await recordPairOrderDocument(trx, actor, {
        id: orderId,
        organizationId: schoolId,
        municipalityId: school.municipality_id,
        number: input.number,
        date: input.order_date,
      });
    const activated: number[] = [];
    const waiting: Array<{ id: number; gaps: string[] }> = [];
    for (const p of pairs) {
      const gaps = await consentGaps(trx, p.id);
      const active = gaps.length === 0;
      await trx
        .updateTable('pairs')
        .set({
          order_id: orderId,
          updated_at: new Date(),
          ...(active ? { status: 'active', activated_at: new Date(), stage: 'design' } : {}),
        })
        .where('id', '=', p.id)
        .execute();
      await auditPair(trx, actor, school, {
        action: 'update',
        entityType: 'pair',
        entityId: p.id,
        changedFields: active ? ['order_id', 'status'] : ['order_id'],
      });
      if (active) {
        await activatePairPeople(trx, actor, { id: p.id, ...school });
        activated.push(p.id);
      } else waiting.push({ id: p.id, gaps });
    }
    return { orderId, activated, waiting };
  });
}

/** A forming pair with its order recorded becomes active once every consent is there. */
export async function activatePair(db: Kysely<Database>, actor: Actor, id: number): Promise<void> {
  const pair = await managedPair(db, actor, id);
  if (pair.status !== 'forming') throw new ConflictError('Пара уже не формируется.');
  if (pair.order_id === null) throw new ConflictError('Сначала внесите приказ о закреплении пары: номер и дату.');
  const gaps = await consentGaps(db, id);
  if (gaps.length) throw new ConflictError(`Пара не может стать активной: ${gaps.join('; ')}. Внесите согласия в базы.`);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('pairs')
      .set({ status: 'active', activated_at: new Date(), stage: 'design', updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await auditPair(trx, actor, pair, { action: 'update', entityType: 'pair', entityId: id, changedFields: ['status'] });
    await activatePairPeople(trx, actor, pair);
  });
}

/** Stops a forming or active pair early, with a reason. */
export async function terminatePair(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: { reason: string; terminated_on: string; people_status: StatusAfterPair },
): Promise<void> {
  const pair = await managedPair(db, actor, id);
  if (pair.status === 'completed' || pair.status === 'terminated') throw new ConflictError('Пара уже завершена или прекращена.');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('pairs')
      .set({ status: 'terminated', terminated_on: input.terminated_on, termination_reason: input.reason, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    // The personal feedback links expire with the pair.
    await trx.updateTable('pair_mentees').set({ feedback_token_hash: null }).where('pair_id', '=', id).execute();
    await auditPair(trx, actor, pair, {
      action: 'update',
      entityType: 'pair',
      entityId: id,
      changedFields: ['status', 'terminated_on', 'termination_reason'],
    });
    await releasePairPeople(trx, actor, pair, input.people_status);
  });
}

// ---------------------------------------------------------------------------------------------
// The individual route: goals, tasks, stage — kept by the curator and the pair's mentors

/** A pair whose route the actor keeps: the school's curator, or one of its mentors. */
export async function routePair(db: Kysely<Database>, actor: Actor, id: number): Promise<PairRow> {
  const pair = await loadPair(db, actor, id);
  if (!canManagePair(actor.user, pair) && !(await isPairMentor(db, actor, id))) {
    throw new ForbiddenError('Маршрут пары ведут её наставник и куратор школы.');
  }
  if (pair.status === 'completed' || pair.status === 'terminated')
    throw new ConflictError('Пара завершена: её маршрут больше не меняется.');
  return pair;
}

export async function setStageAndGoals(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: { stage: PairStage; goals: string | null },
): Promise<void> {
  const pair = await routePair(db, actor, id);
  const changed = (['stage', 'goals'] as const).filter((f) => pair[f] !== input[f]);
  if (changed.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('pairs')
      .set({ ...input, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await auditPair(trx, actor, pair, { action: 'update', entityType: 'pair', entityId: id, changedFields: [...changed] });
  });
}

export async function addTask(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: { title: string; due_on: string | null },
): Promise<void> {
  const pair = await routePair(db, actor, id);
  await db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('pair_tasks')
      .select(db.fn.max('position').as('max'))
      .where('pair_id', '=', id)
      .executeTakeFirst();
    const row = await trx
      .insertInto('pair_tasks')
      .values({ pair_id: id, title: input.title, due_on: input.due_on, position: Number(last?.max ?? 0) + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditPair(trx, actor, pair, {
      action: 'create',
      entityType: 'pair_task',
      entityId: row.id,
      changedFields: ['title', 'due_on'],
    });
  });
}

/** Marks a task done on a day, or not done (`done_on` null). */
export async function setTaskDone(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  taskId: number,
  doneOn: string | null,
): Promise<void> {
  const pair = await routePair(db, actor, id);
  const task = await db
    .selectFrom('pair_tasks')
    .select(['id', 'done_on'])
    .where('id', '=', taskId)
    .where('pair_id', '=', id)
    .executeTakeFirst();
  if (!task) throw new NotFoundError();
  if (task.done_on === doneOn) return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('pair_tasks').set({ done_on: doneOn }).where('id', '=', taskId).execute();
    await auditPair(trx, actor, pair, {
      action: 'update',
      entityType: 'pair_task',
      entityId: taskId,
      changedFields: ['done_on'],
    });
  });
}

export async function deleteTask(db: Kysely<Database>, actor: Actor, id: number, taskId: number): Promise<void> {
  const pair = await routePair(db, actor, id);
  await db.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('pair_tasks')
      .where('id', '=', taskId)
      .where('pair_id', '=', id)
      .returning('id')
      .executeTakeFirst();
    if (!gone) throw new NotFoundError();
    await auditPair(trx, actor, pair, {
      action: 'delete',
      entityType: 'pair_task',
      entityId: taskId,
      changedFields: ['title', 'due_on', 'done_on'],
    });
  });
}

export interface PairTermsInput {
  programme_id: number;
  kind: PairKind;
  role_model: string | null;
  planned_start: string;
  planned_end: string;
}

/**
 * The curator corrects a pair's terms while it works: kind, role model, planned term, and, while
 * it is forming, the programme. Its people stay: another line-up is another pair.
 */
export async function updatePairTerms(db: Kysely<Database>, actor: Actor, id: number, input: PairTermsInput): Promise<Result> {
  const pair = await managedPair(db, actor, id);
  if (pair.status === 'completed' || pair.status === 'terminated')
    throw new ConflictError('Пара завершена или прекращена: её условия больше не меняются.');
  const errors: FieldErrors = {};
  if (input.programme_id !== pair.programme_id) {
    if (pair.status !== 'forming')
      errors.programme_id = 'Программу меняют, пока пара формируется: активная пара закреплена приказом в своей программе';
    const programme = await db
      .selectFrom('programmes')
      .select(['id', 'archived_at'])
      .where('id', '=', input.programme_id)
      .where('organization_id', '=', pair.organization_id)
      .executeTakeFirst();
    if (!programme) errors.programme_id = 'Выберите программу наставничества школы';
    else if (programme.archived_at) errors.programme_id = 'Программа в архиве: выберите действующую';
  }
  const first = await db
    .selectFrom('meetings')
    .select(db.fn.min('held_on').as('first'))
    .where('pair_id', '=', id)
    .executeTakeFirst();
  const firstMeeting = first?.first ? String(first.first) : null;
  if (firstMeeting !== null && input.planned_start > firstMeeting) {
    errors.planned_start = `Начало не может быть позже первой записанной встречи (${firstMeeting.split('-').reverse().join('.')})`;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const changed = (['programme_id', 'kind', 'role_model', 'planned_start', 'planned_end'] as const).filter(
    (f) => pair[f] !== input[f],
  );
  if (changed.length === 0) return { ok: true, id };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('pairs')
      .set({ ...input, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await auditPair(trx, actor, pair, { action: 'update', entityType: 'pair', entityId: id, changedFields: [...changed] });
  });
  return { ok: true, id };
}
