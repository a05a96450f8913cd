import type { Kysely, Transaction } from 'kysely';
import {
  type AwardeeRef,
  awardLevelsFor,
  canCompileNomination,
  canDecideNomination,
  canNominate,
  canRecordAward,
  canViewAwards,
  canViewNomination,
  compilesNominations,
  decidesNominations,
  keepsBestMentors,
  type NominationRef,
  readsBestMentors,
  receivesAwardGranted,
  receivesAwardListNotice,
  receivesNominatedNotice,
  receivesNominationDecision,
} from '../../access/policy.js';
import type { Database } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { formatDate } from '../../lib/ru.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import { activePeopleAround } from '../notifications/queries.js';
import { notify } from '../notifications/service.js';
import { AWARD_KIND_LABELS, fullNameOf } from './labels.js';
import {
  type AwardeeRow,
  awardeeOfUser,
  awardsOfMentor,
  bestMentorsOf,
  departmentNameOf,
  findAwardee,
  findNominationInScope,
  hasOpenNomination,
  type NominationRow,
  supportedAwaitingOrder,
} from './queries.js';
import type { AwardInput, AwardOrderInput, BestMentorInput, NominationInput } from './schemas.js';

/**
 * Recognition (issue 18): awards recorded by hand; a nomination's way — the school head nominates,
 * the coordinator includes or excludes it and sends the municipal list, the department supports or
 * refuses each and records one order that makes the awards of the supported ones; the list of best
 * mentors. Each act is one transaction with its audit line and its notifications.
 */

export type SaveResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };

const refOf = (m: AwardeeRow): AwardeeRef => ({
  organization_id: m.organization_id,
  municipality_id: m.municipality_id,
  user_id: m.user_id,
});

const nominationRefOf = (n: NominationRow): NominationRef => ({
  organization_id: n.organization_id,
  municipality_id: n.municipality_id,
  status: n.status,
  sent_at: n.sent_at,
});

/** A mentor whose awards the actor may see: 404 otherwise. */
export async function getAwardee(db: Kysely<Database>, actor: Actor, mentorId: number): Promise<AwardeeRow> {
  const mentor = await findAwardee(db, mentorId);
  if (!mentor || !canViewAwards(actor.user, refOf(mentor))) throw new NotFoundError();
  return mentor;
}

/** A mentor's awards for its card, when the actor may see them (else none). */
export async function awardsForCard(db: Kysely<Database>, actor: Actor, mentorId: number) {
  const mentor = await findAwardee(db, mentorId);
  if (!mentor || !canViewAwards(actor.user, refOf(mentor))) return { awards: [], canRecord: false };
  return { awards: await awardsOfMentor(db, mentorId), canRecord: canRecordAward(actor.user, refOf(mentor)) };
}

/** The mentor's own awards: the mentor record linked to the actor's account. */
export async function ownAwards(db: Kysely<Database>, actor: Actor) {
  const mentor = await awardeeOfUser(db, actor.user.id);
  return mentor ? { mentor, awards: await awardsOfMentor(db, mentor.id) } : null;
}

/** Records an award by hand: a school's curator for its mentors, the municipality from the municipal level up. */
export async function createAward(db: Kysely<Database>, actor: Actor, input: AwardInput): Promise<SaveResult> {
  const mentor = await findAwardee(db, input.mentor_id);
  if (!mentor || !canViewAwards(actor.user, refOf(mentor)))
    return { ok: false, errors: { mentor_id: 'Выберите наставника из списка' } };
  if (!canRecordAward(actor.user, refOf(mentor), input.level)) {
    if (canRecordAward(actor.user, refOf(mentor)))
      return { ok: false, errors: { level: 'Школьные награды вносит куратор школы: выберите уровень от муниципального' } };
    throw new ForbiddenError('Награды наставников вносят куратор школы, методический центр и управление образования.');
  }
  if (!awardLevelsFor(actor.user).includes(input.level)) return { ok: false, errors: { level: 'Выберите уровень из списка' } };
  const id = await db.transaction().execute(async (trx) => {
    const values = {
      mentor_id: mentor.id,
      kind: input.kind,
      level: input.level,
      awarded_on: input.awarded_on,
      order_number: input.order_number,
      order_date: input.order_date,
      issued_by: input.issued_by,
      note: input.note,
      created_by: actor.user.id,
    };
    const row = await trx.insertInto('awards').values(values).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, auditActor(actor), {
      action: 'create',
      entityType: 'award',
      entityId: row.id,
      organizationId: mentor.organization_id,
      municipalityId: mentor.municipality_id,
      changedFields: Object.entries(values)
        .filter(([k, v]) => v !== null && k !== 'created_by')
        .map(([k]) => k),
    });
    return row.id;
  });
  return { ok: true, id };
}

/** The school head nominates a mentor of its school; the municipality's coordinators are told. */
export async function nominate(db: Kysely<Database>, actor: Actor, input: NominationInput): Promise<SaveResult> {
  if (!canNominate(actor.user)) throw new ForbiddenError('Наставников к награждению выдвигает руководитель школы.');
  const mentor = await findAwardee(db, input.mentor_id);
  if (!mentor || !canNominate(actor.user, refOf(mentor)) || mentor.municipality_id === null)
    return { ok: false, errors: { mentor_id: 'Выберите наставника своей школы из списка' } };
  const municipalityId = mentor.municipality_id;
  if (await hasOpenNomination(db, mentor.id))
    return {
      ok: false,
      errors: { mentor_id: 'Этот наставник уже выдвинут: дождитесь решения по его выдвижению' },
    };
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('award_nominations')
      .values({
        mentor_id: mentor.id,
        organization_id: mentor.organization_id,
        municipality_id: municipalityId,
        kind: input.kind,
        reason: input.reason,
        created_by: actor.user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, auditActor(actor), {
      action: 'nominate',
      entityType: 'award_nomination',
      entityId: row.id,
      organizationId: mentor.organization_id,
      municipalityId,
      changedFields: ['mentor_id', 'kind', 'reason'],
    });
    const ref: NominationRef = {
      organization_id: mentor.organization_id,
      municipality_id: municipalityId,
      status: 'nominated',
      sent_at: null,
    };
    const people = await activePeopleAround(trx, { organizationId: mentor.organization_id, municipalityId });
    await notify(trx, {
      kind: 'award_nominated',
      key: `award_nomination:${row.id}:nominated`,
      params: { subject: AWARD_KIND_LABELS[input.kind], school: mentor.school_name, mentor: fullNameOf(mentor) },
      link: `/recognition/nominations/${row.id}`,
      subject: { type: 'award_nomination', ref },
      entity: { type: 'award_nomination', id: row.id },
      organizationId: mentor.organization_id,
      municipalityId,
      recipients: people.filter((u) => receivesNominatedNotice(u, ref)).map((u) => u.id),
      actorId: actor.user.id,
    });
    return row.id;
  });
  return { ok: true, id };
}

/** A nomination the actor may read: 404 outside the scope. */
export async function getNomination(db: Kysely<Database>, actor: Actor, id: number): Promise<NominationRow> {
  const row = await findNominationInScope(db, actor.user, id);
  if (!row || !canViewNomination(actor.user, nominationRefOf(row))) throw new NotFoundError();
  return row;
}

/** The flags of a nomination's page. */
export function nominationActions(actor: Actor, n: NominationRow) {
  const ref = nominationRefOf(n);
  return { canCompile: canCompileNomination(actor.user, ref), canDecide: canDecideNomination(actor.user, ref) };
}

/**
 * The coordinator includes a nomination in the municipal list or excludes it (with a comment the
 * school reads), and may change its mind until the list is sent to the department.
 */
export async function compileNomination(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  include: boolean,
  comment: string | null,
): Promise<void> {
  const n = await getNomination(db, actor, id);
  if (!compilesNominations(actor.user))
    throw new ForbiddenError('Муниципальный список к награждению составляет методический центр.');
  if (!canCompileNomination(actor.user, nominationRefOf(n)))
    throw new ConflictError(
      n.sent_at !== null
        ? 'Список уже передан в управление образования: выдвижение больше нельзя включить или отклонить.'
        : 'Выдвижение уже рассмотрено управлением образования.',
    );
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('award_nominations')
      .set({
        status: include ? 'listed' : 'rejected',
        list_comment: comment,
        listed_at: new Date(),
        listed_by: actor.user.id,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: include ? 'include_in_list' : 'exclude_from_list',
      entityType: 'award_nomination',
      entityId: id,
      organizationId: n.organization_id,
      municipalityId: n.municipality_id,
      changedFields: ['status', ...(comment === null ? [] : ['list_comment'])],
    });
  });
}

/** The coordinator sends the list (every included nomination not yet sent) to the department, which is told. */
export async function sendList(db: Kysely<Database>, actor: Actor): Promise<number> {
  const municipalityId = actor.user.municipalityId;
  if (!compilesNominations(actor.user) || municipalityId === null)
    throw new ForbiddenError('Муниципальный список к награждению составляет методический центр.');
  return db.transaction().execute(async (trx) => {
    const sent = await trx
      .updateTable('award_nominations')
      .set({ sent_at: new Date(), updated_at: new Date() })
      .where('municipality_id', '=', municipalityId)
      .where('status', '=', 'listed')
      .where('sent_at', 'is', null)
      .returning(['id', 'organization_id'])
      .execute();
    if (sent.length === 0)
      throw new ConflictError('В списке нет новых выдвижений: включите в список хотя бы одно выдвижение, затем передайте его.');
    for (const row of sent)
      await recordAudit(trx, auditActor(actor), {
        action: 'send_list',
        entityType: 'award_nomination',
        entityId: row.id,
        organizationId: row.organization_id,
        municipalityId,
        changedFields: ['sent_at'],
      });
    const ref = { municipality_id: municipalityId };
    const people = await activePeopleAround(trx, { organizationId: actor.user.organizationId, municipalityId });
    await notify(trx, {
      kind: 'award_list_sent',
      key: `award_list:${municipalityId}:${sent.map((r) => r.id).join(',')}`,
      params: { subject: 'Список к награждению', count: sent.length },
      link: '/recognition',
      subject: { type: 'award_list', ref },
      entity: { type: 'award_nomination', id: sent[0]!.id },
      organizationId: null,
      municipalityId,
      recipients: people.filter((u) => receivesAwardListNotice(u, ref)).map((u) => u.id),
      actorId: actor.user.id,
    });
    return sent.length;
  });
}

/** The department supports or refuses a nomination of the list sent to it; the school's head and curators are told. */
export async function decideNomination(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  support: boolean,
  comment: string | null,
): Promise<void> {
  const n = await getNomination(db, actor, id);
  if (!decidesNominations(actor.user)) throw new ForbiddenError('Решение о награждении принимает управление образования.');
  if (!canDecideNomination(actor.user, nominationRefOf(n)))
    throw new ConflictError(
      n.status === 'awarded'
        ? 'Наставник уже награждён по приказу: решение изменить нельзя.'
        : 'Выдвижение ещё не передано методическим центром в управление образования в составе списка.',
    );
  const status = support ? 'supported' : 'refused';
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('award_nominations')
      .set({ status, decision_comment: comment, decided_at: new Date(), decided_by: actor.user.id, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: support ? 'support' : 'refuse',
      entityType: 'award_nomination',
      entityId: id,
      organizationId: n.organization_id,
      municipalityId: n.municipality_id,
      changedFields: ['status', ...(comment === null ? [] : ['decision_comment'])],
    });
    const ref: NominationRef = { ...nominationRefOf(n), status };
    const people = await activePeopleAround(trx, { organizationId: n.organization_id, municipalityId: null });
    await notify(trx, {
      kind: 'award_decided',
      // A changed decision tells again: the key names the decision.
      key: `award_nomination:${id}:${status}:${Date.now()}`,
      params: { subject: AWARD_KIND_LABELS[n.kind], mentor: fullNameOf(n), comment, decision: status },
      link: `/recognition/nominations/${id}`,
      subject: { type: 'award_nomination', ref },
      entity: { type: 'award_nomination', id },
      organizationId: n.organization_id,
      municipalityId: n.municipality_id,
      recipients: people.filter((u) => receivesNominationDecision(u, ref)).map((u) => u.id),
      actorId: actor.user.id,
    });
  });
}

/** The supported nominations the department's order will grant. */
export async function orderCandidates(db: Kysely<Database>, actor: Actor): Promise<NominationRow[]> {
  const municipalityId = actor.user.municipalityId;
  if (municipalityId === null || !(decidesNominations(actor.user) || compilesNominations(actor.user))) return [];
  return supportedAwaitingOrder(db, municipalityId);
}

/**
 * The department records its awarding order once for the list: every supported nomination becomes
 * an award (municipal level, the order's number and date, issued by the department) in one
 * transaction; the school's head and curators and the awarded mentor with an account are told.
 */
export async function recordAwardOrder(db: Kysely<Database>, actor: Actor, input: AwardOrderInput): Promise<number> {
  const municipalityId = actor.user.municipalityId;
  if (!decidesNominations(actor.user) || municipalityId === null)
    throw new ForbiddenError('Приказ о награждении вносит управление образования.');
  return db.transaction().execute(async (trx) => {
    const rows = await supportedAwaitingOrder(trx, municipalityId);
    if (rows.length === 0)
      throw new ConflictError('Поддержанных выдвижений, ждущих приказа, нет: сначала поддержите выдвижения из списка.');
    const issuer = await departmentNameOf(trx, municipalityId);
    const order = `№ ${input.order_number} от ${formatDate(input.order_date)}`;
    for (const n of rows) {
      await trx
        .updateTable('award_nominations')
        .set({ status: 'awarded', order_number: input.order_number, order_date: input.order_date, updated_at: new Date() })
        .where('id', '=', n.id)
        .execute();
      const award = await trx
        .insertInto('awards')
        .values({
          mentor_id: n.mentor_id,
          kind: n.kind,
          level: 'municipal',
          awarded_on: input.order_date,
          order_number: input.order_number,
          order_date: input.order_date,
          issued_by: issuer,
          nomination_id: n.id,
          created_by: actor.user.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, auditActor(actor), {
        action: 'grant_award',
        entityType: 'award_nomination',
        entityId: n.id,
        organizationId: n.organization_id,
        municipalityId,
        changedFields: ['status', 'order_number', 'order_date'],
      });
      await recordAudit(trx, auditActor(actor), {
        action: 'create',
        entityType: 'award',
        entityId: award.id,
        organizationId: n.organization_id,
        municipalityId,
        changedFields: ['mentor_id', 'kind', 'level', 'awarded_on', 'order_number', 'order_date', 'issued_by'],
      });
      await tellGranted(trx, actor, n, order);
    }
    return rows.length;
  });
}

async function tellGranted(trx: Transaction<Database>, actor: Actor, n: NominationRow, order: string): Promise<void> {
  const params = { subject: AWARD_KIND_LABELS[n.kind], mentor: fullNameOf(n), order };
  const nominationRef: NominationRef = { ...nominationRefOf(n), status: 'awarded' };
  const people = await activePeopleAround(trx, { organizationId: n.organization_id, municipalityId: null });
  const base = {
    kind: 'award_granted' as const,
    params,
    entity: { type: 'award_nomination', id: n.id },
    organizationId: n.organization_id,
    municipalityId: n.municipality_id,
    actorId: actor.user.id,
  };
  await notify(trx, {
    ...base,
    key: `award_nomination:${n.id}:granted`,
    link: `/recognition/nominations/${n.id}`,
    subject: { type: 'award_nomination', ref: nominationRef },
    recipients: people.filter((u) => receivesNominationDecision(u, nominationRef)).map((u) => u.id),
  });
  const mentorRef: AwardeeRef = {
    organization_id: n.organization_id,
    municipality_id: n.municipality_id,
    user_id: n.mentor_user_id,
  };
  if (n.mentor_user_id !== null)
    await notify(trx, {
      ...base,
      key: `award_nomination:${n.id}:granted:mentor`,
      link: '/recognition',
      subject: { type: 'award', ref: mentorRef },
      recipients: people.filter((u) => receivesAwardGranted(u, mentorRef)).map((u) => u.id),
    });
}

/** The municipality's list of best mentors, for those who read it (else null). */
export async function bestMentors(db: Kysely<Database>, actor: Actor) {
  const municipalityId = actor.user.municipalityId;
  if (municipalityId === null || !readsBestMentors(actor.user)) return null;
  return bestMentorsOf(db, municipalityId);
}

/**
 * The coordinator adds a mentor of its municipality to the list of best mentors for a year.
 * `eventId`: the contest the mentor won, when the events module links one (issue 18, events).
 */
export async function addBestMentor(
  db: Kysely<Database>,
  actor: Actor,
  input: BestMentorInput,
  eventId: number | null = null,
): Promise<SaveResult> {
  const municipalityId = actor.user.municipalityId;
  if (!keepsBestMentors(actor.user) || municipalityId === null)
    throw new ForbiddenError('Список лучших наставников ведёт методический центр.');
  const mentor = await findAwardee(db, input.mentor_id);
  if (!mentor || mentor.municipality_id !== municipalityId)
    return { ok: false, errors: { mentor_id: 'Выберите наставника муниципалитета из списка' } };
  const exists = await db
    .selectFrom('best_mentors')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('mentor_id', '=', mentor.id)
    .where('year', '=', input.year)
    .executeTakeFirst();
  if (exists) return { ok: false, errors: { mentor_id: `Этот наставник уже в списке лучших наставников за ${input.year} год` } };
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('best_mentors')
      .values({
        municipality_id: municipalityId,
        mentor_id: mentor.id,
        year: input.year,
        reason: input.reason,
        event_id: eventId,
        created_by: actor.user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, auditActor(actor), {
      action: 'create',
      entityType: 'best_mentor',
      entityId: row.id,
      organizationId: mentor.organization_id,
      municipalityId,
      changedFields: ['mentor_id', 'year', 'reason', ...(eventId === null ? [] : ['event_id'])],
    });
    return row.id;
  });
  return { ok: true, id };
}

/**
 * Issue 19: the coordinator records that the best mentor's written consent to be shown on the
 * public page exists (`confirmed`: the form's required confirmation), or withdraws it. 404 for a
 * record of another municipality.
 */
export async function setBestMentorConsent(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  consent: boolean,
  confirmed: boolean,
): Promise<SaveResult> {
  const municipalityId = actor.user.municipalityId;
  if (!keepsBestMentors(actor.user) || municipalityId === null)
    throw new ForbiddenError('Список лучших наставников ведёт методический центр.');
  const row = await db
    .selectFrom('best_mentors')
    .select(['id', 'public_consent'])
    .where('id', '=', id)
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError();
  if (consent && !confirmed)
    return { ok: false, errors: { confirm: 'Подтвердите, что письменное согласие наставника на публикацию получено' } };
  if (row.public_consent === consent) return { ok: true, id };
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('best_mentors').set({ public_consent: consent }).where('id', '=', id).execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'best_mentor',
      entityId: id,
      organizationId: municipalityId,
      municipalityId,
      changedFields: ['public_consent'],
    });
  });
  return { ok: true, id };
}
