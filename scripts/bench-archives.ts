/**
 * npm run bench:archives — what a zip bomb costs each reader of uploaded archives: the people
 * import (readTable), the roadmap file import (tableTextFromFile) and the document check
 * (detectDocumentType). Each bomb is measured beside an honest file of the same size (the reader's
 * own .xlsx or .docx with an incompressible picture), the floor. Target (issue 12, point 2): no
 * bomb raises RSS by more than a few tens of MB over the honest file, and each is answered in
 * about the honest file's time.
 *
 * Every case runs in a child process of its own (`--case N`), so that what one case leaves on the
 * heap does not count for the next: the child builds its file (bombs are built streaming, without
 * ever holding the spaces they unpack to), runs gc, then samples process.memoryUsage() every
 * millisecond while the reader works, and prints time, peak RSS and peak heap growth (V8 heap
 * plus buffers) over what it had before the reader started. The bombs include the issue's own:
 * the portal's template with a `docProps/custom.xml` of 6 000 MB of spaces (a 6 MB file).
 *
 * Options: `--only TEXT` runs the cases whose reader or file contains TEXT; `--heap MB` runs the
 * children with that V8 heap limit (default 512: a reader that needs more fails, as in production).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { readTable, writeXlsx } from '../src/lib/spreadsheet.js';
import { detectDocumentType } from '../src/lib/uploads.js';
import { exportColumns } from '../src/modules/people/columns.js';
import { KIND_LABELS } from '../src/modules/people/labels.js';
import { tableTextFromFile } from '../src/modules/roadmaps/file-table.js';
import { schoolDocx } from '../tests/helpers/roadmap-documents.js';
import { appendEntries, buildZip, emptyEntries, spaces, withPart } from '../tests/helpers/zips.js';

const MB = 1024 * 1024;
const HUNDREDS = 600 * MB;
const ISSUE = 6000 * MB;
const ODT_TYPE = 'application/vnd.oasis.opendocument.text';

type Base = 'xlsx' | 'docx';

interface Reader {
  name: string;
  base: Base;
  run(data: Buffer): Promise<string>;
}

/** What a reader made of a file: its answer, or the error it refused the file with. */
async function outcome(run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

const READERS: Reader[] = [
  {
    name: 'readTable',
    base: 'xlsx',
    run: (data) => outcome(async () => `table of ${(await readTable(data, 'bench.xlsx')).rows.length} rows`),
  },
  {
    name: 'tableTextFromFile',
    base: 'xlsx',
    run: (data) => outcome(async () => `text of ${(await tableTextFromFile(data, 'bench.xlsx')).length} chars`),
  },
  {
    name: 'tableTextFromFile',
    base: 'docx',
    run: (data) => outcome(async () => `text of ${(await tableTextFromFile(data, 'bench.docx')).length} chars`),
  },
  {
    name: 'detectDocumentType',
    base: 'docx',
    run: (data) => outcome(async () => (await detectDocumentType(data))?.label ?? 'not a document'),
  },
];

/** The honest file a reader is given: the portal's .xlsx template, or a roadmap .docx. */
async function baseFile(base: Base): Promise<Buffer> {
  if (base === 'docx') return schoolDocx();
  return writeXlsx(
    KIND_LABELS.mentees.base,
    exportColumns('mentees').map((column) => column.header),
    [],
  );
}

const MAIN_PART: Record<Base, { name: string; prefix: string }> = {
  xlsx: { name: 'xl/worksheets/sheet1.xml', prefix: '<worksheet><sheetData>' },
  docx: { name: 'word/document.xml', prefix: '<w:document><w:body>' },
};

interface FileKind {
  name: string;
  build(base: Buffer, kind: Base): Promise<Buffer>;
}

const custom = (bytes: number) => spaces(bytes, '<?xml version="1.0"?><Properties>');

const BOMBS: FileKind[] = [
  {
    name: 'custom.xml 600 MB, honest header',
    build: (base) => withPart(base, { name: 'docProps/custom.xml', content: custom(HUNDREDS) }),
  },
  {
    name: 'custom.xml 600 MB, header says 1 KB',
    build: (base) => withPart(base, { name: 'docProps/custom.xml', content: custom(HUNDREDS), size: 1024 }),
  },
  {
    name: 'issue: custom.xml 6 000 MB (ZIP64)',
    build: (base) => withPart(base, { name: 'docProps/custom.xml', content: custom(ISSUE) }),
  },
  {
    name: 'issue: custom.xml 6 000 MB, 32-bit size',
    build: (base) => withPart(base, { name: 'docProps/custom.xml', content: custom(ISSUE), size: ISSUE % 2 ** 32 }),
  },
  {
    name: 'main part 6 000 MB, header says 6 MB',
    build: (base, kind) => {
      const packed = spaces(ISSUE, MAIN_PART[kind].prefix);
      return withPart(base, { name: MAIN_PART[kind].name, content: packed, size: packed.data.length + 64 * 1024 });
    },
  },
  {
    name: 'main part 6 000 MB, header says 60 MB',
    build: (base, kind) =>
      withPart(base, { name: MAIN_PART[kind].name, content: spaces(ISSUE, MAIN_PART[kind].prefix), size: 60 * MB }),
  },
  {
    name: 'only mimetype big: 600 MB',
    build: async () =>
      buildZip([
        { name: 'mimetype', content: spaces(HUNDREDS, ODT_TYPE) },
        { name: 'content.xml', content: '<office:document-content/>' },
      ]),
  },
  { name: '100 000 empty entries', build: async (base) => appendEntries(base, emptyEntries(100_000)) },
];

/** The floor: the base file with an incompressible, stored picture that makes it `bytes` long. */
function honestOfSize(bytes: number): FileKind {
  return {
    name: `honest file of ${(bytes / MB).toFixed(1)} MB`,
    build: async (base, kind) => {
      const picture = { name: `${kind === 'xlsx' ? 'xl' : 'word'}/media/image1.png`, method: 0 };
      const probe = await withPart(base, { ...picture, content: Buffer.alloc(0) });
      return withPart(base, { ...picture, content: randomBytes(Math.max(0, bytes - probe.length)) });
    },
  };
}

interface Measured {
  bytes: number;
  ms: number;
  rssMb: number;
  heapMb: number;
  outcome: string;
}

/** Runs one reader on one file, in this process; what the parent prints. */
async function measure(reader: Reader, file: FileKind): Promise<Measured> {
  const data = await file.build(await baseFile(reader.base), reader.base);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  const used = () => {
    const memory = process.memoryUsage();
    return { rss: memory.rss, heap: memory.heapUsed + memory.external };
  };
  const start = used();
  let peak = start;
  const sampler = setInterval(() => {
    const now = used();
    peak = { rss: Math.max(peak.rss, now.rss), heap: Math.max(peak.heap, now.heap) };
  }, 1);
  const started = performance.now();
  const result = await reader.run(data);
  const ms = performance.now() - started;
  clearInterval(sampler);
  const end = used();
  peak = { rss: Math.max(peak.rss, end.rss), heap: Math.max(peak.heap, end.heap) };
  return { bytes: data.length, ms, rssMb: (peak.rss - start.rss) / MB, heapMb: (peak.heap - start.heap) / MB, outcome: result };
}

/** The cases of a run: each reader on the floor of `floor` bytes, then on each bomb. */
function cases(floor: number): Array<{ reader: Reader; file: FileKind }> {
  const files = [honestOfSize(floor), ...BOMBS];
  return READERS.flatMap((reader) => files.map((file) => ({ reader, file })));
}

/** The size of the biggest bomb of the run (the issue's, about 6 MB): the floor is as big. */
async function biggestBomb(): Promise<number> {
  let biggest = 0;
  for (const base of ['xlsx', 'docx'] as const) {
    const file = await baseFile(base);
    for (const bomb of BOMBS) biggest = Math.max(biggest, (await bomb.build(file, base)).length);
  }
  return biggest;
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

async function main(): Promise<void> {
  const index = argument('--case');
  if (index !== undefined) {
    const chosen = cases(Number(argument('--floor')))[Number(index)]!;
    console.log(JSON.stringify(await measure(chosen.reader, chosen.file)));
    return;
  }
  const floor = await biggestBomb();
  const all = cases(floor);
  const only = argument('--only');
  const heap = argument('--heap') ?? '512';
  const rows: string[][] = [['reader', 'file', 'size', 'time', 'peak RSS +', 'peak heap +', 'answer']];
  for (const [position, { reader, file }] of all.entries()) {
    const label = `${reader.name} (.${reader.base})`;
    if (only && !label.includes(only) && !file.name.includes(only)) continue;
    const child = spawnSync(
      process.execPath,
      [
        '--expose-gc',
        `--max-old-space-size=${heap}`,
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--case',
        String(position),
        '--floor',
        String(floor),
      ],
      {
        encoding: 'utf8',
        timeout: 300_000,
        maxBuffer: 16 * MB,
      },
    );
    const line = child.stdout.trim().split('\n').pop() ?? '';
    let row: string[];
    try {
      const m = JSON.parse(line) as Measured;
      row = [
        label,
        file.name,
        `${(m.bytes / MB).toFixed(1)} MB`,
        `${Math.round(m.ms)} ms`,
        `${Math.round(m.rssMb)} MB`,
        `${Math.round(m.heapMb)} MB`,
        m.outcome.slice(0, 110),
      ];
    } catch {
      const why = child.error
        ? child.error.message
        : `exit ${child.status ?? child.signal}: ${child.stderr.trim().split('\n').slice(-3).join(' ')}`;
      row = [label, file.name, '', '', '', '', `FAILED: ${why}`.slice(0, 160)];
    }
    rows.push(row);
    console.error(row.join(' | '));
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(line(rows[0]!));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));
}

await main();
