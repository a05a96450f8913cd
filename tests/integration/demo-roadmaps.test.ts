import { formerApproval } from '../../src/modules/roadmaps/approvals.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MUNICIPALITY, DEMO_PASSWORD, DEMO_SCHOOL, seedDemo } from '../../seeds/demo.js';
import { DEMO_DATA_DIR, DEMO_ROADMAP_PERIOD, DEMO_TEMPLATE_TITLE, seedDemoRoadmaps } from '../../seeds/roadmaps.js';
import type { Database, RoadmapItem } from '../../src/db/types.js';
import { todayIso } from '../../src/lib/dates.js';
import type { Deadline } from '../../src/modules/roadmaps/deadline.js';
import { isOccurrenceOverdue, isOverdue, occurrencesOf } from '../../src/modules/roadmaps/overdue.js';
import { trackedOccurrences } from '../../src/modules/roadmaps/queries.js';
import { statusForm } from '../../src/modules/roadmaps/schemas.js';
import { readPastedTable } from '../../src/modules/roadmaps/table-reader.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo roadmaps (seeds/roadmaps.ts) as seedDemo creates them on a fresh database. */

type Db = Kysely<Database> | Transaction<Database>;

const period = { periodFrom: DEMO_ROADMAP_PERIOD.from, periodTo: DEMO_ROADMAP_PERIOD.to };
const REAL_NAMES = ['Гармаева', 'Цыриторов', 'Тумурова'];
const domain = path.resolve(import.meta.dirname, '../fixtures/domain');

let database: TestDatabase;
let today: string;

function demoTable(name: string): string {
  return readFileSync(path.join(DEMO_DATA_DIR, name), 'utf8');
}

async function municipalityId(db: Db): Promise<number> {
  return (
    await db
      .selectFrom('organizations')
      .select('id')
      .where('type', '=', 'municipality')
      .where('short_name', '=', DEMO_MUNICIPALITY)
      .executeTakeFirstOrThrow()
  ).id;
}

async function roadmapsOf(db: Db) {
  return db
    .selectFrom('roadmaps')
    .innerJoin('organizations as o', 'o.id', 'roadmaps.organization_id')
    .selectAll('roadmaps')
    .select(['o.short_name as organization', 'o.type as organization_type'])
    .orderBy('roadmaps.id')
    .execute();
}

async function itemsOf(db: Db, roadmapId: number): Promise<RoadmapItem[]> {
  return db.selectFrom('roadmap_items').selectAll().where('roadmap_id', '=', roadmapId).orderBy('position').execute();
}

async function userId(db: Db, login: string): Promise<number> {
  return (await db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;
}

/** The rows the demo roadmaps consist of, counted per table. */
async function counts(db: Db) {
  const n = async (table: 'roadmaps' | 'roadmap_items' | 'roadmap_occurrences' | 'audit_log') =>
    Number((await db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  return {
    roadmaps: await n('roadmaps'),
    items: await n('roadmap_items'),
    occurrences: await n('roadmap_occurrences'),
    audit: await n('audit_log'),
  };
}

async function overdueItems(db: Db, items: RoadmapItem[], day: string): Promise<RoadmapItem[]> {
  const tracked = await trackedOccurrences(db as Kysely<Database>, items);
  return items.filter((i) => i.kind === 'item' && isOverdue(i.deadline as Deadline | null, i.status, day, tracked.get(i.id)));
}

beforeAll(async () => {
  database = await createTestDatabase();
  today = todayIso();
  expect(await seedDemo(database.db)).toBe(true);
});

afterAll(async () => {
  await database?.drop();
});

describe('demo roadmaps: the tables in seeds/data', () => {
  it("are the two documents' tables, read as the import reads them", () => {
    const municipal = readPastedTable(demoTable('municipal-roadmap.tsv'), period);
    expect(municipal.rows).toHaveLength(31);
    expect(municipal.sections).toHaveLength(6);
    const school = readPastedTable(demoTable('school-roadmap-template.tsv'), period);
    expect(school.rows).toHaveLength(33);
    expect(school.sections).toHaveLength(6);
  });

  it('name no real person, and no real place in the municipal one', () => {
    for (const name of ['municipal-roadmap.tsv', 'school-roadmap-template.tsv']) {
      const text = demoTable(name);
      for (const person of REAL_NAMES) expect(text, name).not.toContain(person);
      expect(text, name).not.toMatch(/Увинск|Дульдург/);
    }
  });

  it('keep the numbers, deadlines and columns of the domain documents (tests/fixtures/domain)', () => {
    const district = readFileSync(path.join(domain, 'uva-district-regulation-and-roadmap.txt'), 'utf8');
    const districtTable = district.slice(district.indexOf('№п/п\tНаименование мероприятия\tСрок реализации'));
    const school = readFileSync(path.join(domain, 'school-roadmap-and-indicators.txt'), 'utf8');
    const schoolTable = school.slice(
      school.indexOf('№ п/п\tНаименование мероприятий'),
      school.indexOf('**Планируемые результаты'),
    );
    const shape = (text: string) => readPastedTable(text, period).rows.map((r) => [r.number, r.deadlineText, r.deadline, r.line]);
    expect(shape(demoTable('municipal-roadmap.tsv'))).toEqual(shape(districtTable));
    expect(shape(demoTable('school-roadmap-template.tsv'))).toEqual(shape(schoolTable));
  });
});

describe('demo roadmaps: what the seed creates', () => {
  it('the municipal roadmap: every item of the district table with its number, approved by the department', async () => {
    const db = database.db;
    const roadmaps = await roadmapsOf(db);
    const municipal = roadmaps.filter((r) => r.organization_type === 'municipality' && r.kind === 'plan');
    expect(municipal).toHaveLength(1);
    const roadmap = municipal[0]!;
    expect([roadmap.period_from, roadmap.period_to]).toEqual([2022, 2024]);
    const items = (await itemsOf(db, roadmap.id)).filter((i) => i.kind === 'item');
    expect(items).toHaveLength(31);
    const expected = readPastedTable(demoTable('municipal-roadmap.tsv'), period).rows.map((r) =>
      r.number === '' ? null : r.number,
    );
    expect(items.map((i) => i.number)).toEqual(expected);
    expect(items.map((i) => i.number)).toContain('6.5');
    expect(items.find((i) => i.number === '1.1')?.deadline).toEqual({ kind: 'range', from: '2022-03-01', to: '2022-03-31' });
    expect(roadmap.approved_by).toBe(await userId(db, 'department'));
    expect(roadmap.approved_at).not.toBeNull();
    expect(roadmap.order_number).toBeTruthy();
    expect(roadmap.order_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(items.filter((i) => i.status === 'done').length).toBeGreaterThan(items.length / 2);
  });

  it('the template: published, with the 33 items of the school roadmap and roles instead of names', async () => {
    const db = database.db;
    const templates = (await roadmapsOf(db)).filter((r) => r.kind === 'template');
    expect(templates).toHaveLength(1);
    const template = templates[0]!;
    expect(template.title).toBe(DEMO_TEMPLATE_TITLE);
    expect(template.organization).toBe(DEMO_MUNICIPALITY);
    expect(template.published_at).not.toBeNull();
    const rows = await itemsOf(db, template.id);
    expect(rows.filter((i) => i.kind === 'item')).toHaveLength(33);
    expect(rows.filter((i) => i.kind === 'section')).toHaveLength(6);
    // the head, the curator and a deputy of the document, as roles
    const responsible = new Set(rows.flatMap((i) => (i.responsible ?? '').toLowerCase().split(', ')).filter(Boolean));
    expect([...responsible].sort()).toEqual(['заместитель директора по увр', 'куратор оо', 'руководитель оо']);
    expect(rows.find((i) => i.number === '1.2')?.responsible).toBe('Руководитель ОО');
    expect(rows.find((i) => i.number === '1.3')?.responsible).toBe('Куратор ОО');
    expect(rows.filter((i) => i.status !== 'not_started')).toEqual([]);
  });

  it('no real person is named anywhere in the roadmap items', async () => {
    const rows = await database.db.selectFrom('roadmap_items').selectAll().execute();
    const texts = rows
      .flatMap((r) => [r.activity, r.result, r.expected, r.deadline_text, r.responsible, r.evidence_comment])
      .filter((t): t is string => t !== null);
    for (const name of REAL_NAMES) expect(texts.filter((t) => t.includes(name))).toEqual([]);
    const titles = (await roadmapsOf(database.db)).map((r) => r.title).join(' ');
    expect(titles).not.toMatch(/Гармаева|Цыриторов|Тумурова|Дульдург|Увинск/);
  });

  it("the demo school's roadmap: from the template, approved by its head, mostly done, something overdue", async () => {
    const db = database.db;
    const roadmaps = await roadmapsOf(db);
    const template = roadmaps.find((r) => r.kind === 'template')!;
    const own = roadmaps.filter((r) => r.organization === DEMO_SCHOOL);
    expect(own).toHaveLength(1);
    const roadmap = own[0]!;
    expect(roadmap.template_id).toBe(template.id);
    expect(roadmap.approved_by).toBe(await userId(db, 'head'));
    expect(roadmap.order_number).toBeTruthy();

    const rows = await itemsOf(db, roadmap.id);
    const templateRows = await itemsOf(db, template.id);
    // every row is a copy of a template row, in the template's order, sections keeping their items
    expect(rows.map((r) => r.template_item_id)).toEqual(templateRows.map((t) => t.id));
    const byTemplateId = new Map(rows.map((r) => [r.template_item_id, r]));
    for (const t of templateRows) {
      const copy = byTemplateId.get(t.id)!;
      expect([copy.number, copy.activity, copy.deadline_text]).toEqual([t.number, t.activity, t.deadline_text]);
      if (t.parent_id !== null) expect(copy.parent_id).toBe(byTemplateId.get(t.parent_id)?.id);
    }

    const items = rows.filter((i) => i.kind === 'item');
    const done = items.filter((i) => i.status === 'done');
    expect(done.length).toBeGreaterThan(items.length / 2);
    expect(items.some((i) => i.status === 'in_progress')).toBe(true);
    for (const i of done) {
      expect(i.completed_on, i.number ?? '').not.toBeNull();
      expect(i.completed_on! <= today, i.number ?? '').toBe(true);
      expect(i.evidence_comment, i.number ?? '').toBeTruthy();
    }
    const overdue = await overdueItems(db, items, today);
    expect(overdue.length).toBeGreaterThanOrEqual(1);
    expect(overdue.length).toBeLessThanOrEqual(3);
  });

  it("the demo school's recurring items: past occurrences tracked, done but one", async () => {
    const db = database.db;
    const roadmap = (await roadmapsOf(db)).find((r) => r.organization === DEMO_SCHOOL)!;
    const recurring = (await itemsOf(db, roadmap.id)).filter((i) => (i.deadline as Deadline | null)?.kind === 'recurring');
    expect(recurring.length).toBeGreaterThan(0);
    const tracked = await db
      .selectFrom('roadmap_occurrences')
      .selectAll()
      .where(
        'item_id',
        'in',
        recurring.map((i) => i.id),
      )
      .execute();
    expect(tracked.filter((o) => o.status === 'done').length).toBeGreaterThan(5);
    let missed = 0;
    for (const item of recurring) {
      const deadline = item.deadline as Extract<Deadline, { kind: 'recurring' }>;
      const due = new Set(occurrencesOf(deadline).map((o) => o.due));
      const mine = tracked.filter((o) => o.item_id === item.id);
      // only real occurrences of the item are tracked
      for (const o of mine) expect(due.has(o.due_on), `${item.number} ${o.due_on}`).toBe(true);
      for (const o of occurrencesOf(deadline)) {
        const status = mine.find((t) => t.due_on === o.due)?.status ?? 'not_started';
        if (item.status !== 'done' && isOccurrenceOverdue(o, status, today)) missed++;
      }
    }
    expect(missed).toBe(1);
  });

  it('the lyceum: from the template, not approved, fewer done; the other schools have none', async () => {
    const db = database.db;
    const roadmaps = await roadmapsOf(db);
    const template = roadmaps.find((r) => r.kind === 'template')!;
    const lyceum = roadmaps.filter((r) => r.organization === 'МБОУ «Лицей № 2»');
    expect(lyceum).toHaveLength(1);
    expect(lyceum[0]!.template_id).toBe(template.id);
    expect(lyceum[0]!.approved_at).toBeNull();
    // Approved on paper, then changed by its curator: the page lists item 5.6 added since (issue 14).
    const former = await formerApproval(db, { id: lyceum[0]!.id, approved_at: null });
    expect(former?.orderNumber).toBe('41-ОД');
    expect(former?.reason).toBe('content');
    expect(former?.changes.map((c) => `${c.kind} ${c.row.number}`)).toEqual(['added 5.6']);
    const school = roadmaps.find((r) => r.organization === DEMO_SCHOOL)!;
    const doneIn = async (id: number) => (await itemsOf(db, id)).filter((i) => i.status === 'done').length;
    expect(await doneIn(lyceum[0]!.id)).toBeGreaterThan(0);
    expect(await doneIn(lyceum[0]!.id)).toBeLessThan(await doneIn(school.id));
    const schoolRoadmaps = roadmaps.filter((r) => r.organization_type === 'school').map((r) => r.organization);
    expect(schoolRoadmaps.sort()).toEqual([DEMO_SCHOOL, 'МБОУ «Лицей № 2»'].sort());
  });

  it('every status is one the status form accepts', async () => {
    const items = await database.db.selectFrom('roadmap_items').selectAll().where('kind', '=', 'item').execute();
    const occurrences = await database.db.selectFrom('roadmap_occurrences').selectAll().execute();
    for (const s of [...items, ...occurrences]) {
      const parsed = statusForm.safeParse({
        status: s.status,
        completed_on: s.completed_on ?? '',
        evidence_comment: s.evidence_comment ?? '',
        evidence_link: s.evidence_link ?? '',
      });
      expect(parsed.success, JSON.stringify(s)).toBe(true);
    }
  });

  it('runs again without adding anything', async () => {
    const db = database.db;
    const before = await counts(db);
    expect(await seedDemo(db)).toBe(false);
    const id = await municipalityId(db);
    expect(await db.transaction().execute((trx) => seedDemoRoadmaps(trx, id, today))).toBe(false);
    expect(await counts(db)).toEqual(before);
  });

  it('follows the date it is run on (seeded again for a day inside the period, then rolled back)', async () => {
    const rollback = new Error('rollback');
    const day = '2023-10-02';
    const run = database.db.transaction().execute(async (trx) => {
      const id = await municipalityId(trx);
      await trx.deleteFrom('roadmaps').where('template_id', 'is not', null).execute();
      await trx.deleteFrom('roadmaps').execute();
      expect(await seedDemoRoadmaps(trx, id, day)).toBe(true);
      const roadmap = (await roadmapsOf(trx)).find((r) => r.organization === DEMO_SCHOOL)!;
      const items = (await itemsOf(trx, roadmap.id)).filter((i) => i.kind === 'item');
      for (const i of items)
        if (i.completed_on !== null) expect(i.completed_on <= day, `${i.number} ${i.completed_on}`).toBe(true);
      // 2024's deadlines are not done yet, the continuous items are under way
      expect(items.find((i) => i.number === '2.4')?.status).toBe('in_progress');
      const tracked = await trx
        .selectFrom('roadmap_occurrences')
        .select('due_on')
        .where(
          'item_id',
          'in',
          items.map((i) => i.id),
        )
        .execute();
      expect(tracked.every((o) => o.due_on < '2024-01-01')).toBe(true);
      expect((await overdueItems(trx, items, day)).length).toBeGreaterThanOrEqual(1);
      throw rollback;
    });
    await expect(run).rejects.toBe(rollback);
  });
});

describe("demo roadmaps: the coordinator's matrix", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(database);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows both schools with their done counts, and the others without a roadmap', async () => {
    const template = (await roadmapsOf(database.db)).find((r) => r.kind === 'template')!;
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const page = await coordinator.get(`/roadmaps/${template.id}/matrix`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toMatch(/МБОУ «СОШ № 1» выполнено (\d+) из 33/);
    expect(text).toMatch(/МБОУ «Лицей № 2» выполнено (\d+) из 33/);
    expect(text).toContain('нет карты');
    const done = Number(/МБОУ «СОШ № 1» выполнено (\d+) из 33/.exec(text)?.[1]);
    expect(done).toBeGreaterThan(16);
  });
});

describe("demo roadmaps: the schools' parts of the municipal roadmap (issue 17)", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(database);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('an item addressed to every school with some parts done, and item 3.7 addressed to three chosen schools', async () => {
    const municipal = (await roadmapsOf(database.db)).find((r) => r.organization_type === 'municipality' && r.kind === 'plan')!;
    const schools = Number(
      (
        await database.db
          .selectFrom('organizations')
          .select(sql<number>`count(*)`.as('n'))
          .where('type', '=', 'school')
          .where('municipality_id', '=', municipal.organization_id)
          .executeTakeFirstOrThrow()
      ).n,
    );
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const text = textOf((await coordinator.get(`/roadmaps/${municipal.id}`)).body);
    const all = [...text.matchAll(/Школы: выполнили (\d+) из (\d+) ОО/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(all.some(([done, total]) => total === schools && done! > 0 && done! < total!)).toBe(true);
    expect(text).toContain('Школы: выполнили 1 из 3 ОО');

    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const list = textOf((await curator.get('/roadmaps')).body);
    expect(list).toContain('Муниципальная дорожная карта: задачи для нашей школы');
    expect(list).toMatch(/Школа выполнила свою часть в [1-9]\d* из \d+ пунктов/);
  });

  it('the half-yearly item 6.3 addressed to every school: its parts per half-year, some done of the current one', async () => {
    const db = database.db;
    const municipal = (await roadmapsOf(db)).find((r) => r.organization_type === 'municipality' && r.kind === 'plan')!;
    const item = (await itemsOf(db, municipal.id)).find((i) => i.number === '6.3')!;
    expect(item.deadline_text).toBe('Декабрь, июнь в период с 2022 по 2024 г.г.');
    expect((item.deadline as Deadline | null)?.kind).toBe('recurring');
    const parts = await db.selectFrom('roadmap_school_parts').selectAll().where('item_id', '=', item.id).execute();
    // The period is over: the current half-year is the last one, December 2024.
    const current = parts.filter((p) => p.due_on === '2024-12-31');
    const done = current.filter((p) => p.status === 'done').length;
    expect(done).toBeGreaterThan(0);
    expect(current.some((p) => p.status === 'in_progress')).toBe(true);
    expect(new Set(parts.map((p) => p.due_on)).size).toBe(6);

    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const page = textOf((await coordinator.get(`/roadmaps/${municipal.id}/items/${item.id}/schools`)).body);
    expect(page).toMatch(new RegExp(`декабрь 2024 \\(текущий срок\\): выполнили ${done} из \\d+ ОО`));
    expect(page).toContain(`Срок «декабрь 2024»: выполнили ${done} из`);
    expect(textOf((await coordinator.get(`/roadmaps/${municipal.id}`)).body)).toContain(`Школы: выполнили ${done} из`);
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    expect(textOf((await curator.get('/roadmaps')).body)).toContain('Текущий срок: декабрь 2024');
  });
});
