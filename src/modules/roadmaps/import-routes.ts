import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { acceptOf, DOCX, TXT, XLSX } from '../../lib/mime.js';
import { MAX_FILE_BYTES } from '../../lib/spreadsheet.js';
import { deadlineLabel } from './deadline.js';
import { type DocumentPeriod, periodNote } from './document-period.js';
import { FileTableError, MAX_TABLE_ROWS, tableFromFile } from './file-table.js';
import { MAPPING_FIELDS } from './labels.js';
import type { RoadmapRow } from './queries.js';
import { manage, roadmapCrumbs } from './route-helpers.js';
import { importForm, MAX_PASTE_BYTES } from './schemas.js';
import { editableRoadmap } from './service.js';
import { importBlocker, importTable, roadmapHasItems } from './table-import.js';
import { type ColumnMapping, detectColumns, type ReadResult, readPastedTable, tableLines } from './table-reader.js';

const TOO_BIG = `Таблица слишком большая: не более ${MAX_PASTE_BYTES / 1024} КБ. Вставьте только таблицу мероприятий, без остального текста документа.`;
const NOT_EMPTY =
  'В дорожной карте уже есть пункты. Импорт добавляет таблицу только в пустую дорожную карту, чтобы не смешать две нумерации.';

type Parsed =
  | {
      ok: true;
      text: string;
      mapping: ColumnMapping | undefined;
      fileName: string | null;
      /** The phrase naming the years found outside the text (a .docx's paragraphs), carried by the forms. */
      outsidePeriod: string | null;
    }
  | { ok: false; errors: FieldErrors; text: string };

function parseImport(body: unknown): Parsed {
  const parsed = importForm.safeParse(body ?? {});
  const text = typeof (body as { text?: unknown } | undefined)?.text === 'string' ? (body as { text: string }).text : '';
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), text };
  if (Buffer.byteLength(parsed.data.text, 'utf8') > MAX_PASTE_BYTES) return { ok: false, errors: { text: TOO_BIG }, text: '' };
  const d = parsed.data;
  const fileName = d.file_name ?? null;
  const outsidePeriod = d.document_period ?? null;
  if (d.remap === undefined) return { ok: true, text: d.text, mapping: undefined, fileName, outsidePeriod };
  if (d.map_number === null || d.map_activity === null) {
    return { ok: false, errors: { map: 'Укажите столбцы с номером и с наименованием мероприятия' }, text: d.text };
  }
  return {
    ok: true,
    text: d.text,
    fileName,
    outsidePeriod,
    mapping: {
      number: d.map_number,
      activity: d.map_activity,
      deadline: d.map_deadline,
      responsible: d.map_responsible,
      result: d.map_result,
      expected: d.map_expected,
    },
  };
}

/** Column choices for the mapping form: «Столбец 2 — Наименование мероприятий» when a header is found. */
function columnOptions(text: string): Array<{ value: number; label: string }> {
  const lines = tableLines(text);
  const width = Math.min(
    30,
    lines.reduce((m, l) => Math.max(m, l.split('\t').length), 1),
  );
  const header = lines.map((l) => l.split('\t')).find((cells) => detectColumns(cells) !== null) ?? [];
  return Array.from({ length: width }, (_, i) => {
    const name = (header[i] ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    return { value: i, label: name ? `Столбец ${i + 1} — ${name}` : `Столбец ${i + 1}` };
  });
}

function isFile(value: unknown): value is MultipartFile {
  return typeof value === 'object' && value !== null && 'toBuffer' in value && 'filename' in value;
}

/**
 * The table text of an uploaded .docx, .xlsx or .txt, or the Russian message for the file field. The
 * text then travels in the preview's hidden field like a pasted one, so it obeys the same limit.
 */
async function uploadedTable(
  body: unknown,
): Promise<{ ok: true; text: string; fileName: string; period: DocumentPeriod | null } | { ok: false; error: string }> {
  const file = (body as Record<string, unknown> | undefined)?.file;
  if (!isFile(file) || !file.filename) return { ok: false, error: 'Выберите файл .docx, .xlsx или .txt' };
  const data = await file.toBuffer();
  if (file.file.truncated || data.length > MAX_FILE_BYTES) {
    return {
      ok: false,
      error: `Файл „${file.filename}“ слишком большой: допускается не больше ${MAX_FILE_BYTES / 1024 / 1024} МБ.`,
    };
  }
  let text: string;
  let period: DocumentPeriod | null;
  try {
    ({ text, period } = await tableFromFile(data, file.filename));
  } catch (error) {
    if (error instanceof FileTableError) return { ok: false, error: error.message };
    throw error;
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_PASTE_BYTES) {
    return {
      ok: false,
      error: `Таблица в файле „${file.filename}“ слишком большая: не более ${MAX_PASTE_BYTES / 1024} КБ текста. Оставьте в файле только таблицу мероприятий.`,
    };
  }
  return { ok: true, text, fileName: file.filename, period };
}

export async function importRoutes(app: FastifyInstance): Promise<void> {
  const renderForm = async (reply: FastifyReply, roadmap: RoadmapRow, text: string, errors: FieldErrors, status = 200) => {
    const hasItems = await roadmapHasItems(app.db, actorOf(reply.request), roadmap.id);
    return reply.render(
      'roadmaps/import',
      {
        title: `Импорт таблицы: ${roadmap.title}`,
        breadcrumbs: roadmapCrumbs(roadmap, 'Импорт таблицы'),
        roadmap,
        text,
        errors,
        hasItems,
        notEmptyText: NOT_EMPTY,
        maxKb: MAX_PASTE_BYTES / 1024,
        maxFileMb: MAX_FILE_BYTES / 1024 / 1024,
        accept: acceptOf([DOCX, XLSX, TXT]),
        maxRows: MAX_TABLE_ROWS.toLocaleString('ru-RU'),
      },
      status,
    );
  };

  const renderPreview = (
    reply: FastifyReply,
    roadmap: RoadmapRow,
    text: string,
    fileName: string | null,
    outsidePeriod: string | null,
    result: ReadResult,
    error: string | null,
    status = 200,
  ) =>
    reply.render(
      'roadmaps/import-preview',
      {
        title: `Проверка таблицы: ${roadmap.title}`,
        breadcrumbs: roadmapCrumbs(roadmap, 'Проверка таблицы'),
        roadmap,
        text,
        fileName,
        result,
        error,
        period: periodNote(text, outsidePeriod, { from: roadmap.period_from, to: roadmap.period_to }),
        blocker: importBlocker(result),
        rows: result.rows.map((r) => ({ row: r, meaning: r.deadline === null ? null : deadlineLabel(r.deadline) })),
        mappingFields: MAPPING_FIELDS,
        columnOptions: columnOptions(text),
      },
      status,
    );

  app.get('/roadmaps/:id/import', { config: manage }, async (request, reply) => {
    const roadmap = await editableRoadmap(app.db, actorOf(request), idOf(request.params));
    return renderForm(reply, roadmap, '', {});
  });

  app.post('/roadmaps/:id/import', { config: manage }, async (request, reply) => {
    const roadmap = await editableRoadmap(app.db, actorOf(request), idOf(request.params));
    const parsed = parseImport(request.body);
    if (!parsed.ok) return renderForm(reply, roadmap, parsed.text, parsed.errors, 400);
    const result = readPastedTable(parsed.text, {
      periodFrom: roadmap.period_from,
      periodTo: roadmap.period_to,
      ...(parsed.mapping ? { mapping: parsed.mapping } : {}),
    });
    return renderPreview(reply, roadmap, parsed.text, parsed.fileName, parsed.outsidePeriod, result, null);
  });

  app.post('/roadmaps/:id/import/file', { config: manage }, async (request, reply) => {
    const roadmap = await editableRoadmap(app.db, actorOf(request), idOf(request.params));
    const upload = await uploadedTable(request.body);
    if (!upload.ok) return renderForm(reply, roadmap, '', { file: upload.error }, 400);
    const result = readPastedTable(upload.text, { periodFrom: roadmap.period_from, periodTo: roadmap.period_to });
    const outside = upload.period !== null && upload.period.line === 0 ? upload.period.phrase : null;
    return renderPreview(reply, roadmap, upload.text, upload.fileName, outside, result, null);
  });

  app.post('/roadmaps/:id/import/confirm', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const roadmap = await editableRoadmap(app.db, actor, idOf(request.params));
    const parsed = parseImport(request.body);
    if (!parsed.ok) return renderForm(reply, roadmap, parsed.text, parsed.errors, 400);
    const result = readPastedTable(parsed.text, {
      periodFrom: roadmap.period_from,
      periodTo: roadmap.period_to,
      ...(parsed.mapping ? { mapping: parsed.mapping } : {}),
    });
    if (await roadmapHasItems(app.db, actor, roadmap.id))
      return renderPreview(reply, roadmap, parsed.text, parsed.fileName, parsed.outsidePeriod, result, NOT_EMPTY, 409);
    const blocker = importBlocker(result);
    if (blocker) return renderPreview(reply, roadmap, parsed.text, parsed.fileName, parsed.outsidePeriod, result, blocker, 400);
    const written = await importTable(app.db, actor, roadmap.id, result);
    reply.flash('success', `Таблица сохранена: разделов — ${written.sections}, мероприятий — ${written.items}.`);
    return reply.redirect(`/roadmaps/${roadmap.id}`, 303);
  });
}
