import type { IndicatorDirection, IndicatorLevel, IndicatorMethod, IndicatorUnit, OrganizationType } from '../../db/types.js';

/**
 * How an indicator is obtained, and what the reference figures (contingent) behind the shares
 * are. The wording here is what users read on the catalogue, the explanation of a value and the
 * reports; the rules themselves are in compute.ts.
 */

export const CONTINGENT_KINDS = {
  children_10_19: 'Дети в возрасте 10–19 лет',
  children_15_19: 'Дети в возрасте 15–19 лет',
  young_teachers: 'Учителя — молодые специалисты (стаж 0–3 года)',
  teachers: 'Педагогические работники',
  enterprises: 'Предприятия (организации), работающие в муниципалитете',
} as const;
export type ContingentKind = keyof typeof CONTINGENT_KINDS;
export const CONTINGENT_KIND_CODES = Object.keys(CONTINGENT_KINDS) as ContingentKind[];

/** What a contingent figure means for a municipality and for a school. */
export const CONTINGENT_HINTS: Record<ContingentKind, { municipality: string; school: string | null }> = {
  children_10_19: { municipality: 'проживающие в муниципалитете', school: 'обучающиеся школы' },
  children_15_19: { municipality: 'проживающие в муниципалитете', school: 'обучающиеся школы' },
  young_teachers: { municipality: 'работающие в муниципалитете', school: 'работающие в школе' },
  teachers: { municipality: 'работающие в муниципалитете', school: 'работающие в школе' },
  enterprises: { municipality: 'по данным статистики', school: null },
};

export interface MethodInfo {
  label: string;
  /** How the numerator is counted, in the words shown with every value. */
  numerator: string;
  unit: IndicatorUnit;
  /** The reference figure the share is taken of, if it is a share of a contingent. */
  contingent: ContingentKind | null;
  /** Levels the method can be counted at. */
  levels: readonly IndicatorLevel[];
  /** A value may be entered by hand: always ('manual'), or where no record counts it (the outcomes' methods). */
  handEntry: boolean;
}

/** Issue 18: the methods counted from the mentees' outcomes (mentee_outcomes), a teacher's record each. */
export const OUTCOME_METHODS = ['left_profession', 'professional_contests'] as const;
export type OutcomeMethod = (typeof OUTCOME_METHODS)[number];
export function isOutcomeMethod(method: IndicatorMethod): method is OutcomeMethod {
  return (OUTCOME_METHODS as readonly string[]).includes(method);
}

/** A respondent is satisfied when the mean of the satisfaction questions is at least this (of 10). */
export const SATISFIED_FROM = 7;

export const METHODS: Record<IndicatorMethod, MethodInfo> = {
  student_mentees_10_19: {
    label: 'Обучающиеся 10–19 лет — наставляемые',
    numerator:
      'Обучающиеся (категория «обучающийся»), которым на 1 января года исполнилось 10–19 лет и которые в этом году были наставляемыми в действующей или завершённой паре (пара, прекращённая досрочно, считается в годы своей работы). Каждый человек считается один раз.',
    unit: 'percent',
    contingent: 'children_10_19',
    levels: ['municipality', 'school', 'both'],
    handEntry: false,
  },
  student_mentors_15_19: {
    label: 'Обучающиеся 15–19 лет — наставники',
    numerator:
      'Наставники-обучающиеся, которым на 1 января года исполнилось 15–19 лет и которые в этом году работали в паре или группе. Каждый человек считается один раз.',
    unit: 'percent',
    contingent: 'children_15_19',
    levels: ['municipality', 'school', 'both'],
    handEntry: false,
  },
  young_specialist_mentees: {
    label: 'Молодые специалисты — наставляемые',
    numerator:
      'Педагоги-наставляемые со стажем от 0 до 3 полных лет на 1 января года (по дате начала педагогической деятельности; без неё — по категории «молодой специалист»), работавшие в этом году в паре.',
    unit: 'percent',
    contingent: 'young_teachers',
    levels: ['municipality', 'school', 'both'],
    handEntry: false,
  },
  partner_organizations: {
    label: 'Предприятия, предоставившие наставников',
    numerator: 'Организации-партнёры, сотрудник которых в этом году был наставником хотя бы в одной паре.',
    unit: 'percent',
    contingent: 'enterprises',
    levels: ['municipality'],
    handEntry: false,
  },
  mentee_satisfaction: {
    label: 'Удовлетворённость наставляемых (анкетирование)',
    numerator: `Наставляемые, ответившие на анкету опроса, закрытого в этом году, со средней оценкой удовлетворённости не ниже ${SATISFIED_FROM} из 10; знаменатель — все участники пар этого года (не ответивший считается неудовлетворённым), а если ответивших больше — число ответивших. До декабря 2026 г. портал делил на число ответивших.`,
    unit: 'percent',
    contingent: null,
    levels: ['municipality', 'school', 'both'],
    handEntry: false,
  },
  mentor_satisfaction: {
    label: 'Удовлетворённость наставников (анкетирование)',
    numerator: `Наставники, ответившие на анкету опроса, закрытого в этом году, со средней оценкой удовлетворённости не ниже ${SATISFIED_FROM} из 10; знаменатель — все участники пар этого года (не ответивший считается неудовлетворённым), а если ответивших больше — число ответивших. До декабря 2026 г. портал делил на число ответивших.`,
    unit: 'percent',
    contingent: null,
    levels: ['municipality', 'school', 'both'],
    handEntry: false,
  },
  left_profession: {
    label: 'Оставившие профессию (по результатам наставляемых)',
    numerator:
      'Педагоги-наставляемые, о которых куратор записал в результатах работы пары «не остался в профессии»; знаменатель — все педагоги-наставляемые, у которых это записано. Пара относится к году своего завершения (ещё работающая — к дате записи). Каждый человек считается один раз. Если в школе за год нет ни одной записи, действует значение, внесённое вручную.',
    unit: 'percent',
    contingent: null,
    levels: ['school', 'municipality', 'both'],
    handEntry: true,
  },
  professional_contests: {
    label: 'Участники профессиональных конкурсов (по результатам наставляемых)',
    numerator:
      'Педагоги-наставляемые, о которых куратор записал в результатах работы пары участие в профессиональном конкурсе; знаменатель — все педагоги-наставляемые с записанными результатами. Пара относится к году своего завершения (ещё работающая — к дате записи). Каждый человек считается один раз. Если в школе за год нет ни одной записи, действует значение, внесённое вручную.',
    unit: 'percent',
    contingent: null,
    levels: ['school', 'municipality', 'both'],
    handEntry: true,
  },
  manual: {
    label: 'Вводится вручную с подтверждением',
    numerator:
      'Значение вносит куратор школы (для школы) или координатор (для муниципалитета) с описанием подтверждающих данных.',
    unit: 'percent',
    contingent: null,
    levels: ['municipality', 'school', 'both'],
    handEntry: true,
  },
};
export const METHOD_CODES = Object.keys(METHODS) as IndicatorMethod[];

export const UNIT_LABELS: Record<IndicatorUnit, string> = { percent: '%', count: 'чел./ед.' };
export const UNIT_NAMES: Record<IndicatorUnit, string> = { percent: 'доля, %', count: 'количество' };
export const LEVEL_LABELS: Record<IndicatorLevel, string> = {
  municipality: 'муниципалитет',
  school: 'школа',
  both: 'муниципалитет и школа',
};
export const DIRECTION_LABELS: Record<IndicatorDirection, string> = {
  higher: 'чем больше, тем лучше',
  lower: 'чем меньше, тем лучше',
};

export function appliesToMunicipality(level: IndicatorLevel): boolean {
  return level !== 'school';
}

export function appliesToSchool(level: IndicatorLevel): boolean {
  return level !== 'municipality';
}

/** Whether the indicator is counted for the organisation (a school or the municipality). */
export function appliesTo(indicator: { level: IndicatorLevel }, org: { type: OrganizationType }): boolean {
  return org.type === 'school' ? appliesToSchool(indicator.level) : appliesToMunicipality(indicator.level);
}

/** The contingent figures entered for the organisation: a school has no figures of the municipality's alone. */
export function contingentKindsOf(org: { type: OrganizationType }): ContingentKind[] {
  return CONTINGENT_KIND_CODES.filter((k) => org.type === 'municipality' || CONTINGENT_HINTS[k].school !== null);
}

/** What defines an indicator of a catalogue, stored or seeded. */
export interface IndicatorDefinition {
  code: string;
  name: string;
  unit: IndicatorUnit;
  level: IndicatorLevel;
  method: IndicatorMethod;
  direction: IndicatorDirection;
}

export interface SeedIndicator extends IndicatorDefinition {
  source: string;
  /** Targets by year: a figure, or null with the document's wording («-»); absent: no target. */
  targets: Partial<Record<number, { value: number | null; wording: string }>>;
}

const t = (value: number | null, wording = value === null ? '-' : String(value)) => ({ value, wording });

/** Regulation 7.7, «Показатели реализации МЦМН», with its targets for 2022-2024 as printed. */
export const DISTRICT_INDICATORS: SeedIndicator[] = [
  {
    code: 'М1',
    name: 'Доля детей в возрасте от 10 до 19 лет от общего количества детей, проживающих в муниципалитете, вошедших в программы наставничества в роли наставляемого',
    unit: 'percent',
    level: 'both',
    method: 'student_mentees_10_19',
    direction: 'higher',
    source: 'Положение о МЦМН, п. 7.7',
    targets: { 2022: t(32), 2023: t(50), 2024: t(70) },
  },
  {
    code: 'М2',
    name: 'Доля детей и подростков в возрасте от 15 до 19 лет от общего количества детей, проживающих в муниципалитете, вошедших в программы наставничества в роли наставника',
    unit: 'percent',
    level: 'both',
    method: 'student_mentors_15_19',
    direction: 'higher',
    source: 'Положение о МЦМН, п. 7.7',
    targets: { 2022: t(0), 2023: t(5), 2024: t(10) },
  },
  {
    code: 'М3',
    name: 'Доля учителей — молодых специалистов, проживающих в муниципалитете, вошедших в программы наставничества в роли наставляемого',
    unit: 'percent',
    level: 'both',
    method: 'young_specialist_mentees',
    direction: 'higher',
    source: 'Положение о МЦМН, п. 7.7',
    // The regulation leaves this row's targets blank.
    targets: {},
  },
  {
    code: 'М4',
    name: 'Доля предприятий (организаций) от общего количества предприятий, осуществляющих деятельность в муниципалитете, вошедших в программы наставничества, предоставив своих наставников',
    unit: 'percent',
    level: 'municipality',
    method: 'partner_organizations',
    direction: 'higher',
    source: 'Положение о МЦМН, п. 7.7',
    targets: { 2022: t(10), 2023: t(20), 2024: t(30) },
  },
  {
    code: 'М5',
    name: 'Уровень удовлетворенности наставляемых участием в программах наставничества',
    unit: 'percent',
    level: 'both',
    method: 'mentee_satisfaction',
    direction: 'higher',
    source: 'Положение о МЦМН, п. 7.7',
    // 2022 is blank in the regulation.
    targets: { 2023: t(75), 2024: t(85) },
  },
  {
    code: 'М6',
    name: 'Уровень удовлетворенности наставников участием в программах наставничества',
    unit: 'percent',
    level: 'both',
    method: 'mentor_satisfaction',
    direction: 'higher',
    source: 'Положение о МЦМН, п. 7.7',
    targets: { 2022: t(65), 2023: t(75), 2024: t(85) },
  },
];

/** The school's «Планируемые результаты (показатели эффективности)», with its targets as printed. */
export const SCHOOL_INDICATORS: SeedIndicator[] = [
  {
    code: 'Ш1',
    name: 'Доля учителей — молодых специалистов (с опытом работы от 0 до 3 лет), работающих в школе, вошедших в программы наставничества в роли наставляемого',
    unit: 'percent',
    level: 'school',
    method: 'young_specialist_mentees',
    direction: 'higher',
    source: 'Дорожная карта школы, показатели эффективности, п. 1',
    targets: { 2022: t(100), 2023: t(100), 2024: t(100) },
  },
  {
    code: 'Ш2',
    name: 'Доля педагогических работников, оставивших профессиональную деятельность в течение всего периода наставничества (низкая)',
    unit: 'percent',
    level: 'school',
    method: 'left_profession',
    direction: 'lower',
    source: 'Дорожная карта школы, показатели эффективности, п. 2',
    targets: { 2022: t(null), 2023: t(null), 2024: t(null) },
  },
  {
    code: 'Ш3',
    name: 'Доля молодых педагогов, у которых повысился профессиональный уровень (сформированы профессиональные умения, навыки, накоплен педагогический опыт)',
    unit: 'percent',
    level: 'school',
    method: 'manual',
    direction: 'higher',
    source: 'Дорожная карта школы, показатели эффективности, п. 3',
    targets: { 2022: t(80, 'Не менее 80%'), 2023: t(100, '100%'), 2024: t(100, '100%') },
  },
  {
    code: 'Ш4',
    name: 'Доля педагогов, в том числе молодых, принимающих участие в конкурсах профессионального мастерства (от общего количества молодых педагогов)',
    unit: 'percent',
    level: 'school',
    method: 'professional_contests',
    direction: 'higher',
    source: 'Дорожная карта школы, показатели эффективности, п. 4',
    targets: { 2022: t(50, '50%'), 2023: t(80, '80%'), 2024: t(100, '100%') },
  },
  {
    code: 'Ш5',
    name: 'Уровень удовлетворенности наставляемых участием в программах наставничества (опросный)',
    unit: 'percent',
    level: 'school',
    method: 'mentee_satisfaction',
    direction: 'higher',
    source: 'Дорожная карта школы, показатели эффективности, п. 5',
    targets: { 2022: t(50), 2023: t(75), 2024: t(85) },
  },
  {
    code: 'Ш6',
    name: 'Уровень удовлетворенности наставников участием в программах наставничества (опросный)',
    unit: 'percent',
    level: 'school',
    method: 'mentor_satisfaction',
    direction: 'higher',
    source: 'Дорожная карта школы, показатели эффективности, п. 6',
    targets: { 2022: t(50), 2023: t(75), 2024: t(85) },
  },
];
