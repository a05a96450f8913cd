import { z } from 'zod';
import {
  EVENT_AUDIENCE_ROLES,
  EVENT_KINDS,
  EVENT_LEVELS,
  EVENT_MENTEE_CATEGORIES,
  EVENT_RESULTS,
  type EventResult,
} from '../../db/types.js';
import { checkbox, optionalText, pageQuery, requiredText } from '../../http/forms.js';
import { momentOfLocal } from '../../lib/dates.js';
import { MENTOR_CATEGORIES } from '../people/labels.js';

/** Several values of one field (checkboxes), as a list without repeats. */
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => [...new Set((v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => x.trim()).filter(Boolean))]);

const moment = (label: string) =>
  z
    .string({ error: `${label}: укажите дату и время` })
    .trim()
    .refine((v) => v !== '', `${label}: укажите дату и время`)
    .refine((v) => v === '' || momentOfLocal(v) !== null, `${label}: укажите дату и время в виде ДД.ММ.ГГГГ ЧЧ:ММ`);

const URL_RE = /^https?:\/\/[^\s]+$/i;

export interface MaterialLink {
  title: string;
  url: string;
}

/** «Название — https://…» or a bare link, one a line. */
export function parseMaterials(text: string): { links: MaterialLink[]; error: string | null } {
  const links: MaterialLink[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (!line) continue;
    const match = /(https?:\/\/\S+)\s*$/i.exec(line);
    if (!match?.[1] || !URL_RE.test(match[1]))
      return { links, error: `Материалы: в строке ${i + 1} нет ссылки, начинающейся с http:// или https://` };
    const url = match[1];
    const title = line
      .slice(0, match.index)
      .replace(/[\s—–:-]+$/, '')
      .trim();
    if (url.length > 2000) return { links, error: `Материалы: ссылка в строке ${i + 1} длиннее 2000 символов` };
    links.push({ title: (title || url).slice(0, 300), url });
  }
  if (links.length > 30) return { links, error: 'Материалы: не более 30 ссылок' };
  return { links, error: null };
}

/** The event form: the audience's roles and schools are checkbox lists. */
export const eventForm = z
  .object({
    title: requiredText(300, 'Укажите название мероприятия', 'Название'),
    kind: z.enum(EVENT_KINDS, { error: 'Выберите вид мероприятия' }),
    level: z.enum(EVENT_LEVELS, { error: 'Выберите уровень мероприятия' }),
    starts_at: moment('Начало'),
    ends_at: moment('Окончание'),
    place: optionalText(500, 'Место проведения'),
    video_url: optionalText(2000, 'Ссылка на видеотрансляцию').refine(
      (v) => v === null || URL_RE.test(v),
      'Ссылка на видеотрансляцию: укажите адрес, начинающийся с http:// или https://',
    ),
    description: optionalText(5000, 'Описание'),
    audience_roles: list.pipe(
      z
        .array(z.enum(EVENT_AUDIENCE_ROLES, { error: 'Для кого: выберите из списка' }))
        .min(1, 'Для кого: отметьте хотя бы одну группу участников'),
    ),
    audience_mentor_categories: list.pipe(
      z.array(z.enum(MENTOR_CATEGORIES, { error: 'Категории наставников: выберите из списка' })),
    ),
    audience_mentee_categories: list.pipe(
      z.array(z.enum(EVENT_MENTEE_CATEGORIES, { error: 'Категории наставляемых: выберите из списка' })),
    ),
    schools: z.enum(['all', 'chosen']).optional().default('all'),
    school_ids: list.transform((v) => v.map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647)),
    capacity: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (Number.isInteger(v) && v > 0 && v <= 100_000), 'Число мест: укажите целое число больше нуля'),
    roadmap_item_id: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .refine(
        (v) => v === null || (Number.isInteger(v) && v > 0 && v <= 2_147_483_647),
        'Выберите пункт дорожной карты из списка',
      ),
    materials: z.string().optional().default(''),
    is_public: checkbox,
  })
  .superRefine((v, ctx) => {
    if (!v.place && !v.video_url)
      ctx.addIssue({ code: 'custom', path: ['place'], message: 'Укажите место проведения или ссылку на видеотрансляцию' });
    const starts = momentOfLocal(v.starts_at);
    const ends = momentOfLocal(v.ends_at);
    if (starts && ends && ends < starts)
      ctx.addIssue({ code: 'custom', path: ['ends_at'], message: 'Окончание: не может быть раньше начала' });
    const materials = parseMaterials(v.materials);
    if (materials.error) ctx.addIssue({ code: 'custom', path: ['materials'], message: materials.error });
  })
  .transform((v) => ({
    title: v.title,
    kind: v.kind,
    level: v.level,
    starts_at: momentOfLocal(v.starts_at) as Date,
    ends_at: momentOfLocal(v.ends_at) as Date,
    place: v.place,
    video_url: v.video_url,
    description: v.description,
    audience_roles: v.audience_roles,
    audience_mentor_categories: v.audience_mentor_categories,
    audience_mentee_categories: v.audience_mentee_categories,
    all_schools: v.schools === 'all',
    school_ids: v.schools === 'all' ? [] : v.school_ids,
    capacity: v.capacity,
    roadmap_item_id: v.roadmap_item_id,
    materials: parseMaterials(v.materials).links,
    is_public: v.is_public,
  }));

export type EventInput = z.output<typeof eventForm>;

export const eventListQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  month: z.coerce.number().int().min(1).max(12).optional().catch(undefined),
  kind: z.enum(EVENT_KINDS).optional().catch(undefined),
  level: z.enum(EVENT_LEVELS).optional().catch(undefined),
  page: pageQuery,
});

export type EventListQuery = z.output<typeof eventListQuery>;

export const planQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
});

/** The organiser's acts on the status (publishing the result has its own form). */
export const statusForm = z.object({
  to: z.enum(['registration_open', 'held', 'cancelled'], { error: 'Выберите действие' }),
});

/** A person of the curator's school: «mentor:12» or «mentee:7». */
export const registerPersonForm = z.object({
  person: z
    .string({ error: 'Участник: выберите человека из списка' })
    .trim()
    .regex(/^(mentor|mentee):\d{1,10}$/, 'Участник: выберите человека из списка')
    .transform((v) => {
      const [kind, id] = v.split(':') as ['mentor' | 'mentee', string];
      return { kind, id: Number(id) };
    }),
});

/** The check-list: the ids of those present. */
export const attendanceForm = z.object({
  present: list.transform((v) => v.map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647)),
});

/** The result: a summary, and for a contest each participant's result (`result_<registration id>`). */
export const resultForm = z.object({
  summary: requiredText(10_000, 'Итоги: опишите итоги мероприятия или приведите решение', 'Итоги'),
});

/** The contest results of a result form's body, by registration id. */
export function contestResults(body: Record<string, unknown>): Map<number, EventResult | null> | string {
  const results = new Map<number, EventResult | null>();
  for (const [key, value] of Object.entries(body)) {
    const match = /^result_(\d{1,10})$/.exec(key);
    if (!match) continue;
    const text = typeof value === 'string' ? value : '';
    if (text === '') results.set(Number(match[1]), null);
    else if ((EVENT_RESULTS as readonly string[]).includes(text)) results.set(Number(match[1]), text as EventResult);
    else return 'Результат участника: выберите из списка';
  }
  return results;
}
