import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/types.js';
import { computeYears, refreshMunicipality } from '../../src/modules/indicators/compute.js';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import { campaignPeriod } from '../../src/modules/monitoring/period.js';
import { signedIn, textOf } from '../helpers/app.js';
import { addCampaign } from '../helpers/monitoring.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * The engine's periods (src/modules/indicators/periods.ts): no fixed first year (a 2021 pair counts
 * in 2021), academic years beside calendar ones (counted, targeted, chosen on the dashboards), and
 * monitoring campaigns that take their own period — calendar, academic or half-year.
 */

const t = useWorld();
type Db = Kysely<Database>;
let codes: Map<string, number>;

async function student(db: Db, school: number, last: string, birth: string): Promise<number> {
  const row = await db
    .insertInto('mentees')
    .values({ organization_id: school, last_name: last, first_name: 'Тест', category: 'student', birth_date: birth })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A pair of the school with one teacher and the mentee, active from `activated` to `completed`. */
async function pair(db: Db, school: number, mentee: number, activated: string, completed: string): Promise<void> {
  const teacher = await db
    .insertInto('mentors')
    .values({ organization_id: school, last_name: 'Учителева', first_name: 'Тест', category: 'teacher' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const programme = await db
    .insertInto('programmes')
    .values({ organization_id: school, title: 'Программа', form: 'teacher_student' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('pairs')
    .values({
      organization_id: school,
      programme_id: programme.id,
      form: 'teacher_student',
      kind: 'traditional',
      planned_start: activated,
      planned_end: completed,
      status: 'completed',
      activated_at: new Date(`${activated}T09:00:00Z`),
      completed_on: completed,
      created_at: new Date(`${activated}T08:00:00Z`),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('pair_mentors').values({ pair_id: row.id, mentor_id: teacher.id }).execute();
  await db.insertInto('pair_mentees').values({ pair_id: row.id, mentee_id: mentee }).execute();
}

async function contingent(db: Db, org: number, year: number, value: number): Promise<void> {
  await db.insertInto('contingents').values({ organization_id: org, year, kind: 'children_10_19', value }).execute();
}

/** М1's numerator at the school in each of the periods (codes). */
async function m1Numerators(periods: number[]): Promise<Record<number, number | null>> {
  const values = await computeYears(t.database.db, t.world.a.id, periods);
  const out: Record<number, number | null> = {};
  for (const p of periods)
    out[p] =
      values.find((v) => v.year === p && v.indicatorId === codes.get('М1') && v.organizationId === t.world.a.school)?.numerator ??
      null;
  return out;
}

beforeEach(async () => {
  codes = await installCatalogue(t.database.db, t.world.a.id, [t.world.a.school]);
});

describe('no fixed first year', () => {
  it('counts a 2021 pair in 2021, shows it on the 2021 dashboard, and keeps the recount bounded', async () => {
    const db = t.database.db;
    const { school } = t.world.a;
    await pair(db, school, await student(db, school, 'Давнишний', '2010-01-01'), '2021-03-01', '2021-06-30');
    await contingent(db, t.world.a.id, 2021, 4);
    await contingent(db, school, 2021, 4);
    await refreshMunicipality(db, t.world.a.id);
    const freshness = await db
      .selectFrom('indicator_freshness')
      .select('first_year')
      .where('municipality_id', '=', t.world.a.id)
      .executeTakeFirstOrThrow();
    expect(freshness.first_year).toBe(2021);

    const department = await signedIn(t.app, 'department', PASSWORD);
    const text = textOf((await department.get('/dashboard?year=2021')).body);
    expect(text).toContain('Показатели наставничества: ');
    expect(text).toContain('2021 год');
    // М1: 1 of 4 = 25 %.
    expect(text).toMatch(/М1 Доля детей в возрасте от 10 до 19 лет[\s\S]*?25 %/);
    expect(text).toContain('2020/21 учебный год');
    const school2021 = textOf((await department.get(`/dashboard/schools/${school}?year=2021`)).body);
    expect(school2021).toMatch(/М1 Доля детей[\s\S]*?25 %/);

    // A pair mistyped as 1900 moves the first year to the floor (2018), not to 1900.
    await pair(db, school, await student(db, school, 'Старинный', '1890-01-01'), '1900-03-01', '1900-06-30');
    await refreshMunicipality(db, t.world.a.id);
    const bounded = await db
      .selectFrom('indicator_freshness')
      .select('first_year')
      .where('municipality_id', '=', t.world.a.id)
      .executeTakeFirstOrThrow();
    expect(bounded.first_year).toBe(2018);
    const { min } = await db
      .selectFrom('indicator_results')
      .select((eb) => eb.fn.min('year').as('min'))
      .where('organization_id', '=', school)
      .executeTakeFirstOrThrow();
    expect(min).toBe(2018);
  });
});

describe('academic years', () => {
  it('count a pair in the academic year and the calendar years it was active in, ages on 1 September', async () => {
    const db = t.database.db;
    const { school } = t.world.a;
    await pair(db, school, await student(db, school, 'Осенний', '2012-05-01'), '2024-09-10', '2024-12-20');
    expect(await m1Numerators([2024, 202425, 2025, 202324])).toEqual({ 2024: 1, 202425: 1, 2025: 0, 202324: 0 });

    // 19 on 1 January 2024 and 20 on 1 September 2024: counted in 2024, not in 2024/25.
    await pair(db, school, await student(db, school, 'Июльская', '2004-07-01'), '2024-09-10', '2024-12-20');
    // 19 on both days (turns 20 in October): counted in both.
    await pair(db, school, await student(db, school, 'Октябрёв', '2004-10-01'), '2024-09-10', '2024-12-20');
    expect(await m1Numerators([2024, 202425])).toEqual({ 2024: 3, 202425: 2 });
  });

  it('take a target set in the targets form and show it against the value on the dashboard', async () => {
    const db = t.database.db;
    const { school } = t.world.a;
    await pair(db, school, await student(db, school, 'Осенний', '2012-05-01'), '2024-09-10', '2024-12-20');
    // An academic year takes the contingent of the year it begins in.
    await contingent(db, t.world.a.id, 2024, 10);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const id = codes.get('М1') as number;
    const form = textOf((await coordinator.get(`/indicators/${id}/targets?org=${t.world.a.id}`)).body);
    expect(form).toContain('2024/25 учебный год');
    let response = await coordinator.post(`/indicators/${id}/targets`, { org: String(t.world.a.id), value_202425: 'пять' });
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Цель на 2024/25 учебный год: введите число');
    response = await coordinator.post(`/indicators/${id}/targets`, {
      org: String(t.world.a.id),
      value_202425: '8',
      wording_202425: 'Не менее 8%',
    });
    expect(response.statusCode).toBe(303);
    const stored = await db
      .selectFrom('indicator_targets')
      .select(['year', 'value'])
      .where('indicator_id', '=', id)
      .where('organization_id', '=', t.world.a.id)
      .where('year', '=', 202425)
      .executeTakeFirstOrThrow();
    expect(Number(stored.value)).toBe(8);

    const department = await signedIn(t.app, 'department', PASSWORD);
    const text = textOf((await department.get('/dashboard?year=2024-25')).body);
    expect(text).toContain('2024/25 учебный год');
    expect(text).toContain('против целей 2024/25 учебного года');
    // 1 of 10 = 10 % against the academic year's 8: achieved.
    expect(text).toMatch(/М1 Доля детей в возрасте от 10 до 19 лет[\s\S]*?10 %\s+Не менее 8%\s+✓ достигнут/);
    // The calendar year is compared with its own target, not the academic year's.
    const calendar = textOf((await department.get('/dashboard?year=2024')).body);
    expect(calendar).toMatch(/М1 Доля детей[\s\S]*?10 %/);
    expect(calendar).not.toContain('Не менее 8%');
    // The region's export of the academic year: its own sheet, the value against the academic year's target.
    const xlsx = await department.get('/reports/indicators.xlsx?year=2024-25');
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent('Показатели наставничества 2024-25.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Показатели 2024-25');
    expect(String(sheet?.getRow(1).getCell(1).value)).toContain('2024/25 учебный год');
    expect(((sheet?.getRow(4).values as unknown[] | undefined) ?? []).slice(2, 5)).toEqual([10, 'Не менее 8%', 'достигнут']);
    // The explanation says which contingent an academic year takes.
    const explain = textOf((await department.get(`/dashboard/indicators/${id}/organizations/${t.world.a.id}?year=2024/25`)).body);
    expect(explain).toContain('Как получено значение М1 за 2024/25 учебный год');
    expect(explain).toContain('учебный год берёт контингент года, в котором он начался');
    expect(explain).toContain('вместо 1 января — 1 сентября');
  });
});

describe('old links', () => {
  it('keep ?year=2025 the calendar year; an unknown period is the current year', async () => {
    const db = t.database.db;
    const { school } = t.world.a;
    await pair(db, school, await student(db, school, 'Осенний', '2012-05-01'), '2024-09-10', '2024-12-20');
    await contingent(db, school, 2024, 10);
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const calendar = textOf((await curator.get(`/dashboard/schools/${school}?year=2024`)).body);
    expect(calendar).toContain(', 2024 год');
    expect(calendar).toMatch(/М1 Доля детей[\s\S]*?10 %/);
    const redirect = await curator.get('/dashboard?year=2024');
    expect(redirect.headers.location).toBe(`/dashboard/schools/${school}?year=2024`);
    const current = new Date().getFullYear();
    for (const bogus of ['1900', '2024-26', 'abc'])
      expect(textOf((await curator.get(`/dashboard/schools/${school}?year=${bogus}`)).body)).toContain(`, ${current} год`);
  });
});

describe('monitoring campaigns take their own period', () => {
  async function submissionText(period: ReturnType<typeof campaignPeriod>, title: string): Promise<string> {
    const id = await addCampaign(t.database.db, 'coordinator', { period, indicators: ['М1'], title });
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    return textOf((await coordinator.get(`/monitoring/${id}/schools/${t.world.a.school}`)).body);
  }

  it('an academic year, a half-year and a year before 2022 have their figures', async () => {
    const db = t.database.db;
    const { school } = t.world.a;
    await pair(db, school, await student(db, school, 'Осенний', '2012-05-01'), '2024-09-10', '2024-12-20');
    await pair(db, school, await student(db, school, 'Давнишний', '2010-01-01'), '2021-03-01', '2021-06-30');
    await pair(db, school, await student(db, school, 'Весенний', '2010-01-01'), '2021-03-01', '2021-06-30');
    await contingent(db, school, 2021, 4);
    await contingent(db, school, 2024, 10);
    await contingent(db, school, 2025, 10);

    const academic = await submissionText(campaignPeriod('academic_year', 2024), 'Мониторинг 2024/25');
    expect(academic).toContain('за 2024/25 учебный год');
    expect(academic).toMatch(/М1[\s\S]*?10 %/);

    const secondHalf = await submissionText(campaignPeriod('half_year', 2024, 2), 'Мониторинг II полугодия');
    expect(secondHalf).toContain('за II полугодие 2024 года');
    expect(secondHalf).toMatch(/М1[\s\S]*?10 %/);
    // The first half of 2024 had no pair: 0 of 10, a figure, not «нет данных».
    const firstHalf = await submissionText(campaignPeriod('half_year', 2024, 1), 'Мониторинг I полугодия');
    expect(firstHalf).toContain('за I полугодие 2024 года');
    expect(firstHalf).toMatch(/М1[\s\S]*?0 %/);

    // 2021: two students of 4.
    const early = await submissionText(campaignPeriod('calendar_year', 2021), 'Мониторинг 2021 года');
    expect(early).toContain('за 2021 год');
    expect(early).toMatch(/М1[\s\S]*?50 %/);
    expect(early).not.toMatch(/М1[^\n]*нет данных/);
  });
});
