import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { idFrom } from '../../http/forms.js';
import { acceptOf, CSV, XLSX } from '../../lib/mime.js';
import { MAX_FILE_BYTES, readTable, SpreadsheetError, writeCsv, writeXlsx } from '../../lib/spreadsheet.js';
import { exportColumns } from './columns.js';
import { exportTable } from './export.js';
import { applyBatch, checkImport, loadBatch, saveBatch } from './import.js';
import { KIND_LABELS, type PersonKind } from './labels.js';
import { listKeepersOf } from '../tags/queries.js';
import { personListQuery } from './schemas.js';

const read = { access: { roles: MODULE_ROLES.people } };
const manage = { access: { roles: MODULE_ROLES.peopleManage } };

const FILE_NAMES: Record<PersonKind, string> = { mentors: 'baza-nastavnikov', mentees: 'baza-nastavlyaemyh' };
const PREVIEW_LIMIT = 500;

function download(reply: FastifyReply, name: string, type: string, data: Buffer) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store')
    .send(data);
}

/**
 * A request to the municipality's coordinators to add values to the list: an e-mail (mailto:, to
 * those who have an address) naming the values, each with a link to the list's form filled in.
 */
function askToList(kind: PersonKind, values: string[], keepers: Array<{ email: string | null }>, base: string) {
  const tagKind = kind === 'mentors' ? 'competency' : 'request';
  const list = kind === 'mentors' ? 'компетенций наставников' : 'запросов наставляемых';
  const subject = `Добавить в перечень ${list}`;
  const body = [
    `Прошу добавить в перечень ${list} муниципалитета:`,
    ...values.map((v) => `— «${v}»: ${base}/tags?kind=${tagKind}&name=${encodeURIComponent(v)}`),
  ].join('\n');
  const to = keepers
    .map((k) => k.email)
    .filter((e): e is string => Boolean(e))
    .join(',');
  return { list, href: `mailto:${to}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}` };
}

function isFile(value: unknown): value is MultipartFile {
  return typeof value === 'object' && value !== null && 'toBuffer' in value && 'filename' in value;
}

/** Template, export, and import (upload -> preview -> confirm) of a base. */
export function importExportRoutes(app: FastifyInstance, kind: PersonKind): void {
  const base = `/${kind}`;
  const names = KIND_LABELS[kind];
  const crumbs = [{ label: names.base, href: base }];

  app.get(`${base}/template.xlsx`, { config: read }, async (_request, reply) => {
    const data = await writeXlsx(
      names.base,
      exportColumns(kind).map((c) => c.header),
      [],
    );
    return download(reply, `${FILE_NAMES[kind]}-shablon.xlsx`, XLSX.mediaType, data);
  });

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(`${base}/export.${format}`, { config: read }, async (request, reply) => {
      const query = personListQuery.parse(request.query);
      const table = await exportTable(app.db, actorOf(request).user, kind, query);
      const data = format === 'xlsx' ? await writeXlsx(names.base, table.header, table.rows) : writeCsv(table.header, table.rows);
      return download(
        reply,
        `${FILE_NAMES[kind]}.${format}`,
        format === 'xlsx' ? XLSX.mediaType : `${CSV.mediaType}; charset=utf-8`,
        data,
      );
    });
  }

  const renderUpload = (reply: FastifyReply, error: string | null, status = 200) =>
    reply.render(
      'people/import',
      {
        title: `Загрузка из файла: ${names.base.toLowerCase()}`,
        kind,
        names,
        columns: exportColumns(kind).map((c) => c.header),
        accept: acceptOf([XLSX, CSV]),
        errors: error ? { file: error } : {},
        breadcrumbs: [...crumbs, { label: 'Загрузка из файла' }],
      },
      status,
    );

  app.get(`${base}/import`, { config: manage }, async (_request, reply) => renderUpload(reply, null));

  app.post(`${base}/import`, { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const file = (request.body as Record<string, unknown> | undefined)?.file;
    if (!isFile(file) || !file.filename) return renderUpload(reply, 'Выберите файл .xlsx или .csv', 400);
    const data = await file.toBuffer();
    if (file.file.truncated || data.length > MAX_FILE_BYTES) {
      return renderUpload(reply, `Файл «${file.filename}» слишком большой: допускается не больше 10 МБ.`, 400);
    }
    let table: Awaited<ReturnType<typeof readTable>>;
    try {
      table = await readTable(data, file.filename);
    } catch (error) {
      if (error instanceof SpreadsheetError) return renderUpload(reply, error.message, 400);
      throw error;
    }
    const check = await checkImport(app.db, actor, kind, table);
    if (check.fileErrors.length) return renderUpload(reply, check.fileErrors.join(' '), 400);
    const id = await saveBatch(app.db, actor, kind, file.filename, check);
    return reply.redirect(`${base}/import/${id}`, 303);
  });

  app.get(`${base}/import/:id`, { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const batch = await loadBatch(app.db, actor, kind, idFrom(request.params));
    const rows = batch.check.rows;
    const unlisted = rows
      .filter((r) => r.action !== 'error')
      .flatMap((r) => (r.unlisted ?? []).map((u) => ({ line: r.line, name: r.name, ...u })));
    const keepers =
      unlisted.length && actor.user.municipalityId !== null ? await listKeepersOf(app.db, actor.user.municipalityId) : [];
    const count = (action: string) => rows.filter((r) => r.action === action).length;
    const errors = rows.filter((r) => r.action === 'error');
    const others = rows.filter((r) => r.action !== 'error');
    return reply.render('people/import-preview', {
      title: `Проверка файла «${batch.file_name}»`,
      kind,
      names,
      batch,
      counts: {
        create: count('create'),
        update: count('update'),
        unchanged: count('unchanged'),
        error: errors.length,
        total: rows.length,
      },
      errorRows: errors,
      rows: others.slice(0, PREVIEW_LIMIT),
      hiddenRows: Math.max(0, others.length - PREVIEW_LIMIT),
      ignoredColumns: batch.check.ignoredColumns,
      unlisted,
      ask: unlisted.length
        ? askToList(
            kind,
            [...new Set(unlisted.map((u) => u.value))],
            keepers,
            app.config.publicUrl ?? `${request.protocol}://${request.host}`,
          )
        : null,
      keepers,
      breadcrumbs: [...crumbs, { label: 'Загрузка из файла', href: `${base}/import` }, { label: 'Проверка' }],
    });
  });

  app.post(`${base}/import/:id`, { config: manage }, async (request, reply) => {
    const id = idFrom(request.params);
    const result = await applyBatch(app.db, actorOf(request), kind, id);
    if (!result.ok) {
      reply.flash('error', result.message);
      return reply.redirect(`${base}/import/${id}`, 303);
    }
    reply.flash('success', `Загрузка завершена: добавлено ${result.created}, обновлено ${result.updated}.`);
    return reply.redirect(base, 303);
  });
}
