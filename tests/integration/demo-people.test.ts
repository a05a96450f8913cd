import { type Kysely, sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MUNICIPALITY, DEMO_SCHOOL, seedDemo } from '../../seeds/demo.js';
import { DEMO_COMPETENCIES, DEMO_REQUESTS, patronymic, seedDemoPeople, surnameFor } from '../../seeds/people.js';
import type { Database, Mentee, Mentor } from '../../src/db/types.js';
import { MENTEE_CATEGORIES, MENTOR_CATEGORIES, type MentoringForm } from '../../src/modules/people/labels.js';
import { ageGroup, ageOn, normalizeClass, teachingYears, todayIso } from '../../src/modules/people/rules.js';
import { menteeForm, mentorForm, mentorOriginRule } from '../../src/modules/people/schemas.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo bases (seeds/people.ts) as seedDemo creates them: sizes, variety and the rules of the forms. */

let handle: TestDatabase;
let today: string;
let mentors: Array<Mentor & { school: string }>;
let mentees: Array<Mentee & { school: string }>;
let orgType: Map<number, string>;

async function loadBases(db: Kysely<Database> | Transaction<Database>) {
  const m = await db
    .selectFrom('mentors')
    .innerJoin('organizations as o', 'o.id', 'mentors.organization_id')
    .selectAll('mentors')
    .select('o.short_name as school')
    .orderBy('mentors.id')
    .execute();
  const e = await db
    .selectFrom('mentees')
    .innerJoin('organizations as o', 'o.id', 'mentees.organization_id')
    .selectAll('mentees')
    .select('o.short_name as school')
    .orderBy('mentees.id')
    .execute();
  return { mentors: m, mentees: e };
}

beforeAll(async () => {
  // The demo as seedDemo creates it on a fresh database (the run's template, seeded once).
  handle = await createTestDatabase({ demo: true });
  today = todayIso();
  ({ mentors, mentees } = await loadBases(handle.db));
  const orgs = await handle.db.selectFrom('organizations').select(['id', 'type']).execute();
  orgType = new Map(orgs.map((o) => [o.id, o.type]));
});

afterAll(async () => {
  await handle?.drop();
});

const fullName = (p: { last_name: string; first_name: string; middle_name: string | null }) =>
  `${p.last_name} ${p.first_name} ${p.middle_name ?? ''}`.trim();

describe('demo names', () => {
  it('derives patronymics and female surnames the Russian way', () => {
    expect([patronymic('Илья', 'm'), patronymic('Илья', 'f')]).toEqual(['Ильич', 'Ильинична']);
    expect([patronymic('Никита', 'm'), patronymic('Никита', 'f')]).toEqual(['Никитич', 'Никитична']);
    expect([patronymic('Сергей', 'm'), patronymic('Николай', 'f')]).toEqual(['Сергеевич', 'Николаевна']);
    expect([patronymic('Георгий', 'm'), patronymic('Валерий', 'f'), patronymic('Дмитрий', 'f')]).toEqual([
      'Георгиевич',
      'Валерьевна',
      'Дмитриевна',
    ]);
    expect([patronymic('Игорь', 'f'), patronymic('Лев', 'm'), patronymic('Пётр', 'f'), patronymic('Павел', 'm')]).toEqual([
      'Игоревна',
      'Львович',
      'Петровна',
      'Павлович',
    ]);
    expect([patronymic('Иван', 'm'), patronymic('Фёдор', 'f'), patronymic('Артём', 'm')]).toEqual([
      'Иванович',
      'Фёдоровна',
      'Артёмович',
    ]);
    expect(
      ['Иванов', 'Соловьёв', 'Ильин', 'Наговицын', 'Островский', 'Луговской', 'Черных', 'Коваленко', 'Шевчук'].map((s) =>
        surnameFor(s, 'f'),
      ),
    ).toEqual(['Иванова', 'Соловьёва', 'Ильина', 'Наговицына', 'Островская', 'Луговская', 'Черных', 'Коваленко', 'Шевчук']);
  });

  it('the district lists hold 10–14 tags each', async () => {
    expect(DEMO_COMPETENCIES.length).toBeGreaterThanOrEqual(10);
    expect(DEMO_COMPETENCIES.length).toBeLessThanOrEqual(14);
    expect(DEMO_REQUESTS.length).toBeGreaterThanOrEqual(10);
    expect(DEMO_REQUESTS.length).toBeLessThanOrEqual(14);
    const municipality = await handle.db
      .selectFrom('organizations')
      .select('id')
      .where('short_name', '=', DEMO_MUNICIPALITY)
      .executeTakeFirstOrThrow();
    const tags = await handle.db
      .selectFrom('tags')
      .select(['kind', 'name'])
      .where('municipality_id', '=', municipality.id)
      .execute();
    expect(
      tags
        .filter((t) => t.kind === 'competency')
        .map((t) => t.name)
        .sort(),
    ).toEqual([...DEMO_COMPETENCIES].sort());
    expect(
      tags
        .filter((t) => t.kind === 'request')
        .map((t) => t.name)
        .sort(),
    ).toEqual([...DEMO_REQUESTS].sort());
  });
});

describe('demo bases of mentors and mentees', () => {
  it('gives each of the 8 schools 10–40 mentors and 20–120 mentees', async () => {
    const schools = await handle.db.selectFrom('organizations').select('short_name').where('type', '=', 'school').execute();
    expect(schools).toHaveLength(8);
    for (const { short_name } of schools) {
      const m = mentors.filter((p) => p.school === short_name).length;
      const e = mentees.filter((p) => p.school === short_name).length;
      expect(m, short_name).toBeGreaterThanOrEqual(10);
      expect(m, short_name).toBeLessThanOrEqual(40);
      expect(e, short_name).toBeGreaterThanOrEqual(20);
      expect(e, short_name).toBeLessThanOrEqual(120);
    }
  });

  it('has every category of mentor and mentee', () => {
    expect(new Set(mentors.map((p) => p.category))).toEqual(new Set(MENTOR_CATEGORIES));
    expect(new Set(mentees.map((p) => p.category))).toEqual(new Set(MENTEE_CATEGORIES));
  });

  it('keeps student mentors 15–19 and student mentees 10 and older, in a class that fits the age', () => {
    const studentMentors = mentors.filter((p) => p.category === 'student');
    expect(studentMentors.length).toBeGreaterThan(0);
    for (const p of studentMentors) {
      const age = ageOn(p.birth_date!, today);
      expect(age, fullName(p)).toBeGreaterThanOrEqual(15);
      expect(age, fullName(p)).toBeLessThanOrEqual(19);
      const grade = Number(/^(\d+)/.exec(p.position ?? '')?.[1]);
      expect(grade, fullName(p)).toBeGreaterThanOrEqual(9);
      expect(grade, fullName(p)).toBeLessThanOrEqual(11);
    }
    const studentMentees = mentees.filter((p) => p.category === 'student');
    for (const p of studentMentees) {
      const age = ageOn(p.birth_date!, today);
      expect(age, fullName(p)).toBeGreaterThanOrEqual(10);
      expect(age, fullName(p)).toBeLessThanOrEqual(17);
      expect(normalizeClass(p.class_name ?? ''), fullName(p)).toBe(p.class_name);
      const grade = Number(/^(\d+)/.exec(p.class_name ?? '')?.[1]);
      expect(age - grade, `${fullName(p)}, ${p.class_name}`).toBeGreaterThanOrEqual(5);
      expect(age - grade, `${fullName(p)}, ${p.class_name}`).toBeLessThanOrEqual(6);
    }
  });

  it('has a parent sign for every minor with consent: the child’s surname, the father’s name in the patronymic', () => {
    const minors = mentees.filter((p) => p.birth_date && ageOn(p.birth_date, today) < 18 && p.consent_date);
    expect(minors.length).toBeGreaterThan(50);
    for (const p of minors) {
      expect(p.consent_by, fullName(p)).toBeTruthy();
      const [surname = '', first = '', middle = ''] = (p.consent_by ?? '').split(' ');
      expect(surname.slice(0, 4), p.consent_by!).toBe(p.last_name.slice(0, 4));
      if (/ич$/.test(middle)) {
        expect(surname).toBe(surnameFor(surname, 'm'));
        expect(patronymic(first, /вна|чна$/.test(p.middle_name ?? '') ? 'f' : 'm'), `${fullName(p)} / ${p.consent_by}`).toBe(
          p.middle_name,
        );
      }
    }
    // Adults sign themselves.
    for (const p of mentees.filter((m) => m.category !== 'student')) expect(p.consent_by).toBeNull();
  });

  it('has some people without consent, some who left and some archived', () => {
    for (const people of [mentors, mentees] as Array<Array<Mentor | Mentee>>) {
      const withConsent = people.filter((p) => p.consent_date).length / people.length;
      expect(withConsent).toBeGreaterThan(0.7);
      expect(withConsent).toBeLessThan(0.9);
      const left = people.filter((p) => p.status === 'left').length / people.length;
      expect(left).toBeGreaterThan(0.05);
      expect(left).toBeLessThan(0.25);
      const archived = people.filter((p) => p.archived_at).length / people.length;
      expect(archived).toBeGreaterThan(0.01);
      expect(archived).toBeLessThan(0.12);
      expect(people.some((p) => p.status === 'active')).toBe(true);
      expect(people.some((p) => p.status === 'potential')).toBe(true);
      // Only people who signed consent work in pairs.
      expect(people.filter((p) => p.status === 'active' && !p.consent_date)).toEqual([]);
      for (const p of people) {
        if (p.consent_date) {
          expect(
            p.consent_date <= today && p.consent_date > `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`,
            fullName(p),
          ).toBe(true);
          expect(p.consent_number).toMatch(/^С-\d{4}$/);
        } else {
          expect(p.consent_number).toBeNull();
        }
        expect(p.archived_at === null || p.archived_at.getTime() <= Date.now()).toBe(true);
      }
    }
  });

  it('uses many realistic names, each person once', () => {
    const surnames = new Set([...mentors, ...mentees].map((p) => p.last_name));
    expect(surnames.size).toBeGreaterThan(100);
    const names = [...mentors, ...mentees].map(fullName);
    expect(new Set(names).size).toBe(names.length);
    for (const p of [...mentors, ...mentees]) {
      const female = /(вна|чна)$/.test(p.middle_name ?? '');
      // A woman's surname is the female form of some male surname (or an invariable one).
      if (female && /(ов|ев|ёв|ин|ын|ий|ой)$/.test(p.last_name)) throw new Error(`male surname for a woman: ${fullName(p)}`);
      if (!female && /(ова|ева|ёва|ина|ына|ая)$/.test(p.last_name)) throw new Error(`female surname for a man: ${fullName(p)}`);
    }
  });

  it('gives contacts to adults only and counts the age group from the birth date', () => {
    for (const p of [...mentors, ...mentees]) {
      if (p.phone || p.email) expect(p.birth_date === null || ageOn(p.birth_date, today) >= 18, fullName(p)).toBe(true);
      if (p.category === 'student') expect([p.phone, p.email]).toEqual([null, null]);
      expect(p.age_group).toBe(ageGroup(p.birth_date, today));
      if (p.phone) expect(p.phone).toMatch(/^\+7 \(9\d\d\) \d{3}-\d\d-\d\d$/);
      if (p.email) expect(p.email).toMatch(/^[a-z0-9.]+@([a-z]+\.)?example\.ru$/);
    }
  });

  it('matches the forms of mentoring, the origin and the capacity to the category of a mentor', () => {
    const allowed: Record<Mentor['category'], MentoringForm[]> = {
      student: ['student_student'],
      partner_employee: ['employer_student', 'employer_trainee'],
      teacher: ['teacher_student', 'teacher_teacher'],
      school_head: ['head_teacher'],
      university_student: ['college_student'],
      graduate: ['college_student', 'employer_student'],
    };
    for (const p of mentors) {
      expect(p.forms.length, fullName(p)).toBeGreaterThan(0);
      for (const form of p.forms) expect(allowed[p.category], `${fullName(p)}: ${form}`).toContain(form);
      expect(p.capacity).toBeGreaterThanOrEqual(1);
      expect(p.capacity).toBeLessThanOrEqual(5);
      const origin = p.origin_organization_id === null ? null : orgType.get(p.origin_organization_id);
      expect(mentorOriginRule(p.category, origin === 'partner' ? 'partner' : 'school'), fullName(p)).toBeNull();
      if (origin !== 'partner') expect(p.origin_organization_id).toBe(p.organization_id);
    }
    expect(
      mentors.filter((p) => p.category === 'partner_employee').every((p) => orgType.get(p.origin_organization_id!) === 'partner'),
    ).toBe(true);
    expect(mentors.some((p) => p.category === 'teacher' && p.qualification)).toBe(true);
    expect(mentors.some((p) => p.category === 'teacher' && !p.qualification)).toBe(true);
  });

  it('gives mentors some past trainings of 16–72 hours, 1–4 competencies each and mentees 1–3 requests', async () => {
    // The hand-typed ones (the events' attendance writes the others: seeds/events.ts).
    const trainings = await handle.db.selectFrom('mentor_trainings').selectAll().where('event_id', 'is', null).execute();
    expect(trainings.length).toBeGreaterThan(20);
    for (const t of trainings) {
      expect(t.hours).toBeGreaterThanOrEqual(16);
      expect(t.hours).toBeLessThanOrEqual(72);
      expect(t.completed_on! < today).toBe(true);
    }
    const perMentor = await sql<{
      n: number;
    }>`select count(t.tag_id)::int as n from mentors m left join mentor_tags t on t.mentor_id = m.id group by m.id`.execute(
      handle.db,
    );
    expect(Math.min(...perMentor.rows.map((r) => r.n))).toBeGreaterThanOrEqual(1);
    expect(Math.max(...perMentor.rows.map((r) => r.n))).toBeLessThanOrEqual(4);
    const perMentee = await sql<{
      n: number;
    }>`select count(t.tag_id)::int as n from mentees m left join mentee_tags t on t.mentee_id = m.id group by m.id`.execute(
      handle.db,
    );
    expect(Math.min(...perMentee.rows.map((r) => r.n))).toBeGreaterThanOrEqual(1);
    expect(Math.max(...perMentee.rows.map((r) => r.n))).toBeLessThanOrEqual(3);
  });

  it('puts the demo accounts’ mentor and mentee into the demo school', () => {
    const mentor = mentors.find((p) => fullName(p) === 'Павлова Наталья Игоревна');
    expect(mentor).toMatchObject({ school: DEMO_SCHOOL, category: 'teacher', position: 'учитель математики', status: 'active' });
    expect(mentor?.consent_date).toBeTruthy();
    const mentee = mentees.find((p) => fullName(p) === 'Белов Кирилл Андреевич');
    expect(mentee).toMatchObject({
      school: DEMO_SCHOOL,
      category: 'young_specialist',
      position: 'учитель информатики',
      status: 'active',
    });
    expect(mentee?.consent_date).toBeTruthy();
    expect(teachingYears(mentee!.teaching_since!, today)).toBe(1);
    expect(
      ageOn(mentee!.teaching_since!, today) === 1 &&
        mentee!.teaching_since!.slice(5) === today.slice(5).replace('02-29', '02-28'),
    ).toBe(true);
  });

  it('passes every generated mentor and mentee through the real forms', async () => {
    const mentorTags = await handle.db.selectFrom('mentor_tags').selectAll().execute();
    const menteeTags = await handle.db.selectFrom('mentee_tags').selectAll().execute();
    const trainings = await handle.db
      .selectFrom('mentor_trainings')
      .selectAll()
      .where('event_id', 'is', null)
      .orderBy('id')
      .execute();
    const failures: string[] = [];
    const text = (v: string | number | null) => (v === null ? '' : String(v));

    const mentorSchema = mentorForm(today);
    for (const p of mentors) {
      const own = trainings.filter((t) => t.mentor_id === p.id);
      const parsed = mentorSchema.safeParse({
        last_name: p.last_name,
        first_name: p.first_name,
        middle_name: text(p.middle_name),
        category: p.category,
        origin_organization_id: text(p.origin_organization_id),
        position: text(p.position),
        birth_date: text(p.birth_date),
        phone: text(p.phone),
        email: text(p.email),
        tag_ids: mentorTags.filter((t) => t.mentor_id === p.id).map((t) => String(t.tag_id)),
        competencies_note: text(p.competencies_note),
        forms: p.forms,
        capacity: String(p.capacity),
        qualification: text(p.qualification),
        training_course: own.map((t) => t.course),
        training_date: own.map((t) => text(t.completed_on)),
        training_hours: own.map((t) => text(t.hours)),
        consent_date: text(p.consent_date),
        consent_number: text(p.consent_number),
        consent_by: text(p.consent_by),
        status: p.status,
      });
      if (!parsed.success) failures.push(`mentor ${fullName(p)}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      else expect(parsed.data.trainings).toHaveLength(own.length);
    }

    const menteeSchema = menteeForm(today);
    for (const p of mentees) {
      const parsed = menteeSchema.safeParse({
        last_name: p.last_name,
        first_name: p.first_name,
        middle_name: text(p.middle_name),
        category: p.category,
        class_name: text(p.class_name),
        position: text(p.position),
        birth_date: text(p.birth_date),
        teaching_since: text(p.teaching_since),
        phone: text(p.phone),
        email: text(p.email),
        tag_ids: menteeTags.filter((t) => t.mentee_id === p.id).map((t) => String(t.tag_id)),
        requests_note: text(p.requests_note),
        consent_date: text(p.consent_date),
        consent_by: text(p.consent_by),
        consent_number: text(p.consent_number),
        status: p.status,
      });
      if (!parsed.success) failures.push(`mentee ${fullName(p)}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      else expect(parsed.data.class_name).toBe(p.class_name);
    }
    expect(failures).toEqual([]);
    expect(mentors.length).toBeGreaterThanOrEqual(50);
    expect(mentees.length).toBeGreaterThanOrEqual(50);
  });

  it('is the same every time (seeded again for the same day, then rolled back)', async () => {
    const ids = async (type: 'school' | 'partner') =>
      (await handle.db.selectFrom('organizations').select('id').where('type', '=', type).orderBy('id').execute()).map(
        (o) => o.id,
      );
    const municipality = await handle.db
      .selectFrom('organizations')
      .select('id')
      .where('short_name', '=', DEMO_MUNICIPALITY)
      .executeTakeFirstOrThrow();
    const [schoolIds, partnerIds] = [await ids('school'), await ids('partner')];
    // The account links are made later, by the pairs seed (seeds/pairs.ts), and so is the status of
    // the people in active pairs («активный»); the shared mentor's opening and capacity by seeds/shared-mentors.ts.
    const strip = (rows: Array<Record<string, unknown>>) =>
      rows.map(
        ({ id: _id, user_id: _user, status: _status, shared_at: _at, shared_by: _by, capacity: _capacity, ...rest }) => rest,
      );
    const rollback = new Error('rollback');
    const done = handle.db.transaction().execute(async (trx) => {
      const tables = [
        'event_registrations',
        'awards',
        'best_mentors',
        'award_nominations',
        'meeting_feedback',
        'meetings',
        'pair_tasks',
        'pair_mentees',
        'pair_mentors',
        'pairs',
        'mentor_tags',
        'mentee_tags',
        'mentor_trainings',
        'mentors',
        'mentees',
        'tags',
      ] as const;
      for (const table of tables) await trx.deleteFrom(table).execute();
      await seedDemoPeople(trx, municipality.id, schoolIds, partnerIds, today);
      const again = await loadBases(trx);
      expect(strip(again.mentors)).toEqual(strip(mentors));
      expect(strip(again.mentees)).toEqual(strip(mentees));
      throw rollback;
    });
    await expect(done).rejects.toBe(rollback);
    expect(await handle.db.selectFrom('mentors').select('id').execute()).toHaveLength(mentors.length);
  });

  it('changes nothing when seeded again', async () => {
    expect(await seedDemo(handle.db)).toBe(false);
    const again = await loadBases(handle.db);
    expect(again.mentors).toHaveLength(mentors.length);
    expect(again.mentees).toHaveLength(mentees.length);
    const tags = await handle.db.selectFrom('tags').select('id').execute();
    expect(tags).toHaveLength(DEMO_COMPETENCIES.length + DEMO_REQUESTS.length);
  });
});
