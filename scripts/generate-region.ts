/**
 * npm run generate:region [-- --force] [--scale=0.1] [--seed=region-1] — a region-scale data set
 * for the dashboards' benchmark (issue «region-scale data set»): 60 municipalities of different
 * sizes, 1 000 schools, 300 000 people in the bases (100 000 mentors, 200 000 mentees), 100 000
 * pairs, 1 000 000 meetings, 200 000 survey responses (with their answers), the indicator
 * catalogue with targets, contingents, manual values, roadmaps and the accounts to log in with.
 *
 * Deterministic: every choice is a hash of the seed, a salt and a row number (`hashtext`) or the
 * seeded PRNG of the plan, ids are assigned explicitly, and `today` is an option — the same seed,
 * scale and day give the same rows. Set-based: each table is one `insert ... select ... from
 * generate_series(...)` inside one transaction, with the row triggers (migration 0006) and the
 * foreign-key checks off (`session_replication_role = replica`, which needs a superuser); every
 * municipality is marked stale at the end, so the portal recomputes its summary tables on the
 * first dashboard request; then `vacuum analyze`.
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/nastavnik_region): the database is
 * created if missing and migrated; one that already holds data is refused unless --force (then
 * every table is emptied first).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { hashPassword } from '../src/auth/passwords.js';
import { openDatabase } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database, NewOrganization } from '../src/db/types.js';
import { todayIso } from '../src/lib/dates.js';
import type { SeedIndicator } from '../src/modules/indicators/catalogue.js';
import { installCatalogue } from '../src/modules/indicators/install.js';
import { parseDeadline } from '../src/modules/roadmaps/deadline.js';
import { responsibleLinks } from '../src/modules/roadmaps/responsible.js';
import { SURNAMES, surnameFor } from '../seeds/people.js';

/** The first year of the generated data's targets and values (its pairs begin the year before). */
const FIRST_YEAR = 2022;

/** Bumped whenever the generated rows change: the benchmark regenerates a data set of another version. */
export const GENERATOR_VERSION = 6;
export const DEFAULT_SEED = 'region-1';
export const BENCH_PASSWORD = 'bench-password-1';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/nastavnik_region';

/** The region at scale 1. */
export const REGION_SCALE = {
  municipalities: 60,
  schools: 1_000,
  mentors: 100_000,
  mentees: 200_000,
  pairs: 100_000,
  meetings: 1_000_000,
  surveyResponses: 200_000,
} as const;

export interface GenerateOptions {
  /** 1 = the region; 0.001 = one municipality with one school, 300 people, 100 pairs … */
  scale?: number;
  seed?: string;
  /** The day the data set is «now» ('YYYY-MM-DD'); dates of pairs, meetings and statuses follow it. */
  today?: string;
  /** Empty every table first when the database already holds data (otherwise: refuse). */
  force?: boolean;
  password?: string;
  /** A ready Argon2 hash of `password` (tests save the hashing). */
  passwordHash?: string;
  log?: (line: string) => void;
}

export interface DatasetCounts {
  municipalities: number;
  schools: number;
  partners: number;
  mentors: number;
  mentees: number;
  people: number;
  pairs: number;
  pairMentors: number;
  pairMentees: number;
  meetings: number;
  surveys: number;
  surveyResponses: number;
  surveyAnswers: number;
  indicators: number;
  indicatorTargets: number;
  contingents: number;
  users: number;
  roadmapItems: number;
}

export interface DatasetMarker {
  version: number;
  seed: string;
  scale: number;
  today: string;
}

export interface GenerateResult {
  counts: DatasetCounts;
  marker: DatasetMarker;
  /** login → what it is, in the order printed. */
  accounts: Array<{ login: string; role: string; organization: string }>;
  password: string;
  seconds: number;
}

// ---------------------------------------------------------------------------------------------
// The plan: sizes of municipalities and schools, people per category, pairs per school.
// ---------------------------------------------------------------------------------------------

const MENTOR_CATEGORIES = [
  ['teacher', 0.52],
  ['student', 0.24],
  ['partner_employee', 0.1],
  ['university_student', 0.06],
  ['graduate', 0.03],
  ['school_head', 0.05],
] as const;
const MENTEE_CATEGORIES = [
  ['student', 0.84],
  ['young_specialist', 0.06],
  ['new_teacher', 0.03],
  ['struggling_teacher', 0.03],
  ['trainee', 0.04],
] as const;

export const FORMS = [
  'student_student',
  'college_student',
  'employer_student',
  'teacher_student',
  'teacher_teacher',
  'head_teacher',
  'employer_trainee',
] as const;
const FORM_WEIGHTS = [0.2, 0.08, 0.08, 0.34, 0.18, 0.06, 0.06];
/** Which group of a school's base each form takes its mentors from. */
const FORM_MENTOR_GROUP = ['student', 'college', 'partner', 'teacher', 'teacher', 'head', 'teacher'];

interface PlannedSchool {
  seq: number;
  municipality: number;
  numberInMunicipality: number;
  kind: 'general' | 'additional';
  resourceCenter: boolean;
  mentors: number[];
  mentees: number[];
  pairs: number;
}

interface PlannedMunicipality {
  seq: number;
  schools: number;
  partners: number;
}

export interface RegionPlan {
  municipalities: PlannedMunicipality[];
  schools: PlannedSchool[];
  totals: { mentors: number; mentees: number; pairs: number; meetings: number; surveyResponses: number };
}

/** FNV-1a of a text, for seeding. */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: a small seeded PRNG, the same numbers on every machine. */
function prng(seed: string): () => number {
  let a = fnv(seed);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `total` split in proportion to `weights` (largest remainder), each part at least `min` when the total allows. */
function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const n = weights.length;
  const floor = total >= min * n ? min : 0;
  const rest = total - floor * n;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  const parts = exact.map((x) => Math.floor(x));
  let left = rest - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i]!++;
    left--;
  }
  return parts.map((p) => p + floor);
}

export function planRegion(scale: number, seed: string): RegionPlan {
  const random = prng(`${seed}:plan`);
  const count = (n: number) => Math.max(1, Math.round(n * scale));
  const totals = {
    mentors: count(REGION_SCALE.mentors),
    mentees: count(REGION_SCALE.mentees),
    pairs: count(REGION_SCALE.pairs),
    meetings: count(REGION_SCALE.meetings),
    surveyResponses: count(REGION_SCALE.surveyResponses),
  };
  const municipalityCount = count(REGION_SCALE.municipalities);
  const schoolCount = Math.max(municipalityCount, count(REGION_SCALE.schools));
  // The regional capital first, then towns and rural districts: a long tail of small ones.
  const muniWeights = Array.from({ length: municipalityCount }, (_, k) => (k + 1) ** -0.85 * (0.8 + 0.4 * random()));
  const schoolsPer = apportion(schoolCount, muniWeights, schoolCount >= 3 * municipalityCount ? 3 : 1);
  const municipalities = schoolsPer.map((schools, i) => ({ seq: i + 1, schools, partners: 2 + Math.round(schools * 0.25) }));

  const schools: PlannedSchool[] = [];
  const weights: number[] = [];
  for (const m of municipalities) {
    const urban = m.seq <= 10 ? 1.5 : 1;
    for (let k = 1; k <= m.schools; k++) {
      const additional = m.schools >= 6 && k > m.schools - Math.max(1, Math.round(m.schools * 0.07));
      // Log-normal school sizes: village schools of 80 pupils next to city schools of 1 500.
      const gauss = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      weights.push(Math.exp(0.55 * gauss) * urban * (additional ? 0.5 : 1));
      schools.push({
        seq: schools.length + 1,
        municipality: m.seq,
        numberInMunicipality: k,
        kind: additional ? 'additional' : 'general',
        resourceCenter: k === 1,
        mentors: [],
        mentees: [],
        pairs: 0,
      });
    }
  }
  const mentorsPer = apportion(totals.mentors, weights, MENTOR_CATEGORIES.length);
  const menteesPer = apportion(totals.mentees, weights, MENTEE_CATEGORIES.length);
  const pairsPer = apportion(totals.pairs, weights, 1);
  for (const [i, s] of schools.entries()) {
    s.mentors = apportion(
      mentorsPer[i]!,
      MENTOR_CATEGORIES.map(([, w]) => w),
      1,
    );
    s.mentees = apportion(
      menteesPer[i]!,
      MENTEE_CATEGORIES.map(([, w]) => w),
      1,
    );
    s.pairs = pairsPer[i]!;
  }
  return { municipalities, schools, totals };
}

// ---------------------------------------------------------------------------------------------
// Names and texts
// ---------------------------------------------------------------------------------------------

// Surnames and their feminine form: the demo seed's (seeds/people.ts).
const MALE_NAMES = [
  'Александр',
  'Алексей',
  'Андрей',
  'Артём',
  'Владимир',
  'Дмитрий',
  'Даниил',
  'Денис',
  'Евгений',
  'Егор',
  'Иван',
  'Игорь',
  'Илья',
  'Кирилл',
  'Константин',
  'Максим',
  'Матвей',
  'Михаил',
  'Никита',
  'Николай',
  'Олег',
  'Павел',
  'Роман',
  'Сергей',
  'Степан',
  'Тимофей',
  'Фёдор',
  'Юрий',
  'Ярослав',
  'Глеб',
];
const FEMALE_NAMES = [
  'Анна',
  'Анастасия',
  'Алина',
  'Валентина',
  'Вера',
  'Виктория',
  'Дарья',
  'Екатерина',
  'Елена',
  'Елизавета',
  'Ирина',
  'Ксения',
  'Людмила',
  'Марина',
  'Мария',
  'Наталья',
  'Ольга',
  'Полина',
  'Светлана',
  'София',
  'Татьяна',
  'Юлия',
  'Алёна',
  'Галина',
  'Надежда',
  'Любовь',
  'Варвара',
  'Вероника',
  'Кристина',
  'Оксана',
];
const PATRONYMICS = [
  'Александрович',
  'Алексеевич',
  'Андреевич',
  'Викторович',
  'Владимирович',
  'Дмитриевич',
  'Евгеньевич',
  'Иванович',
  'Игоревич',
  'Михайлович',
  'Николаевич',
  'Олегович',
  'Павлович',
  'Петрович',
  'Романович',
  'Сергеевич',
  'Юрьевич',
  'Геннадьевич',
  'Анатольевич',
  'Борисович',
  'Васильевич',
  'Валерьевич',
  'Константинович',
  'Максимович',
  'Степанович',
  'Фёдорович',
  'Григорьевич',
  'Леонидович',
  'Станиславович',
  'Вячеславович',
];
const femaleSurname = (s: string) => surnameFor(s, 'f');
const femalePatronymic = (p: string) => p.replace(/ич$/, 'на');

/** Names of the municipalities (masculine adjectives: «… муниципальный округ»); the first is the capital. */
const MUNICIPALITY_NAMES = [
  'Энский',
  'Заречный',
  'Берёзовский',
  'Озёрный',
  'Лесной',
  'Красноярский',
  'Северный',
  'Камышинский',
  'Сосновский',
  'Ключевской',
  'Луговской',
  'Светлогорский',
  'Краснопольский',
  'Никольский',
  'Покровский',
  'Троицкий',
  'Успенский',
  'Каменский',
  'Малиновский',
  'Речной',
  'Дубровский',
  'Ольховский',
  'Кедровский',
  'Рябиновский',
  'Верхнепольский',
  'Нижнедольский',
  'Степной',
  'Полевской',
  'Зеленовский',
  'Ивановский',
  'Петровский',
  'Славянский',
  'Солнечный',
  'Горный',
  'Медведевский',
  'Белоярский',
  'Черёмуховский',
  'Вишнёвский',
  'Тополинский',
  'Ясеневский',
  'Калиновский',
  'Боровской',
  'Ручейный',
  'Родниковский',
  'Сиреневский',
  'Брусничный',
  'Луговой',
  'Приозёрный',
  'Подгорный',
  'Заозёрный',
  'Приречный',
  'Лужский',
  'Холмогорский',
  'Васильевский',
  'Михайловский',
  'Александровский',
  'Андреевский',
  'Сергиевский',
  'Георгиевский',
  'Вознесенский',
];
const genitive = (adjective: string) => adjective.replace(/(ый|ий|ой)$/, 'ого');
const SUBJECTS = [
  'математики',
  'русского языка и литературы',
  'истории',
  'физики',
  'химии',
  'биологии',
  'географии',
  'английского языка',
  'информатики',
  'начальных классов',
  'физической культуры',
  'музыки',
  'технологии',
  'обществознания',
];
const PARTNER_POSITIONS = [
  'Инженер-технолог',
  'Мастер участка',
  'Главный специалист',
  'Программист',
  'Экономист',
  'Преподаватель',
  'Руководитель отдела',
  'Художественный руководитель',
  'Тренер',
];
const PARTNER_KINDS = ['enterprise', 'enterprise', 'college', 'university', 'culture', 'sport', 'enterprise', 'other'] as const;
const PARTNER_NAMES: Record<(typeof PARTNER_KINDS)[number], [string, string]> = {
  enterprise: ['Общество с ограниченной ответственностью «%s»', 'ООО «%s»'],
  college: ['Государственное автономное профессиональное образовательное учреждение «%s колледж»', 'ГАПОУ «%s колледж»'],
  university: ['Филиал Энского государственного университета «%s»', 'Филиал ЭГУ «%s»'],
  culture: ['Муниципальное бюджетное учреждение культуры «%s»', 'МБУК «%s»'],
  sport: ['Муниципальное бюджетное учреждение «Спортивная школа «%s»»', 'МБУ СШ «%s»'],
  other: ['Автономная некоммерческая организация «%s»', 'АНО «%s»'],
};
const PARTNER_WORDS = [
  'Механический завод',
  'Агрокомплекс',
  'Технополис',
  'Политехнический',
  'Педагогический',
  'Центр культуры',
  'Олимп',
  'Энергия',
  'Молочный комбинат',
  'Лесопромышленный',
  'Цифровые решения',
  'Водоканал',
  'Строитель',
  'Медицинский',
  'Дом ремёсел',
  'Факел',
];

const TOPICS = {
  introduction: ['Знакомство, ожидания от совместной работы', 'Первая встреча: цели и правила работы'],
  trial: ['Пробное занятие: разбор урока', 'Пробная встреча: совместное задание'],
  planning: ['Составление индивидуального плана развития', 'Планирование работы на полугодие'],
  joint_work: [
    'Разбор открытого урока',
    'Подготовка к родительскому собранию',
    'Работа с рабочей программой по предмету',
    'Проектная работа: выбор темы',
    'Подготовка к олимпиаде',
    'Анализ контрольной работы',
    'Цифровые инструменты на уроке',
    'Классный час: сценарий и проведение',
    'Подготовка к ОГЭ',
    'Экскурсия на предприятие',
    'Профессиональные пробы',
    'Работа над исследовательским проектом',
  ],
  final: ['Итоги совместной работы, рефлексия', 'Подведение итогов, планы на будущее'],
} as const;
const SUMMARIES = [
  'Обсудили результаты, наметили следующие шаги',
  'Выполнили практическое задание',
  'Разобрали трудности и способы их преодоления',
  'Подготовили материалы к следующему этапу',
];
const FEEDBACK = [
  'Наставляемый активен, задание выполнено',
  'Есть прогресс, нужна поддержка в планировании',
  'Работа идёт по плану',
  'Нужно больше самостоятельности',
  'Хороший результат, продолжаем',
];
const TERMINATION = [
  'Переезд наставляемого в другой район',
  'Смена места работы наставника',
  'По взаимному согласию сторон',
  'Длительная болезнь наставника',
];
const RESULTS = [
  'Цели индивидуального плана достигнуты',
  'Наставляемый самостоятельно проводит уроки',
  'Повысилась успеваемость по предмету',
  'Проект представлен на школьной конференции',
];
const SURVEY_TEXTS = [
  'Всё понравилось',
  'Хотелось бы чаще встречаться',
  'Полезный опыт',
  'Спасибо наставнику!',
  'Не хватало времени',
  'Буду участвовать ещё',
];

const SURVEY_QUESTIONS = {
  mentee: [
    ['Насколько вы довольны работой с наставником?', 'scale', true],
    ['Насколько полезными были встречи?', 'scale', true],
    ['Насколько вам было комфортно общаться с наставником?', 'scale', true],
    ['Порекомендуете ли вы участие в наставничестве другим?', 'scale', false],
    ['Что бы вы предложили изменить?', 'text', false],
  ],
  mentor: [
    ['Насколько вы довольны работой в программе наставничества?', 'scale', true],
    ['Насколько достигнуты цели индивидуального плана?', 'scale', true],
    ['Насколько достаточной была поддержка куратора?', 'scale', true],
    ['Готовы ли вы стать наставником снова?', 'scale', false],
    ['Ваши предложения по организации наставничества', 'text', false],
  ],
} as const;

const MUNICIPAL_ROADMAP = [
  ['1', 'Нормативное обеспечение муниципальной целевой модели наставничества', null, null],
  ['1.1', 'Утверждение Положения о муниципальной целевой модели наставничества', 'до 01.03.2022', 'Управление образования'],
  [
    '1.2',
    'Утверждение дорожной карты внедрения целевой модели наставничества',
    'до 15.03.2022',
    'Управление образования, МКУ «ИМЦОУ»',
  ],
  ['1.3', 'Назначение муниципального координатора', 'до 31.03.2022', 'Управление образования'],
  ['2', 'Организационно-методическое сопровождение', null, null],
  ['2.1', 'Формирование муниципальной базы наставников и наставляемых', 'в течение всего периода', 'МКУ «ИМЦОУ», кураторы ОО'],
  ['2.2', 'Семинары для кураторов и наставников', 'до 31.12.2023', 'МКУ «ИМЦОУ»'],
  ['2.3', 'Формирование банка лучших практик наставничества', 'до 30.06.2024', 'МКУ «ИМЦОУ», руководители ОУ'],
  ['2.4', 'Муниципальный конкурс «Лучший наставник»', 'до 30.04.2025', 'Управление образования, МКУ «ИМЦОУ»'],
  ['3', 'Мониторинг и оценка', null, null],
  ['3.1', 'Мониторинг реализации программ наставничества в ОО', 'до 31.12.2025', 'МКУ «ИМЦОУ»'],
  ['3.2', 'Анкетирование участников программ наставничества', 'до 31.05.2026', 'МКУ «ИМЦОУ», кураторы ОО'],
  ['3.3', 'Аналитический отчёт о реализации целевой модели наставничества', 'до 20.12.2026', 'МКУ «ИМЦОУ»'],
] as const;
const SCHOOL_ROADMAP = [
  ['1', 'Нормативное правовое регулирование', null, null],
  ['1.1', 'Приказ о внедрении целевой модели наставничества в ОО', 'до 30.08.2022', 'Руководитель ОО'],
  ['1.2', 'Разработка и утверждение Положения о наставничестве в ОО', 'до 30.08.2022', 'Руководитель ОО, куратор ОО'],
  ['1.3', 'Разработка программ наставничества по формам', 'до 31.12.2022', 'Куратор ОО'],
  ['2', 'Формирование баз и наставнических пар', null, null],
  ['2.1', 'Формирование базы наставников', 'в течение всего периода', 'Куратор ОО'],
  ['2.2', 'Формирование базы наставляемых', 'в течение всего периода', 'Куратор ОО'],
  ['2.3', 'Закрепление наставнических пар приказом', 'до 30.09.2025', 'Руководитель ОО'],
  ['3', 'Мониторинг', null, null],
  ['3.1', 'Анкетирование наставников и наставляемых', 'до 31.05.2026', 'Куратор ОО'],
  ['3.2', 'Отчёт о реализации программ наставничества', 'до 25.12.2026', 'Куратор ОО, руководитель ОО'],
] as const;
const ROADMAP_PERIOD = { from: 2022, to: 2026 } as const;

// ---------------------------------------------------------------------------------------------
// SQL helpers: deterministic pseudo-randomness from the seed
// ---------------------------------------------------------------------------------------------

type Db = Kysely<Database> | Transaction<Database>;

const textLiteral = (s: string) => {
  if (/['\\]/.test(s)) throw new Error(`generator text with a quote: ${s}`);
  return `'${s}'`;
};
const textArray = (items: readonly string[]) => `array[${items.map(textLiteral).join(',')}]::text[]`;

class Chance {
  constructor(private readonly seed: string) {}
  /** A float in [0, 1) from the salt and a key expression (any SQL value). */
  u(salt: string, key: string): string {
    return `((hashtext('${this.seed}:${salt}:' || (${key})::text)::float8 + 2147483648.0) / 4294967296.0)`;
  }
  /** An integer in [0, n). */
  int(salt: string, key: string, n: number | string): string {
    return `floor(${this.u(salt, key)} * (${n}))::int`;
  }
  /** An element of the list. */
  pick(salt: string, key: string, items: readonly string[]): string {
    return `(${textArray(items)})[1 + ${this.int(salt, key, items.length)}]`;
  }
  /** One of the labels by weight, from a float column/expression in [0, 1) computed once. */
  static weighted(u: string, choices: ReadonlyArray<readonly [string, number]>): string {
    const total = choices.reduce((a, [, w]) => a + w, 0);
    let acc = 0;
    const whens = choices.slice(0, -1).map(([label, w]) => {
      acc += w / total;
      return `when ${u} < ${acc.toFixed(6)} then ${textLiteral(label)}`;
    });
    return `(case ${whens.join(' ')} else ${textLiteral(choices[choices.length - 1]![0])} end)`;
  }
}

async function run(db: Db, text: string): Promise<void> {
  const t0 = performance.now();
  await sql.raw(text).execute(db);
  if (process.env.GENERATOR_DEBUG)
    console.log(`    ${((performance.now() - t0) / 1000).toFixed(2)} s  ${text.replace(/\s+/g, ' ').slice(0, 90)}`);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

export async function generateRegion(db: Kysely<Database>, options: GenerateOptions = {}): Promise<GenerateResult> {
  const started = performance.now();
  const scale = options.scale ?? 1;
  const seed = options.seed ?? DEFAULT_SEED;
  const today = options.today ?? todayIso();
  const password = options.password ?? BENCH_PASSWORD;
  const log = options.log ?? (() => {});
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(seed)) throw new Error('seed: letters, digits, . _ - only (up to 40)');
  if (!(scale > 0 && scale <= 10)) throw new Error('scale must be in (0, 10]');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error('today must be YYYY-MM-DD');

  const holdsData = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  if (holdsData && !options.force) {
    throw new Error('The database already holds data; run with --force to empty it and generate the region anew.');
  }
  const passwordHash = options.passwordHash ?? (await hashPassword(password));
  const plan = planRegion(scale, seed);
  const marker: DatasetMarker = { version: GENERATOR_VERSION, seed, scale, today };
  const accounts: GenerateResult['accounts'] = [];

  await db.transaction().execute(async (trx) => {
    if (holdsData) {
      const { rows } = await sql<{ tablename: string }>`
        select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'`.execute(trx);
      await sql`truncate ${sql.join(rows.map((r) => sql.table(r.tablename)))} restart identity cascade`.execute(trx);
      log('emptied the database (--force)');
    }
    // Bulk load: no row triggers (indicator freshness) and no foreign-key triggers; all ids are ours.
    await run(trx, `set local session_replication_role = replica`);
    await run(trx, `set local synchronous_commit = off`);
    await run(trx, `set local work_mem = '256MB'`);
    // Compiling these long expressions with LLVM takes longer than running them.
    await run(trx, `set local jit = off`);
    // Temporary tables of the plan live in local buffers: with the default 8 MB every access evicts.
    await run(trx, `savepoint temp_buffers`);
    try {
      await run(trx, `set local temp_buffers = '1GB'`);
      await run(trx, `release savepoint temp_buffers`);
    } catch {
      await run(trx, `rollback to savepoint temp_buffers`); // this session has used temporary tables already
    }
    const step = stepTimer(log);
    const ids = await insertOrganizations(trx, plan, seed);
    step('organisations');
    await createPlanTables(trx, plan, ids);
    await insertPeople(trx, new Chance(seed), today);
    step('people');
    await insertPairs(trx, new Chance(seed), today);
    step('pairs');
    await insertMeetings(trx, new Chance(seed), plan.totals.meetings);
    step('meetings');
    await insertSurveys(trx, new Chance(seed), today, plan);
    step('surveys');
    await insertIndicators(trx, new Chance(seed), today, ids);
    step('indicators and contingents');
    await insertRoadmaps(trx, new Chance(seed), today, ids);
    step('roadmaps');
    accounts.push(...(await insertUsers(trx, ids, passwordHash)));
    step('users');
    await insertMonitoring(trx, new Chance(seed), today);
    step('monitoring campaigns');
    for (const table of [
      'organizations',
      'users',
      'mentors',
      'mentees',
      'programmes',
      'pair_orders',
      'pairs',
      'meetings',
      'survey_templates',
      'survey_questions',
      'surveys',
      'survey_responses',
      'roadmaps',
      'roadmap_items',
      'monitoring_campaigns',
      'monitoring_fields',
      'monitoring_documents',
      'monitoring_submissions',
      'monitoring_events',
      'monitoring_snapshots',
    ]) {
      await run(
        trx,
        `select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`,
      );
    }
    // Every municipality recomputes its summary tables on the first dashboard request.
    await run(
      trx,
      `insert into indicator_freshness (municipality_id, version, stale, changed_at)
      select id, 1, true, now() from organizations where type = 'municipality'`,
    );
    await writeMarker(trx, marker);
  });
  // Statistics for the planner, and the visibility map / hint bits autovacuum would set soon after
  // a bulk load anyway (index-only scans; the first readers do not pay for the hint bits).
  log('vacuum analyze …');
  await sql`vacuum analyze`.execute(db);
  const counts = await datasetCounts(db);
  return { counts, marker, accounts, password, seconds: (performance.now() - started) / 1000 };
}

function stepTimer(log: (line: string) => void): (what: string) => void {
  let last = performance.now();
  return (what) => {
    const now = performance.now();
    log(`  ${what}: ${((now - last) / 1000).toFixed(1)} s`);
    last = now;
  };
}

interface OrgIds {
  region: number;
  municipalities: Array<{
    seq: number;
    id: number;
    name: string;
    department: number;
    methodCenter: number;
    partners: number[];
    schools: Array<{ seq: number; id: number; name: string }>;
  }>;
}

async function insertOrganizations(trx: Transaction<Database>, plan: RegionPlan, seed: string): Promise<OrgIds> {
  const random = prng(`${seed}:organizations`);
  const rows: Array<NewOrganization & { id: number }> = [];
  let next = 1;
  const region = next++;
  rows.push({
    id: region,
    type: 'region',
    full_name: 'Министерство образования Энской области',
    short_name: 'Энская область',
    parent_id: null,
    municipality_id: null,
  });
  const result: OrgIds = { region, municipalities: [] };
  // Municipalities first, so that their ids are 2..M+1 in the plan's order.
  for (const m of plan.municipalities) {
    const adjective = MUNICIPALITY_NAMES[(m.seq - 1) % MUNICIPALITY_NAMES.length]!;
    const suffix = m.seq > MUNICIPALITY_NAMES.length ? ` ${Math.ceil(m.seq / MUNICIPALITY_NAMES.length)}` : '';
    const name = m.seq === 1 ? 'Городской округ «Город Энск»' : `${adjective} муниципальный округ${suffix}`;
    const id = next++;
    rows.push({
      id,
      type: 'municipality',
      full_name: `${name} Энской области`,
      short_name: name,
      parent_id: region,
      municipality_id: id,
      address: m.seq === 1 ? 'Энская область, г. Энск' : `Энская область, ${adjective} район`,
    });
    result.municipalities.push({ seq: m.seq, id, name, department: 0, methodCenter: 0, partners: [], schools: [] });
  }
  let schoolSeq = 0;
  for (const [i, m] of plan.municipalities.entries()) {
    const muni = result.municipalities[i]!;
    const adjective = MUNICIPALITY_NAMES[(m.seq - 1) % MUNICIPALITY_NAMES.length]!;
    const place = m.seq === 1 ? 'г. Энск' : `${adjective} район`;
    muni.department = next++;
    rows.push({
      id: muni.department,
      type: 'department',
      full_name:
        m.seq === 1
          ? 'Управление образования Администрации города Энска'
          : `Управление образования Администрации ${genitive(adjective)} муниципального округа`,
      short_name: 'Управление образования',
      parent_id: muni.id,
      municipality_id: muni.id,
      head_name: 'Начальник управления',
      phone: `+7 (341${pad(m.seq, 2)}) 2-10-01`,
    });
    muni.methodCenter = next++;
    rows.push({
      id: muni.methodCenter,
      type: 'method_center',
      full_name: 'Муниципальное казённое учреждение «Информационно-методический центр образовательных учреждений»',
      short_name: 'МКУ «ИМЦОУ»',
      parent_id: muni.id,
      municipality_id: muni.id,
    });
    for (let k = 1; k <= m.schools; k++) {
      const s = plan.schools[schoolSeq++]!;
      const id = next++;
      let short: string;
      let full: string;
      if (s.kind === 'additional') {
        const [f, sh] = [
          ['Дом детского творчества', 'ДДТ'],
          ['Детско-юношеская спортивная школа', 'ДЮСШ'],
          ['Центр дополнительного образования', 'ЦДО'],
        ][k % 3]!;
        short = `МБУ ДО «${sh} № ${k}»`;
        full = `Муниципальное бюджетное учреждение дополнительного образования «${f} № ${k}»`;
      } else {
        const r = random();
        const [f, sh] =
          r < 0.1
            ? ['Лицей', 'Лицей']
            : r < 0.2
              ? ['Гимназия', 'Гимназия']
              : r < 0.3 && m.seq > 1
                ? ['Основная общеобразовательная школа', 'ООШ']
                : ['Средняя общеобразовательная школа', 'СОШ'];
        short = `МБОУ «${sh} № ${k}»`;
        full = `Муниципальное бюджетное общеобразовательное учреждение «${f} № ${k}»`;
      }
      rows.push({
        id,
        type: 'school',
        school_kind: s.kind,
        is_resource_center: s.resourceCenter,
        full_name: full,
        short_name: short,
        parent_id: muni.id,
        municipality_id: muni.id,
        address: `Энская область, ${place}, ул. Школьная, д. ${k}`,
        head_name: `${SURNAMES[Math.floor(random() * SURNAMES.length)]} ${MALE_NAMES[Math.floor(random() * MALE_NAMES.length)]}`,
        head_position: 'Директор',
      });
      muni.schools.push({ seq: s.seq, id, name: short });
    }
    for (let k = 0; k < m.partners; k++) {
      const kind = PARTNER_KINDS[k % PARTNER_KINDS.length]!;
      const word = `${PARTNER_WORDS[Math.floor(random() * PARTNER_WORDS.length)]}${k >= PARTNER_WORDS.length ? ` ${k}` : ''}`;
      const [full, short] = PARTNER_NAMES[kind];
      const id = next++;
      rows.push({
        id,
        type: 'partner',
        partner_kind: kind,
        full_name: full.replace('%s', word),
        short_name: short.replace('%s', `${word} ${k + 1}`),
        parent_id: muni.id,
        municipality_id: muni.id,
        address: `Энская область, ${place}`,
      });
      muni.partners.push(id);
    }
  }
  // The triggers are off here (session_replication_role = replica), so the slug trigger of
  // migration 0037 does not fill the public address: each gets its type and id, unique by the id.
  const withSlugs = rows.map((r) => ({ ...r, slug: `${r.type.replace(/_/g, '-')}-${r.id}` }));
  for (let i = 0; i < withSlugs.length; i += 500)
    await trx
      .insertInto('organizations')
      .values(withSlugs.slice(i, i + 500))
      .execute();
  return result;
}

/** The plan as temporary tables the set-based inserts join: schools, blocks of people, municipalities. */
async function createPlanTables(trx: Transaction<Database>, plan: RegionPlan, ids: OrgIds): Promise<void> {
  await run(
    trx,
    `create temp table gen_school (seq int primary key, school_id int, muni_id int, muni_seq int,
    partner_first int, partners int, pairs int, pair_first int) on commit drop`,
  );
  await run(
    trx,
    `create temp table gen_block (side text, school_id int, muni_id int, category text, n int, first_id int) on commit drop`,
  );
  const schoolRows: string[] = [];
  const blockRows: string[] = [];
  let pairFirst = 1;
  let mentorFirst = 1;
  let menteeFirst = 1;
  for (const muni of ids.municipalities) {
    for (const s of muni.schools) {
      const planned = plan.schools[s.seq - 1]!;
      schoolRows.push(
        `(${s.seq}, ${s.id}, ${muni.id}, ${muni.seq}, ${muni.partners[0]}, ${muni.partners.length}, ${planned.pairs}, ${pairFirst})`,
      );
      pairFirst += planned.pairs;
      for (const [i, [category]] of MENTOR_CATEGORIES.entries()) {
        const n = planned.mentors[i]!;
        if (n > 0) blockRows.push(`('mentor', ${s.id}, ${muni.id}, '${category}', ${n}, ${mentorFirst})`);
        mentorFirst += n;
      }
      for (const [i, [category]] of MENTEE_CATEGORIES.entries()) {
        const n = planned.mentees[i]!;
        if (n > 0) blockRows.push(`('mentee', ${s.id}, ${muni.id}, '${category}', ${n}, ${menteeFirst})`);
        menteeFirst += n;
      }
    }
  }
  for (let i = 0; i < schoolRows.length; i += 1000)
    await run(trx, `insert into gen_school values ${schoolRows.slice(i, i + 1000).join(',')}`);
  for (let i = 0; i < blockRows.length; i += 1000)
    await run(trx, `insert into gen_block values ${blockRows.slice(i, i + 1000).join(',')}`);
  await run(
    trx,
    `create temp table gen_muni on commit drop as
    select muni_id, muni_seq, count(*)::int as schools from gen_school group by muni_id, muni_seq`,
  );
}

/** SQL for a person's name columns from the person's key; `female` is a boolean expression. */
function nameColumns(c: Chance, key: string, female: string): string {
  const fs = SURNAMES.map(femaleSurname);
  const fp = PATRONYMICS.map(femalePatronymic);
  return `case when ${female} then ${c.pick('ln', key, fs)} else ${c.pick('ln', key, SURNAMES)} end,
    case when ${female} then ${c.pick('fn', key, FEMALE_NAMES)} else ${c.pick('fn', key, MALE_NAMES)} end,
    case when ${female} then ${c.pick('mn', key, fp)} else ${c.pick('mn', key, PATRONYMICS)} end`;
}

function ageGroupSql(birth: string, today: string): string {
  const age = `extract(year from age(date '${today}', ${birth}))`;
  return `case when ${birth} is null then null when ${age} < 10 then 'до 10 лет' when ${age} <= 14 then '10–14 лет'
    when ${age} <= 19 then '15–19 лет' when ${age} <= 29 then '20–29 лет' when ${age} <= 39 then '30–39 лет'
    when ${age} <= 49 then '40–49 лет' when ${age} <= 59 then '50–59 лет' else '60 лет и старше' end`;
}

async function insertPeople(trx: Transaction<Database>, c: Chance, today: string): Promise<void> {
  const year = Number(today.slice(0, 4));
  const T = `date '${today}'`;
  // When the person came into the base: from the model's start, more of them lately.
  const created = (salt: string) => `(date '2021-09-01' + floor((${T} - date '2021-09-01') * sqrt(${c.u(salt, 'id')}))::int)`;

  await run(
    trx,
    `create temp table gen_mentor on commit drop as
    select b.first_id + k as id, b.school_id, b.muni_id, b.category, ${c.u('msex', 'b.first_id + k')} < 0.72 as female,
      case b.category
        when 'student' then make_date(${year - 21}, 1, 1) + ${c.int('mb', 'b.first_id + k', 365 * 7)}
        when 'university_student' then make_date(${year - 23}, 1, 1) + ${c.int('mb', 'b.first_id + k', 365 * 4)}
        when 'graduate' then make_date(${year - 27}, 1, 1) + ${c.int('mb', 'b.first_id + k', 365 * 6)}
        when 'school_head' then make_date(${year - 62}, 1, 1) + ${c.int('mb', 'b.first_id + k', 365 * 26)}
        else make_date(${year - 64}, 1, 1) + ${c.int('mb', 'b.first_id + k', 365 * 40)}
      end as birth_date,
      case when b.category = 'partner_employee' then (select s.partner_first + ${c.int('po', 'b.first_id + k', 's.partners')} from gen_school s where s.school_id = b.school_id limit 1)
        else b.school_id end as origin
    from gen_block b cross join lateral generate_series(0, b.n - 1) k where b.side = 'mentor'`,
  );

  await run(
    trx,
    `insert into mentors (id, organization_id, origin_organization_id, last_name, first_name, middle_name, category, position,
      birth_date, forms, capacity, qualification, consent_date, consent_number, consent_by, status, archived_at, age_group, created_at, updated_at)
    select id, school_id, origin, ${nameColumns(c, 'id', 'female')}, category,
      case category when 'teacher' then 'Учитель ' || ${c.pick('subj', 'id', SUBJECTS)}
        when 'school_head' then ${c.pick('hp', 'id', ['Директор', 'Заместитель директора по УВР', 'Заместитель директора по ВР'])}
        when 'partner_employee' then ${c.pick('pp', 'id', PARTNER_POSITIONS)}
        when 'university_student' then 'Студент'
        when 'graduate' then 'Выпускник школы'
        else null end,
      birth_date,
      case category when 'student' then array['student_student'] when 'partner_employee' then array['employer_student']
        when 'university_student' then array['college_student'] when 'graduate' then array['college_student']
        when 'school_head' then array['head_teacher', 'teacher_teacher']
        else case when ${c.u('mf', 'id')} < 0.3 then array['teacher_student', 'teacher_teacher', 'employer_trainee'] else array['teacher_student', 'teacher_teacher'] end end,
      case category when 'teacher' then 1 + ${c.int('cap', 'id', 3)} when 'school_head' then 2 + ${c.int('cap', 'id', 3)}
        when 'partner_employee' then 1 + ${c.int('cap', 'id', 5)} else 1 + ${c.int('cap', 'id', 2)} end,
      case when category in ('teacher', 'school_head') then ${c.pick('q', 'id', ['высшая категория', 'первая категория', 'соответствие занимаемой должности'])} end,
      cons, case when cons is not null then 'С-' || id end,
      case when cons is not null and category = 'student' and birth_date > ${T} - interval '18 years' then
        ${c.pick('cb', 'id', SURNAMES.map(femaleSurname))} || ' ' || ${c.pick('cbn', 'id', FEMALE_NAMES)} end,
      st, case when st = 'left' and ${c.u('arch', 'id')} < 0.5 then created_at + interval '200 days' end,
      ${ageGroupSql('birth_date', today)}, created_at, created_at
    from (
      select m.*, case when ${c.u('cons', 'id')} < 0.93 then least(${T}, created_at::date + ${c.int('cd', 'id', 20)}) end as cons,
        case when category = 'student' and birth_date < make_date(${year - 18}, 9, 1) then 'left'
          when ${c.u('st', 'id')} < 0.04 then 'left' when ${c.u('st', 'id')} < 0.64 then 'active' else 'potential' end as st
      from (select g.*, (${created('mc')})::timestamp + interval '10 hours' as created_at from gen_mentor g) m
    ) x order by id`,
  );

  await run(
    trx,
    `create temp table gen_mentee on commit drop as
    select b.first_id + k as id, b.school_id, b.category, ${c.u('esex', 'b.first_id + k')} < (case when b.category = 'student' then 0.5 else 0.8 end) as female,
      case b.category
        when 'student' then make_date(${year - 21}, 1, 1) + ${c.int('eb', 'b.first_id + k', 365 * 12)}
        when 'trainee' then make_date(${year - 24}, 1, 1) + ${c.int('eb', 'b.first_id + k', 365 * 5)}
        when 'young_specialist' then make_date(${year - 29}, 1, 1) + ${c.int('eb', 'b.first_id + k', 365 * 7)}
        else make_date(${year - 55}, 1, 1) + ${c.int('eb', 'b.first_id + k', 365 * 30)}
      end as birth_date,
      case b.category
        -- Young specialists start on 1 September (or soon after) of the years 2019..now.
        when 'young_specialist' then least(${T}, make_date(2019 + ${c.int('ts', 'b.first_id + k', year - 2019 + 1)}, 9, 1) + ${c.int('tsd', 'b.first_id + k', 45)})
        when 'new_teacher' then make_date(${year - 25}, 9, 1) + ${c.int('ts', 'b.first_id + k', 365 * 23)}
        when 'struggling_teacher' then make_date(${year - 30}, 9, 1) + ${c.int('ts', 'b.first_id + k', 365 * 26)}
      end as teaching_since
    from gen_block b cross join lateral generate_series(0, b.n - 1) k where b.side = 'mentee'`,
  );
  await run(trx, `update gen_mentee set teaching_since = ${T} - 30 where teaching_since > ${T}`);

  await run(
    trx,
    `insert into mentees (id, organization_id, last_name, first_name, middle_name, category, class_name, position, birth_date,
      teaching_since, consent_date, consent_by, consent_number, status, archived_at, age_group, created_at, updated_at)
    select id, school_id, ${nameColumns(c, 'id', 'female')}, category,
      case when category = 'student' and st <> 'left' and grade between 1 and 11 then grade || ${c.pick('cl', 'id', ['А', 'Б', 'В', 'Г'])} end,
      case category when 'student' then null when 'trainee' then 'Студент-практикант'
        else 'Учитель ' || ${c.pick('subj', 'id', SUBJECTS)} end,
      birth_date, teaching_since, cons,
      case when cons is not null and birth_date > ${T} - interval '18 years' then
        ${c.pick('cb', 'id', SURNAMES.map(femaleSurname))} || ' ' || ${c.pick('cbn', 'id', FEMALE_NAMES)} end,
      case when cons is not null then 'С-' || id end,
      st, case when st = 'left' and ${c.u('arch', 'id')} < 0.5 then created_at + interval '200 days' end,
      ${ageGroupSql('birth_date', today)}, created_at, created_at
    from (
      select m.*, case when ${c.u('cons', 'id')} < 0.9 then least(${T}, created_at::date + ${c.int('cd', 'id', 20)}) end as cons,
        case when category = 'student' and birth_date < make_date(${year - 18}, 9, 1) then 'left'
          when ${c.u('st', 'id')} < 0.04 then 'left' when ${c.u('st', 'id')} < 0.6 then 'active' else 'potential' end as st,
        extract(year from age(make_date(${Number(today.slice(5, 7)) >= 9 ? year : year - 1}, 9, 1), birth_date))::int - 6 as grade
      from (select g.*, (${created('ec')})::timestamp + interval '11 hours' as created_at from gen_mentee g) m
    ) x order by id`,
  );

  // Who can be picked for a pair: rank within (school, group), students and young specialists by
  // birth date / start of teaching, so that a year's eligible ones are a range of ranks.
  await run(
    trx,
    `create temp table gen_mrank on commit drop as
    select id, school_id, grp, sortkey, row_number() over (partition by school_id, grp order by sortkey, id)::int as rk
    from (select id, school_id, case category when 'university_student' then 'college' when 'graduate' then 'college'
        when 'partner_employee' then 'partner' when 'school_head' then 'head' else category end as grp,
        case when category = 'student' then birth_date end as sortkey from gen_mentor) x`,
  );
  await run(
    trx,
    `create temp table gen_erank on commit drop as
    select id, school_id, grp, sortkey, row_number() over (partition by school_id, grp order by sortkey, id)::int as rk
    from (select id, school_id, case category when 'young_specialist' then 'young' when 'new_teacher' then 'teacher'
        when 'struggling_teacher' then 'teacher' else category end as grp,
        case category when 'student' then birth_date when 'young_specialist' then teaching_since end as sortkey from gen_mentee) x`,
  );
  for (const t of ['gen_mrank', 'gen_erank']) {
    await run(trx, `create index on ${t} (school_id, grp, rk)`);
    await run(
      trx,
      `create temp table ${t}_count on commit drop as select school_id, grp, count(*)::int as n from ${t} group by school_id, grp`,
    );
    await run(trx, `analyze ${t}, ${t}_count`);
  }
  // Per year: student mentors 15–19 and student mentees 10–18 on 1 January, young specialists with
  // 0–3 years of teaching.
  const years = `generate_series(${FIRST_YEAR - 1}, ${year}) y`;
  await run(
    trx,
    `create temp table gen_range on commit drop as
    select 'mentor' as side, school_id, grp, y as year, min(rk) as lo, max(rk) as hi from gen_mrank cross join ${years}
      where grp = 'student' and sortkey > make_date(y - 20, 1, 1) and sortkey <= make_date(y - 15, 1, 1) group by school_id, grp, y
    union all
    select 'mentee', school_id, grp, y, min(rk), max(rk) from gen_erank cross join ${years}
      where (grp = 'student' and sortkey > make_date(y - 19, 1, 1) and sortkey <= make_date(y - 10, 1, 1))
         or (grp = 'young' and sortkey > make_date(y - 3, 1, 1) and sortkey <= make_date(y, 10, 1))
      group by school_id, grp, y`,
  );
  await run(trx, `analyze gen_range`);
}

async function insertPairs(trx: Transaction<Database>, c: Chance, today: string): Promise<void> {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const T = `date '${today}'`;
  const currentSchoolYear = month >= 9 ? year : year - 1;
  const elapsed = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${currentSchoolYear}-09-01T00:00:00Z`)) / 86_400_000;
  // Pairs by the school year they start in: growing every year, the current one as far as it went.
  const schoolYears: Array<[string, number]> = [];
  for (let sy = FIRST_YEAR - 1; sy <= currentSchoolYear; sy++) {
    let w = sy === FIRST_YEAR - 1 ? 0.5 : 1 + 0.35 * (sy - FIRST_YEAR);
    if (sy === currentSchoolYear) w *= Math.min(1, 0.35 + elapsed / 120);
    schoolYears.push([String(sy), w]);
  }
  const forms = FORM_WEIGHTS.map((w, i) => [String(i + 1), w] as const);
  const kinds: Array<[string, number]> = [
    ['traditional', 0.5],
    ['group', 0.15],
    ['short_term', 0.1],
    ['virtual', 0.08],
    ['reverse', 0.05],
    ['situational', 0.07],
    ['speed', 0.05],
  ];

  // Programmes: one per school and form, ids (school seq - 1) * 7 + form number.
  await run(
    trx,
    `insert into programmes (id, organization_id, title, form, target_group, goals, duration, bank_status, created_at, updated_at)
    select (s.seq - 1) * 7 + f.n, s.school_id, (${textArray(PROGRAMME_TITLES)})[f.n], (${textArray(FORMS)})[f.n],
      (${textArray(PROGRAMME_TARGETS)})[f.n], 'Цели программы по форме наставничества', '1 учебный год',
      case when ${c.u('bank', '(s.seq - 1) * 7 + f.n')} < 0.08 then 'accepted' when ${c.u('bank', '(s.seq - 1) * 7 + f.n')} < 0.11 then 'submitted' else 'none' end,
      timestamp '2021-08-25 10:00', timestamp '2021-08-25 10:00'
    from gen_school s cross join generate_series(1, 7) f(n) order by 1`,
  );
  await run(
    trx,
    `update programmes set bank_submitted_at = timestamp '2022-10-01 10:00',
      bank_reviewed_at = case when bank_status = 'accepted' then timestamp '2022-11-01 10:00' end where bank_status <> 'none'`,
  );

  await run(
    trx,
    `create temp table gen_pair0 on commit drop as
    select s.pair_first + k - 1 as id, s.seq as school_seq, s.school_id,
      ${Chance.weighted('uf', forms)}::int as form_no, ${Chance.weighted('uk', kinds)} as kind, ${Chance.weighted('us', schoolYears)}::int as sy,
      uo, ust, ua, ue, ug, un
    from gen_school s cross join lateral generate_series(1, s.pairs) k
    cross join lateral (select ${c.u('form', 's.pair_first + k')} as uf, ${c.u('kind', 's.pair_first + k')} as uk, ${c.u('sy', 's.pair_first + k')} as us,
      ${c.u('off', 's.pair_first + k')} as uo, ${c.u('status', 's.pair_first + k')} as ust, ${c.u('act', 's.pair_first + k')} as ua,
      ${c.u('end', 's.pair_first + k')} as ue, ${c.u('grp', 's.pair_first + k')} as ug, ${c.u('n', 's.pair_first + k')} as un offset 0) r`,
  );

  await run(
    trx,
    `create temp table gen_pair1 on commit drop as
    select p.*, (${textArray(FORMS)})[form_no] as form,
      least(case when sy = ${FIRST_YEAR - 1} then make_date(${FIRST_YEAR}, 1, 10) + floor(uo * 70)::int
        else make_date(sy, 9, 1) + floor(200 * power(uo, 2.2))::int end, ${T} + 14 - floor(ua * 40)::int) as planned_start
    from gen_pair0 p`,
  );

  await run(
    trx,
    `create temp table gen_pair2 on commit drop as
    select p.*, case
        when kind in ('traditional', 'group', 'virtual', 'reverse') then
          greatest(planned_start + 30, make_date(extract(year from planned_start + 120)::int + case when form = 'teacher_teacher' and ue < 0.3 then 1 else 0 end, 5, 20) + floor(ue * 11)::int)
        when kind = 'short_term' then planned_start + 60 + floor(ue * 61)::int
        when kind = 'situational' then planned_start + 14 + floor(ue * 47)::int
        else planned_start + 7 + floor(ue * 15)::int end as planned_end
    from gen_pair1 p`,
  );

  await run(
    trx,
    `create temp table gen_pair3 on commit drop as
    select p.*, case
        when planned_start > ${T} - 5 then case when planned_start <= ${T} and ust < 0.3 then 'active' else 'forming' end
        when planned_end < ${T} then case when ust < 0.84 then 'completed' when ust < 0.95 then 'terminated' else 'active' end
        else case when ust < 0.9 then 'active' when ust < 0.96 then 'terminated' else 'forming' end end as status
    from gen_pair2 p`,
  );

  await run(
    trx,
    `create temp table gen_pair on commit drop as
    select p.*, extract(year from planned_start)::int as year,
      (school_seq - 1) * 7 + form_no as programme_id,
      case when kind = 'group' then 2 + floor(un * 4)::int else 1 end as nmentees,
      case when kind <> 'group' and un < 0.04 then 2 else 1 end as nmentors,
      (${textArray(FORM_MENTOR_GROUP)})[form_no] as mentor_grp,
      case form when 'teacher_teacher' then case when ug < 0.65 then 'young' else 'teacher' end
        when 'head_teacher' then case when ug < 0.4 then 'young' else 'teacher' end
        when 'employer_trainee' then 'trainee' else 'student' end as mentee_grp,
      case when status <> 'forming' then least(${T}, planned_start + floor(ua * 8)::int) end as activated_on,
      planned_start - 5 - floor(ua * 25)::int as created_on
    from gen_pair3 p`,
  );
  await run(trx, `alter table gen_pair add column completed_on date, add column terminated_on date, add column end_on date`);
  await run(
    trx,
    `update gen_pair set completed_on = least(${T}, greatest(activated_on, planned_end - 10 + floor(ue * 21)::int)) where status = 'completed'`,
  );
  await run(
    trx,
    `update gen_pair set terminated_on = activated_on + floor((least(planned_end, ${T}) - activated_on) * (0.15 + 0.7 * ust))::int where status = 'terminated'`,
  );
  // Meetings run to the end of the pair, or to today; some active pairs went silent a month or two ago.
  await run(
    trx,
    `update gen_pair set end_on = case
      when status = 'completed' then completed_on when status = 'terminated' then terminated_on
      when planned_end < ${T} then planned_end
      when ug > 0.92 then greatest(activated_on, ${T} - 30 - floor(ue * 30)::int)
      else ${T} end where status <> 'forming'`,
  );
  await run(trx, `create index on gen_pair (id)`);
  await run(trx, `analyze gen_pair`);

  // One order per school and school year fixes its pairs; its date is the first activation.
  await run(
    trx,
    `create temp table gen_order on commit drop as
    select row_number() over (order by school_id, sy)::int as id, school_id, sy, min(activated_on) as order_date
    from gen_pair where status <> 'forming' group by school_id, sy`,
  );
  await run(
    trx,
    `insert into pair_orders (id, organization_id, number, order_date, created_at)
    select id, school_id, (10 + ${c.int('ord', 'id', 200)}) || '-ОД', order_date, order_date::timestamp + interval '9 hours' from gen_order order by id`,
  );

  // The row triggers are off: the pair's municipality (migration 0009) is set here, its meetings' figures after them.
  await run(
    trx,
    `insert into pairs (id, organization_id, municipality_id, programme_id, form, role_model, kind, planned_start, planned_end, status, stage, goals,
      order_id, activated_at, completed_on, results, mentor_reflection, mentor_satisfaction, terminated_on, termination_reason, created_at, updated_at)
    select p.id, p.school_id, (select s.muni_id from gen_school s where s.school_id = p.school_id), p.programme_id, p.form, ${c.pick('rm', 'p.id', ['равный – равному', 'опытный – начинающий', 'лидер – пассивный', 'успевающий – неуспевающий'])}, p.kind,
      p.planned_start, p.planned_end, p.status,
      case p.status when 'forming' then 'preparatory' when 'completed' then 'results'
        else case when p.activated_on > ${T} - 30 then 'design' else 'implementation' end end,
      'Индивидуальный план: цели по форме наставничества',
      o.id, p.activated_on::timestamp + interval '9 hours', p.completed_on,
      case when p.status = 'completed' then ${c.pick('res', 'p.id', RESULTS)} end,
      case when p.status = 'completed' then 'Совместная работа была продуктивной' end,
      case when p.status = 'completed' then 5 + ${c.int('msat', 'p.id', 6)} end,
      p.terminated_on, case when p.status = 'terminated' then ${c.pick('term', 'p.id', TERMINATION)} end,
      p.created_on::timestamp + interval '12 hours', coalesce(p.completed_on, p.terminated_on, p.activated_on, p.created_on)::timestamp + interval '12 hours'
    from gen_pair p left join gen_order o on o.school_id = p.school_id and o.sy = p.sy and p.status <> 'forming'
    order by p.id`,
  );

  // Members from the pair's own school: the year's range of eligible ranks when there is one.
  for (const [side, link, column, rank, n] of [
    ['mentor', 'pair_mentors', 'mentor_id', 'gen_mrank', 'nmentors'],
    ['mentee', 'pair_mentees', 'mentee_id', 'gen_erank', 'nmentees'],
  ] as const) {
    const grp = `p.${side}_grp`;
    const extra = side === 'mentee' ? `, satisfaction, reflection, reflection_at` : '';
    const extraValues =
      side === 'mentee'
        ? `, case when p.status = 'completed' then 5 + ${c.int('esat', 'p.id * 10 + j', 6)} end,
           case when p.status = 'completed' then 'Мне понравилось работать с наставником' end,
           case when p.status = 'completed' then p.completed_on::timestamp + interval '15 hours' end`
        : '';
    await run(
      trx,
      `create temp table gen_pick on commit drop as
      select p.id, p.school_id, p.status, p.completed_on, ${grp} as grp, j, w.lo + (${c.int(`pick${side}`, 'p.id', 1_000_000_000)} + j) % w.size as rk
      from gen_pair p
      join ${rank}_count cnt on cnt.school_id = p.school_id and cnt.grp = ${grp}
      left join gen_range g on g.side = '${side}' and g.school_id = p.school_id and g.grp = ${grp} and g.year = p.year
      cross join lateral (select coalesce(g.lo, 1) as lo, coalesce(g.hi - g.lo + 1, cnt.n) as size) w
      cross join lateral generate_series(0, least(p.${n}, w.size) - 1) j`,
    );
    await run(trx, `analyze gen_pick`);
    await run(
      trx,
      `insert into ${link} (pair_id, ${column}${extra})
      select p.id, r.id${extraValues}
      from gen_pick p join ${rank} r on r.school_id = p.school_id and r.grp = p.grp and r.rk = p.rk
      order by p.id, p.j`,
    );
    await run(trx, `drop table gen_pick`);
  }
  // People are in the base before their first pair is formed, and a pair becomes active only once
  // every participant's consent is recorded.
  for (const [table, link, column] of [
    ['mentors', 'pair_mentors', 'mentor_id'],
    ['mentees', 'pair_mentees', 'mentee_id'],
  ] as const) {
    const created = `least(x.created_at, (s.first_created - 7 - ${c.int('pc', 's.id', 60)})::timestamp + interval '10 hours')`;
    const badConsent = `(x.consent_date is null and s.first_start is not null) or x.consent_date > s.first_start or x.consent_date < (${created})::date`;
    await run(
      trx,
      `update ${table} x set created_at = ${created}, updated_at = ${created},
        consent_date = case when ${badConsent} then least(coalesce(s.first_start, ${T}), (${created})::date + 3) else x.consent_date end,
        consent_number = case when ${badConsent} then 'С-' || x.id else x.consent_number end
      from (select l.${column} as id, min(p.created_on) as first_created, min(p.activated_on) as first_start
          from ${link} l join gen_pair p on p.id = l.pair_id group by l.${column}) s
      where x.id = s.id and (x.created_at > ${created} or ${badConsent})`,
    );
  }
}

const PROGRAMME_TITLES = [
  'Ученик – ученик: равный – равному',
  'Студент – ученик: шаг в профессию',
  'Работодатель – ученик: профессиональные пробы',
  'Педагог – ученик: индивидуальные образовательные траектории',
  'Педагог – педагог: адаптация молодых специалистов',
  'Руководитель ОО – педагог: управленческий резерв',
  'Работодатель – студент-практикант: практика в школе',
];
const PROGRAMME_TARGETS = [
  'обучающиеся 5–9 классов',
  'обучающиеся 8–11 классов',
  'обучающиеся 8–11 классов',
  'обучающиеся 5–11 классов',
  'молодые специалисты со стажем до 3 лет',
  'педагоги, испытывающие затруднения',
  'студенты-практиканты',
];

async function insertMeetings(trx: Transaction<Database>, c: Chance, total: number): Promise<void> {
  // Exactly `total` meetings, shared among the pairs that started in proportion to how long they
  // ran (about one every two or three weeks): pair p gets floor(M·C_p/W) − floor(M·C_{p−1}/W).
  await run(
    trx,
    `create temp table gen_mp on commit drop as
    select id, status, kind, activated_on as a, days, w, (sum(w) over (order by id rows unbounded preceding))::bigint as cw
    from (select id, status, kind, activated_on, greatest(0, end_on - activated_on) as days,
        ((greatest(0, end_on - activated_on) + 14) * (50 + ${c.int('mw', 'id', 101)}))::bigint as w
      from gen_pair where status <> 'forming') x`,
  );
  await run(
    trx,
    `create temp table gen_mn on commit drop as
    select m.*, (${total}::bigint * (m.cw - m.w)) / t.wt as first, (${total}::bigint * m.cw) / t.wt - (${total}::bigint * (m.cw - m.w)) / t.wt as n
    from gen_mp m cross join (select sum(w)::bigint as wt from gen_mp) t`,
  );
  await run(
    trx,
    `insert into meetings (id, pair_id, type, held_on, duration_minutes, format, topic, summary, mentor_feedback, created_at, updated_at)
    select id, pair_id, type, held_on,
      case when type = 'introduction' then 5 * (6 + ${c.int('dur', 'id', 7)}) when kind = 'speed' then 5 * (3 + ${c.int('dur', 'id', 7)})
        else 5 * (8 + ${c.int('dur', 'id', 17)}) end,
      case when ${c.u('fmt', 'id')} < (case when kind = 'virtual' then 0.9 else 0.15 end) then 'remote' else 'in_person' end,
      case type when 'introduction' then ${c.pick('top', 'id', TOPICS.introduction)} when 'trial' then ${c.pick('top', 'id', TOPICS.trial)}
        when 'planning' then ${c.pick('top', 'id', TOPICS.planning)} when 'final' then ${c.pick('top', 'id', TOPICS.final)}
        else ${c.pick('top', 'id', TOPICS.joint_work)} end,
      case when ${c.u('sum', 'id')} < 0.8 then ${c.pick('sumt', 'id', SUMMARIES)} end,
      case when type = 'joint_work' then ${c.pick('fb', 'id', FEEDBACK)} end,
      held_on + time '17:30', held_on + time '17:30'
    from (
      select (m.first + k)::int as id, m.id as pair_id, m.kind,
        m.a + floor(m.days * (k - 1 + ${c.u('held', 'm.first + k')}) / m.n)::int as held_on,
        case when k = 1 then 'introduction'
          when k = 2 and m.n >= 4 then case when ${c.u('trial', 'm.id')} < 0.3 then 'trial' else 'planning' end
          when k = m.n and m.n >= 3 and m.status = 'completed' then 'final'
          else 'joint_work' end as type
      from gen_mn m cross join lateral generate_series(1, m.n::int) k where m.n > 0
    ) x order by id`,
  );
  // What the meetings trigger of migration 0009 keeps on the pair (row triggers are off here).
  await run(
    trx,
    `update pairs p set meeting_count = m.n, last_meeting_on = m.last_on
    from (select pair_id, count(*)::int as n, max(held_on) as last_on from meetings group by pair_id) m where m.pair_id = p.id`,
  );
}

async function insertSurveys(trx: Transaction<Database>, c: Chance, today: string, plan: RegionPlan): Promise<void> {
  const year = Number(today.slice(0, 4));
  // The yearly survey is in April–May; this year's counts only once it has closed.
  const lastYear = today >= `${year}-05-31` ? year : year - 1;
  const nYears = lastYear - FIRST_YEAR + 1;
  // Templates: ids (municipality seq - 1) * 2 + 1 (mentees) and + 2 (mentors); questions template * 5 + position - 5.
  await run(
    trx,
    `insert into survey_templates (id, municipality_id, title, audience, description, created_at, updated_at)
    select (m.muni_seq - 1) * 2 + a.n, m.muni_id, case a.n when 1 then 'Анкета удовлетворённости наставляемого' else 'Анкета удовлетворённости наставника' end,
      case a.n when 1 then 'mentee' else 'mentor' end, 'Ежегодное анкетирование участников программ наставничества',
      timestamp '2022-03-01 10:00', timestamp '2022-03-01 10:00'
    from gen_muni m cross join generate_series(1, 2) a(n) order by 1`,
  );
  const questionRows = (['mentee', 'mentor'] as const).flatMap((aud, a) =>
    SURVEY_QUESTIONS[aud].map(
      ([text, kind, counts], i) => `(${a + 1}, ${i + 1}, ${textLiteral(text)}, '${kind}', ${kind === 'scale'}, ${counts})`,
    ),
  );
  await run(
    trx,
    `insert into survey_questions (id, template_id, position, text, kind, required, counts_for_satisfaction)
    select t.id * 5 + q.pos - 5, t.id, q.pos, q.text, q.kind, q.required, q.counts
    from survey_templates t join (values ${questionRows.join(',')}) q(aud, pos, text, kind, required, counts)
      on q.aud = case t.audience when 'mentee' then 1 else 2 end order by 1`,
  );
  await run(
    trx,
    `insert into surveys (id, template_id, municipality_id, title, opens_on, closes_on, created_at)
    select ((m.muni_seq - 1) * ${nYears} + (y - ${FIRST_YEAR})) * 2 + a.n, (m.muni_seq - 1) * 2 + a.n, m.muni_id,
      case a.n when 1 then 'Анкетирование наставляемых ' else 'Анкетирование наставников ' end || y,
      make_date(y, 4, 15), make_date(y, 5, 25), make_date(y, 4, 1)::timestamp + interval '10 hours'
    from gen_muni m cross join generate_series(${FIRST_YEAR}, ${lastYear}) y cross join generate_series(1, 2) a(n) order by 1`,
  );
  await run(
    trx,
    `insert into survey_schools (survey_id, organization_id)
    select s.id, g.school_id from surveys s join gen_school g on g.muni_id = s.municipality_id order by 1, 2`,
  );

  // Responses: shared among (survey, school) in proportion to the school's base and the year.
  await run(
    trx,
    `create temp table gen_cell on commit drop as
    select *, (sum(w) over (order by survey_id, school_id rows unbounded preceding))::bigint as cw from (
      select s.id as survey_id, g.school_id, t.audience, s.opens_on, s.closes_on, extract(year from s.closes_on)::int as y,
        (coalesce(b.n, 1)
          * (extract(year from s.closes_on)::int - ${FIRST_YEAR - 2}) * (50 + ${c.int('cw', 's.id * 100000 + g.school_id', 101)}))::bigint as w
      from surveys s join survey_templates t on t.id = s.template_id join gen_school g on g.muni_id = s.municipality_id
      left join (select school_id, side, sum(n) as n from gen_block group by school_id, side) b on b.school_id = g.school_id and b.side = t.audience) x`,
  );
  const total = plan.totals.surveyResponses;
  await run(
    trx,
    `create temp table gen_resp on commit drop as
    select (c.first + k)::int as id, c.survey_id, c.school_id, c.audience, c.opens_on, c.closes_on, c.y, k
    from (select g.*, (${total}::bigint * (g.cw - g.w)) / t.wt as first, (${total}::bigint * g.cw) / t.wt - (${total}::bigint * (g.cw - g.w)) / t.wt as n
      from gen_cell g cross join (select sum(w)::bigint as wt from gen_cell) t) c
    cross join lateral generate_series(1, c.n::int) k where c.n > 0`,
  );
  // A school's mood (−2..+1) and a slow improvement year by year; scores 1..10, most of them high.
  const score = (q: number) =>
    `greatest(1, least(10, 10 - floor(7 * power(${c.u(`s${q}`, 'id')}, 2))::int + ${c.int('mood', 'school_id', 4)} - 2 + round((y - ${FIRST_YEAR}) * 0.3)::int))`;
  await run(
    trx,
    `create temp table gen_score on commit drop as
    select id, survey_id, school_id, audience, opens_on, closes_on, ${score(1)} as s1, ${score(2)} as s2, ${score(3)} as s3, ${score(4)} as s4,
      ${c.u('s4skip', 'id')} < 0.1 as skip4, ${c.u('txt', 'id')} < 0.25 as has_text,
      ${c.u('minor', 'id')} < (case when audience = 'mentee' then 0.75 else 0.2 end) as minor
    from gen_resp`,
  );
  await run(
    trx,
    `insert into survey_responses (id, survey_id, organization_id, audience, is_minor, satisfaction, via, submitted_on)
    select id, survey_id, school_id, audience, minor, round((s1 + s2 + s3) / 3.0, 2),
      case when ${c.u('via', 'id')} < (case when minor then 0.8 else 0.4 end) then 'link' else 'account' end,
      opens_on + ${c.int('sub', 'id', '(closes_on - opens_on + 1)')}
    from gen_score order by id`,
  );
  await run(
    trx,
    `insert into survey_answers (response_id, question_id, score, text)
    select r.id, t.id * 5 + q.pos - 5,
      case q.pos when 1 then r.s1 when 2 then r.s2 when 3 then r.s3 when 4 then r.s4 end,
      case when q.pos = 5 then ${c.pick('atext', 'r.id', SURVEY_TEXTS)} end
    from gen_score r join surveys s on s.id = r.survey_id join survey_templates t on t.id = s.template_id
    cross join generate_series(1, 5) q(pos)
    where q.pos <= 3 or (q.pos = 4 and not r.skip4) or (q.pos = 5 and r.has_text)
    order by r.id, q.pos`,
  );
}

async function insertIndicators(trx: Transaction<Database>, c: Chance, today: string, ids: OrgIds): Promise<void> {
  const year = Number(today.slice(0, 4));
  // The documents set targets to 2024; later years keep 2024's (a plausible prolonged plan).
  const extraTargets = (seed: SeedIndicator) => {
    const last = seed.targets[2024];
    const out: Partial<Record<number, { value: number | null; wording: string }>> = {};
    if (last) for (let y = 2025; y <= year; y++) out[y] = last;
    return out;
  };
  for (const muni of ids.municipalities) {
    await installCatalogue(
      trx,
      muni.id,
      muni.schools.map((s) => s.id),
      extraTargets,
    );
  }
  // Manual indicators: most schools entered last years' values with evidence.
  await run(
    trx,
    `insert into indicator_manual_values (indicator_id, organization_id, year, value, numerator, denominator, evidence, entered_at)
    select i.id, g.school_id, y, v, null, null, 'Приказ ОО об итогах года, протокол педсовета', make_date(y, 12, 20)::timestamp + interval '10 hours'
    from indicators i join gen_school g on g.muni_id = i.municipality_id cross join generate_series(${FIRST_YEAR}, ${year - 1}) y
    cross join lateral (select case when i.direction = 'lower' then ${c.int('mv', 'i.id * 100000 + g.school_id * 10 + y', 15)}
      else 40 + ${c.int('mv', 'i.id * 100000 + g.school_id * 10 + y', 61)} end as v) v
    where i.method = 'manual' and ${c.u('mvp', 'g.school_id * 10 + y')} < 0.7
    order by 1, 2, 3`,
  );

  // Contingents, from the bases: the school's pupils aged 10–19 / 15–19 on 1 January of the year
  // (its base is part of them), teachers, young teachers; the municipality's a little over the sum.
  await run(
    trx,
    `create temp table gen_cont on commit drop as
    with years as (select y from generate_series(${FIRST_YEAR}, ${year}) y),
    kids as (
      select e.school_id, y,
        count(*) filter (where e.birth_date > make_date(y - 20, 1, 1) and e.birth_date <= make_date(y - 10, 1, 1)) as k10,
        count(*) filter (where e.birth_date > make_date(y - 20, 1, 1) and e.birth_date <= make_date(y - 15, 1, 1)) as k15,
        count(*) filter (where e.category = 'young_specialist' and e.teaching_since > make_date(y - 4, 1, 1) and e.teaching_since < make_date(y + 1, 1, 1)) as young
      from gen_mentee e cross join years group by e.school_id, y
    ),
    staff as (
      select school_id, count(*) filter (where category in ('teacher', 'school_head')) as teachers from gen_mentor group by school_id
    )
    select k.school_id as org, k.y, g.muni_id,
      round(k.k10 * (1.6 + ${c.u('c10', 'k.school_id')} * 1.4) + 10)::int as children_10_19,
      round(k.k15 * (1.6 + ${c.u('c10', 'k.school_id')} * 1.4) + 4)::int as children_15_19,
      round(k.young * (1.05 + ${c.u('cy', 'k.school_id')} * 0.4))::int as young_teachers,
      round(coalesce(s.teachers, 0) * (1.3 + ${c.u('ct', 'k.school_id')} * 0.6) + 5)::int as teachers
    from kids k join gen_school g on g.school_id = k.school_id left join staff s on s.school_id = k.school_id`,
  );
  await run(
    trx,
    `insert into contingents (organization_id, year, kind, value, note, updated_at)
    select org, y, kind, value, null, make_date(y, 1, 20)::timestamp + interval '10 hours' from (
      select org, y, 'children_10_19' as kind, children_10_19 as value from gen_cont
      union all select org, y, 'children_15_19', children_15_19 from gen_cont
      union all select org, y, 'young_teachers', young_teachers from gen_cont
      union all select org, y, 'teachers', teachers from gen_cont
      union all select muni_id, y, kind, round(sum(v) * 1.06)::int from (
        select muni_id, y, 'children_10_19' as kind, children_10_19 as v from gen_cont
        union all select muni_id, y, 'children_15_19', children_15_19 from gen_cont
        union all select muni_id, y, 'young_teachers', young_teachers from gen_cont
        union all select muni_id, y, 'teachers', teachers from gen_cont) m group by muni_id, y, kind
      union all select m.muni_id, y, 'enterprises', (s.partners * (3 + ${c.int('ent', 'm.muni_id', 4)}) + 10)::int
        from gen_muni m join (select distinct muni_id, partners from gen_school) s on s.muni_id = m.muni_id cross join generate_series(${FIRST_YEAR}, ${year}) y
    ) x order by 1, 2, 3`,
  );
}

async function insertRoadmaps(trx: Transaction<Database>, c: Chance, today: string, ids: OrgIds): Promise<void> {
  const context = { periodFrom: ROADMAP_PERIOD.from, periodTo: ROADMAP_PERIOD.to };
  const itemRows = (items: ReadonlyArray<readonly [string, string, string | null, string | null]>, set: number) => {
    let section = 0;
    return items.map(([number, activity, deadlineText, responsible], i) => {
      const isSection = deadlineText === null;
      if (isSection) section = i + 1;
      const deadline = deadlineText === null ? null : parseDeadline(deadlineText, context);
      const due = deadline?.kind === 'date' ? deadline.date : deadline?.kind === 'range' ? deadline.to : null;
      const links = responsibleLinks(responsible);
      const lit = (v: string | null) => (v === null ? 'null' : textLiteral(v));
      return `(${set}, ${i + 1}, ${isSection ? 0 : section}, '${isSection ? 'section' : 'item'}', ${lit(number)}, ${lit(activity)}, ${lit(deadlineText)},
        ${deadline === null ? 'null' : `${lit(JSON.stringify(deadline))}::jsonb`}, ${lit(responsible)}, ${lit(due)}::date, ${textArray(links)})`;
    });
  };
  const rows = [...itemRows(MUNICIPAL_ROADMAP, 1), ...itemRows(SCHOOL_ROADMAP, 2)];
  await run(
    trx,
    `create temp table gen_ritem (set int, pos int, section int, kind text, number text, activity text, deadline_text text,
    deadline jsonb, responsible text, due date, links text[]) on commit drop`,
  );
  await run(trx, `insert into gen_ritem values ${rows.join(',')}`);
  const perRoadmap = Math.max(MUNICIPAL_ROADMAP.length, SCHOOL_ROADMAP.length);
  const owners = ids.municipalities.flatMap((m) => [`(${m.id}, 1)`, ...m.schools.map((s) => `(${s.id}, 2)`)]);
  await run(
    trx,
    `create temp table gen_roadmap on commit drop as
    select row_number() over (order by o.ord)::int as id, o.org, o.set
    from (values ${owners.map((o, i) => o.replace(/\)$/, `, ${i})`)).join(',')}) o(org, set, ord)`,
  );
  await run(
    trx,
    `insert into roadmaps (id, organization_id, title, period_from, period_to, order_number, order_date, approved_at, kind, created_at, updated_at)
    select id, org, case set when 1 then 'Дорожная карта внедрения муниципальной целевой модели наставничества на ${ROADMAP_PERIOD.from}–${ROADMAP_PERIOD.to} годы'
        else 'Дорожная карта внедрения целевой модели наставничества в образовательной организации на ${ROADMAP_PERIOD.from}–${ROADMAP_PERIOD.to} годы' end,
      ${ROADMAP_PERIOD.from}, ${ROADMAP_PERIOD.to}, (50 + ${c.int('rmo', 'id', 50)})::text, date '2022-03-04',
      timestamp '2022-03-04 10:00', 'plan', timestamp '2022-02-20 10:00', timestamp '2022-03-04 10:00'
    from gen_roadmap order by id`,
  );
  // Items: what was due more than two weeks ago is mostly done; some are in progress or overdue.
  await run(
    trx,
    `insert into roadmap_items (id, roadmap_id, parent_id, kind, number, position, activity, deadline_text, deadline, responsible,
      status, completed_on, evidence_comment, responsible_links, created_at, updated_at)
    select (r.id - 1) * ${perRoadmap} + i.pos, r.id, case when i.section > 0 then (r.id - 1) * ${perRoadmap} + i.section end,
      i.kind, i.number, i.pos, i.activity, i.deadline_text, i.deadline, i.responsible, st,
      case when st = 'done' then least(date '${today}', coalesce(i.due, date '${today}') - ${c.int('rdone', 'r.id * 100 + i.pos', 20)}) end,
      case when st = 'done' then 'Выполнено, документ размещён на сайте' end,
      i.links, timestamp '2022-02-20 10:00', timestamp '2022-03-04 10:00'
    from gen_roadmap r join gen_ritem i on i.set = r.set
    cross join lateral (select case when i.kind = 'section' then 'not_started'
      when i.due is not null and i.due < date '${today}' - 14 then case when ${c.u('rst', 'r.id * 100 + i.pos')} < 0.88 then 'done' else 'in_progress' end
      when i.due is null then 'in_progress'
      else case when ${c.u('rst', 'r.id * 100 + i.pos')} < 0.3 then 'in_progress' else 'not_started' end end as st offset 0) s
    order by 1`,
  );
}

async function insertUsers(trx: Transaction<Database>, ids: OrgIds, passwordHash: string): Promise<GenerateResult['accounts']> {
  const width = Math.max(2, String(ids.municipalities.length).length);
  const schoolWidth = Math.max(4, String(ids.municipalities.reduce((n, m) => n + m.schools.length, 0)).length);
  const rows: Array<{
    login: string;
    full_name: string;
    position: string;
    role: 'admin' | 'department' | 'coordinator' | 'curator' | 'school_head';
    organization_id: number;
    org: string;
  }> = [];
  const random = prng('users');
  const person = () => {
    const female = random() < 0.8;
    const s = SURNAMES[Math.floor(random() * SURNAMES.length)]!;
    const n = (female ? FEMALE_NAMES : MALE_NAMES)[Math.floor(random() * 30)]!;
    const p = PATRONYMICS[Math.floor(random() * PATRONYMICS.length)]!;
    return female ? `${femaleSurname(s)} ${n} ${femalePatronymic(p)}` : `${s} ${n} ${p}`;
  };
  rows.push({
    login: 'region-admin',
    full_name: person(),
    position: 'Администратор портала',
    role: 'admin',
    organization_id: ids.region,
    org: 'Энская область',
  });
  for (const m of ids.municipalities) {
    rows.push({
      login: `dept-${pad(m.seq, width)}`,
      full_name: person(),
      position: 'Главный специалист управления образования',
      role: 'department',
      organization_id: m.department,
      org: `Управление образования, ${m.name}`,
    });
    rows.push({
      login: `coord-${pad(m.seq, width)}`,
      full_name: person(),
      position: 'Методист, муниципальный координатор наставничества',
      role: 'coordinator',
      organization_id: m.methodCenter,
      org: `МКУ «ИМЦОУ», ${m.name}`,
    });
  }
  for (const m of ids.municipalities) {
    for (const s of m.schools) {
      rows.push({
        login: `curator-${pad(s.seq, schoolWidth)}`,
        full_name: person(),
        position: 'Заместитель директора по УВР, куратор наставничества',
        role: 'curator',
        organization_id: s.id,
        org: `${s.name}, ${m.name}`,
      });
    }
  }
  // After the curators, so that the names drawn before stay as they were.
  for (const m of ids.municipalities) {
    for (const s of m.schools) {
      rows.push({
        login: `head-${pad(s.seq, schoolWidth)}`,
        full_name: person(),
        position: 'Директор',
        role: 'school_head',
        organization_id: s.id,
        org: `${s.name}, ${m.name}`,
      });
    }
  }
  const values = rows.map((r, i) => ({
    id: i + 1,
    login: r.login,
    full_name: r.full_name,
    position: r.position,
    role: r.role,
    organization_id: r.organization_id,
    password_hash: passwordHash,
    password_changed_at: '2022-01-10T10:00:00Z',
  }));
  for (let i = 0; i < values.length; i += 500)
    await trx
      .insertInto('users')
      .values(values.slice(i, i + 500))
      .execute();
  // A mentor's account per school, linked to its record of the base: the school's mentor with the
  // most active pairs (the lowest id among equals), named as in the record.
  const schoolSeqs = ids.municipalities.flatMap((m) => m.schools.map((s) => `(${s.id}, ${s.seq})`));
  const { rows: mentorRows } = await sql<{ login: string; school: string; municipality: string }>`
    with school (id, seq) as (values ${sql.raw(schoolSeqs.join(','))}),
    picked as (
      select distinct on (m.organization_id) m.id as mentor_id, m.organization_id, s.seq,
        concat_ws(' ', m.last_name, m.first_name, m.middle_name) as full_name
      from mentors m join school s on s.id = m.organization_id
      join pair_mentors pm on pm.mentor_id = m.id join pairs p on p.id = pm.pair_id and p.status = 'active'
      group by m.id, s.seq
      order by m.organization_id, count(*) desc, m.id
    ),
    account as (
      insert into users (id, login, full_name, position, role, organization_id, password_hash, password_changed_at)
      select ${values.length} + row_number() over (order by seq), 'mentor-' || lpad(seq::text, ${schoolWidth}, '0'), full_name,
        'Наставник', 'mentor', organization_id, ${passwordHash}, timestamptz '2022-01-10 10:00:00Z'
      from picked order by seq
      returning id, login, organization_id
    ),
    linked as (
      update mentors set user_id = a.id from account a join picked p on p.organization_id = a.organization_id
      where mentors.id = p.mentor_id returning a.login, a.organization_id
    )
    select l.login, o.short_name as school, mo.short_name as municipality
    from linked l join organizations o on o.id = l.organization_id join organizations mo on mo.id = o.municipality_id
    order by l.login`.execute(trx);
  return [
    ...rows.map((r) => ({ login: r.login, role: r.role, organization: r.org })),
    ...mentorRows.map((r) => ({ login: r.login, role: 'mentor', organization: `${r.school}, ${r.municipality}` })),
  ];
}

/** The hand-filled fields of the generated monitoring form: kind, label, hint, required. */
const MONITORING_FIELDS = [
  ['number', 'Число педагогов-наставников', 'По приказу о закреплении наставников', true],
  ['percent', 'Доля молодых педагогов с наставником', 'От всех педагогов со стажем до трёх лет', true],
  ['yes_no', 'Положение о наставничестве утверждено', null, true],
  ['text', 'Лучшие практики наставничества', 'Кратко, до 1 000 знаков', false],
] as const;
const MONITORING_PRACTICES = [
  'Педагогический совет «Наставничество в школе»',
  'Открытые уроки молодых педагогов',
  'Школа молодого педагога',
  'Проектная работа в парах «ученик – ученик»',
];

/**
 * Monitoring campaigns (issue 15) like the demo's, in every municipality: last year's municipal
 * monitoring (1 November – 25 December), every school's submission accepted with its frozen
 * snapshot; and this year's, opened three weeks ago with its common deadline two days past, the
 * submissions in every state (some not started or being filled past the deadline: просрочен; half
 * of those with the deadline extended for the school). Campaign ids (municipality seq - 1) * 2 + 1
 * (last year) and + 2 (this year); submissions school seq * 2 - 1 and * 2.
 *
 * The generator computes no indicator values (the dashboards do on their first request), so the
 * generated forms hold the hand-filled fields and a document only: a snapshot freezes what the
 * school entered, and no computed block is claimed.
 */
async function insertMonitoring(trx: Transaction<Database>, c: Chance, today: string): Promise<void> {
  const year = Number(today.slice(0, 4));
  const shift = (days: number) => `(date '${today}' + ${days})`;
  await run(
    trx,
    `insert into monitoring_campaigns (id, municipality_id, title, level, period_kind, period_start, period_end,
      period_label, as_of, opens_on, deadline, all_schools, created_by, created_at, updated_at)
    select (m.muni_seq - 1) * 2 + k.n, m.muni_id,
      'Мониторинг реализации целевой модели наставничества за ' || k.y || ' год', 'municipal', 'calendar_year',
      make_date(k.y, 1, 1), make_date(k.y, 12, 31), k.y || ' год', k.as_of, k.opens_on, k.deadline, true,
      (select u.id from users u join organizations o on o.id = u.organization_id
        where u.role = 'coordinator' and o.municipality_id = m.muni_id order by u.id limit 1),
      k.opens_on + time '09:00', k.opens_on + time '09:00'
    from gen_muni m cross join (values
      (1, ${year - 1}, date '${year - 1}-12-01', date '${year - 1}-11-01', date '${year - 1}-12-25'),
      (2, ${year}, ${shift(-21)}, ${shift(-21)}, ${shift(-2)})
    ) as k (n, y, as_of, opens_on, deadline)`,
  );
  await run(
    trx,
    `insert into monitoring_fields (id, campaign_id, position, kind, indicator_code, label, hint, required, options)
    select (c.id - 1) * ${MONITORING_FIELDS.length} + f.position, c.id, f.position, f.kind, null, f.label, f.hint, f.required, '[]'::jsonb
    from monitoring_campaigns c cross join (values ${MONITORING_FIELDS.map(
      ([kind, label, hint, required], i) =>
        `(${i + 1}, ${textLiteral(kind)}, ${textLiteral(label)}, ${hint === null ? 'null::text' : textLiteral(hint)}, ${required})`,
    ).join(', ')}) as f (position, kind, label, hint, required)`,
  );
  await run(
    trx,
    `insert into monitoring_documents (id, campaign_id, position, title, required)
    select id, id, 1, 'Фотоотчёт о мероприятиях', false from monitoring_campaigns`,
  );
  // This year's states by weight; last year's all accepted.
  const state = Chance.weighted(c.u('monitoring-state', 's.seq'), [
    ['not_started', 0.1],
    ['filling', 0.15],
    ['returned', 0.1],
    ['sent', 0.2],
    ['approved', 0.15],
    ['accepted', 0.3],
  ]);
  await run(
    trx,
    `create temp table gen_submission on commit drop as
    select s.seq * 2 - 2 + k.n as id, (s.muni_seq - 1) * 2 + k.n as campaign_id, s.school_id, s.seq, k.n,
      case when k.n = 1 then 'accepted' else ${state} end as status,
      case when k.n = 1 then date '${year - 1}-11-03' else ${shift(-20)} end + ${c.int('monitoring-start', 's.seq', 12)} as started_on
    from gen_school s cross join (values (1), (2)) as k (n)`,
  );
  await run(
    trx,
    `insert into monitoring_submissions (id, campaign_id, organization_id, status, deadline_override, updated_at)
    select g.id, g.campaign_id, g.school_id, g.status,
      case when g.status in ('filling', 'returned') and ${c.u('monitoring-extend', 'g.seq')} < 0.5 then ${shift(7)} end,
      g.started_on + (case g.status when 'not_started' then 0 when 'filling' then 1 when 'sent' then 2 when 'approved' then 3 else 4 end) + time '10:00'
    from gen_submission g`,
  );
  // The chain of transitions up to the state: start, send, approve, then accept or return; a day apart.
  await run(
    trx,
    `insert into monitoring_events (submission_id, from_status, to_status, kind, actor_id, at, comment, field_comments)
    select g.id, e.from_status, case when e.step = 4 then g.status else e.to_status end,
      case when e.step < 4 then e.kind when g.status = 'accepted' then 'accept' else 'return' end,
      case when e.step <= 2 then cu.id when e.step = 3 then coalesce(hd.id, c.created_by) else c.created_by end,
      g.started_on + e.step + time '10:00',
      case when e.step = 4 and g.status = 'returned' then 'Уточните число наставников и приложите фотоотчёт о мероприятиях.' end,
      case when e.step = 4 and g.status = 'returned'
        then jsonb_build_object(((c.id - 1) * ${MONITORING_FIELDS.length} + 1)::text, 'Число не совпадает с приказом о закреплении наставников')
        else '{}'::jsonb end
    from gen_submission g
    join monitoring_campaigns c on c.id = g.campaign_id
    left join lateral (select id from users where organization_id = g.school_id and role = 'curator' order by id limit 1) cu on true
    left join lateral (select id from users where organization_id = g.school_id and role = 'school_head' order by id limit 1) hd on true
    cross join (values
      (1, 'not_started', 'filling', 'start'),
      (2, 'filling', 'sent', 'send'),
      (3, 'sent', 'approved', 'approve'),
      (4, 'approved', null, null)
    ) as e (step, from_status, to_status, kind)
    where e.step <= case g.status when 'not_started' then 0 when 'filling' then 1 when 'sent' then 2 when 'approved' then 3 else 4 end
    order by g.id, e.step`,
  );
  // What the school entered (every started submission): the answers by field position.
  await run(
    trx,
    `create temp table gen_answer on commit drop as
    select g.id as submission_id, (g.campaign_id - 1) * ${MONITORING_FIELDS.length} + f.position as field_id, f.position,
      case f.position
        when 1 then to_jsonb((3 + ${c.int('monitoring-mentors', 'g.id', 12)})::text)
        when 2 then to_jsonb((40 + ${c.int('monitoring-share', 'g.id', 61)})::text)
        when 3 then to_jsonb(case when ${c.u('monitoring-statute', 'g.id')} < 0.85 then 'yes' else 'no' end)
        else to_jsonb(${c.pick('monitoring-practice', 'g.id', MONITORING_PRACTICES)})
      end as value
    from gen_submission g cross join generate_series(1, ${MONITORING_FIELDS.length}) as f (position)
    where g.status <> 'not_started'`,
  );
  await run(
    trx,
    `insert into monitoring_values (submission_id, field_id, value, updated_by, updated_at)
    select a.submission_id, a.field_id, a.value,
      (select id from users where organization_id = g.school_id and role = 'curator' order by id limit 1),
      g.started_on + 1 + time '10:00'
    from gen_answer a join gen_submission g on g.id = a.submission_id`,
  );
  // Accepted: the entered figures frozen at the acceptance (step 4), with what they come from.
  await run(
    trx,
    `insert into monitoring_snapshots (submission_id, created_at, created_by, figures, sources)
    select g.id, g.started_on + 4 + time '10:00', c.created_by,
      jsonb_build_object(
        'computed', '[]'::jsonb,
        'entered', (select jsonb_agg(jsonb_build_object('field_id', f.id, 'label', f.label, 'kind', f.kind, 'value', a.value) order by f.position)
          from monitoring_fields f join gen_answer a on a.field_id = f.id and a.submission_id = g.id where f.campaign_id = c.id),
        'documents', jsonb_build_array(jsonb_build_object('document_id', c.id, 'title', 'Фотоотчёт о мероприятиях', 'files', '[]'::jsonb))
      ),
      jsonb_build_object('computed_at', to_char((g.started_on + 4 + time '10:00') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
        'as_of', c.as_of, 'indicator_year', extract(year from c.as_of)::int, 'data_version', 'generated',
        'data_refreshed_at', null, 'from', 'значения, введённые школой (рассчитываемых показателей в форме нет)')
    from gen_submission g join monitoring_campaigns c on c.id = g.campaign_id
    where g.status = 'accepted'`,
  );
}

// ---------------------------------------------------------------------------------------------
// Marker and counts
// ---------------------------------------------------------------------------------------------

const MARKER_PREFIX = 'nastavnik-region-dataset ';

/** The data set's description, kept as the database's comment (no table of the app changes). */
async function writeMarker(db: Db, marker: DatasetMarker): Promise<void> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const text = `${MARKER_PREFIX}${JSON.stringify(marker)}`;
  await sql`comment on database ${sql.id(rows[0]!.name)} is ${sql.lit(text)}`.execute(db);
}

export async function readMarker(db: Db): Promise<DatasetMarker | null> {
  const { rows } = await sql<{ comment: string | null }>`
    select shobj_description(oid, 'pg_database') as comment from pg_database where datname = current_database()`.execute(db);
  const comment = rows[0]?.comment;
  if (!comment?.startsWith(MARKER_PREFIX)) return null;
  try {
    return JSON.parse(comment.slice(MARKER_PREFIX.length)) as DatasetMarker;
  } catch {
    return null;
  }
}

export async function datasetCounts(db: Db): Promise<DatasetCounts> {
  const { rows } = await sql<Record<keyof DatasetCounts, number>>`
    select
      (select count(*) from organizations where type = 'municipality') as municipalities,
      (select count(*) from organizations where type = 'school') as schools,
      (select count(*) from organizations where type = 'partner') as partners,
      (select count(*) from mentors) as mentors,
      (select count(*) from mentees) as mentees,
      (select count(*) from mentors) + (select count(*) from mentees) as people,
      (select count(*) from pairs) as pairs,
      (select count(*) from pair_mentors) as "pairMentors",
      (select count(*) from pair_mentees) as "pairMentees",
      (select count(*) from meetings) as meetings,
      (select count(*) from surveys) as surveys,
      (select count(*) from survey_responses) as "surveyResponses",
      (select count(*) from survey_answers) as "surveyAnswers",
      (select count(*) from indicators) as indicators,
      (select count(*) from indicator_targets) as "indicatorTargets",
      (select count(*) from contingents) as contingents,
      (select count(*) from users) as users,
      (select count(*) from roadmap_items) as "roadmapItems"`.execute(db);
  const row = rows[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as DatasetCounts;
}

export function formatCounts(c: DatasetCounts): string {
  const n = (x: number) => x.toLocaleString('en-US').replace(/,/g, ' ');
  return `${n(c.municipalities)} municipalities, ${n(c.schools)} schools, ${n(c.people)} people (${n(c.mentors)} mentors, ${n(c.mentees)} mentees), ${n(c.pairs)} pairs, ${n(c.meetings)} meetings, ${n(c.surveyResponses)} survey responses (${n(c.surveyAnswers)} answers)`;
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

/** Creates the database named in the URL when the server does not have it yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name "${name}": letters, digits and _ only`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

/**
 * For the benchmarks: migrates the database and loads the region at scale 1 with the default seed
 * unless this generator version made the data set there (or `regenerate`); prints what is there.
 */
export async function ensureRegion(
  db: Kysely<Database>,
  options: { url: string; regenerate?: boolean; log: (line: string) => void },
): Promise<DatasetMarker> {
  const { log } = options;
  await migrateToLatest(db);
  const marker = await readMarker(db);
  const same = marker && marker.version === GENERATOR_VERSION && marker.seed === DEFAULT_SEED && marker.scale === 1;
  if (options.regenerate || !same) {
    log(
      `loading the region into ${new URL(options.url).pathname.slice(1)} (${marker ? `found generator v${marker.version}, scale ${marker.scale}` : 'no data set there'}) …`,
    );
    const generated = await generateRegion(db, { force: true, log });
    log(`  generated in ${generated.seconds.toFixed(1)} s`);
  }
  const current = (await readMarker(db))!;
  const counts = await datasetCounts(db);
  const { rows } = await sql<{ size: string }>`select pg_size_pretty(pg_database_size(current_database())) as size`.execute(db);
  log(`data set (generator v${current.version}, seed ${current.seed}, «today» ${current.today}, ${rows[0]!.size}):`);
  log(`  ${formatCounts(counts)}`);
  return current;
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const scale = arg('scale') ? Number(arg('scale')) : 1;
  const seed = arg('seed') ?? DEFAULT_SEED;
  const started = performance.now();
  await ensureDatabase(url);
  const handle = await openDatabase({ databaseUrl: url });
  try {
    await migrateToLatest(handle.db);
    console.log(`generating the region (seed ${seed}, scale ${scale}) into ${new URL(url).pathname.slice(1)} …`);
    const result = await generateRegion(handle.db, {
      scale,
      seed,
      force: argv.includes('--force'),
      log: (line) => console.log(line),
    });
    const { rows } = await sql<{ size: string }>`select pg_size_pretty(pg_database_size(current_database())) as size`.execute(
      handle.db,
    );
    console.log(`data set: ${formatCounts(result.counts)}`);
    console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s; database size ${rows[0]!.size}`);
    console.log(`accounts (password ${result.password}):`);
    const byRole = (role: string) => result.accounts.filter((a) => a.role === role);
    for (const role of ['admin', 'department', 'coordinator', 'curator', 'school_head', 'mentor'] as const) {
      const list = byRole(role);
      const first = list[0];
      const last = list[list.length - 1];
      if (!first || !last) continue;
      console.log(
        `  ${role.padEnd(11)} ${list.length === 1 ? first.login : `${first.login} … ${last.login} (${list.length})`.padEnd(36)}  e.g. ${first.login}: ${first.organization}`,
      );
    }
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
