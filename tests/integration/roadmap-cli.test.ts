import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { roadmapImportCli } from '../../src/modules/roadmaps/cli-import.js';
import { cellPerLineDocx, otherRoadmap } from '../helpers/other-roadmaps.js';
import { schoolDocx as schoolDocxData, schoolXlsx as schoolXlsxData } from '../helpers/roadmap-documents.js';
import { useWorld } from '../helpers/suite.js';

const t = useWorld();
const root = path.resolve(import.meta.dirname, '../..');
const domain = path.resolve(root, 'tests/fixtures/domain');
const dir = mkdtempSync(path.join(tmpdir(), 'roadmap-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function schoolTableFile(): string {
  const text = readFileSync(path.join(domain, 'school-roadmap-and-indicators.txt'), 'utf8');
  const file = path.join(dir, 'school.txt');
  writeFileSync(file, text.slice(text.indexOf('№ п/п\tНаименование мероприятий'), text.indexOf('**Планируемые результаты')));
  return file;
}

async function schoolDocx(): Promise<string> {
  const file = path.join(dir, 'school.docx');
  writeFileSync(file, await schoolDocxData());
  return file;
}

async function schoolXlsx(): Promise<string> {
  const file = path.join(dir, 'school.xlsx');
  writeFileSync(file, await schoolXlsxData({ title: false }));
  return file;
}

function run(argv: string[], year?: number) {
  const out: string[] = [];
  const err: string[] = [];
  let opened = 0;
  const code = roadmapImportCli(argv, {
    ...(year === undefined ? {} : { year }),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    openDatabase: async () => {
      opened++;
      return { db: t.database.db, close: async () => {} };
    },
  });
  return code.then((c) => ({ code: c, out, err, opened }));
}

describe('roadmap:import', () => {
  it('--dry-run prints one JSON line per item and one summary line, and opens no database', async () => {
    const r = await run([schoolTableFile(), '--dry-run', '--from', '2022', '--to', '2024']);
    expect(r.code).toBe(0);
    expect(r.opened).toBe(0);
    expect(r.out).toHaveLength(33);
    const first = JSON.parse(r.out[0]!);
    expect(Object.keys(first)).toEqual(['number', 'section', 'activity', 'result', 'deadlineText', 'deadline', 'responsible']);
    expect(first.number).toBe('1.1');
    expect(first.deadline).toEqual({ kind: 'date', date: '2022-08-30' });
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain('мероприятий — 33');
  });

  it('--dry-run reads a .docx and a .xlsx of the table into the same JSON lines as the text', async () => {
    const fromText = await run([schoolTableFile(), '--dry-run', '--from', '2022', '--to', '2024']);
    expect(fromText.out).toHaveLength(33);
    for (const file of [await schoolDocx(), await schoolXlsx()]) {
      const r = await run([file, '--dry-run', '--from', '2022', '--to', '2024']);
      expect(r.code, `${file}: ${r.err.join('\n')}`).toBe(0);
      expect(r.opened).toBe(0);
      expect(r.out, file).toEqual(fromText.out);
      expect(r.err, file).toEqual(fromText.err);
    }
  });

  it('refuses .doc, .xls, a PDF and a missing file with a clear message (exit 2), and asks for --org without --dry-run', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    const cases: Array<[string, Buffer, string]> = [
      ['plan.doc', ole, 'Файл „plan.doc“ — документ Word старого формата (.doc). Сохраните его как .docx'],
      ['plan.xls', ole, 'книга Excel старого формата (.xls)'],
      ['plan.pdf', Buffer.from('%PDF-1.7\n'), 'Неизвестный формат файла „plan.pdf“'],
      ['plan.docx', Buffer.from('%PDF-1.7\n'), 'Файл „plan.docx“ — PDF'],
    ];
    for (const [name, data, message] of cases) {
      const file = path.join(dir, name);
      writeFileSync(file, data);
      const r = await run([file, '--dry-run']);
      expect(r.code, name).toBe(2);
      expect(r.out).toEqual([]);
      expect(r.err.join('\n')).toContain(message);
    }
    const missing = await run([path.join(dir, 'missing.docx'), '--dry-run']);
    expect(missing.code).toBe(2);
    expect(missing.err.join('\n')).toContain('Не удалось прочитать файл');
    const r = await run([schoolTableFile()]);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain('Без --dry-run укажите --org, --title, --from и --to');
  });

  it('without --dry-run creates the roadmap of a school with its items in one go', async () => {
    const r = await run([
      schoolTableFile(),
      '--org',
      String(t.world.a.otherSchool),
      '--title',
      'ДК школы',
      '--from',
      '2022',
      '--to',
      '2024',
    ]);
    expect(r.code, r.err.join('\n')).toBe(0);
    const roadmap = await t.database.db
      .selectFrom('roadmaps')
      .selectAll()
      .where('title', '=', 'ДК школы')
      .executeTakeFirstOrThrow();
    expect(roadmap.organization_id).toBe(t.world.a.otherSchool);
    const count = await t.database.db
      .selectFrom('roadmap_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('roadmap_id', '=', roadmap.id)
      .where('kind', '=', 'item')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(33);
    const refused = await run([
      schoolTableFile(),
      '--org',
      String(t.world.a.partner),
      '--title',
      'X',
      '--from',
      '2022',
      '--to',
      '2024',
    ]);
    expect(refused.code).toBe(1);
  });

  it('runs as a process from the sources (dry run of a .docx)', async () => {
    const file = await schoolDocx();
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/roadmap-import.ts', file, '--dry-run', '--from', '2022', '--to', '2024'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'development' },
      },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout.trim().split('\n')).toHaveLength(33);
    expect(child.stderr.trim().split('\n')).toHaveLength(1);
  }, 30_000);

  describe('roadmaps of other municipalities (issue 14)', () => {
    const byNumber = (out: string[]) => new Map(out.map((l) => JSON.parse(l)).map((row) => [row.number as string, row]));

    it('--dry-run reads a table saved as text with a cell per line, in the years its title names', async () => {
      // In 2026, without --from/--to: the plan «на 2021-2022 учебный год» is read in 2021–2022, not 2026–2028.
      const r = await run([otherRoadmap('cell-per-line.txt'), '--dry-run'], 2026);
      expect(r.code, r.err.join('\n')).toBe(0);
      expect(r.out).toHaveLength(8);
      const rows = byNumber(r.out);
      expect(rows.get('1.3')?.deadline).toEqual({ kind: 'range', from: '2021-12-01', to: '2022-01-31' });
      expect(rows.get('2.1')?.deadline.kind).toBe('periods');
      expect(rows.get('2.2')?.deadline).toEqual({ kind: 'range', from: '2021-09-01', to: '2022-08-31' });
      expect(rows.get('2.3')?.deadline).toMatchObject({ kind: 'recurring', fromYear: 2021, toYear: 2022 });
      expect(rows.get('2.3')?.section).toBe('2. Методическое сопровождение');
      expect(r.err).toEqual([
        'Прочитано: разделов — 3, мероприятий — 8, замечаний — 1 (период 2021–2022, из документа — строка 3: «на 2021-2022 учебный год»)',
      ]);
    });

    it('--from/--to still override the years of the document, and the summary names both', async () => {
      const r = await run([otherRoadmap('cell-per-line.txt'), '--dry-run', '--from', '2022', '--to', '2024'], 2026);
      expect(r.code).toBe(0);
      expect(byNumber(r.out).get('2.3')?.deadline).toMatchObject({ kind: 'recurring', fromYear: 2022, toYear: 2024 });
      expect(r.err[0]).toContain('(период 2022–2024; в документе — 2021–2022 (строка 3: «на 2021-2022 учебный год»))');
      // The deadlines of 2021 now lie outside the period: reported, not moved.
      expect(r.err[0]).toContain('замечаний — 6');
    });

    it('--dry-run of a .docx takes the years from the paragraphs above its table, and reads it like the text', async () => {
      const file = path.join(dir, 'plan-2021.docx');
      writeFileSync(file, await cellPerLineDocx());
      const fromDocx = await run([file, '--dry-run'], 2026);
      expect(fromDocx.code, fromDocx.err.join('\n')).toBe(0);
      expect(fromDocx.err[0]).toContain('(период 2021–2022, из документа — «на 2021-2022 учебный год»)');
      const fromText = await run([otherRoadmap('cell-per-line.txt'), '--dry-run'], 2026);
      expect(fromDocx.out).toEqual(fromText.out);
    });

    it('--dry-run reads the text saved by Word in Windows-1251 like the UTF-8 one', async () => {
      const file = path.join(dir, 'plan-1251.txt');
      writeFileSync(file, iconv.encode(readFileSync(otherRoadmap('cell-per-line.txt'), 'utf8'), 'win1251'));
      const r = await run([file, '--dry-run'], 2026);
      const utf8 = await run([otherRoadmap('cell-per-line.txt'), '--dry-run'], 2026);
      expect(r.code).toBe(0);
      expect(r.out).toEqual(utf8.out);
      expect(r.err).toEqual(utf8.err);
      const binary = path.join(dir, 'plan-binary.txt');
      writeFileSync(binary, Buffer.from([0x31, 0x00, 0x32, 0x00]));
      const refused = await run([binary, '--dry-run']);
      expect(refused.code).toBe(2);
      expect(refused.err).toEqual(['Файл „plan-binary.txt“ — не текст: сохраните таблицу как обычный текст (.txt).']);
    });

    it('without years on the command line or in the document: a dry run says it used the default', async () => {
      const file = path.join(dir, 'no-title.txt');
      writeFileSync(file, readFileSync(otherRoadmap('cell-per-line.txt'), 'utf8').split('\n').slice(4).join('\n'));
      const r = await run([file, '--dry-run'], 2026);
      expect(r.code).toBe(0);
      expect(r.err[0]).toContain('(период 2026–2028, по умолчанию: в документе период не найден)');
      expect(byNumber(r.out).get('2.3')?.deadline).toMatchObject({ fromYear: 2026, toYear: 2028 });
      const write = await run([file, '--org', String(t.world.a.otherSchool), '--title', 'Без периода']);
      expect(write.code).toBe(2);
      expect(write.err[0]).toContain('--from и --to можно не указывать, если период назван в заголовке над таблицей');
      expect(write.opened).toBe(0);
    });

    it('without --dry-run creates the roadmap in the years of its title', async () => {
      const r = await run([
        otherRoadmap('cell-per-line-crlf.txt'),
        '--org',
        String(t.world.a.otherSchool),
        '--title',
        'План Лесогорского округа',
      ]);
      expect(r.code, r.err.join('\n')).toBe(0);
      const roadmap = await t.database.db
        .selectFrom('roadmaps')
        .selectAll()
        .where('title', '=', 'План Лесогорского округа')
        .executeTakeFirstOrThrow();
      expect([roadmap.period_from, roadmap.period_to]).toEqual([2022, 2024]);
      const items = await t.database.db
        .selectFrom('roadmap_items')
        .select(['number', 'kind', 'deadline', 'deadline_text'])
        .where('roadmap_id', '=', roadmap.id)
        .orderBy('position')
        .execute();
      expect(items.map((i) => i.number)).toEqual(['1', '1.1', '1.2', '2', '2.1', '2.2']);
      expect(items.find((i) => i.number === '1.2')?.deadline).toMatchObject({ kind: 'recurring', fromYear: 2022, toYear: 2024 });
      expect(items.find((i) => i.number === '2.2')).toMatchObject({ deadline_text: 'по итогам года', deadline: null });
    });
  });
});
