import type { Kysely } from 'kysely';
import type { Database, MeetingType, PairStatus } from '../../src/db/types.js';
import { todayIso } from '../../src/lib/dates.js';
import type { World } from './world.js';

/**
 * Pairs built straight in the tables (the pair-forming service has rules of its own that these
 * tests are not about): in the first school of municipality A or B, a programme and a pair of
 * the world's mentor with two mentees: the world's teacher-mentee and a student without an account.
 */
export interface PairFixture {
  id: number;
  programmeId: number;
  mentorId: number;
  /** The world's mentee record (a new teacher), linked to the mentee account when asked. */
  teacherMenteeId: number;
  /** A student mentee without an account, with a phone and birth date in the bases. */
  studentId: number;
  meetings: number[];
}

export const STUDENT_PHONE = '+7 (900) 123-45-67';
export const STUDENT_BIRTH_DATE = '2011-04-17';

/** 'YYYY-MM-DD' `days` before today (Moscow). */
export function daysAgo(days: number): string {
  const d = new Date(`${todayIso()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export interface PairOptions {
  status?: PairStatus;
  /** Link the world's mentor/mentee records to the `mentor`/`mentee` accounts of the municipality (default true). */
  linkAccounts?: boolean;
  plannedStart?: string;
  meetings?: Array<{ type: MeetingType; daysAgo: number }>;
  /** Tasks of the individual route, with due dates `daysAgo` in the past (negative: in the future). */
  tasks?: Array<{ title: string; dueDaysAgo: number; done?: boolean }>;
  studentLastName?: string;
}

export async function addPair(
  db: Kysely<Database>,
  world: World,
  which: 'a' | 'b',
  options: PairOptions = {},
): Promise<PairFixture> {
  const school = which === 'a' ? world.a.school : world.b.school;
  const suffix = which === 'a' ? '' : '.b';
  const mentorId = which === 'a' ? world.people.mentorA : world.people.mentorB;
  const teacherMenteeId = which === 'a' ? world.people.menteeA : world.people.menteeB;
  if (options.linkAccounts ?? true) {
    await db
      .updateTable('mentors')
      .set({ user_id: world.users[`mentor${suffix}`]! })
      .where('id', '=', mentorId)
      .execute();
    await db
      .updateTable('mentees')
      .set({ user_id: world.users[`mentee${suffix}`]! })
      .where('id', '=', teacherMenteeId)
      .execute();
  }
  const student = await db
    .insertInto('mentees')
    .values({
      organization_id: school,
      last_name: options.studentLastName ?? (which === 'a' ? 'Ученикова' : 'Ученикова-Б'),
      first_name: 'Алиса',
      category: 'student',
      class_name: '7Б',
      birth_date: STUDENT_BIRTH_DATE,
      phone: STUDENT_PHONE,
      consent_date: daysAgo(100),
      consent_by: 'Ученикова Ольга Петровна',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const programme = await db
    .insertInto('programmes')
    .values({ organization_id: school, title: `Программа наставничества ${which.toUpperCase()}`, form: 'teacher_teacher' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const pair = await db
    .insertInto('pairs')
    .values({
      organization_id: school,
      programme_id: programme.id,
      form: 'teacher_teacher',
      kind: 'group',
      planned_start: options.plannedStart ?? daysAgo(60),
      planned_end: daysAgo(-300),
      status: options.status ?? 'active',
      stage: 'implementation',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('pair_mentors').values({ pair_id: pair.id, mentor_id: mentorId }).execute();
  await db
    .insertInto('pair_mentees')
    .values([
      { pair_id: pair.id, mentee_id: teacherMenteeId },
      { pair_id: pair.id, mentee_id: student.id },
    ])
    .execute();
  const meetings: number[] = [];
  for (const m of options.meetings ?? []) {
    const row = await db
      .insertInto('meetings')
      .values({
        pair_id: pair.id,
        type: m.type,
        held_on: daysAgo(m.daysAgo),
        duration_minutes: 45,
        format: 'in_person',
        topic: `Тема: ${m.type}`,
        summary: 'Обсудили план',
        mentor_feedback: m.type === 'joint_work' ? 'Хорошо справился' : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    meetings.push(row.id);
  }
  let position = 0;
  for (const t of options.tasks ?? []) {
    position += 1;
    await db
      .insertInto('pair_tasks')
      .values({ pair_id: pair.id, title: t.title, due_on: daysAgo(t.dueDaysAgo), done_on: t.done ? daysAgo(0) : null, position })
      .execute();
  }
  return { id: pair.id, programmeId: programme.id, mentorId, teacherMenteeId, studentId: student.id, meetings };
}

/**
 * Pairs in the demo municipality for the browser tests. The demo seed has no pairs yet, and the
 * tests are about meetings: the demo seed's pairs of the demo mentor (Павлова Наталья Игоревна),
 * one with students of the demo school who have no account, one with the demo teacher-mentee
 * (Белов Кирилл Андреевич), both active, at the «реализационный» stage.
 */
export interface DemoPairs {
  /** The demo mentor with a student: the one the browser tests log meetings in. */
  studentPair: number;
  teacherPair: number;
  studentId: number;
  studentName: string;
  curatorId: number;
}

export async function findDemoPairs(db: Kysely<Database>, schoolName: string): Promise<DemoPairs> {
  // The demo seed (seeds/pairs.ts) forms them: find the demo mentor's active pairs in the school.
  const school = await db.selectFrom('organizations').select('id').where('short_name', '=', schoolName).executeTakeFirstOrThrow();
  const user = (login: string) => db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow();
  const [mentorUser, menteeUser, curator] = [await user('mentor'), await user('mentee'), await user('curator')];
  const active = db
    .selectFrom('pairs')
    .innerJoin('pair_mentors', 'pair_mentors.pair_id', 'pairs.id')
    .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
    .innerJoin('pair_mentees', 'pair_mentees.pair_id', 'pairs.id')
    .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
    .where('pairs.organization_id', '=', school.id)
    .where('pairs.status', '=', 'active')
    .where('mentors.user_id', '=', mentorUser.id);
  const student = await active
    .select(['pairs.id as pair_id', 'mentees.id', 'mentees.last_name', 'mentees.first_name', 'mentees.middle_name'])
    .where('mentees.category', '=', 'student')
    .where('mentees.user_id', 'is', null)
    .orderBy('pairs.id')
    .orderBy('mentees.id')
    .executeTakeFirstOrThrow();
  const teacher = await active
    .select('pairs.id as pair_id')
    .where('mentees.user_id', '=', menteeUser.id)
    .executeTakeFirstOrThrow();
  return {
    studentPair: student.pair_id,
    teacherPair: teacher.pair_id,
    studentId: student.id,
    studentName: [student.last_name, student.first_name, student.middle_name].filter(Boolean).join(' '),
    curatorId: curator.id,
  };
}
