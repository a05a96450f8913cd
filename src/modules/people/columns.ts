import type { ColumnSpec } from '../../lib/spreadsheet.js';
import {
  MENTEE_CATEGORY_LABELS,
  MENTOR_CATEGORY_LABELS,
  MENTORING_FORM_LABELS,
  PERSON_STATUS_LABELS,
  type PersonKind,
} from './labels.js';

/**
 * The columns of each base as the template, the export and the import know them. The first
 * header is the one written; the aliases are what curators' own sheets say.
 */

const NAME_COLUMNS: ColumnSpec[] = [
  { key: 'last_name', header: 'Фамилия' },
  { key: 'first_name', header: 'Имя' },
  { key: 'middle_name', header: 'Отчество' },
  // «ФИО» in one column is split into the three above
  { key: 'full_name', header: 'ФИО', aliases: ['фамилия имя отчество', 'ф и о', 'ф.и.о.'] },
];

const CONSENT_COLUMNS: ColumnSpec[] = [
  {
    key: 'consent_date',
    header: 'Дата согласия',
    aliases: ['согласие дата', 'дата согласия на обработку персональных данных', 'согласие от'],
  },
  {
    key: 'consent_number',
    header: 'Номер согласия',
    aliases: ['номер документа о согласии', 'согласие номер', 'номер документа согласия'],
  },
];

export const MENTOR_COLUMNS: ColumnSpec[] = [
  ...NAME_COLUMNS,
  { key: 'category', header: 'Категория', required: true, aliases: ['категория наставника'] },
  {
    key: 'origin',
    header: 'Организация',
    aliases: ['организация наставника', 'место работы', 'организация-партнер', 'представляет организацию'],
  },
  { key: 'position', header: 'Должность или класс', aliases: ['должность', 'класс', 'должность класс'] },
  { key: 'birth_date', header: 'Дата рождения' },
  { key: 'phone', header: 'Телефон', aliases: ['контактный телефон', 'тел'] },
  { key: 'email', header: 'Электронная почта', aliases: ['e-mail', 'email', 'эл почта', 'почта'] },
  { key: 'competencies', header: 'Компетенции', aliases: ['компетенции наставника'] },
  { key: 'forms', header: 'Формы наставничества', aliases: ['формы', 'форма наставничества'] },
  { key: 'capacity', header: 'Наставляемых одновременно', aliases: ['количество наставляемых', 'сколько наставляемых'] },
  { key: 'qualification', header: 'Квалификационная категория', aliases: ['квалификация'] },
  { key: 'trainings', header: 'Обучение', aliases: ['курсы', 'обучение курсы', 'повышение квалификации'] },
  ...CONSENT_COLUMNS,
  {
    key: 'consent_by',
    header: 'Согласие дал(а)',
    aliases: ['законный представитель', 'родитель законный представитель', 'фио родителя', 'согласие дал'],
  },
  { key: 'status', header: 'Статус' },
];

export const MENTEE_COLUMNS: ColumnSpec[] = [
  ...NAME_COLUMNS,
  { key: 'category', header: 'Категория', required: true, aliases: ['категория наставляемого'] },
  { key: 'class_name', header: 'Класс' },
  { key: 'position', header: 'Должность' },
  { key: 'birth_date', header: 'Дата рождения' },
  {
    key: 'teaching_since',
    header: 'Начало педагогической деятельности',
    aliases: ['дата начала педагогической деятельности', 'педагогический стаж с', 'стаж с'],
  },
  { key: 'phone', header: 'Телефон', aliases: ['контактный телефон', 'тел'] },
  { key: 'email', header: 'Электронная почта', aliases: ['e-mail', 'email', 'эл почта', 'почта'] },
  { key: 'requests', header: 'Запросы', aliases: ['перечень запросов', 'запрос'] },
  ...CONSENT_COLUMNS,
  {
    key: 'consent_by',
    header: 'Согласие дал(а)',
    aliases: ['законный представитель', 'родитель законный представитель', 'фио родителя', 'согласие дал'],
  },
  { key: 'status', header: 'Статус' },
];

export function columnsOf(kind: PersonKind): ColumnSpec[] {
  return kind === 'mentors' ? MENTOR_COLUMNS : MENTEE_COLUMNS;
}

/** The columns written to the template and the export: the three name columns, not «ФИО». */
export function exportColumns(kind: PersonKind): ColumnSpec[] {
  return columnsOf(kind).filter((c) => c.key !== 'full_name');
}

/** Normalised text for matching a cell against a list of labels. */
export function normalizeLabel(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[–—−-]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/[«»"“”.,;:()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function byLabel<T extends string>(labels: Record<T, string>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [code, label] of Object.entries(labels) as Array<[T, string]>) {
    map.set(normalizeLabel(label), code);
    map.set(normalizeLabel(code), code);
    // «молодой специалист (стаж 0–3 года)» is also written without the bracket
    const short = label.replace(/\s*\(.*\)\s*$/, '');
    map.set(normalizeLabel(short), code);
  }
  return map;
}

export const MENTOR_CATEGORY_BY_LABEL = byLabel(MENTOR_CATEGORY_LABELS);
export const MENTEE_CATEGORY_BY_LABEL = byLabel(MENTEE_CATEGORY_LABELS);
export const STATUS_BY_LABEL = byLabel(PERSON_STATUS_LABELS);
export const FORM_BY_LABEL = byLabel(MENTORING_FORM_LABELS);

/** A list written in one cell: «a; b», «a, b» or one per line. */
export function splitList(cell: string): string[] {
  return cell
    .split(/[;\n]|,(?![^()]*\))/)
    .map((s) => s.trim())
    .filter(Boolean);
}
