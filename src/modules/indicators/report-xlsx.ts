import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { todayIso } from '../../lib/dates.js';
import { formatDate, formatDateTime } from '../../lib/ru.js';
import { type OutValue, writeWorkbook } from '../../lib/spreadsheet.js';
import { MENTEE_CATEGORY_LABELS, MENTOR_CATEGORY_LABELS, MENTORING_FORM_LABELS } from '../people/labels.js';
import { LEVEL_LABELS, METHODS, UNIT_NAMES } from './catalogue.js';
import { ensureFresh } from './compute.js';
import { PAIR_STATUS_LABELS } from './dashboard.js';
import { basisText, type CampaignBasis, frozenByCode } from './report-campaign.js';
import { activeIndicators, factsOfYear, resultsOfYear, type SchoolRef, schoolsOf, targetsOfYear } from './queries.js';
import { STATUS_LABELS, targetFor, targetStatus } from './status.js';
import { period } from './periods.js';

/**
 * The .xlsx forms the region asks of a municipality, built from the summary tables (recounted
 * first when stale). The caller has checked the user may read the municipality's reports.
 */

function valueOut(value: number | null): OutValue {
  return value === null ? 'нет данных' : value;
}

/** Every indicator × every school (and the municipality) for a period (a calendar or academic year's code, periods.ts): the form the region asks for. */
export async function indicatorsWorkbook(
  db: Kysely<Database>,
  municipality: SchoolRef,
  year: number,
  basis: CampaignBasis | null = null,
): Promise<Buffer> {
  // With a campaign, the figures of the indicators in its form are its frozen ones (an unaccepted school has none).
  const frozen = basis ? frozenByCode(basis.summary) : null;
  const fresh = await ensureFresh(db, municipality.id);
  const indicators = await activeIndicators(db, municipality.id);
  const orgs = [
    { id: municipality.id, name: municipality.name, type: 'municipality' as const },
    ...(await schoolsOf(db, municipality.id)).map((s) => ({ ...s, type: 'school' as const })),
  ];
  const ids = indicators.map((i) => i.id);
  const results = await resultsOfYear(db, ids, year);
  const targets = await targetsOfYear(db, ids, year);
  const cell = (indicatorId: number, orgId: number) => {
    const code = indicators.find((i) => i.id === indicatorId)?.code ?? '';
    const f = frozen?.get(code);
    const r: { value: unknown; numerator: unknown; denominator: unknown } | undefined = f
      ? orgId === municipality.id
        ? f.municipal
        : f.schools.get(orgId)
      : results.find((x) => x.indicator_id === indicatorId && x.organization_id === orgId);
    const { target } = targetFor(
      (org) => targets.find((x) => x.indicator_id === indicatorId && x.organization_id === org),
      orgId,
      municipality.id,
    );
    return { result: r, target };
  };
  const applies = (level: string, type: 'municipality' | 'school') =>
    type === 'school' ? level !== 'municipality' : level !== 'school';

  const header = ['Организация'];
  for (const i of indicators) header.push(`${i.code}: факт`, `${i.code}: цель`, `${i.code}: статус`);
  const rows: OutValue[][] = orgs.map((o) => {
    const row: OutValue[] = [o.name];
    for (const i of indicators) {
      if (!applies(i.level, o.type)) {
        row.push('не считается', null, null);
        continue;
      }
      const { result, target } = cell(i.id, o.id);
      const value = result?.value == null ? null : Number(result.value);
      const targetValue = target?.value == null ? null : Number(target.value);
      const status = value === null ? 'no_data' : targetValue === null ? 'no_target' : null;
      row.push(valueOut(value), target ? (target.wording ?? targetValue) : null);
      row.push(STATUS_LABELS[status ?? targetStatus(value, targetValue, i.direction)]);
    }
    return row;
  });

  const details: OutValue[][] = [];
  for (const o of orgs) {
    for (const i of indicators) {
      if (!applies(i.level, o.type)) continue;
      const { result } = cell(i.id, o.id);
      details.push([
        o.name,
        i.code,
        result?.numerator == null ? null : Number(result.numerator),
        result?.denominator == null ? 'нет данных' : Number(result.denominator),
        valueOut(result?.value == null ? null : Number(result.value)),
      ]);
    }
  }
  const stamp =
    `Сформировано ${formatDate(todayIso())}; данные рассчитаны ${fresh.refreshedAt ? formatDateTime(fresh.refreshedAt) : '—'}` +
    (basis ? `; показатели формы мониторинга — ${basisText(basis)} (данные, зафиксированные при приёме отчётов)` : '');
  return writeWorkbook([
    {
      name: `Показатели ${period(year).param}`,
      title: [`Показатели реализации целевой модели наставничества: ${municipality.name}, ${period(year).label}`, stamp],
      header,
      rows,
    },
    {
      name: 'Числители и знаменатели',
      title: [stamp],
      header: ['Организация', 'Показатель', 'Числитель', 'Знаменатель', 'Значение'],
      rows: details,
    },
    {
      name: 'Перечень показателей',
      header: ['Код', 'Наименование', 'Единица', 'Уровень', 'Как считается', 'Источник'],
      rows: indicators.map((i) => [i.code, i.name, UNIT_NAMES[i.unit], LEVEL_LABELS[i.level], METHODS[i.method].label, i.source]),
    },
  ]);
}

/** Mentors, mentees and pairs of the year by form and by category: what federal statistical forms ask. */
export async function participantsWorkbook(db: Kysely<Database>, municipality: SchoolRef, year: number): Promise<Buffer> {
  await ensureFresh(db, municipality.id);
  const orgs = [{ id: municipality.id, name: `${municipality.name} (всего)` }, ...(await schoolsOf(db, municipality.id))];
  const facts = await factsOfYear(
    db,
    orgs.map((o) => o.id),
    year,
  );
  const get = (org: number, fact: string, key: string) =>
    facts.find((f) => f.organization_id === org && f.fact === fact && f.key === key)?.value ?? 0;
  const byForm: OutValue[][] = [];
  const byCategory: OutValue[][] = [];
  const byStatus: OutValue[][] = [];
  for (const o of orgs) {
    for (const [form, label] of Object.entries(MENTORING_FORM_LABELS)) {
      byForm.push([
        o.name,
        label,
        get(o.id, 'pairs_form', form),
        get(o.id, 'mentors_form', form),
        get(o.id, 'mentees_form', form),
      ]);
    }
    for (const [category, label] of Object.entries(MENTOR_CATEGORY_LABELS))
      byCategory.push([o.name, 'наставник', label, get(o.id, 'mentors_category', category)]);
    for (const [category, label] of Object.entries(MENTEE_CATEGORY_LABELS))
      byCategory.push([o.name, 'наставляемый', label, get(o.id, 'mentees_category', category)]);
    byStatus.push([
      o.name,
      ...Object.keys(PAIR_STATUS_LABELS).map((s) => get(o.id, 'pairs_status', s)),
      get(o.id, 'mentors_total', 'all'),
      get(o.id, 'mentees_total', 'all'),
    ]);
  }
  const p = period(year);
  const title = `Участники наставничества: ${municipality.name}, ${p.label} (пары, действовавшие в ${p.kind === 'academic' ? 'учебном году' : 'году'})`;
  return writeWorkbook([
    {
      name: 'По формам',
      title: [title],
      header: ['Организация', 'Форма наставничества', 'Пар и групп', 'Наставников', 'Наставляемых'],
      rows: byForm,
    },
    { name: 'По категориям', title: [title], header: ['Организация', 'Роль', 'Категория', 'Человек'], rows: byCategory },
    {
      name: 'Итого',
      title: [title, 'Человек в нескольких формах или парах считается один раз в итогах и в каждой своей форме.'],
      header: ['Организация', ...Object.values(PAIR_STATUS_LABELS).map((l) => `Пар: ${l}`), 'Наставников', 'Наставляемых'],
      rows: byStatus,
    },
  ]);
}
