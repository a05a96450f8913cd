/**
 * The analytical report «о реализации целевой модели наставничества» as texts (`analyticalModel`),
 * which the print page and the .docx both lay out, and as a .docx the department edits and signs:
 * A4 portrait, Times New Roman 14 pt (tables 12 pt, the schools' matrix 10 pt), margins left 30 mm,
 * right 15 mm, top and bottom 20 mm. The print page adds the charts; the .docx has the figures in tables.
 */
import { Packer, type Paragraph, type Table } from 'docx';
import { type DocTable, docTable, heading, para, portraitDocument, SMALL_SIZE, TABLE_SIZE } from '../../lib/docx.js';
import { nameFormsOf } from '../../lib/declension.js';
import { formatDateTime, plural } from '../../lib/ru.js';
import type { Cell, MunicipalDashboard, SchoolMatrix } from './dashboard.js';
import { STATUS_LABELS, STATUS_SYMBOLS } from './status.js';

interface NamedBody {
  full_name: string;
  full_name_genitive?: string | null;
  full_name_prepositional?: string | null;
}

/** What the report is made of, as analyticalReport returns it. */
export interface AnalyticalSource {
  municipality: { id: number; name: string };
  municipalityNames: NamedBody | null | undefined;
  dashboard: MunicipalDashboard;
  matrix: SchoolMatrix;
  refreshedAt: Date | null;
  saved: { conclusions: string; full_name: string | null; position: string | null } | null | undefined;
  department: NamedBody | null | undefined;
  center: NamedBody | null | undefined;
  /** «по итогам мониторинга «…» по состоянию на …, принято N из M школ» when the schools' figures are a campaign's. */
  basis?: string | null;
  /** Issue 19: the year's practices in the municipal register (accepted, published included) and those published. */
  practices?: { inRegister: number; published: number };
}

export type { DocTable } from '../../lib/docx.js';

export interface AnalyticalModel {
  organization: string;
  title: string[];
  subtitle: string;
  /** Where the schools' figures come from, when a monitoring campaign is chosen; null for the live report. */
  basis: string | null;
  headings: typeof HEADINGS;
  general: string;
  indicators: DocTable;
  matrix: (DocTable & { legend: string }) | null;
  forms: DocTable;
  roadmaps: string;
  /** The coordinator's conclusions by paragraph; empty when none are written yet. */
  conclusions: string[];
  noConclusions: string;
  signature: { position: string; name: string };
  footer: string;
}

export const HEADINGS = {
  general: '1. Общие сведения',
  indicators: '2. Показатели реализации целевой модели',
  matrix: '3. Показатели по школам',
  forms: '4. Участники по формам наставничества',
  roadmaps: '5. Исполнение дорожных карт',
  conclusions: '6. Выводы и предложения',
} as const;

export const MATRIX_LEGEND =
  'Обозначения: ✓ достигнут, ≈ близко (в пределах 10 % от цели), ✗ не достигнут, — нет данных, ○ цель не задана.';

/** A cell's value as the report prints it: «75 %», «12,5», «нет данных». */
export function cellText(c: Cell, unit: string): string {
  return c.value === null ? 'нет данных' : `${String(c.value).replace('.', ',')}${unit === 'percent' ? ' %' : ''}`;
}

/** The report's texts for a year; `printedOn` is today as 23.11.2026. */
export function analyticalModel(source: AnalyticalSource, year: number, portalName: string, printedOn: string): AnalyticalModel {
  const d = source.dashboard;
  const where = source.municipalityNames ? nameFormsOf(source.municipalityNames).prepositional : source.municipality.name;
  const preparedBy = source.center ? `специалистами ${nameFormsOf(source.center).genitive}` : 'муниципальным координатором';
  const a = d.activity;
  const statuses = a.pairsByStatus.rows.map((r) => `${r.name} — ${r.value}`).join('; ');
  const general =
    `В ${year} году в парах и группах наставничества работали ${a.mentors} ${plural(a.mentors, ['наставник', 'наставника', 'наставников'])} ` +
    `и ${a.mentees} ${plural(a.mentees, ['наставляемый', 'наставляемых', 'наставляемых'])}; ` +
    `пар и групп — ${a.pairsByStatus.total}${statuses ? ` (${statuses})` : ''}. Школ в муниципалитете — ${d.completeness.length}.` +
    (source.practices
      ? ` В муниципальный реестр лучших практик наставничества за ${year} год ${plural(source.practices.inRegister, ['принята', 'приняты', 'принято'])} ` +
        `${source.practices.inRegister} ${plural(source.practices.inRegister, ['практика', 'практики', 'практик'])}, опубликовано — ${source.practices.published}.`
      : '');
  const s = d.schoolRoadmaps;
  // «из 1 школы», «из 31 мероприятия», «из 66 мероприятий»: the noun after «из N» is genitive, singular after 1.
  const ofEvents = (n: number) => `${n} ${plural(n, ['мероприятия', 'мероприятий', 'мероприятий'])}`;
  const roadmaps =
    (d.roadmap
      ? `Муниципальная дорожная карта: выполнено ${d.roadmap.done} из ${ofEvents(d.roadmap.total)}, просрочено — ${d.roadmap.overdue}.`
      : 'Муниципальная дорожная карта в портал не внесена.') +
    ` Дорожные карты есть у ${s.withPlan} из ${s.schools} ${plural(s.schools, ['школы', 'школ', 'школ'])}` +
    (s.total ? `; выполнено ${s.done} из ${ofEvents(s.total)}, просрочено — ${s.overdue}.` : '.');
  const m = source.matrix;
  return {
    organization: source.department ? source.department.full_name : source.municipality.name,
    title: ['Аналитическая справка', 'о реализации целевой модели наставничества', `в ${where} за ${year} год`],
    subtitle:
      `Подготовлена ${preparedBy} по данным портала «${portalName}»` +
      (source.refreshedAt ? ` на ${formatDateTime(source.refreshedAt)}` : '') +
      '.',
    basis: source.basis
      ? `Показатели школ и показатели формы мониторинга приведены ${source.basis} (данные, зафиксированные при приёме отчётов школ).`
      : null,
    headings: HEADINGS,
    general,
    indicators: {
      headers: ['Код', 'Показатель', 'Факт', 'Цель', 'Статус'],
      rows: d.lines.map((l) => [
        l.indicator.code,
        l.indicator.name,
        cellText(l.cell, l.indicator.unit) +
          (l.cell.numerator !== null && l.cell.denominator ? ` (${l.cell.numerator} из ${l.cell.denominator})` : ''),
        l.cell.targetWording || (l.cell.target === null ? 'не задана' : String(l.cell.target)),
        `${STATUS_SYMBOLS[l.cell.status]} ${STATUS_LABELS[l.cell.status]}`,
      ]),
    },
    matrix:
      m.indicators.length && m.rows.length
        ? {
            headers: ['Школа', ...m.indicators.map((i) => i.code)],
            rows: m.rows.map((row) => [
              row.school.name,
              ...row.cells.map((c, n) => `${cellText(c, m.indicators[n]?.unit ?? '')} ${STATUS_SYMBOLS[c.status]}`),
            ]),
            legend: MATRIX_LEGEND,
          }
        : null,
    forms: {
      headers: ['Форма', 'Пар и групп', 'Наставников', 'Наставляемых'],
      rows: a.pairsByForm.rows.map((r, n) => [
        r.name,
        String(r.value),
        String(a.mentorsByForm.rows[n]?.value ?? 0),
        String(a.menteesByForm.rows[n]?.value ?? 0),
      ]),
    },
    roadmaps,
    conclusions: (source.saved?.conclusions ?? '')
      .split(/\r?\n/)
      .map((p) => p.trim())
      .filter((p) => p !== ''),
    noConclusions: 'Выводы пока не написаны.',
    signature: {
      position: source.saved?.position || 'Муниципальный координатор',
      name: source.saved?.full_name ?? '',
    },
    footer: `Сформировано на портале «${portalName}» ${printedOn}.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Layout (src/lib/docx.ts): body 14 pt, tables 12 pt, the schools' matrix 10 pt.

const TABLE = TABLE_SIZE;
const MATRIX = SMALL_SIZE;
const table = docTable;

export function analyticalDocument(model: AnalyticalModel) {
  const codes = model.matrix ? model.matrix.headers.length - 1 : 0;
  const matrixShares = [0.28, ...Array.from({ length: codes }, () => 0.72 / Math.max(codes, 1))];
  const children: Array<Paragraph | Table> = [
    para(model.organization, { center: true, after: 240 }),
    ...model.title.map((line, i) => para(line, { bold: true, center: true, after: i === model.title.length - 1 ? 120 : 0 })),
    para(model.subtitle, { center: true, size: TABLE, after: 240 }),
    ...(model.basis ? [para(model.basis, { center: true, size: TABLE, after: 240 })] : []),
    heading(model.headings.general),
    para(model.general, { justify: true }),
    heading(model.headings.indicators),
    table(model.indicators, [0.08, 0.42, 0.16, 0.14, 0.2], TABLE),
  ];
  if (model.matrix) {
    children.push(heading(model.headings.matrix), table(model.matrix, matrixShares, MATRIX));
    children.push(para(model.matrix.legend, { size: MATRIX, before: 60 }));
  }
  children.push(
    heading(model.headings.forms),
    table(model.forms, [0.4, 0.2, 0.2, 0.2], TABLE),
    heading(model.headings.roadmaps),
    para(model.roadmaps, { justify: true }),
    heading(model.headings.conclusions),
    ...(model.conclusions.length ? model.conclusions.map((p) => para(p, { justify: true })) : [para(model.noConclusions)]),
    para(model.signature.position, { before: 480 }),
    para(`_______________ ${model.signature.name}`.trimEnd()),
    para(model.footer, { size: MATRIX, before: 360 }),
  );
  return portraitDocument(`${model.title[0]} ${model.title[1]} ${model.title[2]}`, children);
}

export function buildAnalyticalDocx(model: AnalyticalModel): Promise<Buffer> {
  return Packer.toBuffer(analyticalDocument(model));
}
