import type { Insertable, Kysely, Transaction } from 'kysely';
import { transliterate } from '../src/lib/translit.js';
import type { Database, MenteesTable, MentorsTable, PartnerKind } from '../src/db/types.js';
import type { MenteeCategory, MentorCategory, MentoringForm, PersonStatus } from '../src/modules/people/labels.js';
import { ageGroup, ageOn, minorBornAfter } from '../src/modules/people/rules.js';

/**
 * The demo bases of mentors and mentees: fictional people for every school of the demo
 * municipality, generated with a seeded PRNG so that the demo is the same on every machine
 * (for the same `today`: ages and dates are counted back from it). Every record obeys the
 * rules of the people forms (src/modules/people/schemas.ts); tests/unit/demo-people.test.ts
 * feeds them through those forms.
 */

type Db = Kysely<Database> | Transaction<Database>;
type Gender = 'm' | 'f';

/** The district-wide list of mentors' competencies (kept by the coordinator). */
export const DEMO_COMPETENCIES = [
  'Предметные',
  'Методические',
  'Психолого-педагогические',
  'Проектные',
  'Профориентационные',
  'Цифровые',
  'Исследовательские',
  'Воспитательные',
  'Подготовка к олимпиадам',
  'Подготовка к ГИА',
  'Работа с детьми с ОВЗ',
  'Управленческие',
] as const;
type Competency = (typeof DEMO_COMPETENCIES)[number];

/** The district-wide list of mentees' requests. */
export const DEMO_REQUESTS = [
  'Адаптация в коллективе',
  'Подготовка к ЕГЭ',
  'Подготовка к ОГЭ',
  'Проектная деятельность',
  'Профориентация',
  'Повышение успеваемости',
  'Методика урока',
  'Работа с родителями',
  'Классное руководство',
  'Цифровые инструменты',
  'Участие в конкурсах',
  'Развитие лидерских качеств',
  'Дисциплина на уроке',
] as const;
type RequestTag = (typeof DEMO_REQUESTS)[number];

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('demo people: pick from an empty list');
    return item;
  }
  /** n distinct items, in the list's order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const indexes = items.map((_, i) => i);
    for (let i = indexes.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
    }
    return indexes
      .slice(0, Math.min(n, items.length))
      .sort((a, b) => a - b)
      .map((i) => items[i]!);
  }
  weighted<T extends string>(weights: Partial<Record<T, number>>): T {
    const entries = Object.entries(weights) as Array<[T, number]>;
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar dates ('YYYY-MM-DD', counted in UTC days: no time zones involved)

const DAY = 86_400_000;

function toDays(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY;
}

function fromDays(days: number): string {
  return new Date(days * DAY).toISOString().slice(0, 10);
}

function addDays(iso: string, days: number): string {
  return fromDays(toDays(iso) + days);
}

/** The same day n years later (or earlier); 29 February becomes 28 February. */
function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function randomDate(rng: Rng, from: string, to: string): string {
  return fromDays(rng.int(toDays(from), toDays(to)));
}

/** A birth date of someone exactly `age` full years old on `today`. */
function birthDateForAge(rng: Rng, age: number, today: string): string {
  const latest = addYears(today, -age);
  const earliest = addDays(addYears(today, -(age + 1)), 1);
  return randomDate(rng, earliest, latest);
}

/** A moment on a past day, in working hours (Moscow). */
function momentOn(rng: Rng, day: string): Date {
  return new Date(toDays(day) * DAY + (6 + rng.int(0, 8)) * 3_600_000 + rng.int(0, 59) * 60_000);
}

// ---------------------------------------------------------------------------------------------
// Names: fictional, with the surname, first name and patronymic agreeing in gender.

/** Surnames in the male form; the female form is derived by `surnameFor`. */
export const SURNAMES = [
  'Иванов',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Петров',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
  'Николаев',
  'Орлов',
  'Андреев',
  'Макаров',
  'Никитин',
  'Захаров',
  'Зайцев',
  'Соловьёв',
  'Борисов',
  'Яковлев',
  'Григорьев',
  'Романов',
  'Воробьёв',
  'Сергеев',
  'Кузьмин',
  'Фролов',
  'Александров',
  'Дмитриев',
  'Королёв',
  'Гусев',
  'Киселёв',
  'Ильин',
  'Максимов',
  'Поляков',
  'Сорокин',
  'Виноградов',
  'Ковалёв',
  'Белов',
  'Медведев',
  'Антонов',
  'Тарасов',
  'Жуков',
  'Баранов',
  'Филиппов',
  'Комаров',
  'Давыдов',
  'Беляев',
  'Герасимов',
  'Богданов',
  'Осипов',
  'Сидоров',
  'Матвеев',
  'Титов',
  'Марков',
  'Миронов',
  'Крылов',
  'Куликов',
  'Карпов',
  'Власов',
  'Мельников',
  'Денисов',
  'Корепанов',
  'Ложкин',
  'Широбоков',
  'Наговицын',
  'Бабинцев',
  'Перевощиков',
  'Островский',
  'Покровский',
  'Луговской',
  'Черных',
  'Коваленко',
  'Шевчук',
];

const INVARIABLE = /(ых|их|ко|чук|юк)$/;

/** A surname (given in the male form) in the form for a gender: Иванов/Иванова, Островский/Островская, Черных. */
export function surnameFor(male: string, gender: Gender): string {
  if (gender === 'm' || INVARIABLE.test(male)) return male;
  if (/(ов|ев|ёв|ин|ын)$/.test(male)) return `${male}а`;
  if (/(ий|ый|ой)$/.test(male)) return `${male.slice(0, -2)}ая`;
  return male;
}

/** First names of children and young people (born in the 2000s and 2010s). */
const MALE_YOUNG = [
  'Артём',
  'Максим',
  'Матвей',
  'Даниил',
  'Кирилл',
  'Егор',
  'Никита',
  'Илья',
  'Михаил',
  'Тимофей',
  'Иван',
  'Марк',
  'Лев',
  'Глеб',
  'Александр',
  'Дмитрий',
  'Роман',
  'Ярослав',
  'Степан',
  'Фёдор',
  'Богдан',
  'Владислав',
  'Арсений',
  'Денис',
];
const FEMALE_YOUNG = [
  'София',
  'Анастасия',
  'Мария',
  'Дарья',
  'Полина',
  'Виктория',
  'Алиса',
  'Ксения',
  'Варвара',
  'Милана',
  'Ульяна',
  'Вероника',
  'Елизавета',
  'Анна',
  'Александра',
  'Екатерина',
  'Арина',
  'Кристина',
  'Алина',
  'Таисия',
  'Валерия',
  'Диана',
  'Ева',
  'Яна',
];
/** First names of adults (born from the 1960s to the 1990s); also the fathers whose names give patronymics. */
const MALE_ADULT = [
  'Александр',
  'Алексей',
  'Андрей',
  'Анатолий',
  'Борис',
  'Вадим',
  'Валерий',
  'Василий',
  'Виктор',
  'Владимир',
  'Вячеслав',
  'Геннадий',
  'Георгий',
  'Григорий',
  'Денис',
  'Дмитрий',
  'Евгений',
  'Игорь',
  'Илья',
  'Константин',
  'Леонид',
  'Михаил',
  'Николай',
  'Никита',
  'Олег',
  'Павел',
  'Пётр',
  'Роман',
  'Сергей',
  'Станислав',
  'Юрий',
  'Семён',
  'Антон',
  'Максим',
  'Кирилл',
  'Иван',
  'Артём',
  'Фёдор',
  'Лев',
  'Тимофей',
];
const FEMALE_ADULT = [
  'Анна',
  'Валентина',
  'Вера',
  'Галина',
  'Елена',
  'Ирина',
  'Лариса',
  'Любовь',
  'Людмила',
  'Марина',
  'Надежда',
  'Наталья',
  'Нина',
  'Оксана',
  'Ольга',
  'Светлана',
  'Татьяна',
  'Юлия',
  'Екатерина',
  'Евгения',
  'Мария',
  'Анастасия',
  'Ксения',
  'Дарья',
  'Алёна',
  'Яна',
  'Кристина',
  'Маргарита',
  'Жанна',
  'Елизавета',
  'Алла',
  'Вероника',
  'Инна',
  'Лидия',
  'Полина',
  'Виктория',
  'Зоя',
  'Тамара',
  'Эльвира',
  'Олеся',
];

const PATRONYMIC_EXCEPTIONS: Record<string, [male: string, female: string]> = {
  Илья: ['Ильич', 'Ильинична'],
  Никита: ['Никитич', 'Никитична'],
  Кузьма: ['Кузьмич', 'Кузьминична'],
  Фома: ['Фомич', 'Фоминична'],
  Лука: ['Лукич', 'Лукинична'],
  Лев: ['Львович', 'Львовна'],
  Пётр: ['Петрович', 'Петровна'],
  Павел: ['Павлович', 'Павловна'],
  Яков: ['Яковлевич', 'Яковлевна'],
  Дмитрий: ['Дмитриевич', 'Дмитриевна'],
};

/** The patronymic a father's first name gives a son ('m') or a daughter ('f'). */
export function patronymic(father: string, gender: Gender): string {
  const exception = PATRONYMIC_EXCEPTIONS[father];
  if (exception) return gender === 'm' ? exception[0] : exception[1];
  let stem: string;
  let soft = false;
  if (/[еа]й$/.test(father)) {
    stem = father.slice(0, -1); // Сергей → Серге-евич, Николай → Никола-евич
    soft = true;
  } else if (/[гкх]ий$/.test(father)) {
    stem = father.slice(0, -1); // Георгий → Георги-евич
    soft = true;
  } else if (/ий$/.test(father)) {
    stem = `${father.slice(0, -2)}ь`; // Валерий → Валерь-евич
    soft = true;
  } else if (/ь$/.test(father)) {
    stem = father.slice(0, -1); // Игорь → Игор-евич
    soft = true;
  } else if (/[бвгдзклмнпрстфх]$/.test(father)) {
    stem = father; // a hard consonant: Иван-ович, Фёдор-ович
  } else {
    throw new Error(`demo people: no patronymic rule for ${father}`);
  }
  return `${stem}${soft ? 'ев' : 'ов'}${gender === 'm' ? 'ич' : 'на'}`;
}

interface PersonName {
  last_name: string;
  first_name: string;
  middle_name: string;
  /** The surname in the male form, for relatives. */
  family: string;
  gender: Gender;
}

function firstNames(gender: Gender, age: number): readonly string[] {
  if (age <= 20) return gender === 'm' ? MALE_YOUNG : FEMALE_YOUNG;
  if (age >= 32) return gender === 'm' ? MALE_ADULT : FEMALE_ADULT;
  return gender === 'm' ? [...MALE_YOUNG, ...MALE_ADULT] : [...FEMALE_YOUNG, ...FEMALE_ADULT];
}

const key = (p: { last_name: string; first_name: string; middle_name?: string | null }) =>
  `${p.last_name} ${p.first_name} ${p.middle_name ?? ''}`.trim();

/** A name nobody in the demo has yet (either base, the demo accounts, the heads of organisations). */
function newName(rng: Rng, gender: Gender, age: number, used: Set<string>): PersonName & { father: string } {
  for (;;) {
    const family = rng.pick(SURNAMES);
    const father = rng.pick(MALE_ADULT);
    const name = {
      last_name: surnameFor(family, gender),
      first_name: rng.pick(firstNames(gender, age)),
      middle_name: patronymic(father, gender),
      family,
      gender,
      father,
    };
    if (name.first_name === father && rng.chance(0.8)) continue; // Иван Иванович happens, but rarely
    if (used.has(key(name))) continue;
    used.add(key(name));
    return name;
  }
}

/** Splits «Фамилия Имя Отчество» (the heads of schools are written so in the organisations). */
function splitName(full: string): { last_name: string; first_name: string; middle_name: string | null; gender: Gender } {
  const [last = full, first = '', middle = null] = full.trim().split(/\s+/);
  return { last_name: last, first_name: first, middle_name: middle, gender: middle && /(вна|чна)$/.test(middle) ? 'f' : 'm' };
}

/** A parent of a minor who signs the consent: the child's surname, the father's name gives the child's patronymic. */
function parentName(rng: Rng, child: PersonName & { father: string }): string {
  if (rng.chance(0.7)) {
    const mother = rng.pick(FEMALE_ADULT);
    return `${surnameFor(child.family, 'f')} ${mother} ${patronymic(rng.pick(MALE_ADULT), 'f')}`;
  }
  return `${surnameFor(child.family, 'm')} ${child.father} ${patronymic(rng.pick(MALE_ADULT), 'm')}`;
}

// ---------------------------------------------------------------------------------------------
// Contacts (adults only)

const MAIL_DOMAINS = ['example.ru', 'mail.example.ru', 'inbox.example.ru', 'post.example.ru'];

function phone(rng: Rng): string {
  const d = (n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');
  return `+7 (9${d(2)}) ${d(3)}-${d(2)}-${d(2)}`;
}

function email(rng: Rng, name: PersonName): string {
  const local = rng.chance(0.5)
    ? `${transliterate(name.first_name)}.${transliterate(name.last_name)}`
    : `${transliterate(name.last_name)}.${transliterate(name.first_name[0] ?? '')}${transliterate(name.middle_name[0] ?? '')}`;
  return `${local}${rng.chance(0.3) ? rng.int(1, 99) : ''}@${rng.pick(MAIL_DOMAINS)}`;
}

function contacts(rng: Rng, name: PersonName, pPhone: number, pEmail: number) {
  return { phone: rng.chance(pPhone) ? phone(rng) : null, email: rng.chance(pEmail) ? email(rng, name) : null };
}

// ---------------------------------------------------------------------------------------------
// Work: positions, trainings, notes

const TEACHER_POSITIONS = [
  'учитель математики',
  'учитель математики',
  'учитель русского языка и литературы',
  'учитель русского языка и литературы',
  'учитель начальных классов',
  'учитель начальных классов',
  'учитель физики',
  'учитель химии',
  'учитель биологии',
  'учитель истории и обществознания',
  'учитель английского языка',
  'учитель информатики',
  'учитель географии',
  'учитель физической культуры',
  'учитель музыки',
  'учитель технологии',
  'учитель изобразительного искусства',
  'учитель ОБЗР',
  'педагог-психолог',
  'социальный педагог',
  'учитель-логопед',
  'педагог-организатор',
  'советник директора по воспитанию',
  'педагог дополнительного образования',
];
const ADDITIONAL_POSITIONS = [
  'педагог дополнительного образования (робототехника)',
  'педагог дополнительного образования (хореография)',
  'педагог дополнительного образования (вокал)',
  'педагог дополнительного образования (изобразительное искусство)',
  'педагог дополнительного образования (декоративно-прикладное творчество)',
  'педагог дополнительного образования (театр)',
  'педагог дополнительного образования (туризм и краеведение)',
  'педагог дополнительного образования (шахматы)',
  'педагог-организатор',
  'методист',
  'педагог-психолог',
  'концертмейстер',
];
const DEPUTY_POSITIONS = [
  'заместитель директора по учебно-воспитательной работе',
  'заместитель директора по воспитательной работе',
  'заместитель директора по научно-методической работе',
];
const PARTNER_POSITIONS: Record<PartnerKind, string[]> = {
  enterprise: [
    'инженер-конструктор',
    'инженер-технолог',
    'мастер участка',
    'начальник цеха',
    'программист',
    'ведущий экономист',
    'специалист по охране труда',
    'специалист по персоналу',
  ],
  college: ['преподаватель', 'мастер производственного обучения', 'заведующий отделением', 'преподаватель спецдисциплин'],
  university: [
    'доцент кафедры информатики',
    'старший преподаватель кафедры физики',
    'доцент кафедры педагогики',
    'руководитель студенческого конструкторского бюро',
  ],
  culture: [
    'руководитель народного коллектива',
    'художественный руководитель',
    'звукорежиссёр',
    'специалист по работе с молодёжью',
  ],
  sport: ['тренер-преподаватель', 'инструктор по спорту'],
  other: ['специалист'],
};
const GRADUATE_JOBS = [
  'инженер-технолог',
  'программист',
  'врач-терапевт',
  'менеджер проектов',
  'индивидуальный предприниматель',
  'специалист администрации округа',
  'фельдшер',
  'юрист',
];
const QUALIFICATIONS = [
  'высшая квалификационная категория',
  'первая квалификационная категория',
  'соответствие занимаемой должности',
];

const COURSES: Array<{ course: string; hours: number[]; for: Array<MentorCategory> }> = [
  {
    course: 'Наставничество в образовательной организации: реализация целевой модели',
    hours: [36, 72],
    for: ['teacher', 'school_head'],
  },
  { course: 'Школа наставника: сопровождение молодых педагогов', hours: [24, 36], for: ['teacher', 'school_head'] },
  { course: 'Психолого-педагогическое сопровождение наставляемых', hours: [24, 36], for: ['teacher'] },
  {
    course: 'Проектная и исследовательская деятельность обучающихся: роль наставника',
    hours: [36, 48],
    for: ['teacher', 'university_student'],
  },
  { course: 'Цифровые инструменты в работе педагога-наставника', hours: [16, 24], for: ['teacher', 'school_head'] },
  { course: 'Управление реализацией целевой модели наставничества в ОО', hours: [72], for: ['school_head'] },
  { course: 'Наставничество работодателей: профориентация обучающихся', hours: [16, 24], for: ['partner_employee', 'graduate'] },
  { course: 'Организация наставничества «студент – ученик»', hours: [16, 18], for: ['university_student', 'graduate'] },
  { course: 'Школа юного наставника', hours: [16, 18], for: ['student'] },
];

const MENTOR_NOTES: Partial<Record<MentorCategory, string[]>> = {
  teacher: [
    'Руководит школьным научным обществом',
    'Член жюри муниципального этапа всероссийской олимпиады школьников',
    'Победитель муниципального конкурса «Педагог года»',
    'Ведёт кружок робототехники',
  ],
  student: ['Призёр муниципального этапа олимпиады', 'Член совета обучающихся', 'Участник «Движения первых»'],
  partner_employee: ['Проводит экскурсии на производство', 'Готов вести профориентационные занятия'],
};
const MENTEE_NOTES: Partial<Record<MenteeCategory, string[]>> = {
  student: [
    'Трудности с мотивацией к учёбе',
    'Хочет подготовить проект к научно-практической конференции',
    'Интересуется инженерными профессиями',
    'Семья недавно переехала в округ',
  ],
  young_specialist: ['Просит помощи в ведении электронного журнала', 'Первый год классного руководства'],
  struggling_teacher: ['Переход на обновлённые ФГОС', 'Трудности с дисциплиной в 7-х классах'],
  new_teacher: ['Опыт работы в школе другого района', 'Первый год работы в сельской школе'],
};

const COMPETENCIES_BY_CATEGORY: Record<MentorCategory, Competency[]> = {
  teacher: [
    'Предметные',
    'Методические',
    'Психолого-педагогические',
    'Проектные',
    'Цифровые',
    'Исследовательские',
    'Воспитательные',
    'Подготовка к олимпиадам',
    'Подготовка к ГИА',
    'Работа с детьми с ОВЗ',
  ],
  student: ['Предметные', 'Проектные', 'Цифровые', 'Исследовательские', 'Подготовка к олимпиадам', 'Подготовка к ГИА'],
  university_student: ['Предметные', 'Проектные', 'Цифровые', 'Исследовательские', 'Профориентационные'],
  partner_employee: ['Профориентационные', 'Проектные', 'Цифровые', 'Исследовательские', 'Предметные'],
  graduate: ['Профориентационные', 'Проектные', 'Цифровые', 'Предметные', 'Воспитательные'],
  school_head: ['Управленческие', 'Методические', 'Психолого-педагогические', 'Воспитательные', 'Предметные'],
};
const TEACHER_REQUESTS: RequestTag[] = [
  'Адаптация в коллективе',
  'Методика урока',
  'Работа с родителями',
  'Классное руководство',
  'Цифровые инструменты',
  'Участие в конкурсах',
  'Дисциплина на уроке',
  'Проектная деятельность',
];
const TRAINEE_REQUESTS: RequestTag[] = [
  'Методика урока',
  'Адаптация в коллективе',
  'Цифровые инструменты',
  'Дисциплина на уроке',
  'Классное руководство',
];

function studentRequests(grade: number, additional: boolean): RequestTag[] {
  const base: RequestTag[] = [
    'Проектная деятельность',
    'Участие в конкурсах',
    'Развитие лидерских качеств',
    'Профориентация',
    'Адаптация в коллективе',
  ];
  if (!additional) base.push('Повышение успеваемости', 'Повышение успеваемости');
  if (grade >= 8 && grade <= 9 && !additional) base.push('Подготовка к ОГЭ', 'Подготовка к ОГЭ');
  if (grade >= 10 && !additional) base.push('Подготовка к ЕГЭ', 'Подготовка к ЕГЭ');
  return base;
}

// ---------------------------------------------------------------------------------------------
// Schools

interface SchoolInfo {
  id: number;
  index: number;
  shortName: string;
  additional: boolean;
  headName: string | null;
  mentors: [number, number];
  mentees: [number, number];
  letters: string[];
  maxGrade: number;
  /** Weights of the categories of mentees beyond the one of each the school always has. */
  menteeWeights: Partial<Record<MenteeCategory, number>>;
}

interface PartnerInfo {
  id: number;
  shortName: string;
  kind: PartnerKind;
}

function schoolProfile(
  org: { id: number; short_name: string; school_kind: string | null; is_resource_center: boolean; head_name: string | null },
  index: number,
): SchoolInfo {
  const common = { id: org.id, index, shortName: org.short_name, headName: org.head_name };
  const teacherWeights = { student: 72, young_specialist: 10, struggling_teacher: 7, new_teacher: 7, trainee: 4 };
  if (org.school_kind === 'additional') {
    // Mostly children: the teachers of a ДО are few.
    return {
      ...common,
      additional: true,
      mentors: [16, 22],
      mentees: [40, 60],
      letters: ['А', 'Б', 'В'],
      maxGrade: 11,
      menteeWeights: { student: 92, young_specialist: 4, struggling_teacher: 1, new_teacher: 2, trainee: 1 },
    };
  }
  const base = { ...common, additional: false, menteeWeights: teacherWeights };
  if (org.is_resource_center) return { ...base, mentors: [34, 40], mentees: [100, 118], letters: ['А', 'Б', 'В'], maxGrade: 11 };
  if (/ООШ/.test(org.short_name)) return { ...base, mentors: [10, 13], mentees: [20, 30], letters: ['А'], maxGrade: 9 };
  if (/\s(с|д|п)\.\s/.test(org.short_name))
    return { ...base, mentors: [13, 18], mentees: [35, 50], letters: ['А'], maxGrade: 11 };
  if (/Лицей|Гимназия/.test(org.short_name))
    return { ...base, mentors: [24, 32], mentees: [70, 95], letters: ['А', 'Б', 'В'], maxGrade: 11 };
  return { ...base, mentors: [20, 28], mentees: [55, 85], letters: ['А', 'Б'], maxGrade: 11 };
}

// ---------------------------------------------------------------------------------------------
// Records

type MentorRow = Insertable<MentorsTable>;
type MenteeRow = Insertable<MenteesTable>;

interface Seeded<Row> {
  row: Row;
  tags: string[];
  trainings: Array<{ course: string; completed_on: string; hours: number }>;
}

interface Context {
  rng: Rng;
  today: string;
  school: SchoolInfo;
  partners: PartnerInfo[];
  used: Set<string>;
  nextConsent: () => string;
}

/** Consent, status and the record's own dates, shared by both bases. */
function lifecycle(ctx: Context, pConsent: number, notBefore: string | null) {
  const { rng, today } = ctx;
  const yearAgo = addDays(addYears(today, -1), 1);
  const earliest = notBefore && notBefore > yearAgo ? notBefore : yearAgo;
  const hasConsent = rng.chance(pConsent);
  const consentDate = hasConsent
    ? randomDate(rng, earliest, addDays(today, -1) < earliest ? earliest : addDays(today, -1))
    : null;
  const r = rng.float();
  let status: PersonStatus;
  let archived = false;
  if (r < 0.05) {
    archived = true;
    status = rng.chance(0.7) ? 'left' : 'potential';
  } else if (r < 0.15) {
    status = 'left';
  } else {
    status = hasConsent && rng.chance(0.65) ? 'active' : 'potential';
  }
  // Entered into the base before the consent was signed (or soon after starting work).
  let createdDay = consentDate ? addDays(consentDate, -rng.int(0, 20)) : addDays(today, -rng.int(10, 400));
  if (notBefore && createdDay < notBefore) createdDay = notBefore;
  if (createdDay >= today) createdDay = addDays(today, -1);
  const createdAt = momentOn(rng, createdDay);
  const changedDay = randomDate(rng, createdDay, addDays(today, -1) < createdDay ? createdDay : addDays(today, -1));
  const changedAt = new Date(Math.max(createdAt.getTime(), momentOn(rng, changedDay).getTime()));
  return {
    consent_date: consentDate,
    consent_number: consentDate ? ctx.nextConsent() : null,
    status,
    archived_at: archived ? changedAt : null,
    created_at: createdAt,
    updated_at: status === 'potential' && !archived ? createdAt : changedAt,
  };
}

/** min–max distinct tags; a tag listed twice in the pool is twice as likely. */
function pickTags(rng: Rng, pool: readonly string[], min: number, max: number): string[] {
  const n = rng.int(min, max);
  const picked = new Set<string>();
  for (let i = 0; picked.size < n && i < 100; i++) picked.add(rng.pick(pool));
  return [...picked];
}

function trainingsFor(ctx: Context, category: MentorCategory, p: number, notBefore: string | null) {
  const { rng, today } = ctx;
  if (!rng.chance(p)) return [];
  const courses = COURSES.filter((c) => c.for.includes(category));
  const to = addDays(today, -14);
  let from = notBefore && notBefore > addYears(today, -4) ? notBefore : addYears(today, -4);
  if (from > to) from = to;
  return rng.sample(courses, rng.chance(0.3) ? 2 : 1).map((c) => ({
    course: c.course,
    completed_on: randomDate(rng, from, to),
    hours: rng.pick(c.hours),
  }));
}

function teacherForms(rng: Rng): MentoringForm[] {
  const r = rng.float();
  return r < 0.4 ? ['teacher_student', 'teacher_teacher'] : r < 0.7 ? ['teacher_teacher'] : ['teacher_student'];
}

function studentClass(rng: Rng, school: SchoolInfo, minGrade: number): { grade: number; className: string } {
  const grade = rng.int(minGrade, school.maxGrade);
  return { grade, className: `${grade}${rng.pick(school.letters)}` };
}

function mentorRecord(ctx: Context, category: MentorCategory, options: { director?: boolean } = {}): Seeded<MentorRow> {
  const { rng, today, school } = ctx;
  const partnersOf = (kinds: PartnerKind[]) => ctx.partners.filter((p) => kinds.includes(p.kind));
  let origin = school.id;
  let age: number;
  let gender: Gender;
  let position: string;
  let forms: MentoringForm[];
  let capacity: number;
  let qualification: string | null = null;
  let pBirth = 0.85;
  let adult = true;
  let pTraining = 0.3;
  let pConsent = 0.8;
  let name: (PersonName & { father?: string }) | null = null;

  switch (category) {
    case 'teacher':
      gender = rng.chance(0.82) ? 'f' : 'm';
      age = rng.int(27, 63);
      position = rng.pick(school.additional ? ADDITIONAL_POSITIONS : TEACHER_POSITIONS);
      forms = teacherForms(rng);
      capacity = rng.pick([1, 1, 2, 2, 2, 3, 3, 4, 5]);
      if (rng.chance(0.7))
        qualification = rng.pick([
          QUALIFICATIONS[0]!,
          QUALIFICATIONS[0]!,
          QUALIFICATIONS[1]!,
          QUALIFICATIONS[1]!,
          QUALIFICATIONS[2]!,
        ]);
      pTraining = 0.55;
      break;
    case 'school_head': {
      age = rng.int(42, 62);
      forms = ['head_teacher'];
      capacity = rng.int(1, 3);
      qualification = rng.chance(0.6) ? QUALIFICATIONS[0]! : null;
      pTraining = 0.8;
      pConsent = 1;
      if (options.director && school.headName) {
        const head = splitName(school.headName);
        gender = head.gender;
        name = { ...head, middle_name: head.middle_name ?? '', family: head.last_name };
        position = 'директор';
      } else {
        gender = rng.chance(0.75) ? 'f' : 'm';
        position = options.director ? 'директор' : rng.pick(DEPUTY_POSITIONS);
      }
      break;
    }
    case 'student': {
      gender = rng.chance(0.55) ? 'f' : 'm';
      const { grade, className } = studentClass(rng, school, 9);
      // A class fits an age: 9th grade — 15, 10th — 15–16, 11th — 16–17 (rarely 18).
      age = grade === 9 ? 15 : grade === 10 ? rng.int(15, 16) : rng.chance(0.06) ? 18 : rng.int(16, 17);
      position = `${className} класс`;
      forms = ['student_student'];
      capacity = rng.int(1, 2);
      pBirth = 1;
      adult = false;
      pTraining = 0.25;
      break;
    }
    case 'university_student': {
      gender = rng.chance(0.55) ? 'f' : 'm';
      age = rng.int(18, 22);
      const studies = partnersOf(['college', 'university']);
      const from = rng.pick(studies.length ? studies : ctx.partners);
      const course = Math.min(Math.max(age - 17, 1), from.kind === 'college' ? 4 : 5);
      origin = from.id;
      position = `студент ${course} курса, ${from.shortName}`;
      forms = ['college_student'];
      capacity = rng.int(1, 3);
      break;
    }
    case 'partner_employee': {
      gender = rng.chance(0.5) ? 'f' : 'm';
      age = rng.int(25, 60);
      const enterprises = partnersOf(['enterprise']);
      const from = enterprises.length && rng.chance(0.5) ? rng.pick(enterprises) : rng.pick(ctx.partners);
      origin = from.id;
      position = `${rng.pick(PARTNER_POSITIONS[from.kind])}, ${from.shortName}`;
      const r = rng.float();
      forms = r < 0.6 ? ['employer_student'] : r < 0.85 ? ['employer_trainee'] : ['employer_student', 'employer_trainee'];
      capacity = rng.int(2, 5);
      pBirth = 0.6;
      break;
    }
    case 'graduate': {
      gender = rng.chance(0.55) ? 'f' : 'm';
      age = rng.int(19, 34);
      pBirth = 1;
      forms = age <= 22 ? ['college_student'] : ['employer_student'];
      position = '';
      capacity = rng.int(1, 3);
      break;
    }
  }

  const person = name ?? newName(rng, gender, age, ctx.used);
  let birth = rng.chance(pBirth) ? birthDateForAge(rng, age, today) : null;
  if (category === 'graduate') {
    birth ??= birthDateForAge(rng, age, today);
    const year = Number(birth.slice(0, 4)) + 18;
    const job =
      age <= 22
        ? `студент, ${rng.pick(
            ctx.partners
              .filter((p) => p.kind === 'university' || p.kind === 'college')
              .map((p) => p.shortName)
              .concat('Энский государственный университет'),
          )}`
        : rng.pick(GRADUATE_JOBS);
    position = `выпускник ${year} г., ${job}`;
  }
  const contact = adult ? contacts(rng, person, 0.88, 0.7) : { phone: null, email: null };
  const notes = MENTOR_NOTES[category];
  const adultSince = birth ? addYears(birth, 18) : null;
  const life = lifecycle(ctx, pConsent, null);
  // A student mentor under 18 has the consent signed by a parent.
  const minor = birth !== null && birth > minorBornAfter(today);
  const father = (person as { father?: string }).father;
  const consentBy = life.consent_date && minor && father ? parentName(rng, { ...person, father }) : null;
  return {
    row: {
      organization_id: school.id,
      origin_organization_id: origin,
      consent_by: consentBy,
      last_name: person.last_name,
      first_name: person.first_name,
      middle_name: person.middle_name || null,
      category,
      position,
      birth_date: birth,
      ...contact,
      competencies_note: notes && rng.chance(0.12) ? rng.pick(notes) : null,
      forms,
      capacity,
      qualification,
      ...life,
      erased_at: null,
      age_group: ageGroup(birth, today),
    },
    tags: pickTags(rng, COMPETENCIES_BY_CATEGORY[category], 1, 4),
    trainings: trainingsFor(ctx, category, pTraining, category === 'student' ? addYears(today, -2) : adultSince),
  };
}

function menteeRecord(ctx: Context, category: MenteeCategory): Seeded<MenteeRow> {
  const { rng, today, school } = ctx;
  const positions = school.additional ? ADDITIONAL_POSITIONS : TEACHER_POSITIONS;
  let gender: Gender = rng.chance(category === 'student' ? 0.5 : 0.8) ? 'f' : 'm';
  let age: number;
  let className: string | null = null;
  let position: string | null = null;
  let since: string | null = null;
  let tags: string[];
  let pConsent = 0.8;
  let pBirth = 0.85;

  switch (category) {
    case 'student': {
      const { grade, className: cls } = studentClass(rng, school, 5);
      // 5th grade — 10–11 years, …, 11th grade — 16–17.
      age = grade + rng.int(5, 6);
      className = cls;
      pBirth = 1;
      tags = pickTags(rng, studentRequests(grade, school.additional), 1, 3);
      break;
    }
    case 'young_specialist':
      age = rng.int(22, 29);
      position = rng.pick(positions);
      tags = pickTags(rng, TEACHER_REQUESTS, 1, 3);
      pConsent = 0.85;
      break;
    case 'struggling_teacher':
      age = rng.int(28, 60);
      position = rng.pick(positions);
      tags = pickTags(rng, TEACHER_REQUESTS, 1, 3);
      break;
    case 'new_teacher':
      age = rng.int(25, 55);
      position = rng.pick(positions);
      tags = [...new Set(['Адаптация в коллективе', ...pickTags(rng, TEACHER_REQUESTS, 0, 2)])];
      break;
    case 'trainee': {
      age = rng.int(19, 23);
      gender = rng.chance(0.7) ? 'f' : 'm';
      const studies = ctx.partners.filter((p) => p.kind === 'university' || p.kind === 'college');
      const from = studies.length ? rng.pick(studies) : null;
      const course = Math.min(Math.max(age - 17, 2), from?.kind === 'college' ? 4 : 5);
      position = `студент-практикант, ${course} курс, ${from?.shortName ?? 'Энский государственный университет'}`;
      tags = pickTags(rng, TRAINEE_REQUESTS, 1, 3);
      break;
    }
  }

  const person = newName(rng, gender, age, ctx.used);
  const birth = rng.chance(pBirth) ? birthDateForAge(rng, age, today) : null;
  const bornApprox = birth ?? addYears(today, -age);
  if (category === 'young_specialist') {
    // Teaching for 0–3 full years, started no younger than 21.
    const start = addDays(addYears(today, -4), 1);
    const grown = addYears(bornApprox, 21);
    since = randomDate(rng, start > grown ? start : grown, addDays(today, -20));
  } else if (category === 'struggling_teacher' || category === 'new_teacher') {
    const grown = addYears(bornApprox, 22);
    const latest = addYears(today, category === 'struggling_teacher' ? -4 : -2);
    since = rng.chance(0.85) ? randomDate(rng, grown < latest ? grown : latest, latest) : null;
  }
  const adult = category !== 'student';
  const contact = adult ? contacts(rng, person, 0.9, 0.75) : { phone: null, email: null };
  const life = lifecycle(ctx, pConsent, category === 'young_specialist' ? since : null);
  const minor = birth !== null && ageOn(birth, today) < 18;
  const notes = MENTEE_NOTES[category];
  return {
    row: {
      organization_id: school.id,
      last_name: person.last_name,
      first_name: person.first_name,
      middle_name: person.middle_name,
      category,
      class_name: className,
      position,
      birth_date: birth,
      teaching_since: since,
      ...contact,
      requests_note: notes && rng.chance(0.12) ? rng.pick(notes) : null,
      consent_by: life.consent_date && minor ? parentName(rng, person) : null,
      ...life,
      erased_at: null,
      age_group: ageGroup(birth, today),
    },
    tags,
    trainings: [],
  };
}

/** Categories for n people: one of each first, the rest by weight. */
function categories<T extends string>(rng: Rng, all: readonly T[], weights: Partial<Record<T, number>>, n: number): T[] {
  const list = [...all];
  while (list.length < n) list.push(rng.weighted(weights));
  return list;
}

/** The demo accounts' records in the demo school, so that later features can link accounts to people. */
function demoAccountPeople(ctx: Context): { mentor: Seeded<MentorRow>; mentee: Seeded<MenteeRow> } {
  const { rng, today } = ctx;
  const mentor = mentorRecord(ctx, 'teacher');
  const mentorBirth = birthDateForAge(rng, 44, today);
  Object.assign(mentor.row, {
    last_name: 'Павлова',
    first_name: 'Наталья',
    middle_name: 'Игоревна',
    position: 'учитель математики',
    birth_date: mentorBirth,
    age_group: ageGroup(mentorBirth, today),
    phone: '+7 (912) 345-18-27',
    email: 'n.pavlova@mail.example.ru',
    forms: ['teacher_teacher', 'teacher_student'],
    capacity: 3,
    qualification: QUALIFICATIONS[0],
    consent_date: addDays(today, -200),
    consent_number: ctx.nextConsent(),
    status: 'active',
    archived_at: null,
    competencies_note: null,
  } satisfies Partial<MentorRow>);
  mentor.row.created_at = momentOn(rng, addDays(today, -210));
  mentor.row.updated_at = mentor.row.created_at;
  mentor.tags = ['Предметные', 'Методические', 'Подготовка к ГИА'];
  mentor.trainings = [{ course: COURSES[0]!.course, completed_on: addDays(today, -300), hours: 72 }];

  const mentee = menteeRecord(ctx, 'young_specialist');
  const menteeBirth = birthDateForAge(rng, 23, today);
  const since = addYears(today, -1);
  Object.assign(mentee.row, {
    last_name: 'Белов',
    first_name: 'Кирилл',
    middle_name: 'Андреевич',
    position: 'учитель информатики',
    birth_date: menteeBirth,
    age_group: ageGroup(menteeBirth, today),
    teaching_since: since,
    phone: '+7 (922) 507-43-11',
    email: 'k.belov@inbox.example.ru',
    consent_date: addDays(since, 10),
    consent_by: null,
    consent_number: ctx.nextConsent(),
    status: 'active',
    archived_at: null,
    requests_note: null,
    created_at: momentOn(rng, addDays(since, 5)),
  } satisfies Partial<MenteeRow>);
  mentee.row.updated_at = mentee.row.created_at;
  mentee.tags = ['Методика урока', 'Классное руководство', 'Цифровые инструменты'];
  return { mentor, mentee };
}

const MENTOR_ORDER: MentorCategory[] = [
  'school_head',
  'teacher',
  'student',
  'university_student',
  'partner_employee',
  'graduate',
];
const MENTEE_ORDER: MenteeCategory[] = ['student', 'young_specialist', 'struggling_teacher', 'new_teacher', 'trainee'];

const BATCH = 500;

async function insertBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/**
 * Fills the bases of the demo municipality: the district's tag lists, then for each school
 * 10–40 mentors and 20–120 mentees of every category. `schoolIds[0]` is the demo school,
 * where the demo accounts `mentor` (Павлова Наталья Игоревна) and `mentee` (Белов Кирилл
 * Андреевич) work: both are in its bases. `today` is 'YYYY-MM-DD' (todayIso()).
 */
export async function seedDemoPeople(
  db: Db,
  municipalityId: number,
  schoolIds: number[],
  partnerIds: number[],
  today: string,
): Promise<void> {
  const orgs = await db
    .selectFrom('organizations')
    .select(['id', 'type', 'short_name', 'school_kind', 'partner_kind', 'is_resource_center', 'head_name'])
    .where('id', 'in', [...schoolIds, ...partnerIds, -1])
    .execute();
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const partners: PartnerInfo[] = partnerIds.map((id) => {
    const org = byId.get(id);
    if (org?.type !== 'partner') throw new Error(`demo people: ${id} is not a partner`);
    return { id, shortName: org.short_name, kind: org.partner_kind ?? 'other' };
  });
  if (partners.length === 0) throw new Error('demo people: the demo needs at least one partner');

  // Nobody random may share a name with the demo accounts or the heads of organisations.
  const used = new Set<string>();
  for (const u of await db.selectFrom('users').select('full_name').execute()) used.add(u.full_name.replace(/\s+/g, ' ').trim());
  for (const o of await db
    .selectFrom('organizations')
    .select('head_name')
    .where('municipality_id', '=', municipalityId)
    .execute()) {
    if (o.head_name) used.add(o.head_name.replace(/\s+/g, ' ').trim());
  }

  const tags = await db
    .insertInto('tags')
    .values([
      ...DEMO_COMPETENCIES.map((name) => ({ municipality_id: municipalityId, kind: 'competency' as const, name })),
      ...DEMO_REQUESTS.map((name) => ({ municipality_id: municipalityId, kind: 'request' as const, name })),
    ])
    .returning(['id', 'kind', 'name'])
    .execute();
  const tagId = (kind: 'competency' | 'request', name: string) => {
    const tag = tags.find((t) => t.kind === kind && t.name === name);
    if (!tag) throw new Error(`demo people: no tag ${name}`);
    return tag.id;
  };

  const mentors: Array<Seeded<MentorRow>> = [];
  const mentees: Array<Seeded<MenteeRow>> = [];
  schoolIds.forEach((id, index) => {
    const org = byId.get(id);
    if (org?.type !== 'school') throw new Error(`demo people: ${id} is not a school`);
    const school = schoolProfile(org, index);
    const rng = new Rng(0x5eed_2024 + index * 7919);
    let consentNo = rng.int(10, 60);
    const ctx: Context = {
      rng,
      today,
      school,
      partners,
      used,
      nextConsent: () => {
        consentNo += rng.int(1, 3);
        return `С-${String(consentNo).padStart(4, '0')}`;
      },
    };
    const nMentors = rng.int(...school.mentors);
    const nMentees = rng.int(...school.mentees);
    if (index === 0) {
      const { mentor, mentee } = demoAccountPeople(ctx);
      used.add(key(mentor.row));
      used.add(key(mentee.row));
      mentors.push(mentor);
      mentees.push(mentee);
    }
    const ownMentors = index === 0 ? nMentors - 1 : nMentors;
    const ownMentees = index === 0 ? nMentees - 1 : nMentees;
    const mentorWeights = { teacher: 56, student: 18, university_student: 5, partner_employee: 10, graduate: 6, school_head: 2 };
    categories(rng, MENTOR_ORDER, mentorWeights, ownMentors).forEach((category, i) => {
      mentors.push(mentorRecord(ctx, category, { director: i === 0 }));
    });
    for (const category of categories(rng, MENTEE_ORDER, school.menteeWeights, ownMentees))
      mentees.push(menteeRecord(ctx, category));
  });

  const mentorIds = new Map<string, number>();
  await insertBatches(mentors, async (batch) => {
    const rows = await db
      .insertInto('mentors')
      .values(batch.map((m) => m.row))
      .returning(['id', 'last_name', 'first_name', 'middle_name'])
      .execute();
    for (const r of rows) mentorIds.set(key(r), r.id);
  });
  const menteeIds = new Map<string, number>();
  await insertBatches(mentees, async (batch) => {
    const rows = await db
      .insertInto('mentees')
      .values(batch.map((m) => m.row))
      .returning(['id', 'last_name', 'first_name', 'middle_name'])
      .execute();
    for (const r of rows) menteeIds.set(key(r), r.id);
  });
  const idOf = (ids: Map<string, number>, row: { last_name: string; first_name: string; middle_name?: string | null }) => {
    const id = ids.get(key(row));
    if (id === undefined) throw new Error(`demo people: ${key(row)} was not inserted`);
    return id;
  };

  const mentorTags = mentors.flatMap((m) =>
    m.tags.map((name) => ({ mentor_id: idOf(mentorIds, m.row), tag_id: tagId('competency', name) })),
  );
  await insertBatches(mentorTags, (batch) => db.insertInto('mentor_tags').values(batch).execute());
  const trainings = mentors.flatMap((m) => m.trainings.map((t) => ({ ...t, mentor_id: idOf(mentorIds, m.row) })));
  await insertBatches(trainings, (batch) => db.insertInto('mentor_trainings').values(batch).execute());
  const menteeTags = mentees.flatMap((m) =>
    m.tags.map((name) => ({ mentee_id: idOf(menteeIds, m.row), tag_id: tagId('request', name) })),
  );
  await insertBatches(menteeTags, (batch) => db.insertInto('mentee_tags').values(batch).execute());
}
