import { readdir } from 'node:fs/promises';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeXlsx } from '../../src/lib/spreadsheet.js';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import { exportColumns } from '../../src/modules/people/columns.js';
import { KIND_LABELS } from '../../src/modules/people/labels.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { schoolDocx } from '../helpers/roadmap-documents.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';
import { appendEntries, buildZip, emptyEntries, type EntrySpec, spaces, withPart } from '../helpers/zips.js';

/**
 * Zip bombs sent to every route that reads an uploaded archive: each is refused with a Russian
 * message on the page (400), nothing is stored, and the app answers the next request. The bombs
 * unpack to hundreds of MB but are built in a moment (tests/helpers/zips.ts repeats one deflated
 * MiB of spaces); the memory a bomb costs is measured by `npm run bench:archives`, not here.
 */

const t = useWorld();

const MB = 1024 * 1024;
const BOMB_BYTES = 200 * MB;
const ODT_TYPE = 'application/vnd.oasis.opendocument.text';

type Kind = 'honest header' | 'lying header' | 'big mimetype' | '100 000 entries' | 'lying part';

/** A part that unpacks to BOMB_BYTES while its header says a little more than its packed size. */
function lyingPart(name: string, prefix: string): EntrySpec {
  const packed = spaces(BOMB_BYTES, prefix);
  return { name, content: packed, size: packed.data.length + 10 * 1024 };
}

/** Each kind of bomb built on an honest file (the portal's own .xlsx template, or a roadmap .docx). */
async function bombsOn(base: Buffer, mainPart: { name: string; prefix: string }): Promise<Record<Kind, Buffer>> {
  // The .docx already has a docProps/custom.xml: the bomb takes its place.
  const custom = spaces(BOMB_BYTES, '<?xml version="1.0"?><Properties>');
  return {
    'honest header': await withPart(base, { name: 'docProps/custom.xml', content: custom }),
    'lying header': await withPart(base, { name: 'docProps/custom.xml', content: custom, size: 1024 }),
    'big mimetype': buildZip([
      { name: 'mimetype', content: spaces(BOMB_BYTES, ODT_TYPE) },
      { name: 'content.xml', content: '<office:document-content/>' },
      { name: 'META-INF/manifest.xml', content: '<manifest:manifest/>' },
    ]),
    '100 000 entries': appendEntries(base, emptyEntries(100_000)),
    'lying part': await withPart(base, lyingPart(mainPart.name, mainPart.prefix)),
  };
}

const bombs = {} as Record<'xlsx' | 'docx', Record<Kind, Buffer>>;

beforeAll(async () => {
  // What GET /mentees/template.xlsx sends.
  const template = await writeXlsx(
    KIND_LABELS.mentees.base,
    exportColumns('mentees').map((column) => column.header),
    [],
  );
  bombs.xlsx = await bombsOn(template, { name: 'xl/worksheets/sheet1.xml', prefix: '<worksheet><sheetData>' });
  bombs.docx = await bombsOn(await schoolDocx(), { name: 'word/document.xml', prefix: '<w:document><w:body>' });
});

/** What each kind of bomb is told, for a route that reads the archive (import) or only checks it (document). */
const EXPECTED: Record<'import' | 'document', Partial<Record<Kind, RegExp>>> = {
  import: {
    'honest header': /слишком много данных: в распакованном виде это 200 МБ, допускается не больше \d+ МБ/,
    'lying header': /повреждён или сохранён не полностью/,
    'big mimetype': /слишком много данных: в распакованном виде это 200 МБ/,
    '100 000 entries': /не похож на обычный документ: в нём слишком много частей архива \(больше 5\s000\)/,
    'lying part': /повреждён или сохранён не полностью/,
  },
  document: {
    'honest header': /сжат подозрительно сильно: его часть «docProps\/custom\.xml» в распакованном виде занимает 200 МБ/,
    'lying header': /повреждён или сохранён не полностью/,
    'big mimetype': /сжат подозрительно сильно: его часть «mimetype»/,
    '100 000 entries': /в нём слишком много частей архива \(больше 5\s000\)/,
    // A document's parts are never unpacked, so a lie about one is harmless and goes unseen.
  },
};

interface Route {
  name: string;
  base: 'xlsx' | 'docx';
  reads: 'import' | 'document';
  /** Signs in, opens the form; returns how to post a file and a page to ask for afterwards. */
  open(): Promise<{
    client: Client;
    post: (file: { name: string; data: Buffer }) => Promise<LightMyRequestResponse>;
    next: string;
  }>;
}

const PROGRAMME = {
  title: 'Программа наставничества «Первые шаги в профессии»',
  form: 'teacher_teacher',
  target_group: 'Молодые педагоги',
  goals: 'Адаптация молодого педагога.',
  duration: 'сентябрь 2026 – май 2027',
  expected_results: 'Молодой педагог ведёт уроки.',
};

async function curator(page: string): Promise<Client> {
  const client = await signedIn(t.app, 'curator', PASSWORD);
  expect((await client.get(page)).statusCode, page).toBe(200);
  return client;
}

const ROUTES: Route[] = [
  ...(['mentees', 'mentors'] as const).map(
    (kind): Route => ({
      name: `POST /${kind}/import`,
      base: 'xlsx',
      reads: 'import',
      async open() {
        const client = await curator(`/${kind}/import`);
        return { client, post: (file) => client.upload(`/${kind}/import`, file), next: `/${kind}/import` };
      },
    }),
  ),
  ...(['xlsx', 'docx'] as const).map(
    (base): Route => ({
      name: `POST /roadmaps/:id/import/file (.${base})`,
      base,
      reads: 'import',
      async open() {
        const { id } = t.world.roadmaps.schoolA;
        const client = await curator(`/roadmaps/${id}/import`);
        return { client, post: (file) => client.upload(`/roadmaps/${id}/import/file`, file), next: `/roadmaps/${id}/import` };
      },
    }),
  ),
  {
    name: 'POST /programmes',
    base: 'docx',
    reads: 'document',
    async open() {
      const client = await curator('/programmes/new');
      return { client, post: (file) => client.upload('/programmes', file, PROGRAMME), next: '/programmes/new' };
    },
  },
  {
    name: 'POST /programmes/:id/edit',
    base: 'docx',
    reads: 'document',
    async open() {
      const id = t.world.programmes.a;
      const client = await curator(`/programmes/${id}/edit`);
      return { client, post: (file) => client.upload(`/programmes/${id}/edit`, file, PROGRAMME), next: `/programmes/${id}/edit` };
    },
  },
  {
    name: 'POST /roadmaps/:id/items/:itemId/status',
    base: 'docx',
    reads: 'document',
    async open() {
      const { id, item } = t.world.roadmaps.schoolA;
      const client = await curator(`/roadmaps/${id}/items/${item}/edit`);
      const post = (file: { name: string; data: Buffer }) =>
        client.upload(
          `/roadmaps/${id}/items/${item}/status`,
          { ...file, field: 'evidence_file' },
          { status: 'done', completed_on: '2022-08-29' },
        );
      return { client, post, next: `/roadmaps/${id}/items/${item}/edit` };
    },
  },
  {
    name: 'POST /roadmaps/:id/items/:itemId/occurrences/:due',
    base: 'docx',
    reads: 'document',
    async open() {
      const { id } = t.world.roadmaps.schoolA;
      const client = await curator(`/roadmaps/${id}/items/new`);
      const added = await client.post(`/roadmaps/${id}/items/new`, {
        kind: 'item',
        number: '9',
        activity: 'Отчёт о реализации ЦМН',
        responsible: 'Куратор',
        deadline_text: 'Ежегодно, не позднее 15 декабря',
      });
      const itemId = Number(/#item-(\d+)/.exec(String(added.headers.location))?.[1]);
      expect(itemId, textOf(added.body).slice(0, 300)).toBeGreaterThan(0);
      const url = `/roadmaps/${id}/items/${itemId}/occurrences/2022-12-15`;
      const post = (file: { name: string; data: Buffer }) =>
        client.upload(url, { ...file, field: 'evidence_file' }, { status: 'done', completed_on: '2022-12-14' });
      return { client, post, next: url };
    },
  },
  {
    name: 'POST /indicators/:id/values/:orgId',
    base: 'docx',
    reads: 'document',
    async open() {
      const codes = await installCatalogue(t.database.db, t.world.a.id, [t.world.a.school]);
      const url = `/indicators/${codes.get('Ш3')}/values/${t.world.a.school}`;
      const client = await curator(`${url}?year=2025`);
      const post = (file: { name: string; data: Buffer }) =>
        client.upload(url, file, { year: '2025', numerator: '5', denominator: '6', evidence: 'Протокол № 4' });
      return { client, post, next: `${url}?year=2025` };
    },
  },
];

/** Every row anything could have been written to, and the files on disk. */
async function stored(): Promise<Record<string, number>> {
  const db = t.database.db;
  const count = async (
    table: 'import_batches' | 'files' | 'programmes' | 'roadmap_occurrences' | 'indicator_manual_values' | 'audit_log',
  ) => Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const items = await db.selectFrom('roadmap_items').select(['status', 'evidence_file_id']).execute();
  let onDisk = 0;
  try {
    onDisk = (await readdir(t.app.files.rootDir, { recursive: true, withFileTypes: true })).filter((entry) =>
      entry.isFile(),
    ).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return {
    batches: await count('import_batches'),
    files: await count('files'),
    programmes: await count('programmes'),
    occurrences: await count('roadmap_occurrences'),
    values: await count('indicator_manual_values'),
    audit: await count('audit_log'),
    itemsDone: items.filter((item) => item.status !== 'not_started' || item.evidence_file_id !== null).length,
    onDisk,
  };
}

describe('zip bombs sent to every route that reads an uploaded archive', () => {
  for (const route of ROUTES) {
    it(`${route.name}: each bomb is refused with a Russian message, nothing is stored, the app answers on`, async () => {
      const { client, post, next } = await route.open();
      const before = await stored();
      for (const [kind, expected] of Object.entries(EXPECTED[route.reads]) as Array<[Kind, RegExp]>) {
        const name = `бомба ${kind}.${route.base}`;
        const data = bombs[route.base][kind];
        expect(data.length, kind).toBeLessThan(10 * MB);
        const response = await post({ name, data });
        const text = textOf(response.body);
        expect(response.statusCode, `${kind}: ${text.slice(0, 300)}`).toBe(400);
        expect(text, kind).toMatch(expected);
        expect(text, kind).toMatch(new RegExp(`[«„]${name.replace(/\./g, '\\.')}[»“]`));
        expect(await stored(), kind).toEqual(before);
        expect((await client.get(next)).statusCode, `${kind}: the next request`).toBe(200);
      }
    });
  }
});
