import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../src/db/types.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * A partner's mentor opened to the municipality (issue 17): an employee of a partner held in the
 * base of the demo school (the one with the most free places), opened by the coordinator, who
 * works with a student of the demo school and with a student of the lyceum — an active pair in
 * each, with an order and meetings, and a place left for one more. The demo school's curator sees
 * on the mentor's card that it works at the lyceum too; the lyceum's curator (`curator.lyceum2`)
 * sees the mentor in its pair, marked as from another organisation. The only opened mentor of the demo.
 */
const PROGRAMME = {
  title: 'Работодатель – ученик: профессиональные пробы на предприятиях',
  target: 'обучающиеся 8–11 классов',
  goals: 'Профессиональное самоопределение: знакомство с предприятиями округа',
  results: 'Обучающийся выполнил проект с наставником и выбрал профиль обучения осознанно',
};

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function yearsBefore(iso: string, years: number): string {
  return `${Number(iso.slice(0, 4)) - years}${iso.slice(4)}`;
}

/** The capacity a demo mentor may have (seeds/people.ts). */
const MAX_CAPACITY = 5;

export async function seedDemoSharedMentors(
  db: Db,
  ids: { homeSchool: number; otherSchool: number; coordinator: number },
  curators: Map<number, number>,
  today: string,
): Promise<void> {
  const year = Number(today.slice(0, 4));
  const yearStart = today.slice(5) >= '09-01' ? `${year}-09-01` : `${year - 1}-09-01`;
  const start = addDays(yearStart, 14);
  const candidates = await db
    .selectFrom('mentors')
    .innerJoin('organizations as origin', 'origin.id', 'mentors.origin_organization_id')
    .select([
      'mentors.id',
      'mentors.capacity',
      sql<number>`(select count(*)::int from pair_mentors l join pairs on pairs.id = l.pair_id
        join pair_mentees pe on pe.pair_id = pairs.id
        where l.mentor_id = mentors.id and pairs.status in ('forming', 'active'))`.as('load'),
      sql<boolean>`exists (select 1 from pair_mentors l join pairs on pairs.id = l.pair_id
        where l.mentor_id = mentors.id and pairs.status = 'active' and pairs.organization_id = ${ids.homeSchool})`.as(
        'paired_at_home',
      ),
    ])
    .where('mentors.organization_id', '=', ids.homeSchool)
    .where('origin.type', '=', 'partner')
    .where('mentors.category', '=', 'partner_employee')
    .where('mentors.consent_date', 'is not', null)
    .where('mentors.archived_at', 'is', null)
    .where('mentors.erased_at', 'is', null)
    .where('mentors.status', '<>', 'left')
    .orderBy('mentors.id')
    .execute();
  const free = (m: (typeof candidates)[number]) => m.capacity - Number(m.load);
  const mentor = [...candidates].sort((a, b) => free(b) - free(a) || a.id - b.id)[0];
  // A pair at each school (unless it has one at home already) and a place left for one more; the
  // capacity is raised for it when needed, within the bases' limit.
  const needed = (mentor?.paired_at_home ? 1 : 2) + 1;
  if (!mentor || Number(mentor.load) + needed > MAX_CAPACITY)
    throw new Error('demo seed: no partner mentor of the demo school to share');
  await db
    .updateTable('mentors')
    .set({
      capacity: Math.max(mentor.capacity, Number(mentor.load) + needed),
      shared_at: new Date(`${addDays(yearStart, -5)}T10:00:00Z`),
      shared_by: ids.coordinator,
    })
    .where('id', '=', mentor.id)
    .execute();
  const schools = mentor.paired_at_home ? [ids.otherSchool] : [ids.homeSchool, ids.otherSchool];

  for (const [n, schoolId] of schools.entries()) {
    // A student of 13–17 with consent, in no working pair yet.
    const mentee = await db
      .selectFrom('mentees')
      .select('id')
      .where('organization_id', '=', schoolId)
      .where('category', '=', 'student')
      .where('consent_date', 'is not', null)
      .where('archived_at', 'is', null)
      .where('erased_at', 'is', null)
      .where('status', '<>', 'left')
      .where('birth_date', '<=', yearsBefore(today, 13))
      .where('birth_date', '>', yearsBefore(today, 17))
      .where(
        sql<boolean>`not exists (select 1 from pair_mentees pe join pairs on pairs.id = pe.pair_id
          where pe.mentee_id = mentees.id and pairs.status in ('forming', 'active'))`,
      )
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (!mentee) throw new Error(`demo seed: no free student for the shared mentor in school ${schoolId}`);
    const programme =
      (await db
        .selectFrom('programmes')
        .select('id')
        .where('organization_id', '=', schoolId)
        .where('form', '=', 'employer_student')
        .where('archived_at', 'is', null)
        .orderBy('id')
        .executeTakeFirst()) ??
      (await db
        .insertInto('programmes')
        .values({
          organization_id: schoolId,
          form: 'employer_student',
          title: PROGRAMME.title,
          target_group: PROGRAMME.target,
          goals: PROGRAMME.goals,
          expected_results: PROGRAMME.results,
          duration: '1 учебный год',
        })
        .returning('id')
        .executeTakeFirstOrThrow());
    const order =
      (await db
        .selectFrom('pair_orders')
        .select('id')
        .where('organization_id', '=', schoolId)
        .where('order_date', '>=', addDays(yearStart, -30))
        .orderBy('order_date', 'desc')
        .executeTakeFirst()) ??
      (await db
        .insertInto('pair_orders')
        .values({
          organization_id: schoolId,
          number: `${112 + n}-о`,
          order_date: addDays(start, -2),
          created_by: curators.get(schoolId) ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow());
    const pair = await db
      .insertInto('pairs')
      .values({
        organization_id: schoolId,
        programme_id: programme.id,
        form: 'employer_student',
        kind: 'traditional',
        role_model: 'лидер – пассивный',
        planned_start: start,
        planned_end: addDays(yearStart, 272),
        status: 'active',
        stage: 'implementation',
        goals: 'Проект профессиональной пробы на предприятии: от идеи до результата; выбор профиля обучения.',
        order_id: order.id,
        activated_at: new Date(`${start}T09:00:00Z`),
        created_by: curators.get(schoolId) ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('pair_mentors').values({ pair_id: pair.id, mentor_id: mentor.id }).execute();
    await db.insertInto('pair_mentees').values({ pair_id: pair.id, mentee_id: mentee.id }).execute();
    await db.updateTable('mentees').set({ status: 'active' }).where('id', '=', mentee.id).execute();
    const meetings = [
      { type: 'introduction' as const, on: addDays(start, 3), topic: 'Знакомство, экскурсия на предприятие' },
      { type: 'planning' as const, on: addDays(start, 14), topic: 'План проекта профессиональной пробы' },
      { type: 'joint_work' as const, on: addDays(start, 35 + n * 4), topic: 'Профессиональная проба: работа над проектом' },
    ].filter((m) => m.on <= today);
    for (const m of meetings) {
      await db
        .insertInto('meetings')
        .values({
          pair_id: pair.id,
          type: m.type,
          held_on: m.on,
          duration_minutes: m.type === 'joint_work' ? 90 : 45,
          format: 'in_person',
          topic: m.topic,
          summary: 'Встреча прошла по плану.',
          mentor_feedback: m.type === 'joint_work' ? 'Работает увлечённо, задание выполнено аккуратно.' : null,
          created_by: null,
          created_at: new Date(`${m.on}T15:00:00Z`),
        })
        .execute();
    }
  }
}
