import { sql, type Transaction } from 'kysely';
import type { Database } from '../src/db/types.js';
import { installCatalogue } from '../src/modules/indicators/install.js';
import { academicCode, academicCodes, calendarCodes } from '../src/modules/indicators/periods.js';

/**
 * The demo catalogue: the district's six and the school's six indicators with the documents'
 * targets for 2022-2024 (the school's for the demo school, which signed that document). The
 * documents end in 2024; the demo municipality prolonged its model with the 2024 targets, so
 * 2025 and later carry those, worded as a prolongation; from 2024/25 it also sets them per academic
 * year (the same figures: the dashboards' «учебный год» choice has targets to compare with). Contingent figures for the years the portal has pairs of, one
 * school without this year's (so the coordinator has someone to chase), and the demo school's
 * values entered by hand with their evidence.
 */
export async function seedDemoIndicators(
  trx: Transaction<Database>,
  municipalityId: number,
  schoolIds: number[],
  demoSchoolId: number,
  today: string,
): Promise<void> {
  const years = calendarCodes(2022, today);
  const ids = await installCatalogue(trx, municipalityId, [demoSchoolId], (indicator) => {
    const last = indicator.targets[2024];
    const extra: Partial<Record<number, { value: number | null; wording: string }>> = {};
    if (!last) return extra;
    for (const year of years) if (year > 2024) extra[year] = { value: last.value, wording: last.wording };
    for (const code of academicCodes(2022, today))
      if (code >= academicCode(2024)) extra[code] = { value: last.value, wording: last.wording };
    return extra;
  });

  // The school's reference figures follow its bases: pupils, teachers.
  const { rows } = await sql<{ organization_id: number; students: string; young: string; teachers: string }>`
    select o.id as organization_id,
      (select count(*) from mentees e where e.organization_id = o.id and e.category = 'student') as students,
      (select count(*) from mentees e where e.organization_id = o.id and e.category in ('young_specialist', 'new_teacher')) as young,
      (select count(*) from mentors m where m.organization_id = o.id and m.category = 'teacher') as teachers
    from organizations o where o.id in (${sql.join(schoolIds)})`.execute(trx);
  const current = years[years.length - 1] as number;
  const contingent: Array<{ organization_id: number; year: number; kind: string; value: number; note: string | null }> = [];
  const totals = new Map<string, number>();
  for (const [index, r] of rows.entries()) {
    const students = Number(r.students);
    const base = {
      children_10_19: Math.max(60, students * 4 + 40 + index * 7),
      young_teachers: Number(r.young) + 2,
      teachers: Math.max(25, Number(r.teachers) * 3 + 18),
    };
    // The portal holds the last two years' pairs: earlier years have no figures (and show «нет данных»).
    for (const year of years.filter((y) => y >= current - 1)) {
      // The last school has not entered this year's figures yet.
      if (year === current && index === rows.length - 1) continue;
      const drift = 1 + (year - 2022) * 0.01;
      const values = {
        children_10_19: Math.round(base.children_10_19 * drift),
        children_15_19: Math.round(base.children_10_19 * drift * 0.45),
        young_teachers: base.young_teachers,
        teachers: base.teachers,
      };
      for (const [kind, value] of Object.entries(values)) {
        contingent.push({ organization_id: r.organization_id, year, kind, value, note: 'по данным ОО на 1 января' });
        totals.set(`${year}:${kind}`, (totals.get(`${year}:${kind}`) ?? 0) + value);
      }
    }
  }
  for (const year of years.filter((y) => y >= current - 1)) {
    // Children living in the municipality: more than the schools' pupils (others study elsewhere).
    const get = (kind: string) => totals.get(`${year}:${kind}`) ?? 0;
    contingent.push(
      {
        organization_id: municipalityId,
        year,
        kind: 'children_10_19',
        value: Math.round(get('children_10_19') * 1.12),
        note: 'Росстат, численность на 1 января',
      },
      {
        organization_id: municipalityId,
        year,
        kind: 'children_15_19',
        value: Math.round(get('children_15_19') * 1.15),
        note: 'Росстат, численность на 1 января',
      },
      { organization_id: municipalityId, year, kind: 'young_teachers', value: get('young_teachers') + 3, note: 'отчёт ОО-1' },
      { organization_id: municipalityId, year, kind: 'teachers', value: get('teachers') + 40, note: 'отчёт ОО-1' },
      { organization_id: municipalityId, year, kind: 'enterprises', value: 24, note: 'реестр предприятий района' },
    );
  }
  await trx.insertInto('contingents').values(contingent).execute();

  const manual = [
    {
      code: 'Ш2',
      year: current - 1,
      value: 0,
      numerator: 0,
      denominator: 6,
      evidence: 'Никто из молодых педагогов не уволился за период наставничества (приказы по личному составу за год).',
    },
    {
      code: 'Ш3',
      year: current - 1,
      value: 83.3,
      numerator: 5,
      denominator: 6,
      evidence:
        'Результаты аттестации и посещения уроков: у 5 из 6 молодых педагогов повысился профессиональный уровень (протокол методического совета № 4).',
    },
    {
      code: 'Ш4',
      year: current - 1,
      value: 50,
      numerator: 3,
      denominator: 6,
      evidence: 'Участие в муниципальном конкурсе «Педагогический дебют» и региональном конкурсе «Учитель года» (3 участника).',
    },
    {
      code: 'Ш3',
      year: current,
      value: 66.7,
      numerator: 4,
      denominator: 6,
      evidence: 'Промежуточный мониторинг (декабрь): посещение уроков, самоанализ молодых педагогов.',
    },
  ];
  await trx
    .insertInto('indicator_manual_values')
    .values(
      manual.map((m) => ({
        indicator_id: ids.get(m.code) as number,
        organization_id: demoSchoolId,
        year: m.year,
        value: m.value,
        numerator: m.numerator,
        denominator: m.denominator,
        evidence: m.evidence,
      })),
    )
    .execute();
}
