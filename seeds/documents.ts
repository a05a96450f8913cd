import type { Transaction } from 'kysely';
import type { Database, SchoolDocumentStatus, SchoolDocumentType } from '../src/db/types.js';

type Trx = Transaction<Database>;

/** The package the demo's coordinator requires of every school (issue 17). */
export const DEMO_REQUIRED: SchoolDocumentType[] = [
  'implementation_order',
  'regulation',
  'curator_order',
  'mentors_order',
  'pairs_order',
  'roadmap_order',
];

interface DocSeed {
  type: SchoolDocumentType;
  status: SchoolDocumentStatus;
  number: string | null;
  date: string | null;
  title?: string;
  notes?: string;
}

/** The demo school's register: every required type, an order replaced by a later one, a draft, minutes. */
const DEMO_SCHOOL_DOCS: DocSeed[] = [
  {
    type: 'implementation_order',
    status: 'void',
    number: '112-о',
    date: '2021-08-30',
    notes: 'Заменён приказом № 87-о от 28.08.2023.',
  },
  {
    type: 'implementation_order',
    status: 'active',
    number: '87-о',
    date: '2023-08-28',
    title: 'О внедрении целевой модели наставничества',
  },
  {
    type: 'regulation',
    status: 'active',
    number: null,
    date: '2023-08-28',
    title: 'Положение о системе наставничества педагогических работников',
  },
  { type: 'curator_order', status: 'active', number: '88-о', date: '2023-08-28' },
  { type: 'mentors_order', status: 'active', number: '95-о', date: '2025-09-01' },
  {
    type: 'mentors_order',
    status: 'draft',
    number: null,
    date: null,
    title: 'О назначении наставников на 2026/27 учебный год',
    notes: 'Проект: ждёт подписи руководителя.',
  },
  { type: 'roadmap_order', status: 'active', number: '96-о', date: '2025-09-01' },
  { type: 'council_minutes', status: 'active', number: '1', date: '2025-08-29', title: 'Протокол педагогического совета № 1' },
];

/** The other schools: from a full package to a school that has only begun (the matrix shows both). */
const OTHER_SCHOOL_DOCS: DocSeed[][] = [
  [
    { type: 'implementation_order', status: 'active', number: '45', date: '2023-09-01' },
    { type: 'regulation', status: 'active', number: null, date: '2023-09-01' },
    { type: 'curator_order', status: 'active', number: '46', date: '2023-09-01' },
    { type: 'mentors_order', status: 'active', number: '71', date: '2025-09-02' },
    { type: 'roadmap_order', status: 'active', number: '72', date: '2025-09-02' },
  ],
  [
    { type: 'implementation_order', status: 'active', number: '130/1', date: '2022-08-31' },
    { type: 'regulation', status: 'draft', number: null, date: null, notes: 'Новая редакция готовится к педсовету.' },
    { type: 'curator_order', status: 'active', number: '131', date: '2022-08-31' },
  ],
  [{ type: 'implementation_order', status: 'draft', number: null, date: null }],
];

/**
 * The register of the demo schools' documents and the coordinator's required package: the demo
 * school with every required type (an order replaced, a draft, minutes, an additional agreement
 * with the demo mentor, consents of an adult and a minor), other schools from a full package to
 * one only begun, and each recorded order fixing pairs as its entry. No files: the demo has no
 * stored documents (the list marks «нет файла»).
 */
export async function seedDemoDocuments(
  trx: Trx,
  municipalityId: number,
  schoolIds: number[],
  mentorUserId: number,
  centre?: { curator: number; coordinator: number; today: string },
): Promise<void> {
  const [demoSchool, ...others] = schoolIds;
  if (demoSchool === undefined) return;
  await trx
    .insertInto('document_requirements')
    .values(DEMO_REQUIRED.map((type) => ({ municipality_id: municipalityId, type })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  const insert = async (schoolId: number, d: DocSeed, person: { mentor_id?: number; mentee_id?: number } = {}) =>
    await trx
      .insertInto('school_documents')
      .values({
        organization_id: schoolId,
        type: d.type,
        status: d.status,
        number: d.number,
        document_date: d.date,
        title: d.title ?? null,
        notes: d.notes ?? null,
        ...person,
      })
      .execute();
  for (const d of DEMO_SCHOOL_DOCS) await insert(demoSchool, d);
  if (centre) await seedDemoDocumentAgreements(trx, demoSchool, others[1], centre);
  for (const [i, docs] of OTHER_SCHOOL_DOCS.entries()) {
    const school = others[i];
    if (school !== undefined) for (const d of docs) await insert(school, d);
  }
  // The demo mentor's additional agreement and consent; a minor mentee's consent (read by the curator and the coordinator only).
  const mentor = await trx.selectFrom('mentors').select('id').where('user_id', '=', mentorUserId).executeTakeFirst();
  if (mentor) {
    await insert(
      demoSchool,
      { type: 'mentor_agreement', status: 'active', number: '3', date: '2025-09-01' },
      { mentor_id: mentor.id },
    );
    await insert(demoSchool, { type: 'consent', status: 'active', number: null, date: '2025-09-01' }, { mentor_id: mentor.id });
  }
  const student = await trx
    .selectFrom('mentees')
    .select('id')
    .where('organization_id', '=', demoSchool)
    .where('category', '=', 'student')
    .where('birth_date', 'is not', null)
    .where('erased_at', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  if (student)
    await insert(
      demoSchool,
      { type: 'consent', status: 'active', number: null, date: '2025-09-05', title: 'Согласие законного представителя' },
      { mentee_id: student.id },
    );
  // Each order fixing pairs the demo recorded is an entry of its school's register.
  const orders = await trx.selectFrom('pair_orders').selectAll().where('organization_id', 'in', schoolIds).execute();
  for (const o of orders)
    await trx
      .insertInto('school_documents')
      .values({
        organization_id: o.organization_id,
        type: 'pairs_order',
        status: 'active',
        number: o.number,
        document_date: o.order_date,
        pair_order_id: o.id,
        created_by: o.created_by,
      })
      .onConflict((oc) => oc.column('pair_order_id').doNothing())
      .execute();
}

const daysBefore = (iso: string, days: number) => new Date(Date.parse(`${iso}T09:00:00Z`) - days * 86_400_000);

/**
 * Issue 17: the methodological centre's agreement of documents — the demo school's Положение
 * agreed in 2023, its draft order appointing mentors for 2026/27 sent two days ago and waiting for
 * the coordinator (with the curator's note), the third school's draft Положение returned with a
 * comment (the matrix shows «ждёт согласования» and «возвращено»). Sent before the portal stored
 * files: the demo's documents have none (a document sent now needs its file).
 */
async function seedDemoDocumentAgreements(
  trx: Trx,
  demoSchool: number,
  thirdSchool: number | undefined,
  centre: { curator: number; coordinator: number; today: string },
): Promise<void> {
  const find = (schoolId: number, type: SchoolDocumentType, status: SchoolDocumentStatus) =>
    trx
      .selectFrom('school_documents')
      .select('id')
      .where('organization_id', '=', schoolId)
      .where('type', '=', type)
      .where('status', '=', status)
      .orderBy('id')
      .executeTakeFirst();
  const regulation = await find(demoSchool, 'regulation', 'active');
  const mentorsDraft = await find(demoSchool, 'mentors_order', 'draft');
  const returned = thirdSchool === undefined ? undefined : await find(thirdSchool, 'regulation', 'draft');
  const rows = [
    regulation && {
      object_id: regulation.id,
      organization_id: demoSchool,
      sent_by: centre.curator,
      sent_at: new Date('2023-08-21T09:00:00Z'),
      answered_by: centre.coordinator,
      answered_at: new Date('2023-08-25T09:00:00Z'),
      outcome: 'agreed' as const,
    },
    mentorsDraft && {
      object_id: mentorsDraft.id,
      organization_id: demoSchool,
      sent_by: centre.curator,
      sent_at: daysBefore(centre.today, 2),
      note: 'Проект приказа на 2026/27 учебный год: прошу согласовать до подписания.',
    },
    returned &&
      thirdSchool !== undefined && {
        object_id: returned.id,
        organization_id: thirdSchool,
        sent_at: daysBefore(centre.today, 9),
        answered_by: centre.coordinator,
        answered_at: daysBefore(centre.today, 6),
        outcome: 'returned' as const,
        comment: 'Приведите раздел о правах наставника в соответствие с региональным положением.',
      },
  ].filter((r) => !!r);
  if (rows.length)
    await trx
      .insertInto('centre_agreements')
      .values(rows.map((r) => ({ object_type: 'document' as const, ...r })))
      .execute();
}
