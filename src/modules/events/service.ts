import type { Kysely, Transaction } from 'kysely';
import {
  canCreateEvent,
  canEditEvent,
  canListContestWinners,
  canRegisterSchoolPeople,
  canRegisterSelf,
  canViewEvent,
  type EventRef,
  eventOrganizerOf,
  fitsEventCategories,
  readsMunicipalEvents,
  registrationSchoolOf,
  seesAllRegistrations,
} from '../../access/policy.js';
import type { Database, EventResult, EventStatus } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { localDateTime, momentOfLocal } from '../../lib/dates.js';
import { formatFileSize } from '../../lib/uploads.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import { notifyEventRegistrationOpened } from '../notifications/producers.js';
import { addBestMentor } from '../recognition/service.js';
import { recordEventEvidence, syncEventTrainings } from './held-writes.js';
import {
  audienceUserIds,
  eventFiles,
  contestWinnerMentors,
  type EventRow,
  eventMaterials,
  findEventInScope,
  findRegistration,
  categoryOfAccount,
  isTeacherMenteeAccount,
  listEvents,
  lockEvent,
  ownRegistration,
  planEvents,
  type RegistrationRow,
  registrationsOf,
  roadmapItemOf,
  roadmapItemOptions,
  schoolPeopleOptions,
  schoolPerson,
  schoolsOf,
} from './queries.js';
import type { EventInput, EventListQuery } from './schemas.js';

export type SaveResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };
/** An act refused for a reason the person can read (a flash message). */
export type ActResult = { ok: true; message: string } | { ok: false; message: string };

const KEEPERS_ONLY = 'Муниципальный план мероприятий ведёт методический центр, план школы — её куратор и руководитель.';

const refused = (message: string): ActResult => ({ ok: false, message });
const done = (message: string): ActResult => ({ ok: true, message });

function refOf(row: EventRow): EventRef {
  return row;
}

/** An event the actor may read: 404 outside the scope. */
export async function getEvent(db: Kysely<Database>, actor: Actor, id: number): Promise<EventRow> {
  const row = await findEventInScope(db, actor.user, id);
  if (!row || !canViewEvent(actor.user, refOf(row))) throw new NotFoundError();
  return row;
}

/** An event the actor organises: 404 outside the scope, 403 inside it. */
export async function getEventForChange(db: Kysely<Database>, actor: Actor, id: number): Promise<EventRow> {
  const row = await getEvent(db, actor, id);
  if (!canEditEvent(actor.user, row)) throw new ForbiddenError(KEEPERS_ONLY);
  return row;
}

/** The period of a calendar year (or one month of it) in the municipality's time zone. */
export function periodOf(year: number, month?: number): { from: Date; to: Date } {
  const pad = (n: number) => String(n).padStart(2, '0');
  if (month) {
    const next = month === 12 ? { y: year + 1, m: 1 } : { y: year, m: month + 1 };
    return {
      from: momentOfLocal(`${year}-${pad(month)}-01T00:00`) as Date,
      to: momentOfLocal(`${next.y}-${pad(next.m)}-01T00:00`) as Date,
    };
  }
  return { from: momentOfLocal(`${year}-01-01T00:00`) as Date, to: momentOfLocal(`${year + 1}-01-01T00:00`) as Date };
}

export function eventList(db: Kysely<Database>, actor: Actor, query: EventListQuery, year: number) {
  return listEvents(db, actor.user, { ...periodOf(year, query.month), kind: query.kind, level: query.level }, query.page);
}

/** The plan the actor keeps or reads: the municipal plan for the municipality's roles, its school's for a school's staff. */
export async function planOf(
  db: Kysely<Database>,
  actor: Actor,
  year: number,
): Promise<{ organizerId: number; events: EventRow[] }> {
  const organizerId = readsMunicipalEvents(actor.user) ? actor.user.municipalityId : eventOrganizerOf(actor.user);
  if (organizerId === null) throw new NotFoundError();
  const { from, to } = periodOf(year);
  return { organizerId, events: await planEvents(db, organizerId, from, to) };
}

/** The form's lists: the municipality's schools (a municipal event's audience), the organiser's roadmap items. */
export async function eventFormOptions(db: Kysely<Database>, actor: Actor, organizerId: number) {
  const municipal = organizerId === actor.user.municipalityId;
  return {
    municipal,
    schools: municipal && actor.user.municipalityId !== null ? await schoolsOf(db, actor.user.municipalityId) : [],
    items: await roadmapItemOptions(db, organizerId),
  };
}

/** What the form shows of an event to change. */
export async function eventFormValues(db: Kysely<Database>, event: EventRow): Promise<Record<string, unknown>> {
  const materials = await eventMaterials(db, event.id);
  return {
    title: event.title,
    kind: event.kind,
    level: event.level,
    starts_at: localDateTime(event.starts_at),
    ends_at: localDateTime(event.ends_at),
    place: event.place ?? '',
    video_url: event.video_url ?? '',
    description: event.description ?? '',
    audience_roles: event.audience_roles,
    audience_mentor_categories: event.audience_mentor_categories,
    audience_mentee_categories: event.audience_mentee_categories,
    schools: event.all_schools ? 'all' : 'chosen',
    school_ids: event.school_ids.map(String),
    capacity: event.capacity === null ? '' : String(event.capacity),
    roadmap_item_id: event.roadmap_item_id === null ? '' : String(event.roadmap_item_id),
    materials: materials.map((m) => (m.title === m.url ? m.url : `${m.title} — ${m.url}`)).join('\n'),
    is_public: event.is_public,
  };
}

/** The input checked against the organiser: level, schools of the municipality, an item of the organiser's roadmaps. */
async function check(db: Kysely<Database>, actor: Actor, organizerId: number, input: EventInput): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const municipal = organizerId === actor.user.municipalityId;
  if (municipal && input.level === 'school') errors.level = 'Уровень: мероприятие методического центра не может быть школьным';
  if (!municipal && input.level !== 'school') errors.level = 'Уровень: мероприятие школы — школьное';
  if (municipal && !input.all_schools) {
    const schools = new Set((await schoolsOf(db, actor.user.municipalityId ?? 0)).map((s) => s.id));
    if (input.school_ids.length === 0) errors.school_ids = 'Школы: отметьте хотя бы одну школу или выберите «все школы»';
    else if (input.school_ids.some((id) => !schools.has(id))) errors.school_ids = 'Школы: выберите школы из списка';
  }
  if (input.roadmap_item_id !== null) {
    const items = await roadmapItemOptions(db, organizerId);
    if (!items.some((i) => i.id === input.roadmap_item_id))
      errors.roadmap_item_id = 'Пункт дорожной карты: выберите пункт дорожной карты организатора из списка';
  }
  return errors;
}

function contentOf(input: EventInput, municipal: boolean) {
  return {
    title: input.title,
    kind: input.kind,
    level: input.level,
    starts_at: input.starts_at,
    ends_at: input.ends_at,
    place: input.place,
    video_url: input.video_url,
    description: input.description,
    audience_roles: input.audience_roles,
    audience_mentor_categories: input.audience_roles.includes('mentor') ? input.audience_mentor_categories : [],
    audience_mentee_categories: input.audience_roles.includes('mentee') ? input.audience_mentee_categories : [],
    all_schools: municipal ? input.all_schools : false,
    capacity: input.capacity,
    roadmap_item_id: input.roadmap_item_id,
    is_public: input.is_public,
  };
}

async function writeSchoolsAndMaterials(
  trx: Transaction<Database>,
  id: number,
  schoolIds: readonly number[],
  materials: EventInput['materials'],
): Promise<void> {
  await trx.deleteFrom('event_schools').where('event_id', '=', id).execute();
  if (schoolIds.length > 0)
    await trx
      .insertInto('event_schools')
      .values(schoolIds.map((organization_id) => ({ event_id: id, organization_id })))
      .execute();
  await trx.deleteFrom('event_materials').where('event_id', '=', id).execute();
  if (materials.length > 0)
    await trx
      .insertInto('event_materials')
      .values(materials.map((m, position) => ({ event_id: id, position, title: m.title, url: m.url })))
      .execute();
}

/** Plans an event: the coordinator's in the municipal plan, a school's curator's or head's in its school's. */
export async function createEvent(db: Kysely<Database>, actor: Actor, input: EventInput): Promise<SaveResult> {
  const organizerId = eventOrganizerOf(actor.user);
  if (!canCreateEvent(actor.user) || organizerId === null || actor.user.municipalityId === null)
    throw new ForbiddenError(KEEPERS_ONLY);
  const municipalityId = actor.user.municipalityId;
  const errors = await check(db, actor, organizerId, input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const municipal = organizerId === municipalityId;
  const id = await db.transaction().execute(async (trx) => {
    const content = contentOf(input, municipal);
    const row = await trx
      .insertInto('events')
      .values({ ...content, municipality_id: municipalityId, organizer_id: organizerId, created_by: actor.user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeSchoolsAndMaterials(trx, row.id, municipal ? input.school_ids : [], input.materials);
    await recordAudit(trx, auditActor(actor), {
      action: 'create',
      entityType: 'event',
      entityId: row.id,
      organizationId: organizerId,
      municipalityId,
      changedFields: [
        'title',
        'kind',
        'level',
        'starts_at',
        'ends_at',
        'audience_roles',
        ...(content.audience_mentor_categories.length + content.audience_mentee_categories.length > 0
          ? ['audience_categories']
          : []),
        ...(municipal ? ['audience_schools'] : []),
        ...(input.place ? ['place'] : []),
        ...(input.video_url ? ['video_url'] : []),
        ...(input.description ? ['description'] : []),
        ...(input.capacity !== null ? ['event_capacity'] : []),
        ...(input.roadmap_item_id !== null ? ['roadmap_item_id'] : []),
        ...(input.materials.length > 0 ? ['materials'] : []),
        ...(input.is_public ? ['is_public'] : []),
      ],
    });
    return row.id;
  });
  return { ok: true, id };
}

const EDITABLE: readonly EventStatus[] = ['planned', 'registration_open'];

/** Changes an event before it is held. */
export async function updateEvent(db: Kysely<Database>, actor: Actor, id: number, input: EventInput): Promise<SaveResult> {
  const event = await getEventForChange(db, actor, id);
  if (!EDITABLE.includes(event.status))
    return { ok: false, errors: { _form: 'Проведённое или отменённое мероприятие изменить нельзя' } };
  const errors = await check(db, actor, event.organizer_id, input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const municipal = event.organizer_id === event.municipality_id;
  const content = contentOf(input, municipal);
  const before = await eventMaterials(db, id);
  const changed: string[] = [];
  const plain = ['title', 'kind', 'level', 'place', 'video_url', 'description', 'roadmap_item_id', 'is_public'] as const;
  for (const f of plain) if (event[f] !== content[f]) changed.push(f);
  if (event.starts_at.getTime() !== content.starts_at.getTime()) changed.push('starts_at');
  if (event.ends_at.getTime() !== content.ends_at.getTime()) changed.push('ends_at');
  if (event.capacity !== content.capacity) changed.push('event_capacity');
  if ([...event.audience_roles].sort().join() !== [...content.audience_roles].sort().join()) changed.push('audience_roles');
  const categoriesOf = (e: { audience_mentor_categories: readonly string[]; audience_mentee_categories: readonly string[] }) =>
    [...e.audience_mentor_categories].sort().join() + '|' + [...e.audience_mentee_categories].sort().join();
  if (categoriesOf(event) !== categoriesOf(content)) changed.push('audience_categories');
  const schoolIds = municipal && !content.all_schools ? [...input.school_ids].sort((a, b) => a - b) : [];
  if (event.all_schools !== content.all_schools || event.school_ids.join() !== schoolIds.join()) changed.push('audience_schools');
  if (JSON.stringify(before) !== JSON.stringify(input.materials.map((m) => ({ title: m.title, url: m.url }))))
    changed.push('materials');
  if (changed.length === 0) return { ok: true, id };
  await db.transaction().execute(async (trx) => {
    const locked = await lockEvent(trx, id);
    if (!locked || !EDITABLE.includes(locked.status)) return;
    await trx
      .updateTable('events')
      .set({ ...content, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await writeSchoolsAndMaterials(trx, id, schoolIds, input.materials);
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'event',
      entityId: id,
      organizationId: event.organizer_id,
      municipalityId: event.municipality_id,
      changedFields: changed,
    });
  });
  return { ok: true, id };
}

/** The organiser's transitions: open registration, mark held (not before the start), cancel (not once held). */
const TRANSITIONS: Record<'registration_open' | 'held' | 'cancelled', { from: readonly EventStatus[]; refusal: string }> = {
  registration_open: { from: ['planned'], refusal: 'Открыть регистрацию можно только у запланированного мероприятия' },
  held: {
    from: ['planned', 'registration_open'],
    refusal: 'Отметить проведённым можно только запланированное мероприятие или мероприятие с открытой регистрацией',
  },
  cancelled: { from: ['planned', 'registration_open'], refusal: 'Проведённое или уже отменённое мероприятие отменить нельзя' },
};

const AUDIT_OF = { registration_open: 'open_registration', held: 'mark_held', cancelled: 'cancel' } as const;
const DONE_OF = {
  registration_open: 'Регистрация открыта. Участники, для которых проводится мероприятие, получили уведомление.',
  held: 'Мероприятие отмечено проведённым.',
  cancelled: 'Мероприятие отменено.',
} as const;

export async function changeEventStatus(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  to: keyof typeof TRANSITIONS,
  now = new Date(),
): Promise<ActResult> {
  const event = await getEventForChange(db, actor, id);
  const rule = TRANSITIONS[to];
  if (!rule.from.includes(event.status)) return refused(rule.refusal);
  if (to === 'held' && event.starts_at > now) return refused('Отметить проведённым можно только после начала мероприятия');
  if (to === 'registration_open' && event.ends_at < now) return refused('Мероприятие уже прошло: регистрацию открыть нельзя');
  return db.transaction().execute(async (trx) => {
    const locked = await lockEvent(trx, id);
    if (!locked || !rule.from.includes(locked.status)) return refused(rule.refusal);
    await trx.updateTable('events').set({ status: to, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, auditActor(actor), {
      action: AUDIT_OF[to],
      entityType: 'event',
      entityId: id,
      organizationId: event.organizer_id,
      municipalityId: event.municipality_id,
      changedFields: ['status'],
    });
    if (to === 'registration_open') {
      const recipients = await audienceUserIds(trx, event);
      await notifyEventRegistrationOpened(trx, {
        actorId: actor.user.id,
        event: { ...event, status: to, starts_on: localDateTime(event.starts_at).slice(0, 10) },
        recipients,
      });
    }
    return done(DONE_OF[to]);
  });
}

type NewRegistration = {
  user_id: number | null;
  mentor_id: number | null;
  mentee_id: number | null;
  organization_id: number;
};

/** Adds a registration while registration is open and places are left; one per person. */
async function addRegistration(
  db: Kysely<Database>,
  actor: Actor,
  event: EventRow,
  values: NewRegistration,
  message: string,
): Promise<ActResult> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockEvent(trx, event.id);
    if (locked?.status !== 'registration_open') return refused('Регистрация на это мероприятие закрыта');
    let taken = trx
      .selectFrom('event_registrations')
      .select('id')
      .where('event_id', '=', event.id)
      .where((eb) => {
        const same = [];
        if (values.user_id !== null) same.push(eb('user_id', '=', values.user_id));
        if (values.mentor_id !== null) same.push(eb('mentor_id', '=', values.mentor_id));
        if (values.mentee_id !== null) same.push(eb('mentee_id', '=', values.mentee_id));
        return eb.or(same);
      });
    taken = taken.limit(1);
    if (await taken.executeTakeFirst()) return refused('Этот участник уже зарегистрирован на мероприятие');
    if (locked.capacity !== null) {
      const { count } = await trx
        .selectFrom('event_registrations')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('event_id', '=', event.id)
        .executeTakeFirstOrThrow();
      if (Number(count) >= locked.capacity) return refused('Свободных мест не осталось: регистрация невозможна');
    }
    const row = await trx
      .insertInto('event_registrations')
      .values({ ...values, event_id: event.id, registered_by: actor.user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, auditActor(actor), {
      action: 'register',
      entityType: 'event_registration',
      entityId: row.id,
      organizationId: values.organization_id,
      municipalityId: event.municipality_id,
      changedFields: [
        ...(values.user_id !== null ? ['user_id'] : []),
        ...(values.mentor_id !== null ? ['mentor_id'] : []),
        ...(values.mentee_id !== null ? ['mentee_id'] : []),
      ],
    });
    return done(message);
  });
}

/** What self-registration needs to know of the account: linked to a teacher-mentee, and its record's category. */
async function selfFacts(db: Kysely<Database>, actor: Actor): Promise<{ teacherMentee: boolean; category: string | null }> {
  return {
    teacherMentee: await isTeacherMenteeAccount(db, actor.user.id),
    category: await categoryOfAccount(db, actor.user),
  };
}

/** A person of the audience registers itself while registration is open. */
export async function registerSelf(db: Kysely<Database>, actor: Actor, id: number): Promise<ActResult> {
  const event = await getEvent(db, actor, id);
  const facts = await selfFacts(db, actor);
  if (!canRegisterSelf(actor.user, event, facts))
    return refused(
      event.status === 'registration_open'
        ? 'Это мероприятие проводится не для вас: зарегистрироваться нельзя'
        : 'Регистрация на это мероприятие закрыта',
    );
  return addRegistration(
    db,
    actor,
    event,
    { user_id: actor.user.id, mentor_id: null, mentee_id: null, organization_id: actor.user.organizationId },
    'Вы зарегистрированы на мероприятие.',
  );
}

async function deleteRegistration(
  db: Kysely<Database>,
  actor: Actor,
  event: EventRow,
  registration: { id: number; organization_id: number },
): Promise<ActResult> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockEvent(trx, event.id);
    if (locked?.status !== 'registration_open') return refused('Регистрация закрыта: отменить её уже нельзя');
    await trx.deleteFrom('event_registrations').where('id', '=', registration.id).execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'unregister',
      entityType: 'event_registration',
      entityId: registration.id,
      organizationId: registration.organization_id,
      municipalityId: event.municipality_id,
      changedFields: [],
    });
    return done('Регистрация отменена.');
  });
}

/** A person cancels its own registration while registration is open. */
export async function unregisterSelf(db: Kysely<Database>, actor: Actor, id: number): Promise<ActResult> {
  const event = await getEvent(db, actor, id);
  const own = await ownRegistration(db, id, actor.user.id);
  if (!own) return refused('Вы не зарегистрированы на это мероприятие');
  return deleteRegistration(db, actor, event, { id: own.id, organization_id: actor.user.organizationId });
}

/** A school's curator registers a mentor or a teacher-mentee of its school (with or without an account). */
export async function registerSchoolPerson(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  person: { kind: 'mentor' | 'mentee'; id: number },
): Promise<ActResult> {
  const event = await getEvent(db, actor, id);
  const schoolId = registrationSchoolOf(actor.user);
  if (schoolId === null) throw new ForbiddenError('Участников школы регистрируют её куратор и руководитель.');
  if (!canRegisterSchoolPeople(actor.user, event)) return refused('Регистрация на это мероприятие закрыта');
  if (!event.audience_roles.includes(person.kind))
    return refused(
      person.kind === 'mentor'
        ? 'Мероприятие проводится не для наставников'
        : 'Мероприятие проводится не для наставляемых педагогов',
    );
  const found = await schoolPerson(db, person.kind, person.id, schoolId);
  if (!found) return refused('Участник: выберите человека из списка');
  if (!fitsEventCategories(event, person.kind, found.category))
    return refused(
      person.kind === 'mentor'
        ? 'Мероприятие проводится для наставников других категорий'
        : 'Мероприятие проводится для наставляемых педагогов других категорий',
    );
  return addRegistration(
    db,
    actor,
    event,
    {
      user_id: found.user_id,
      mentor_id: person.kind === 'mentor' ? found.id : null,
      mentee_id: person.kind === 'mentee' ? found.id : null,
      organization_id: schoolId,
    },
    'Участник зарегистрирован.',
  );
}

/** The organiser removes any registration, a school's curator its school's, while registration is open. */
export async function removeRegistration(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  registrationId: number,
): Promise<ActResult> {
  const event = await getEvent(db, actor, id);
  const registration = await findRegistration(db, id, registrationId);
  if (!registration) throw new NotFoundError();
  const ownSchool = registrationSchoolOf(actor.user);
  const mayRemove =
    canEditEvent(actor.user, event) ||
    (ownSchool !== null && registration.organization_id === ownSchool && canRegisterSchoolPeople(actor.user, event));
  if (!mayRemove)
    throw new ForbiddenError('Регистрацию отменяет организатор мероприятия, куратор или руководитель школы участника.');
  return deleteRegistration(db, actor, event, registration);
}

/** What the event page shows of registrations, and what the person may do. */
export async function eventPage(db: Kysely<Database>, actor: Actor, event: EventRow, now = new Date()) {
  const all = seesAllRegistrations(actor.user, event);
  const school = registrationSchoolOf(actor.user);
  const registrations: RegistrationRow[] = all
    ? await registrationsOf(db, event.id)
    : school !== null
      ? await registrationsOf(db, event.id, school)
      : [];
  const canRegisterPeople = canRegisterSchoolPeople(actor.user, event);
  const editable = canEditEvent(actor.user, event);
  const started = event.starts_at <= now;
  const item = event.roadmap_item_id === null ? null : await roadmapItemOf(db, event.roadmap_item_id);
  const winners = canListContestWinners(actor.user, event) ? await contestWinnerMentors(db, event.id) : [];
  return {
    /** Registration id → whether the winner is already on the list from this contest (the button otherwise). */
    bestMentorCandidates: new Map(winners.map((w) => [w.registration_id, w.listed])),
    materials: await eventMaterials(db, event.id),
    files: (await eventFiles(db, event.id)).map((f) => ({ ...f, size: formatFileSize(f.size_bytes) })),
    canAddFiles: editable && event.status !== 'cancelled',
    registrations,
    seesAll: all,
    item,
    own: await ownRegistration(db, event.id, actor.user.id),
    canRegisterSelf: canRegisterSelf(actor.user, event, await selfFacts(db, actor)),
    canRegisterPeople,
    people: canRegisterPeople && school !== null ? await schoolPeopleOptions(db, school, event.id, event) : [],
    canEdit: editable && EDITABLE.includes(event.status),
    canOpen: editable && event.status === 'planned' && event.ends_at >= now,
    canMarkHeld: editable && started && (event.status === 'planned' || event.status === 'registration_open'),
    canCancel: editable && (event.status === 'planned' || event.status === 'registration_open'),
    canMarkAttendance: editable && started && ATTENDANCE.includes(event.status),
    canPublish: editable && event.status === 'held',
    canPrintSheet: editable || all,
    canRemove: (r: RegistrationRow) =>
      event.status === 'registration_open' && (editable || (canRegisterPeople && r.organization_id === school)),
  };
}

const ATTENDANCE: readonly EventStatus[] = ['planned', 'registration_open', 'held'];

/** The registrations for the sheet and the check-list: the organiser's and the municipality's. */
export async function sheetOf(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
): Promise<{ event: EventRow; registrations: RegistrationRow[] }> {
  const event = await getEvent(db, actor, id);
  if (!seesAllRegistrations(actor.user, event)) throw new ForbiddenError('Лист регистрации ведёт организатор мероприятия.');
  return { event, registrations: await registrationsOf(db, id) };
}

/** The organiser marks who came, once the event has begun; the event is then held. */
export async function markAttendance(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  present: readonly number[],
  now = new Date(),
): Promise<ActResult> {
  const event = await getEventForChange(db, actor, id);
  if (event.starts_at > now) return refused('Отметить присутствие можно только после начала мероприятия');
  if (!ATTENDANCE.includes(event.status))
    return refused(event.status === 'cancelled' ? 'Мероприятие отменено' : 'Итоги опубликованы: присутствие уже не меняется');
  return db.transaction().execute(async (trx) => {
    const locked = await lockEvent(trx, id);
    if (!locked || !ATTENDANCE.includes(locked.status)) return refused('Присутствие уже не меняется');
    const rows = await trx.selectFrom('event_registrations').select('id').where('event_id', '=', id).execute();
    const ids = rows.map((r) => r.id);
    const here = ids.filter((r) => present.includes(r));
    const away = ids.filter((r) => !present.includes(r));
    if (here.length > 0) await trx.updateTable('event_registrations').set({ attended: true }).where('id', 'in', here).execute();
    if (away.length > 0) await trx.updateTable('event_registrations').set({ attended: false }).where('id', 'in', away).execute();
    if (locked.status !== 'held')
      await trx.updateTable('events').set({ status: 'held', updated_at: new Date() }).where('id', '=', id).execute();
    const trainings = await syncEventTrainings(trx, event);
    await recordAudit(trx, auditActor(actor), {
      action: 'mark_attendance',
      entityType: 'event',
      entityId: id,
      organizationId: event.organizer_id,
      municipalityId: event.municipality_id,
      changedFields: [...(locked.status !== 'held' ? ['attended', 'status'] : ['attended']), ...(trainings ? ['trainings'] : [])],
    });
    return done(`Присутствие отмечено: ${here.length} из ${ids.length}.`);
  });
}

/** The organiser publishes the result of a held event: the summary and, for a contest, each participant's result. */
export async function publishResult(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  summary: string,
  results: ReadonlyMap<number, EventResult | null>,
  /** The event page's address, the evidence's link on its roadmap item (routes: absoluteUrl). */
  eventUrl: string,
): Promise<ActResult> {
  const event = await getEventForChange(db, actor, id);
  if (event.status !== 'held')
    return refused(
      event.status === 'results_published'
        ? 'Итоги уже опубликованы'
        : 'Опубликовать итоги можно только после проведения мероприятия: сначала отметьте присутствие',
    );
  return db.transaction().execute(async (trx) => {
    const locked = await lockEvent(trx, id);
    if (locked?.status !== 'held') return refused('Итоги уже опубликованы');
    const fields = ['event_summary', 'status'];
    if (event.kind === 'contest' && results.size > 0) {
      const ids = new Set(
        (await trx.selectFrom('event_registrations').select('id').where('event_id', '=', id).execute()).map((r) => r.id),
      );
      for (const [registrationId, result] of results) {
        if (!ids.has(registrationId)) continue;
        await trx.updateTable('event_registrations').set({ result }).where('id', '=', registrationId).execute();
      }
      fields.push('event_result');
    }
    await trx
      .updateTable('events')
      .set({ summary, status: 'results_published', updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'publish_results',
      entityType: 'event',
      entityId: id,
      organizationId: event.organizer_id,
      municipalityId: event.municipality_id,
      changedFields: fields,
    });
    await recordEventEvidence(trx, auditActor(actor), event, eventUrl);
    return done('Итоги опубликованы.');
  });
}

/**
 * The coordinator adds a contest's winner or prize-winner who is a mentor to the municipality's list
 * of best mentors for the contest's year, with one button: the reason names the contest.
 */
export async function addWinnerToBestMentors(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  registrationId: number,
): Promise<ActResult> {
  const event = await getEvent(db, actor, id);
  if (!canListContestWinners(actor.user, event))
    throw new ForbiddenError(
      'В список лучших наставников методический центр добавляет победителей и призёров конкурса с опубликованными итогами.',
    );
  const winner = (await contestWinnerMentors(db, id)).find((w) => w.registration_id === registrationId);
  if (!winner) return refused('В список лучших наставников добавляются наставники — победители и призёры конкурса');
  if (winner.listed) return refused('Этот наставник уже в списке лучших наставников по итогам этого конкурса');
  const day = localDateTime(event.ends_at).slice(0, 10);
  const who = winner.result === 'winner' ? 'Победитель' : 'Призёр';
  const result = await addBestMentor(
    db,
    actor,
    { mentor_id: winner.mentor_id, year: Number(day.slice(0, 4)), reason: `${who} конкурса «${event.title}»` },
    event.id,
  );
  if (!result.ok) return refused(Object.values(result.errors)[0] ?? 'Добавить в список не удалось');
  return done('Наставник добавлен в список лучших наставников.');
}
