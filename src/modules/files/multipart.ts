/**
 * Reading a form sent as multipart/form-data (a form with a file). @fastify/multipart is registered
 * with `attachFieldsToBody: true` (src/app.ts): each part lands on request.body, a text field as
 * `{ type: 'field', value }`, a file as an object with `filename` and `toBuffer()`. A file over the
 * size limit is cut there and marked `truncated` (throwFileSizeLimit: false), so the route can
 * answer in Russian instead of a bare 413.
 */

import type { MultipartFile } from '@fastify/multipart';
import { formValues } from '../../http/forms.js';
import { checkDocument, UploadError } from '../../lib/uploads.js';

export interface UploadedFile {
  /** As the browser sent it (may hold a path or odd characters: store it through safeFileName). */
  fileName: string;
  data: Buffer;
  /** The parser cut the file at its size limit: it is too big, whatever `data.length` says. */
  truncated: boolean;
}

function isFile(value: unknown): value is MultipartFile {
  return typeof value === 'object' && value !== null && 'toBuffer' in value && 'filename' in value;
}

/**
 * The file of a field (default `file`), or null when the form has none: no such field, a text
 * field of that name, or an empty file input (a browser sends a part with an empty name and no bytes).
 */
export async function uploadedFile(body: unknown, field = 'file'): Promise<UploadedFile | null> {
  const raw = (body as Record<string, unknown> | null | undefined)?.[field];
  const part = Array.isArray(raw) ? raw[0] : raw;
  if (!isFile(part)) return null;
  const data = await part.toBuffer();
  if (part.filename === '' && data.length === 0) return null;
  return { fileName: part.filename, data, truncated: part.file.truncated === true };
}

/**
 * The text fields of a form as @fastify/formbody gives them for an urlencoded one (a string, or an
 * array of strings for a repeated name), so the module's zod schema parses either body. Files and
 * the CSRF token are left out. A body that is already urlencoded passes through the same way.
 */
export function multipartFields(body: unknown): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    if (name === '_csrf') continue;
    const values = (Array.isArray(raw) ? raw : [raw]).map(textOf).filter((v): v is string => v !== null);
    if (values.length === 0) continue;
    fields[name] = values.length === 1 && !Array.isArray(raw) ? values[0]! : values;
  }
  return fields;
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'field') {
    const text = (value as { value?: unknown }).value;
    return typeof text === 'string' ? text : null;
  }
  return null;
}

/** A form with a document: its fields, the sent file, and whether the stored one is to be removed. */
export async function formWithDocument(
  body: unknown,
): Promise<{ fields: Record<string, string>; file: UploadedFile | null; remove: boolean }> {
  const fields = formValues(multipartFields(body));
  return { fields, file: await uploadedFile(body, 'file'), remove: fields.remove_file === 'on' };
}

/** What is wrong with a sent document, checked with the other fields so that one answer lists all. */
export async function documentProblem(file: UploadedFile | null): Promise<string | null> {
  if (!file) return null;
  try {
    await checkDocument(file.fileName, file.data, { truncated: file.truncated });
    return null;
  } catch (error) {
    if (error instanceof UploadError) return error.message;
    throw error;
  }
}
