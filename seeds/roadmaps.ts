import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import {
  canAnswerAgreement,
  canApproveRoadmap,
  canAskRoadmapApproval,
  canEditRoadmap,
  canSendForAgreement,
  canUseTemplate,
  type RoadmapRef,
  roadmapOwnerFor,
} from '../src/access/policy.js';
import { CURRENT_USER_COLUMNS, type CurrentUser, currentUserOf } from '../src/auth/sessions.js';
import type { Database, Role, RoadmapItem, RoadmapItemStatus } from '../src/db/types.js';
import { type Actor, type AuditEntry, recordAudit } from '../src/modules/audit/service.js';
import { withdrawApproval } from '../src/modules/roadmaps/approvals.js';
import { schoolMonitoringHalfYearly } from './roadmap-school-parts.js';
import { responsibleLinks } from '../src/modules/roadmaps/responsible.js';
import { type Deadline, parseDeadline } from '../src/modules/roadmaps/deadline.js';
import { dueDate, type Occurrence, occurrencesOf } from '../src/modules/roadmaps/overdue.js';
import { type StatusInput, statusForm } from '../src/modules/roadmaps/schemas.js';
import { insertRoadmap } from '../src/modules/roadmaps/service.js';
import { writeReadTable } from '../src/modules/roadmaps/table-import.js';
import { copyTemplateRows } from '../src/modules/roadmaps/templates.js';
import { readPastedTable } from '../src/modules/roadmaps/table-reader.js';
import { MONTHS_GENITIVE } from '../src/lib/months.js';
import { projectRoot } from '../src/paths.js';

/**
 * The demo roadmaps: the municipal roadmap of the demo municipality, a published template of the
 * school roadmap, and two schools' roadmaps made from it, tracked up to `today`.
 *
 * The tables come from the two documents of the domain folder, copied into seeds/data/:
 * - municipal-roadmap.tsv: the district roadmap's table as it is, only the district's name replaced
 *   by the demo municipality's («Увинского района» → «Заречного муниципального округа»);
 * - school-roadmap-template.tsv: the school roadmap's table, with the names of people in
 *   «Ответственные» replaced by their roles (the head, the curator, a deputy) and the school's name
 *   by «образовательной организации», so that it serves every school and names no real person.
 *
 * The tables are read with the import's reader (readPastedTable) and written with its writer
 * (writeReadTable); roadmaps are created with insertRoadmap. The rest (copying the template,
 * statuses, occurrences, approval, publication) are the services' writes done here inside the demo
 * seed's one transaction, where the services cannot open their own: each step asks policy.ts
 * whether its demo user may do it, each status goes through the status form's schema, and each
 * change has the audit line the service would write.
 *
 * Statuses are counted from `today` ('YYYY-MM-DD'), deterministically (by item number), so the demo
 * stays plausible in any year: what was due more than two weeks ago is mostly done, with a
 * completion date and evidence; a few items are in progress, one or two are overdue (at the demo
 * school: one dated item, and one yearly occurrence of a recurring one).
 */

export const DEMO_ROADMAP_PERIOD = { from: 2022, to: 2024 } as const;
export const DEMO_MUNICIPAL_ROADMAP_TITLE =
  'План мероприятий (дорожная карта) внедрения и реализации муниципальной целевой модели наставничества педагогических работников и обучающихся на 2022–2024 годы';
export const DEMO_TEMPLATE_TITLE =
  'План мероприятий (дорожная карта) внедрения целевой модели наставничества обучающихся и молодых педагогов в образовательной организации на 2022–2024 годы';

const MUNICIPAL_ORDER = { order_number: '58', order_date: '2022-03-04' };
const SCHOOL_ORDER = { order_number: '87-ОД', order_date: '2022-08-30' };
const TEMPLATE_PUBLISHED_ON = '2022-08-01';

/** The folder of the demo tables (not copied into the Docker image: the seed then skips roadmaps). */
export const DEMO_DATA_DIR = path.join(projectRoot, 'seeds', 'data');

function dataFile(name: string): string | null {
  const file = path.join(DEMO_DATA_DIR, name);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

type Trx = Transaction<Database>;

/** «Ранее, чем за две недели до сегодня»: what was due before this is expected to be closed. */
const GRACE_DAYS = 14;

const DAY = 86_400_000;

function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY).toISOString().slice(0, 10);
}

function ruDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** Moscow morning of a day: the time an order of that day is stamped with. */
function morningOf(iso: string): Date {
  return new Date(`${iso}T07:00:00Z`);
}

/** FNV-1a: a stable small hash, for choices «by item number» that look random but never change. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Demo users as the services see them

async function demoUser(trx: Trx, login: string, role: Role, municipalityId: number): Promise<CurrentUser | null> {
  const row = await trx
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(CURRENT_USER_COLUMNS)
    .where('users.login', '=', login)
    .where('users.role', '=', role)
    .where('users.is_active', '=', true)
    .where('organizations.municipality_id', '=', municipalityId)
    .executeTakeFirst();
  return row ? currentUserOf(row) : null;
}

const actorOf = (user: CurrentUser): Actor => ({ user, ip: null });

interface SeededRoadmap extends RoadmapRef {
  id: number;
  period_from: number;
  period_to: number;
}

function ensure(allowed: boolean, what: string): void {
  if (!allowed) throw new Error(`demo roadmaps: the demo user may not ${what}`);
}

function audit(
  trx: Trx,
  user: CurrentUser,
  roadmap: SeededRoadmap,
  entry: Omit<AuditEntry, 'organizationId' | 'municipalityId'>,
): Promise<void> {
  return recordAudit(
    trx as Kysely<Database>,
    { userId: user.id, ip: null },
    { ...entry, organizationId: roadmap.organization_id, municipalityId: roadmap.municipality_id },
  );
}

async function roadmapRef(trx: Trx, id: number): Promise<SeededRoadmap> {
  const row = await trx
    .selectFrom('roadmaps')
    .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
    .select([
      'roadmaps.id',
      'roadmaps.organization_id',
      'roadmaps.kind',
      'roadmaps.published_at',
      'roadmaps.period_from',
      'roadmaps.period_to',
      'organizations.type as organization_type',
      'organizations.municipality_id',
    ])
    .where('roadmaps.id', '=', id)
    .executeTakeFirstOrThrow();
  return row;
}

// ---------------------------------------------------------------------------------------------
// The services' writes, inside the seed's transaction

/** createRoadmap + importTable: a roadmap of the user's organisation with the table read from text. */
async function roadmapFromTable(
  trx: Trx,
  user: CurrentUser,
  input: { title: string; order_number: string | null; order_date: string | null },
  kind: 'plan' | 'template',
  text: string,
): Promise<SeededRoadmap> {
  const owner = roadmapOwnerFor(user);
  if (owner === null) throw new Error(`demo roadmaps: ${user.login} creates no roadmaps`);
  const period = { period_from: DEMO_ROADMAP_PERIOD.from, period_to: DEMO_ROADMAP_PERIOD.to };
  const id = await insertRoadmap(trx, actorOf(user), owner, { ...input, ...period }, kind);
  const roadmap = await roadmapRef(trx, id);
  ensure(canEditRoadmap(user, roadmap), 'fill this roadmap');
  const read = readPastedTable(text, { periodFrom: period.period_from, periodTo: period.period_to });
  await writeReadTable(trx, id, read);
  await audit(trx, user, roadmap, { action: 'import', entityType: 'roadmap', entityId: id, changedFields: ['items'] });
  return roadmap;
}

/** setTemplatePublished. */
async function publish(trx: Trx, user: CurrentUser, template: SeededRoadmap, on: string): Promise<SeededRoadmap> {
  ensure(canEditRoadmap(user, template) && template.kind === 'template', 'publish this template');
  const publishedAt = morningOf(on);
  await trx.updateTable('roadmaps').set({ published_at: publishedAt }).where('id', '=', template.id).execute();
  await audit(trx, user, template, {
    action: 'publish',
    entityType: 'roadmap',
    entityId: template.id,
    changedFields: ['published_at'],
  });
  return { ...template, published_at: publishedAt };
}

/** createFromTemplate: the curator's school gets a copy of every row, each linked to its template row. */
async function roadmapFromTemplate(trx: Trx, user: CurrentUser, template: SeededRoadmap): Promise<SeededRoadmap> {
  ensure(canUseTemplate(user, template), 'create a roadmap from this template');
  const source = await trx
    .selectFrom('roadmaps')
    .select(['title', 'period_from', 'period_to'])
    .where('id', '=', template.id)
    .executeTakeFirstOrThrow();
  const id = await insertRoadmap(trx, actorOf(user), user.organizationId, { ...source, order_number: null, order_date: null });
  await trx.updateTable('roadmaps').set({ template_id: template.id }).where('id', '=', id).execute();
  await copyTemplateRows(trx, template.id, id);
  const roadmap = await roadmapRef(trx, id);
  await audit(trx, user, roadmap, {
    action: 'import',
    entityType: 'roadmap',
    entityId: id,
    changedFields: ['items', 'template_id'],
  });
  return roadmap;
}

/** updateRoadmap of the order fields: the curator enters the school's order on the roadmap. */
async function setOrder(
  trx: Trx,
  user: CurrentUser,
  roadmap: SeededRoadmap,
  order: { order_number: string; order_date: string },
): Promise<void> {
  ensure(canEditRoadmap(user, roadmap), 'edit this roadmap');
  await trx.updateTable('roadmaps').set(order).where('id', '=', roadmap.id).execute();
  await audit(trx, user, roadmap, {
    action: 'update',
    entityType: 'roadmap',
    entityId: roadmap.id,
    changedFields: ['order_number', 'order_date'],
  });
}

/** approveRoadmap, dated by its order: the department the municipal plan, the head the school's. */
async function approve(trx: Trx, user: CurrentUser, roadmap: SeededRoadmap, on: string): Promise<void> {
  ensure(canApproveRoadmap(user, roadmap), 'approve this roadmap');
  await trx
    .updateTable('roadmaps')
    .set({ approved_at: morningOf(on), approved_by: user.id })
    .where('id', '=', roadmap.id)
    .execute();
  await audit(trx, user, roadmap, {
    action: 'approve',
    entityType: 'roadmap',
    entityId: roadmap.id,
    changedFields: ['approved_at'],
  });
}

const STATUS_FIELDS = ['status', 'completed_on', 'evidence_comment', 'evidence_link'] as const;

/** A status as the status form would accept it (the form's schema checks it). */
function statusInput(mark: Mark): StatusInput {
  return statusForm.parse({
    status: mark.status,
    completed_on: mark.completed_on ?? '',
    evidence_comment: mark.evidence_comment ?? '',
    evidence_link: mark.evidence_link ?? '',
  });
}

const changedStatusFields = (input: StatusInput) =>
  STATUS_FIELDS.filter((f) => (f === 'status' ? input.status !== 'not_started' : input[f] !== null)).map((f) => f as string);

/** setItemStatus and setOccurrenceStatus for every planned mark of a roadmap. */
async function track(trx: Trx, user: CurrentUser, roadmap: SeededRoadmap, plan: ItemPlan[]): Promise<void> {
  ensure(canEditRoadmap(user, roadmap), 'track this roadmap');
  for (const p of plan) {
    for (const o of p.occurrences) {
      const input = statusInput(o.mark);
      const row = await trx
        .insertInto('roadmap_occurrences')
        .values({ item_id: p.item.id, due_on: o.due, ...input })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, user, roadmap, {
        action: 'create',
        entityType: 'roadmap_occurrence',
        entityId: row.id,
        changedFields: changedStatusFields(input),
      });
    }
    const input = statusInput(p.mark);
    const changed = changedStatusFields(input);
    if (changed.length === 0) continue;
    await trx.updateTable('roadmap_items').set(input).where('id', '=', p.item.id).execute();
    await audit(trx, user, roadmap, {
      action: 'update',
      entityType: 'roadmap_item',
      entityId: p.item.id,
      changedFields: changed,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// What each item's state is on `today`

interface Mark {
  status: RoadmapItemStatus;
  completed_on: string | null;
  evidence_comment: string | null;
  evidence_link: string | null;
}

interface ItemPlan {
  item: RoadmapItem;
  mark: Mark;
  /** Tracked occurrences of a recurring item (untracked ones stay «не начато»). */
  occurrences: Array<{ due: string; mark: Mark }>;
}

/** 'diligent': mostly done, a few in progress, one dated item and one yearly occurrence overdue; 'lagging': about half done, more overdue. */
type Pace = 'diligent' | 'lagging';

interface Context {
  today: string;
  pace: Pace;
  /** Distinguishes the choices of two roadmaps made from the same template. */
  salt: string;
  /** Who reports: «школы» or «МКУ «ИМЦОУ»», for the evidence texts. */
  who: 'school' | 'municipality';
  /** The organisation's page on the web, for evidence published there. */
  site: string;
}

const OPEN: Mark = { status: 'not_started', completed_on: null, evidence_comment: null, evidence_link: null };
const IN_PROGRESS: Mark = { ...OPEN, status: 'in_progress' };

/** The evidence of a done item, from the kind of document its result names. */
function evidence(
  item: RoadmapItem,
  completedOn: string,
  ctx: Context,
  key: number,
): Pick<Mark, 'evidence_comment' | 'evidence_link'> {
  const result = (item.result ?? '').toLowerCase();
  const date = ruDate(completedOn);
  const [, m, d] = completedOn.split('-').map(Number) as [number, number, number];
  const longDate = `${d} ${MONTHS_GENITIVE[m - 1]}`;
  const orderNo = ctx.who === 'school' ? `${40 + (key % 60)}-ОД` : String(40 + (key % 90));
  const issuer = ctx.who === 'school' ? 'Приказ директора' : 'Приказ Управления образования';
  // A municipal item the schools do: the centre collects what they did.
  if (ctx.who === 'municipality' && !item.responsible_links.some((l) => l === 'method_center' || l === 'department')) {
    return { evidence_comment: `Сведения от школ собраны МКУ «ИМЦОУ» ${date}`, evidence_link: null };
  }
  if (/приказ|распорядительн|положени|решение|дорожн/.test(result))
    return { evidence_comment: `${issuer} № ${orderNo} от ${date}`, evidence_link: null };
  if (/сайт|интернет|сет(и|ях)|информац|рубрик/.test(result)) {
    return {
      evidence_comment: `Материалы размещены на сайте ${ctx.who === 'school' ? 'школы' : 'МКУ «ИМЦОУ»'} ${longDate}`,
      evidence_link: ctx.site,
    };
  }
  if (/баз|реестр|перечень/.test(result))
    return { evidence_comment: `Сформировано ${date}, передано муниципальному координатору`, evidence_link: null };
  if (/мониторинг|данные|справк|оценк/.test(result))
    return { evidence_comment: `Аналитическая справка от ${date}`, evidence_link: null };
  if (/семинар|встреч|форум|конкурс|участи/.test(result))
    return { evidence_comment: `Проведено ${longDate}; лист регистрации и фотоотчёт у куратора`, evidence_link: null };
  if (/программ|план/.test(result)) return { evidence_comment: `Утверждено на методическом совете ${date}`, evidence_link: null };
  return { evidence_comment: `Отчёт ${ctx.who === 'school' ? 'куратора' : 'МКУ «ИМЦОУ»'} от ${date}`, evidence_link: null };
}

function done(item: RoadmapItem, completedOn: string, ctx: Context, key: number): Mark {
  return { status: 'done', completed_on: completedOn, ...evidence(item, completedOn, ctx, key) };
}

/** A completion day a little before `due`, not before `from` and never after today. */
function completionDay(from: string | null, due: string, today: string, key: number): string {
  const earliest = from ?? addDays(due, -45);
  let day = addDays(due, -(key % 12));
  if (day < earliest) day = earliest;
  if (day > today) day = today;
  return day;
}

/** Each item's state as of ctx.today. */
function planRoadmap(items: RoadmapItem[], period: { from: number; to: number }, ctx: Context): ItemPlan[] {
  const { today, pace } = ctx;
  const cutoff = addDays(today, -GRACE_DAYS);
  const periodOver = today > `${period.to}-12-31`;
  const keyOf = (item: RoadmapItem) => hash(`${ctx.salt}:${item.number ?? `#${item.position}`}`);
  const rows = items.filter((i) => i.kind === 'item');
  const deadlineOf = (i: RoadmapItem) => i.deadline as Deadline | null;
  const dated = (i: RoadmapItem) => {
    const d = deadlineOf(i);
    return d?.kind === 'date' || d?.kind === 'range';
  };
  const dueOf = (i: RoadmapItem) => dueDate(deadlineOf(i), Number(today.slice(0, 4)));

  // The diligent pace leaves one past item unfinished (started, not done): overdue. The latest
  // one due, as it happens: what was due long ago is long done.
  const pastDated = rows
    .filter((i) => dated(i) && (dueOf(i) as string) < cutoff)
    .sort((a, b) =>
      (dueOf(b) as string) > (dueOf(a) as string) ? 1 : (dueOf(b) as string) < (dueOf(a) as string) ? -1 : keyOf(a) - keyOf(b),
    );
  const late = pace === 'diligent' ? pastDated[0]?.id : undefined;
  // Two continuous items stay in progress when the rest are done.
  const continuous = rows.filter((i) => !dated(i) && deadlineOf(i)?.kind !== 'recurring').sort((a, b) => keyOf(a) - keyOf(b));
  const ongoing = new Set(continuous.slice(0, 2).map((i) => i.id));
  // One occurrence of one recurring item is left open after its day.
  const recurring = rows.filter((i) => deadlineOf(i)?.kind === 'recurring').sort((a, b) => keyOf(a) - keyOf(b));
  const missedIn = pace === 'diligent' ? recurring[0]?.id : undefined;

  return rows.map((item): ItemPlan => {
    const key = keyOf(item);
    const deadline = deadlineOf(item);
    if (deadline?.kind === 'recurring')
      return planRecurring(item, occurrencesOf(deadline), ctx, key, item.id === missedIn, period);
    if (dated(item)) {
      const due = dueOf(item) as string;
      const from = deadline?.kind === 'range' ? deadline.from : null;
      if (due < cutoff) {
        if (item.id === late) return { item, mark: IN_PROGRESS, occurrences: [] };
        if (pace === 'lagging' && key % 5 >= 3) return { item, mark: key % 5 === 3 ? IN_PROGRESS : OPEN, occurrences: [] };
        return { item, mark: done(item, completionDay(from, due, today, key), ctx, key), occurrences: [] };
      }
      // Due soon or later: started when its range has begun or its day is within two months.
      const started = from !== null ? from <= today : addDays(due, -60) <= today;
      return { item, mark: started ? IN_PROGRESS : OPEN, occurrences: [] };
    }
    // Continuous («в течение всего периода») or without a readable deadline: never overdue.
    if (!periodOver) return { item, mark: key % 3 === 0 && pace === 'lagging' ? OPEN : IN_PROGRESS, occurrences: [] };
    if (pace === 'lagging' && key % 3 !== 0) return { item, mark: key % 3 === 1 ? IN_PROGRESS : OPEN, occurrences: [] };
    if (pace === 'diligent' && ongoing.has(item.id)) return { item, mark: IN_PROGRESS, occurrences: [] };
    const end = `${period.to}-12-${String(10 + (key % 15)).padStart(2, '0')}`;
    return { item, mark: done(item, end, ctx, key), occurrences: [] };
  });
}

function planRecurring(
  item: RoadmapItem,
  all: Occurrence[],
  ctx: Context,
  key: number,
  missOne: boolean,
  period: { from: number },
): ItemPlan {
  const { today, pace } = ctx;
  const cutoff = addDays(today, -GRACE_DAYS);
  const past = all.filter((o) => o.due < cutoff);
  const missed = missOne ? past[past.length - 1]?.due : undefined;
  const occurrences: ItemPlan['occurrences'] = [];
  for (const [i, o] of all.entries()) {
    if (o.due === missed) continue; // left untracked: «не начато», overdue
    if (o.due < cutoff) {
      // The lagging school marked only its first year.
      if (pace === 'lagging' && Number(o.due.slice(0, 4)) > period.from) continue;
      occurrences.push({ due: o.due, mark: done(item, completionDay(o.from, o.due, today, key + i), ctx, key + i) });
    } else if (o.from <= today) {
      occurrences.push({ due: o.due, mark: IN_PROGRESS });
    }
  }
  const allDone = all.length > 0 && occurrences.length === all.length && occurrences.every((o) => o.mark.status === 'done');
  if (allDone) {
    const last = occurrences[occurrences.length - 1] as { mark: Mark };
    return {
      item,
      mark: { ...last.mark, evidence_comment: 'Все сроки отмечены: подтверждения — у каждого срока', evidence_link: null },
      occurrences,
    };
  }
  const begun = all.some((o) => o.from <= today);
  return { item, mark: begun ? IN_PROGRESS : OPEN, occurrences };
}

async function itemsOf(trx: Trx, roadmapId: number): Promise<RoadmapItem[]> {
  return trx
    .selectFrom('roadmap_items')
    .selectAll()
    .where('roadmap_id', '=', roadmapId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

// ---------------------------------------------------------------------------------------------

/**
 * Creates the demo roadmaps of the municipality inside the demo seed's transaction. Does nothing
 * (returns false) when the municipality already has a roadmap, or when seeds/data is missing.
 */
export async function seedDemoRoadmaps(trx: Trx, municipalityId: number, today: string): Promise<boolean> {
  const existing = await trx
    .selectFrom('roadmaps')
    .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
    .select('roadmaps.id')
    .where('organizations.municipality_id', '=', municipalityId)
    .limit(1)
    .executeTakeFirst();
  if (existing) return false;
  const municipalTable = dataFile('municipal-roadmap.tsv');
  const templateTable = dataFile('school-roadmap-template.tsv');
  if (municipalTable === null || templateTable === null) {
    console.warn(`demo roadmaps skipped: the tables are not in ${DEMO_DATA_DIR}`);
    return false;
  }
  const user = (login: string, role: Role) => demoUser(trx, login, role, municipalityId);
  const coordinator = await user('coordinator', 'coordinator');
  if (coordinator === null) return false;
  const department = await user('department', 'department');
  const period = { from: DEMO_ROADMAP_PERIOD.from, to: DEMO_ROADMAP_PERIOD.to };

  // The municipal roadmap, approved by the department with its order.
  const municipal = await roadmapFromTable(
    trx,
    coordinator,
    { title: DEMO_MUNICIPAL_ROADMAP_TITLE, ...MUNICIPAL_ORDER },
    'plan',
    municipalTable,
  );
  const municipalCtx: Context = {
    today,
    pace: 'diligent',
    salt: 'municipal',
    who: 'municipality',
    site: 'https://imcou.zarechny.example.ru/nastavnichestvo',
  };
  // Issue 17: item 6.3 (the schools' own monitoring) made half-yearly, so that the schools mark a recurring item.
  await schoolMonitoringHalfYearly(trx, coordinator.id, municipal);
  await track(trx, coordinator, municipal, planRoadmap(await itemsOf(trx, municipal.id), period, municipalCtx));
  if (department) await approve(trx, department, municipal, MUNICIPAL_ORDER.order_date);

  // The template of the school roadmap, published for the schools.
  let template = await roadmapFromTable(
    trx,
    coordinator,
    { title: DEMO_TEMPLATE_TITLE, order_number: null, order_date: null },
    'template',
    templateTable,
  );
  template = await publish(trx, coordinator, template, TEMPLATE_PUBLISHED_ON);

  // The demo school keeps its roadmap up to date and has it approved; the lyceum lags behind.
  const schools: Array<{ curator: string; head: string | null; pace: Pace; site: string }> = [
    { curator: 'curator', head: 'head', pace: 'diligent', site: 'https://school1.zarechny.example.ru/nastavnichestvo' },
    { curator: 'curator.lyceum2', head: null, pace: 'lagging', site: 'https://school2.zarechny.example.ru/nastavnichestvo' },
  ];
  for (const s of schools) {
    const curator = await user(s.curator, 'curator');
    if (curator === null) continue;
    const roadmap = await roadmapFromTemplate(trx, curator, template);
    const ctx: Context = { today, pace: s.pace, salt: `school:${s.curator}`, who: 'school', site: s.site };
    await track(trx, curator, roadmap, planRoadmap(await itemsOf(trx, roadmap.id), period, ctx));
    const head = s.head === null ? null : await user(s.head, 'school_head');
    if (head && head.organizationId === curator.organizationId) {
      await setOrder(trx, curator, roadmap, SCHOOL_ORDER);
      await agreedByCentre(trx, curator, coordinator, roadmap, { sent: '2022-08-15', agreed: '2022-08-19' });
      await refusedOnceThenApproved(trx, curator, head, roadmap);
      await approve(trx, head, roadmap, SCHOOL_ORDER.order_date);
    } else if (s.pace === 'lagging') {
      await agreedByCentre(trx, curator, coordinator, roadmap, { sent: '2022-08-29', agreed: '2022-09-01' });
      await approvedThenChanged(trx, curator, roadmap);
      await sentForApproval(trx, curator, roadmap, today);
      await sentToCentreAgain(trx, curator, roadmap, today);
    }
  }
  return true;
}

/**
 * Issue 17: the methodological centre agreed the school's roadmap before its head approved it
 * (centre-agreements/service.ts sendForAgreement, answerAgreement), dated by the days given.
 */
async function agreedByCentre(
  trx: Trx,
  curator: CurrentUser,
  coordinator: CurrentUser,
  roadmap: SeededRoadmap,
  on: { sent: string; agreed: string },
): Promise<void> {
  ensure(canSendForAgreement(curator, roadmap), 'send this roadmap to the centre');
  ensure(canAnswerAgreement(coordinator, roadmap), 'agree this roadmap');
  await trx
    .insertInto('centre_agreements')
    .values({
      object_type: 'roadmap',
      object_id: roadmap.id,
      organization_id: roadmap.organization_id,
      sent_by: curator.id,
      sent_at: morningOf(on.sent),
      answered_by: coordinator.id,
      answered_at: morningOf(on.agreed),
      outcome: 'agreed',
    })
    .execute();
  await audit(trx, curator, roadmap, {
    action: 'send_for_agreement',
    entityType: 'roadmap',
    entityId: roadmap.id,
    changedFields: ['centre_agreement'],
  });
  await audit(trx, coordinator, roadmap, {
    action: 'agree',
    entityType: 'roadmap',
    entityId: roadmap.id,
    changedFields: ['centre_agreement'],
  });
}

/**
 * The lyceum's change three days ago took the centre's agreement back with the approval
 * (items.ts touchContent); two days ago its curator sent the roadmap to the centre again, and it
 * waits for the coordinator's answer (the demo's roadmap waiting for agreement).
 */
async function sentToCentreAgain(trx: Trx, curator: CurrentUser, roadmap: SeededRoadmap, today: string): Promise<void> {
  const daysAgo = (n: number) => new Date(morningOf(today).getTime() - n * 24 * 3600 * 1000);
  await trx
    .updateTable('centre_agreements')
    .set({ revoked_at: daysAgo(3), revoked_by: curator.id, revoked_reason: 'content' })
    .where('object_type', '=', 'roadmap')
    .where('object_id', '=', roadmap.id)
    .where('outcome', '=', 'agreed')
    .execute();
  await audit(trx, curator, roadmap, {
    action: 'revoke_agreement',
    entityType: 'roadmap',
    entityId: roadmap.id,
    changedFields: ['centre_agreement'],
  });
  await trx
    .insertInto('centre_agreements')
    .values({
      object_type: 'roadmap',
      object_id: roadmap.id,
      organization_id: roadmap.organization_id,
      sent_by: curator.id,
      sent_at: daysAgo(2),
      note: 'Добавлен пункт 5.6 — анкетирование участников программ наставничества.',
    })
    .execute();
  await audit(trx, curator, roadmap, {
    action: 'send_for_agreement',
    entityType: 'roadmap',
    entityId: roadmap.id,
    changedFields: ['centre_agreement', 'note'],
  });
}

/**
 * The lyceum's director approved its roadmap on paper (the director has no account): entered as the
 * region generator writes approvals, with no approval row. Its curator then added item 5.6, which
 * took the approval away the way items.ts does (touchContent, then the row): the roadmap's page
 * shows the former approval with its order and the added item, and waits to be approved again.
 */
async function approvedThenChanged(trx: Trx, curator: CurrentUser, roadmap: SeededRoadmap): Promise<void> {
  await trx
    .updateTable('roadmaps')
    .set({ approved_at: morningOf('2022-09-05'), order_number: '41-ОД', order_date: '2022-09-05' })
    .where('id', '=', roadmap.id)
    .execute();
  const rows = await itemsOf(trx, roadmap.id);
  const section = rows.find((r) => r.kind === 'section' && r.number === '5');
  if (!section || rows.some((r) => r.number === '5.6')) return;
  const last = Math.max(section.position, ...rows.filter((r) => r.parent_id === section.id).map((r) => r.position));
  ensure(canEditRoadmap(curator, roadmap), 'edit this roadmap');
  await withdrawApproval(trx, roadmap.id, curator.id, 'content');
  await audit(trx, curator, roadmap, {
    action: 'revoke_approval',
    entityType: 'roadmap',
    entityId: roadmap.id,
    changedFields: ['approved_at', 'order_number', 'order_date'],
  });
  await trx
    .updateTable('roadmap_items')
    .set((eb) => ({ position: eb('position', '+', 1) }))
    .where('roadmap_id', '=', roadmap.id)
    .where('position', '>', last)
    .execute();
  const deadlineText = `до 20.05.${roadmap.period_to}`;
  const deadline = parseDeadline(deadlineText, { periodFrom: roadmap.period_from, periodTo: roadmap.period_to });
  const item = await trx
    .insertInto('roadmap_items')
    .values({
      roadmap_id: roadmap.id,
      kind: 'item',
      number: '5.6',
      parent_id: section.id,
      position: last + 1,
      activity: 'Анкетирование участников программ наставничества о качестве реализации программ',
      deadline_text: deadlineText,
      deadline: deadline === null ? null : JSON.stringify(deadline),
      responsible: 'куратор ОО',
      responsible_links: responsibleLinks('куратор ОО'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(trx, curator, roadmap, {
    action: 'create',
    entityType: 'roadmap_item',
    entityId: item.id,
    changedFields: ['number', 'section', 'activity', 'deadline_text', 'responsible'],
  });
}

/**
 * The demo school's roadmap went to its director twice (roadmaps/service.ts askApproval,
 * refuseApproval): the first time it was returned with a comment, the second time it was approved
 * (the approval, written by approve(), answers the request).
 */
async function refusedOnceThenApproved(trx: Trx, curator: CurrentUser, head: CurrentUser, roadmap: SeededRoadmap): Promise<void> {
  ensure(canAskRoadmapApproval(curator, roadmap), 'send this roadmap for approval');
  ensure(canApproveRoadmap(head, roadmap), "answer this roadmap's request");
  await trx
    .insertInto('roadmap_approval_requests')
    .values([
      {
        roadmap_id: roadmap.id,
        asked_by: curator.id,
        asked_at: morningOf('2022-08-22'),
        note: null,
        answered_by: head.id,
        answered_at: morningOf('2022-08-24'),
        outcome: 'refused',
        comment: 'Уточните сроки мероприятий раздела 2 и укажите ответственных за анкетирование участников программ.',
      },
      {
        roadmap_id: roadmap.id,
        asked_by: curator.id,
        asked_at: morningOf('2022-08-26'),
        note: 'Сроки раздела 2 уточнены, ответственные за анкетирование указаны.',
        answered_by: head.id,
        answered_at: morningOf(SCHOOL_ORDER.order_date),
        outcome: 'approved',
        comment: null,
      },
    ])
    .execute();
  for (const [user, action, changedFields] of [
    [curator, 'ask_approval', ['approval_request']],
    [head, 'refuse_approval', ['approval_request', 'comment']],
    [curator, 'ask_approval', ['approval_request', 'note']],
  ] as const)
    await audit(trx, user, roadmap, { action, entityType: 'roadmap', entityId: roadmap.id, changedFields: [...changedFields] });
}

/**
 * The lyceum's curator changed the roadmap three days ago (the approval taken away is dated so) and
 * sent it for approval again two days ago: the request waits.
 */
async function sentForApproval(trx: Trx, curator: CurrentUser, roadmap: SeededRoadmap, today: string): Promise<void> {
  ensure(canAskRoadmapApproval(curator, roadmap), 'send this roadmap for approval');
  const daysAgo = (n: number) => new Date(morningOf(today).getTime() - n * 24 * 3600 * 1000);
  await trx
    .updateTable('roadmap_approvals')
    .set({ revoked_at: daysAgo(3) })
    .where('roadmap_id', '=', roadmap.id)
    .where('revoked_at', 'is not', null)
    .execute();
  await trx
    .insertInto('roadmap_approval_requests')
    .values({
      roadmap_id: roadmap.id,
      asked_by: curator.id,
      asked_at: daysAgo(2),
      note: 'Добавлен пункт 5.6: анкетирование участников программ наставничества о качестве их реализации.',
    })
    .execute();
  await audit(trx, curator, roadmap, {
    action: 'ask_approval',
    entityType: 'roadmap',
    entityId: roadmap.id,
    changedFields: ['approval_request', 'note'],
  });
}
