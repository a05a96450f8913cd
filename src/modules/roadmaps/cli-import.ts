import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { todayIso } from '../../lib/dates.js';
import { sniff } from '../../lib/sniff.js';
import { MAX_FILE_BYTES } from '../../lib/spreadsheet.js';
import { recordAudit } from '../audit/service.js';
import { type DocumentPeriod, periodLabel } from './document-period.js';
import { FileTableError, tableFromFile } from './file-table.js';
import { roadmapForm } from './schemas.js';
import { insertRoadmap } from './service.js';
import { importBlocker, writeReadTable } from './table-import.js';
import { readPastedTable, toJsonLine } from './table-reader.js';

/**
 * `npm run roadmap:import -- FILE [--dry-run] [--org ID --title T --from YYYY --to YYYY]`: the core,
 * without process globals, so that tests call it directly. FILE: a .docx or .xlsx (read by
 * tableFromFile), or a .txt/.tsv of the pasted table. The period: --from/--to when given, else the
 * years the document names above its table («на 2021-2022 учебный год», document-period.ts), else
 * (a dry run only) the current year and the next two. Returns the exit code: 0 done,
 * 1 the table or the database refused, 2 wrong usage or a file that cannot be read (.doc, .xls,
 * PDF, no table in it, too big …).
 */
export interface CliDeps {
  out(line: string): void;
  err(line: string): void;
  /** Opens the configured database; called only when something is written. */
  openDatabase(): Promise<{ db: Kysely<Database>; close(): Promise<void> }>;
  /** The current year, for the default period of a dry run. */
  year?: number;
}

export const USAGE = [
  'Использование: npm run roadmap:import -- ФАЙЛ [--dry-run] [--org ID --title "Название" --from ГОД --to ГОД]',
  '  ФАЙЛ — документ Word (.docx) или книга Excel (.xlsx) с таблицей дорожной карты (до 10 МБ, до 2 000 строк таблицы),',
  '         или таблица, скопированная из Word или Excel и сохранённая как текст (.txt или .tsv, столбцы через табуляцию);',
  '         .doc и .xls не читаются: сохраните документ как .docx или .xlsx',
  '  --dry-run  только прочитать: по строке JSON на мероприятие в stdout, итог в stderr',
  '  --org ID   муниципалитет или школа, для которых создаётся дорожная карта (без --dry-run обязательно вместе с --title)',
  '  --from ГОД --to ГОД  период дорожной карты; если не указан — годы из заголовка над таблицей («на 2021-2022 учебный год»,',
  '         «на 2022-2024 годы»), а если их там нет — при --dry-run текущий год и два следующих, без --dry-run период обязателен',
].join('\n');

/** A text file of the pasted table; a .docx or .xlsx may have up to MAX_FILE_BYTES (10 MB). */
const MAX_TEXT_BYTES = 5 * 1024 * 1024;
const OFFICE_EXTENSIONS = new Set(['.docx', '.xlsx', '.doc', '.xls']);

/**
 * The table text of FILE and the years its title names, through tableFromFile: a .docx or .xlsx (so
 * is anything that is a ZIP or an old Office file by its content, whatever its name), a .txt or .tsv
 * (UTF-8, UTF-16 with its mark, or Windows-1251).
 * Throws FileTableError with the Russian message for the user.
 */
async function readTableFile(file: string): Promise<{ text: string; period: DocumentPeriod | null }> {
  const ext = path.extname(file).toLowerCase();
  const name = path.basename(file);
  if (statSync(file).size > MAX_FILE_BYTES) {
    throw new FileTableError(`Файл „${name}“ слишком большой: допускается не больше ${MAX_FILE_BYTES / 1024 / 1024} МБ.`);
  }
  const data = readFileSync(file);
  const kind = sniff(data);
  const office = kind === 'zip' || kind === 'ole';
  if (office || OFFICE_EXTENSIONS.has(ext)) return tableFromFile(data, name);
  if (ext !== '.txt' && ext !== '.tsv') {
    throw new FileTableError(
      `Неизвестный формат файла „${name}“: нужен документ Word (.docx), книга Excel (.xlsx) или текст .txt или .tsv (столбцы через табуляцию).`,
    );
  }
  if (data.length > MAX_TEXT_BYTES)
    throw new FileTableError(`Файл больше ${MAX_TEXT_BYTES / 1024 / 1024} МБ: оставьте в нём только таблицу мероприятий.`);
  if (kind !== 'text') throw new FileTableError(`Файл „${name}“ — не текст: сохраните таблицу как обычный текст (.txt).`);
  return tableFromFile(data, name);
}

/** Where the period came from, for the summary line. */
function periodSource(found: DocumentPeriod | null, fromCommandLine: boolean): string {
  if (found === null) return fromCommandLine ? '' : ', по умолчанию: в документе период не найден';
  const where = found.line > 0 ? `строка ${found.line}: ` : '';
  if (!fromCommandLine) return `, из документа — ${where}«${found.phrase}»`;
  return `; в документе — ${periodLabel(found.from, found.to)} (${where}«${found.phrase}»)`;
}

export async function roadmapImportCli(argv: string[], deps: CliDeps): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    deps.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    deps.err(USAGE);
    return 2;
  }
  let table: { text: string; period: DocumentPeriod | null };
  try {
    table = await readTableFile(file);
  } catch (error) {
    deps.err(error instanceof FileTableError ? error.message : `Не удалось прочитать файл «${file}».`);
    return 2;
  }
  const { text, period: found } = table;

  const year = deps.year ?? Number(todayIso().slice(0, 4));
  const dryRun = values['dry-run'] === true;
  const fromCommandLine = values.from !== undefined || values.to !== undefined;
  const fromDocument = fromCommandLine || found === null ? null : found;
  const defaultFrom = dryRun ? String(year) : undefined;
  const from = values.from ?? (fromDocument ? String(fromDocument.from) : defaultFrom);
  const to = values.to ?? (fromDocument ? String(fromDocument.to) : dryRun ? String(Number(from ?? year) + 2) : undefined);
  const form = roadmapForm.safeParse({ title: values.title ?? (dryRun ? 'Проверка' : ''), period_from: from, period_to: to });
  if (!dryRun && (values.org === undefined || values.title === undefined || from === undefined || to === undefined)) {
    deps.err(
      `Без --dry-run укажите --org, --title, --from и --to (--from и --to можно не указывать, если период назван в заголовке над таблицей, например «на 2022-2024 годы»).\n${USAGE}`,
    );
    return 2;
  }
  if (!form.success) {
    deps.err(form.error.issues.map((i) => i.message).join('; '));
    return 2;
  }
  const input = { ...form.data, order_number: null, order_date: null };
  const result = readPastedTable(text, { periodFrom: input.period_from, periodTo: input.period_to });
  const summary = `Прочитано: разделов — ${result.sections.length}, мероприятий — ${result.rows.length}, замечаний — ${result.problems.length} (период ${periodLabel(input.period_from, input.period_to)}${periodSource(found, fromCommandLine)})`;

  if (dryRun) {
    for (const row of result.rows) deps.out(toJsonLine(row));
    deps.err(summary);
    return 0;
  }

  const blocker = importBlocker(result);
  if (blocker) {
    deps.err(`${summary}\n${blocker}`);
    return 1;
  }
  const orgId = Number(values.org);
  if (!Number.isInteger(orgId) || orgId <= 0) {
    deps.err('--org: укажите числовой идентификатор муниципалитета или школы.');
    return 2;
  }
  const database = await deps.openDatabase();
  try {
    const org = await database.db
      .selectFrom('organizations')
      .select(['id', 'type', 'municipality_id'])
      .where('id', '=', orgId)
      .executeTakeFirst();
    if (!org || (org.type !== 'municipality' && org.type !== 'school')) {
      deps.err(`Организация ${orgId} не найдена или не является муниципалитетом или школой.`);
      return 1;
    }
    const { id, written } = await database.db.transaction().execute(async (trx) => {
      const id = await insertRoadmap(trx, null, orgId, input);
      const written = await writeReadTable(trx, id, result);
      await recordAudit(
        trx,
        { userId: null, ip: null },
        {
          action: 'import',
          entityType: 'roadmap',
          entityId: id,
          organizationId: org.id,
          municipalityId: org.municipality_id,
          changedFields: ['items'],
        },
      );
      return { id, written };
    });
    deps.err(summary);
    deps.out(`Создана дорожная карта № ${id}: разделов — ${written.sections}, мероприятий — ${written.items}.`);
    return 0;
  } finally {
    await database.close();
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean' },
      org: { type: 'string' },
      title: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  });
}
