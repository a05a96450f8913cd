import type { Kysely } from 'kysely';
import { canManagePublicNews, publicNewsOwnerOf } from '../../access/policy.js';
import type { Database } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import { todayIso } from '../../lib/dates.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import {
  findPublishedPractice,
  practiceMenteesOf,
  practiceMentorsOf,
  publishedPracticesOf,
  searchPublishedPractices,
} from '../practices/queries.js';
import {
  findMunicipality,
  findNews,
  listMunicipalities,
  listSchools,
  type NewsItem,
  newsOf,
  type PublicBestMentor,
  type PublicContact,
  type PublicDocument,
  type PublicEvent,
  type PublicPlace,
  publicBestMentors,
  publicContacts,
  publicDocumentFile,
  publicDocuments,
  publicEvents,
  publicIndicatorValues,
  publishedNews,
} from './queries.js';
import { appliesToMunicipality, appliesToSchool, UNIT_NAMES } from '../indicators/catalogue.js';
import { periodOfCode } from '../indicators/periods.js';

export type { NewsItem, PublicPlace } from './queries.js';

/** How far back the calendar shows events that have passed. */
const RECENT_DAYS = 90;

/** The public address of a municipality's or a school's page. */
export function pagePath(municipality: Pick<PublicPlace, 'slug'>, school?: Pick<PublicPlace, 'slug'>): string {
  return school ? `/p/${municipality.slug}/${school.slug}` : `/p/${municipality.slug}`;
}

export interface PublicPractice {
  title: string;
  summary: string;
  href: string | null;
}

/** The public address of a published practice, under its municipality's page. */
export function practicePath(municipality: Pick<PublicPlace, 'slug'>, id: number): string {
  return `${pagePath(municipality)}/practices/${id}`;
}

/** The first sentences of a text, up to about `max` characters, cut at a word. */
function shortened(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 40))}…`;
}

/** The best practices of the bank published for the page's municipality (or school), newest first. */
export async function publicPractices(
  db: Kysely<Database>,
  municipality: PublicPlace,
  schoolId: number | null,
): Promise<PublicPractice[]> {
  const rows = await publishedPracticesOf(db, { municipalityId: municipality.id, ...(schoolId === null ? {} : { schoolId }) });
  return rows.slice(0, 20).map((r) => ({
    title: r.title,
    summary: `${r.school_name}, ${r.year}. ${shortened(r.results || r.problem || '')}`,
    href: practicePath(municipality, r.id),
  }));
}

/** The municipality's published practices found by the visitor's words (none: all), for its public search. */
export async function searchPublicPractices(
  db: Kysely<Database>,
  municipality: PublicPlace,
  words: string | null,
): Promise<PublicPractice[]> {
  const rows = await searchPublishedPractices(db, municipality.id, words);
  return rows.map((r) => ({
    title: r.title,
    summary: `${r.school_name}, ${r.year}. ${shortened(r.results || r.problem || '')}`,
    href: practicePath(municipality, r.id),
  }));
}

/**
 * A published practice as a visitor reads it: its text, school, form and year, and the authors from
 * the base of mentors (adults only: the bank never links a student mentor). The authors typed as
 * free text, the materials and the centre's comment stay inside the portal: free text may name
 * anyone, a minor included, and the materials are the school's.
 */
export async function publicPractice(db: Kysely<Database>, municipality: PublicPlace, id: number) {
  const practice = await findPublishedPractice(db, municipality.id, id);
  if (!practice) throw new NotFoundError();
  // The linked mentors and teacher-mentees: adults only (practiceMenteesOf never returns a student).
  const authors = [...(await practiceMentorsOf(db, id)), ...(await practiceMenteesOf(db, id))];
  return { practice, authors };
}

export function municipalities(db: Kysely<Database>): Promise<PublicPlace[]> {
  return listMunicipalities(db);
}

/** A count below this is shown as «менее 5»: a small count may identify a child. */
export const SMALLEST_SHOWN_COUNT = 5;
/** A percentage is shown only when it is taken of at least this many. */
export const SMALLEST_SHOWN_BASE = 10;

export interface PublicIndicator {
  code: string;
  name: string;
  /** «количество», «доля, %». */
  unit: string;
  /** What the visitor reads: «12», «42,5 %», «менее 5», «недостаточно данных для показа», «нет данных». */
  shown: string;
}

export interface PublicIndicators {
  /** «2025 год»: the last complete calendar year. */
  yearLabel: string;
  items: PublicIndicator[];
}

const number = (value: number) => value.toLocaleString('ru-RU', { maximumFractionDigits: 1 });

/**
 * What a published value may show on a page anyone reads: no value — «нет данных»; a count below
 * 5 — «менее 5»; a percentage only of a base of 10 or more, else «недостаточно данных для показа».
 */
export function shownValue(
  unit: 'percent' | 'count',
  value: string | null,
  denominator: string | null,
  numerator: string | null = null,
): string {
  if (value === null) return 'нет данных';
  const v = Number(value);
  if (unit === 'count') return v < SMALLEST_SHOWN_COUNT ? `менее ${SMALLEST_SHOWN_COUNT}` : number(v);
  if (denominator === null || Number(denominator) < SMALLEST_SHOWN_BASE) return 'недостаточно данных для показа';
  // A share of one to four people names them as surely as the count would: not shown either.
  const n = numerator === null ? null : Number(numerator);
  if (n !== null && n > 0 && n < SMALLEST_SHOWN_COUNT) return 'недостаточно данных для показа';
  return `${number(v)} %`;
}

/**
 * Issue 19: the values of the indicators the department publishes for the last complete calendar
 * year (the one before today), of the municipality or of the school (only those counted for schools).
 */
export async function publicIndicators(
  db: Kysely<Database>,
  municipality: PublicPlace,
  school: PublicPlace | null,
  today: string,
): Promise<PublicIndicators> {
  const year = Number(today.slice(0, 4)) - 1;
  const rows = await publicIndicatorValues(db, municipality.id, school?.id ?? municipality.id, year);
  return {
    yearLabel: periodOfCode(year)?.label ?? `${year} год`,
    items: rows
      .filter((r) => (school ? appliesToSchool(r.level) : appliesToMunicipality(r.level)))
      .map((r) => ({
        code: r.code,
        name: r.name,
        unit: UNIT_NAMES[r.unit],
        shown: shownValue(r.unit, r.value, r.denominator, r.numerator),
      })),
  };
}

export interface PublicPage {
  municipality: PublicPlace;
  school: PublicPlace | null;
  schools: PublicPlace[];
  news: NewsItem[];
  upcoming: PublicEvent[];
  recent: PublicEvent[];
  documents: PublicDocument[];
  bestMentors: PublicBestMentor[];
  contacts: PublicContact[];
  practices: PublicPractice[];
  indicators: PublicIndicators;
}

/** The municipality of a public address: 404 for an unknown or inactive one. */
export async function municipalityBySlug(db: Kysely<Database>, slug: string): Promise<PublicPlace> {
  const municipality = await findMunicipality(db, slug);
  if (!municipality) throw new NotFoundError();
  return municipality;
}

/** The school of a public address within its municipality: 404 otherwise. */
export async function schoolBySlug(
  db: Kysely<Database>,
  municipalitySlug: string,
  schoolSlug: string,
): Promise<{ municipality: PublicPlace; school: PublicPlace }> {
  const municipality = await municipalityBySlug(db, municipalitySlug);
  const [school] = await listSchools(db, municipality.id, schoolSlug);
  if (!school) throw new NotFoundError();
  return { municipality, school };
}

/** What a municipality's (school null) or a school's public page shows. */
export async function publicPage(
  db: Kysely<Database>,
  municipality: PublicPlace,
  school: PublicPlace | null,
  now = new Date(),
): Promise<PublicPage> {
  const schoolId = school?.id ?? null;
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const events = await publicEvents(db, municipality.id, schoolId, since);
  return {
    municipality,
    school,
    schools: school ? [] : await listSchools(db, municipality.id),
    news: await publishedNews(db, [school?.id ?? municipality.id]),
    upcoming: events.filter((e) => e.ends_at >= now),
    recent: events.filter((e) => e.ends_at < now).reverse(),
    documents: school ? await publicDocuments(db, school.id) : [],
    bestMentors: await publicBestMentors(db, municipality.id, schoolId, todayIso(now)),
    contacts: await publicContacts(db, municipality.id, schoolId),
    practices: await publicPractices(db, municipality, schoolId),
    indicators: await publicIndicators(db, municipality, school, todayIso(now)),
  };
}

/** The file of a school's public document: 404 for any other. */
export async function publicDocument(db: Kysely<Database>, municipalitySlug: string, schoolSlug: string, id: number) {
  const { school } = await schoolBySlug(db, municipalitySlug, schoolSlug);
  const file = await publicDocumentFile(db, school.id, id);
  if (!file) throw new NotFoundError();
  return file;
}

/** Every public page and published news item, for the sitemap. */
export async function sitemapEntries(db: Kysely<Database>): Promise<{ path: string; updated: Date | null }[]> {
  const entries: { path: string; updated: Date | null }[] = [{ path: '/public', updated: null }];
  for (const municipality of await listMunicipalities(db)) {
    const schools = await listSchools(db, municipality.id);
    const latest = await publishedNews(db, [municipality.id, ...schools.map((s) => s.id)], 1000);
    const updatedOf = (id: number) => latest.find((n) => n.organization_id === id)?.published_at ?? null;
    entries.push({ path: pagePath(municipality), updated: updatedOf(municipality.id) });
    for (const school of schools) entries.push({ path: pagePath(municipality, school), updated: updatedOf(school.id) });
    // A news item is read on its page (a fragment is no address of its own); a practice has its page.
    const practices = await publishedPracticesOf(db, { municipalityId: municipality.id });
    entries.push({ path: `${pagePath(municipality)}/practices`, updated: practices[0]?.published_at ?? null });
    for (const practice of practices)
      entries.push({ path: practicePath(municipality, practice.id), updated: practice.published_at ?? practice.updated_at });
  }
  return entries;
}

// ---- the news, written by the page's owner ----

function ownerOf(actor: Actor): number {
  const owner = publicNewsOwnerOf(actor.user);
  if (owner === null) throw new ForbiddenError('Новости публичной страницы пишут координатор муниципалитета и кураторы школ.');
  return owner;
}

/** The actor's page's news, drafts first. */
export function ownNewsList(db: Kysely<Database>, actor: Actor): Promise<NewsItem[]> {
  return newsOf(db, ownerOf(actor));
}

/** A news item of the actor's page: 404 for any other. */
export async function ownNews(db: Kysely<Database>, actor: Actor, id: number): Promise<NewsItem> {
  ownerOf(actor);
  const news = await findNews(db, id);
  if (!news || !canManagePublicNews(actor.user, news)) throw new NotFoundError();
  return news;
}

export interface NewsInput {
  title: string;
  body: string;
}

function municipalityOfActor(actor: Actor): number | null {
  return actor.user.municipalityId;
}

export async function createNews(db: Kysely<Database>, actor: Actor, input: NewsInput): Promise<number> {
  const organizationId = ownerOf(actor);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('public_news')
      .values({ organization_id: organizationId, title: input.title, body: input.body, author_id: actor.user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, auditActor(actor), {
      action: 'create',
      entityType: 'public_news',
      entityId: row.id,
      organizationId,
      municipalityId: municipalityOfActor(actor),
      changedFields: ['title', 'body'],
    });
    return row.id;
  });
}

export async function updateNews(db: Kysely<Database>, actor: Actor, id: number, input: NewsInput): Promise<void> {
  const news = await ownNews(db, actor, id);
  const changed = (['title', 'body'] as const).filter((k) => news[k] !== input[k]);
  if (changed.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('public_news')
      .set({ title: input.title, body: input.body, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'public_news',
      entityId: id,
      organizationId: news.organization_id,
      municipalityId: municipalityOfActor(actor),
      changedFields: [...changed],
    });
  });
}

/** Publishes (with the moment it appears) or withdraws to a draft; a repeated request changes nothing. */
export async function setNewsPublished(db: Kysely<Database>, actor: Actor, id: number, published: boolean): Promise<void> {
  const news = await ownNews(db, actor, id);
  if ((news.status === 'published') === published) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('public_news')
      .set({ status: published ? 'published' : 'draft', published_at: published ? new Date() : null, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: published ? 'publish_public' : 'unpublish_public',
      entityType: 'public_news',
      entityId: id,
      organizationId: news.organization_id,
      municipalityId: municipalityOfActor(actor),
      changedFields: ['status'],
    });
  });
}
