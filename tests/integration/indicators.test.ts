import { gunzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/types.js';
import { computeYears, refreshMunicipality } from '../../src/modules/indicators/compute.js';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import { signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

/**
 * Every indicator counted from the data, on hand-made data with known answers. Years are fixed
 * (2024, 2025): ages are taken on 1 January of the year, a pair counts in the years it was active.
 */

type Db = Kysely<Database>;
let codes: Map<string, number>;

async function mentee(
  db: Db,
  school: number,
  last: string,
  fields: Partial<{
    category: 'student' | 'young_specialist' | 'new_teacher';
    birth_date: string | null;
    teaching_since: string | null;
  }> = {},
) {
  const row = await db
    .insertInto('mentees')
    .values({
      organization_id: school,
      last_name: last,
      first_name: 'Тест',
      category: fields.category ?? 'student',
      birth_date: fields.birth_date ?? null,
      teaching_since: fields.teaching_since ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function mentor(
  db: Db,
  school: number,
  last: string,
  fields: Partial<{
    category: 'teacher' | 'student' | 'partner_employee';
    birth_date: string | null;
    origin: number | null;
  }> = {},
) {
  const row = await db
    .insertInto('mentors')
    .values({
      organization_id: school,
      last_name: last,
      first_name: 'Тест',
      category: fields.category ?? 'teacher',
      birth_date: fields.birth_date ?? null,
      origin_organization_id: fields.origin ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

interface PairSpec {
  school: number;
  mentors: number[];
  mentees: number[];
  activated?: string | null;
  completed?: string | null;
  terminated?: string | null;
}

async function pair(db: Db, spec: PairSpec): Promise<number> {
  const programme = await db
    .insertInto('programmes')
    .values({ organization_id: spec.school, title: 'Программа', form: 'teacher_student' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const status = spec.activated === null ? 'forming' : spec.terminated ? 'terminated' : spec.completed ? 'completed' : 'active';
  const row = await db
    .insertInto('pairs')
    .values({
      organization_id: spec.school,
      programme_id: programme.id,
      form: 'teacher_student',
      kind: 'traditional',
      planned_start: spec.activated ?? '2024-02-01',
      planned_end: '2026-12-31',
      status,
      activated_at: spec.activated === null ? null : new Date(`${spec.activated ?? '2024-02-01'}T09:00:00Z`),
      completed_on: spec.completed ?? null,
      terminated_on: spec.terminated ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const m of spec.mentors) await db.insertInto('pair_mentors').values({ pair_id: row.id, mentor_id: m }).execute();
  for (const m of spec.mentees) await db.insertInto('pair_mentees').values({ pair_id: row.id, mentee_id: m }).execute();
  return row.id;
}

async function contingent(db: Db, org: number, year: number, kind: string, value: number) {
  await db.insertInto('contingents').values({ organization_id: org, year, kind, value }).execute();
}

async function computed(code: string, org: number, year: number) {
  const all = await computeYears(t.database.db, t.world.a.id, [year]);
  const found = all.find((v) => v.indicatorId === codes.get(code) && v.organizationId === org);
  return found ? { numerator: found.numerator, denominator: found.denominator, value: found.value } : undefined;
}

beforeEach(async () => {
  codes = await installCatalogue(t.database.db, t.world.a.id, [t.world.a.school]);
});

describe('students aged 10-19 who are mentees (М1)', () => {
  it('counts each student once, by age on 1 January, in the years the pair ran', async () => {
    const db = t.database.db;
    const { school, otherSchool } = t.world.a;
    const teacher = await mentor(db, school, 'Учителева');
    // Turned 20 on 1 June 2024: 19 on 1 January 2024, 20 on 1 January 2025.
    const turned20 = await mentee(db, school, 'Двадцатилетов', { birth_date: '2004-06-01' });
    // 8 on 1 January 2024: too young that year.
    const young = await mentee(db, school, 'Малышев', { birth_date: '2015-03-01' });
    // In a pair stopped early in March 2024: counts in 2024 only.
    const stopped = await mentee(db, otherSchool, 'Досрочный', { birth_date: '2012-05-05' });
    // In a pair never activated: never counts.
    const forming = await mentee(db, school, 'Формируемый', { birth_date: '2012-05-05' });
    // A student with no birth date cannot be placed in an age group.
    const unknownAge = await mentee(db, school, 'Безданных', { birth_date: null });
    const youngTeacher = await mentee(db, school, 'Молодой', {
      category: 'young_specialist',
      birth_date: '1999-01-01',
      teaching_since: '2022-09-01',
    });
    await pair(db, { school, mentors: [teacher], mentees: [turned20, young, unknownAge, youngTeacher] });
    // The same student in a second pair is still one person.
    await pair(db, { school, mentors: [teacher], mentees: [turned20] });
    const otherTeacher = await mentor(db, otherSchool, 'Другая');
    await pair(db, {
      school: otherSchool,
      mentors: [otherTeacher],
      mentees: [stopped],
      activated: '2024-02-01',
      terminated: '2024-03-15',
    });
    await pair(db, { school, mentors: [teacher], mentees: [forming], activated: null });
    await contingent(db, t.world.a.id, 2024, 'children_10_19', 40);
    await contingent(db, school, 2024, 'children_10_19', 10);

    expect(await computed('М1', t.world.a.id, 2024)).toEqual({ numerator: 2, denominator: 40, value: 5 });
    expect(await computed('М1', school, 2024)).toEqual({ numerator: 1, denominator: 10, value: 10 });
    // The other school has a numerator but no contingent: no share, not 0 %.
    expect(await computed('М1', otherSchool, 2024)).toEqual({ numerator: 1, denominator: null, value: null });
    // 2025: the 20-year-old and the stopped pair are out; the youngest is 9; no contingent either.
    expect(await computed('М1', t.world.a.id, 2025)).toEqual({ numerator: 0, denominator: null, value: null });
    // 2026: the youngest is 10 now and the pair still runs.
    await contingent(db, t.world.a.id, 2026, 'children_10_19', 50);
    expect(await computed('М1', t.world.a.id, 2026)).toEqual({ numerator: 1, denominator: 50, value: 2 });

    // The list behind the numerator names exactly the people counted, by the same rule.
    const department = await signedIn(t.app, 'department', PASSWORD);
    const listed = async (org: number, year: number) => {
      const text = textOf(
        (await department.get(`/dashboard/indicators/${codes.get('М1')}/organizations/${org}?year=${year}`)).body,
      );
      return ['Двадцатилетов', 'Малышев', 'Досрочный', 'Формируемый', 'Безданных', 'Молодой'].filter((name) =>
        text.includes(name),
      );
    };
    expect(await listed(t.world.a.id, 2024)).toEqual(['Двадцатилетов', 'Досрочный']);
    expect(await listed(school, 2024)).toEqual(['Двадцатилетов']);
    expect(await listed(t.world.a.id, 2025)).toEqual([]);
    expect(await listed(t.world.a.id, 2026)).toEqual(['Малышев']);
  });

  it('a zero contingent is no data, never a division error', async () => {
    await contingent(t.database.db, t.world.a.id, 2024, 'children_10_19', 0);
    expect(await computed('М1', t.world.a.id, 2024)).toEqual({ numerator: 0, denominator: 0, value: null });
  });
});

describe('student mentors aged 15-19 (М2), young specialists (М3, Ш1), partners (М4)', () => {
  it('counts student mentors 15-19 only', async () => {
    const db = t.database.db;
    const { school } = t.world.a;
    const student15 = await mentor(db, school, 'Старшеклассник', { category: 'student', birth_date: '2008-05-01' });
    const student14 = await mentor(db, school, 'Девятиклассник', { category: 'student', birth_date: '2009-05-01' });
    const teacher = await mentor(db, school, 'Педагог', { birth_date: '1980-01-01' });
    const kid = await mentee(db, school, 'Пятиклассник', { birth_date: '2013-01-01' });
    await pair(db, { school, mentors: [student15, student14, teacher], mentees: [kid] });
    await contingent(db, t.world.a.id, 2024, 'children_15_19', 8);
    // 2024: born 2008-05-01 is 15 on 1 January 2024; born 2009 is 14.
    expect(await computed('М2', t.world.a.id, 2024)).toEqual({ numerator: 1, denominator: 8, value: 12.5 });
  });

  it('counts young specialists with 0-3 years of teaching, at the municipality and at the school', async () => {
    const db = t.database.db;
    const { school } = t.world.a;
    const teacher = await mentor(db, school, 'Педагог');
    const fresh = await mentee(db, school, 'Свежий', { category: 'young_specialist', teaching_since: '2023-09-01' });
    const threeYears = await mentee(db, school, 'Трёхлетний', { category: 'new_teacher', teaching_since: '2021-01-10' });
    const veteran = await mentee(db, school, 'Опытный', { category: 'new_teacher', teaching_since: '2015-09-01' });
    const noDate = await mentee(db, school, 'Бездатный', { category: 'young_specialist', teaching_since: null });
    await pair(db, { school, mentors: [teacher], mentees: [fresh, threeYears, veteran, noDate] });
    await contingent(db, school, 2024, 'young_teachers', 4);
    // On 1 January 2024: 0 and 3 full years; 8 years is no young specialist; the category counts without a date.
    expect(await computed('Ш1', school, 2024)).toEqual({ numerator: 3, denominator: 4, value: 75 });
    // On 1 January 2025 the one who started in January 2021 has 3 full years still... and in 2026 four.
    await contingent(db, school, 2026, 'young_teachers', 4);
    expect(await computed('Ш1', school, 2026)).toEqual({ numerator: 2, denominator: 4, value: 50 });
  });

  it('counts a partner that gave mentors to two schools once', async () => {
    const db = t.database.db;
    const { school, otherSchool, partner } = t.world.a;
    const engineer = await mentor(db, school, 'Инженер', { category: 'partner_employee', origin: partner });
    const engineer2 = await mentor(db, otherSchool, 'Технолог', { category: 'partner_employee', origin: partner });
    await pair(db, { school, mentors: [engineer], mentees: [await mentee(db, school, 'А', { birth_date: '2010-01-01' })] });
    await pair(db, {
      school: otherSchool,
      mentors: [engineer2],
      mentees: [await mentee(db, otherSchool, 'Б', { birth_date: '2010-01-01' })],
    });
    await contingent(db, t.world.a.id, 2024, 'enterprises', 4);
    expect(await computed('М4', t.world.a.id, 2024)).toEqual({ numerator: 1, denominator: 4, value: 25 });
    // Its list names the partner once, with both schools it gave mentors to.
    const department = await signedIn(t.app, 'department', PASSWORD);
    const text = textOf(
      (await department.get(`/dashboard/indicators/${codes.get('М4')}/organizations/${t.world.a.id}?year=2024`)).body,
    );
    const names = new Map(
      (
        await db
          .selectFrom('organizations')
          .select(['id', 'short_name'])
          .where('id', 'in', [partner, school, otherSchool])
          .execute()
      ).map((o) => [o.id, o.short_name]),
    );
    const [partnerName, schoolName, otherName] = [names.get(partner), names.get(school), names.get(otherSchool)] as string[];
    expect(text).toContain('Организации в числителе');
    expect(text.split(partnerName as string).length - 1).toBe(1);
    const schools = [schoolName, otherName].sort((a, b) => (a as string).localeCompare(b as string, 'ru')).join(', ');
    expect(text).toContain(`${partnerName} ${schools}`);
    // М4 is a municipality's indicator: nothing per school.
    expect(await computed('М4', school, 2024)).toBeUndefined();
  });
});

describe('satisfaction from surveys (М5, М6) and values entered by hand', () => {
  async function survey(db: Db, audience: 'mentor' | 'mentee', closesOn: string, scores: Array<number | null>, school: number) {
    const template = await db
      .insertInto('survey_templates')
      .values({ municipality_id: t.world.a.id, title: 'Анкета', audience })
      .returning('id')
      .executeTakeFirstOrThrow();
    const s = await db
      .insertInto('surveys')
      .values({
        template_id: template.id,
        municipality_id: t.world.a.id,
        title: 'Мониторинг',
        opens_on: '2024-11-01',
        closes_on: closesOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const satisfaction of scores) {
      await db
        .insertInto('survey_responses')
        .values({
          survey_id: s.id,
          organization_id: school,
          audience,
          is_minor: audience === 'mentee',
          satisfaction,
          via: 'link',
          submitted_on: '2024-11-20',
        })
        .execute();
    }
  }

  it('is the share satisfied (mean 7 or more) — with no pairs in the year, of the respondents — and no data with zero answers', async () => {
    const db = t.database.db;
    const { school, otherSchool } = t.world.a;
    await survey(db, 'mentee', '2024-12-25', [8, 6.5, 9], school);
    await survey(db, 'mentee', '2024-12-25', [7], otherSchool);
    // Answers of a survey closed the next year belong to that year.
    await survey(db, 'mentee', '2025-01-15', [2], school);
    expect(await computed('М5', t.world.a.id, 2024)).toEqual({ numerator: 3, denominator: 4, value: 75 });
    expect(await computed('Ш5', school, 2024)).toEqual({ numerator: 2, denominator: 3, value: 66.7 });
    expect(await computed('М6', t.world.a.id, 2024)).toEqual({ numerator: 0, denominator: 0, value: null });
  });

  it('counts the satisfied among all who took part in the year’s pairs; more answers than participants: among the answers', async () => {
    const db = t.database.db;
    const { school, otherSchool } = t.world.a;
    // School А1: five mentees in pairs active in 2024, three of them answered (two satisfied).
    const teacher = await mentor(db, school, 'Наставникова-2');
    const mentees = [];
    for (const name of ['Первый', 'Второй', 'Третий', 'Четвёртый', 'Пятый']) mentees.push(await mentee(db, school, name));
    await pair(db, { school, mentors: [teacher], mentees });
    await survey(db, 'mentee', '2024-12-25', [8, 6.5, 9], school);
    // School А2: no pair in 2024, but two answers (a survey sent wider than the pairs).
    await survey(db, 'mentee', '2024-12-25', [7, 3], otherSchool);
    expect(await computed('Ш5', school, 2024)).toEqual({ numerator: 2, denominator: 5, value: 40 });
    expect(await computed('Ш5', otherSchool, 2024)).toEqual({ numerator: 1, denominator: 2, value: 50 });
    // The municipality: 5 participants, 5 answers, 3 satisfied.
    expect(await computed('М5', t.world.a.id, 2024)).toEqual({ numerator: 3, denominator: 5, value: 60 });
    // One mentor took part and nobody of them answered: no share, as before.
    expect(await computed('М6', t.world.a.id, 2024)).toEqual({ numerator: 0, denominator: 0, value: null });
  });

  it('takes a value entered by hand as it is', async () => {
    const db = t.database.db;
    await db
      .insertInto('indicator_manual_values')
      .values({
        indicator_id: codes.get('Ш3') as number,
        organization_id: t.world.a.school,
        year: 2024,
        value: 83.3,
        numerator: 5,
        denominator: 6,
        evidence: 'Протокол',
      })
      .execute();
    expect(await computed('Ш3', t.world.a.school, 2024)).toEqual({ numerator: 5, denominator: 6, value: 83.3 });
    expect(await computed('Ш3', t.world.a.otherSchool, 2024)).toBeUndefined();
  });
});

describe('the department dashboard', () => {
  it('shows values against targets with a status in words, «нет данных» for a missing denominator, and follows changes', async () => {
    const db = t.database.db;
    const { school } = t.world.a;
    const teacher = await mentor(db, school, 'Учителева');
    await pair(db, { school, mentors: [teacher], mentees: [await mentee(db, school, 'Ученик', { birth_date: '2012-01-01' })] });
    await contingent(db, t.world.a.id, 2024, 'children_10_19', 4);
    const department = await signedIn(t.app, 'department', PASSWORD);
    let text = textOf((await department.get('/dashboard?year=2024')).body);
    // М1: 1 of 4 = 25 % against the regulation's 70 for 2024.
    expect(text).toMatch(/М1 Доля детей в возрасте от 10 до 19 лет[\s\S]*?25 %\s+70 %\s+✗ не достигнут/);
    // М2 has no contingent: no data, never 0 %.
    expect(text).toMatch(/М2 Доля детей и подростков[\s\S]*?нет данных\s+10 %\s+— нет данных/);

    // A second student joins: the next request recounts (the change marked the municipality stale).
    await pair(db, { school, mentors: [teacher], mentees: [await mentee(db, school, 'Ученица', { birth_date: '2011-01-01' })] });
    text = textOf((await department.get('/dashboard?year=2024')).body);
    expect(text).toMatch(/М1 Доля детей в возрасте от 10 до 19 лет[\s\S]*?50 %\s+70 %/);
  });

  it('a school’s own target wins over the municipality’s', async () => {
    const db = t.database.db;
    await db
      .insertInto('indicator_targets')
      .values({ indicator_id: codes.get('М1') as number, organization_id: t.world.a.school, year: 2024, value: 5, wording: '5' })
      .execute();
    await contingent(db, t.world.a.school, 2024, 'children_10_19', 10);
    const teacher = await mentor(db, t.world.a.school, 'Учителева');
    await pair(db, {
      school: t.world.a.school,
      mentors: [teacher],
      mentees: [await mentee(db, t.world.a.school, 'Ученик', { birth_date: '2012-01-01' })],
    });
    await refreshMunicipality(db, t.world.a.id);
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const text = textOf((await curator.get(`/dashboard/schools/${t.world.a.school}?year=2024`)).body);
    expect(text).toMatch(/М1 Доля детей[\s\S]*?10 %\s+5 %\s+✓ достигнут/);
    const other = textOf((await curator.get(`/dashboard/schools/${t.world.a.school}?year=2023`)).body);
    expect(other).toMatch(/М1 Доля детей[\s\S]*?нет данных\s+50 % \(цель муниципалитета\)/);
  });
});

describe('dashboards on the wire', () => {
  /** The page with its per-request CSRF token blanked, to compare two renderings. */
  const page = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""');

  it('are gzipped for a browser that accepts it, and plain for a client that does not; both carry the same page', async () => {
    const department = await signedIn(t.app, 'department', PASSWORD);
    const indicator = codes.get('М1') as number;
    for (const url of [
      '/dashboard?year=2024',
      `/dashboard/schools/${t.world.a.school}?year=2024`,
      `/dashboard/indicators/${indicator}?year=2024`,
    ]) {
      const plain = await department.get(url);
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
      const gzipped = await department.get(url, { 'accept-encoding': 'gzip, deflate, br, zstd' });
      expect(gzipped.statusCode).toBe(200);
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.headers['content-type']).toBe('text/html; charset=utf-8');
      const unzipped = gunzipSync(gzipped.rawPayload).toString('utf8');
      expect(gzipped.rawPayload.length).toBeLessThan(unzipped.length / 2);
      expect(page(unzipped)).toBe(page(plain.body));
      expect(unzipped).toMatch(/^<!doctype html>[\s\S]*Показатели[\s\S]*<\/html>\s*$/);
      const refused = await department.get(url, { 'accept-encoding': 'gzip;q=0, identity' });
      expect(refused.headers['content-encoding']).toBeUndefined();
    }
  });

  it('open a school added after the municipality’s schools were kept, and not one of another municipality', async () => {
    const db = t.database.db;
    const department = await signedIn(t.app, 'department', PASSWORD);
    expect((await department.get(`/dashboard/schools/${t.world.a.school}?year=2024`)).statusCode).toBe(200);
    const added = await db
      .insertInto('organizations')
      .values({
        type: 'school',
        school_kind: 'general',
        short_name: 'Новая школа',
        full_name: 'Новая школа',
        parent_id: t.world.a.id,
        municipality_id: t.world.a.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const response = await department.get(`/dashboard/schools/${added.id}?year=2024`);
    expect(response.statusCode).toBe(200);
    expect(textOf(response.body)).toContain('Показатели наставничества: Новая школа, 2024 год');
    expect((await department.get(`/dashboard/schools/${t.world.b.school}?year=2024`)).statusCode).toBe(404);
  });

  it('list a long ranking on the municipal dashboard as its first and last 15 schools, all of them on the indicator’s page', async () => {
    const db = t.database.db;
    for (let n = 1; n <= 32; n++) {
      await db
        .insertInto('organizations')
        .values({
          type: 'school',
          school_kind: 'general',
          short_name: `Школа ранга ${n}`,
          full_name: `Школа ранга ${n}`,
          parent_id: t.world.a.id,
          municipality_id: t.world.a.id,
        })
        .execute();
    }
    const department = await signedIn(t.app, 'department', PASSWORD);
    const dashboard = (await department.get('/dashboard?year=2024')).body;
    const ranking = dashboard.slice(dashboard.indexOf('id="h-ranking"'), dashboard.indexOf('id="h-activity"'));
    // 34 schools: the world's two and 32 more.
    expect(textOf(ranking)).toContain('первые и последние 15 из 34 школ');
    expect(textOf(ranking)).toContain('… ещё 4 школы: все школы по показателю М1');
    expect(ranking.match(/href="\/dashboard\/schools\/\d+/g)).toHaveLength(30);
    const page = (await department.get(`/dashboard/indicators/${codes.get('М1')}?year=2024`)).body;
    expect(page.match(/<th scope="row"><a href="\/dashboard\/schools\/\d+/g)).toHaveLength(34);
  });
});
