/**
 * A submission's answers as the form sends them and as they are stored, and what keeps it from
 * being sent. Pure: no database.
 *
 * A scalar field is sent as `f_<id>` and stored as the text typed (a draft keeps whatever was
 * typed, even a number not yet written as one); a table as `f_<id>_<row>_<column>` and stored as
 * its non-empty rows. Whether a number is a number is checked when the submission is sent.
 */

import type { FieldErrors } from '../../http/forms.js';
import type { DocumentRow, FieldRow } from './queries.js';

export type Answer = string | string[][];

/** The empty rows a table shows below its filled ones, to add rows without a script. */
export const BLANK_TABLE_ROWS = 2;
const MAX_TABLE_ROWS = 500;

/** The answers of the hand fields read from a form's values. */
export function answersFromForm(fields: readonly FieldRow[], values: Record<string, string>): Map<number, Answer> {
  const answers = new Map<number, Answer>();
  for (const field of fields) {
    if (field.kind === 'indicator') continue;
    if (field.kind === 'table') {
      const rows: string[][] = [];
      for (let r = 0; r < MAX_TABLE_ROWS; r++) {
        const cells = field.options.map((_, c) => (values[`f_${field.id}_${r}_${c}`] ?? '').trim().slice(0, 2000));
        const present = field.options.some((_, c) => `f_${field.id}_${r}_${c}` in values);
        if (!present) break;
        if (cells.some((cell) => cell !== '')) rows.push(cells);
      }
      answers.set(field.id, rows);
    } else {
      answers.set(field.id, (values[`f_${field.id}`] ?? '').trim().slice(0, 10_000));
    }
  }
  return answers;
}

/** A number as people type it: «12», «12,5», «1 250». */
export function parseNumber(text: string): number | null {
  const clean = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(clean)) return null;
  return Number(clean);
}

const isEmpty = (answer: Answer | undefined) =>
  answer === undefined || (typeof answer === 'string' ? answer === '' : answer.length === 0);

/**
 * What keeps the submission from being sent, keyed by the form's field (`f_<id>`, `doc_<id>`):
 * required fields left empty, numbers and percentages that are none, a choice not offered,
 * required documents not attached.
 */
export function sendProblems(
  fields: readonly FieldRow[],
  answers: ReadonlyMap<number, Answer>,
  documents: readonly DocumentRow[],
  attached: ReadonlySet<number>,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of fields) {
    if (field.kind === 'indicator') continue;
    const key = `f_${field.id}`;
    const answer = answers.get(field.id);
    if (isEmpty(answer)) {
      if (field.required)
        errors[key] =
          field.kind === 'table' ? `Таблица «${field.label}»: добавьте хотя бы одну строку` : `Заполните поле «${field.label}»`;
      continue;
    }
    if (typeof answer !== 'string') continue;
    if (field.kind === 'number' && parseNumber(answer) === null)
      errors[key] = `Поле «${field.label}»: укажите число цифрами, например 12 или 12,5`;
    if (field.kind === 'percent') {
      const n = parseNumber(answer);
      if (n === null || n < 0 || n > 100) errors[key] = `Поле «${field.label}»: укажите процент числом от 0 до 100`;
    }
    if (field.kind === 'choice' && !field.options.includes(answer))
      errors[key] = `Поле «${field.label}»: выберите один из вариантов списка`;
    if (field.kind === 'yes_no' && answer !== 'yes' && answer !== 'no')
      errors[key] = `Поле «${field.label}»: выберите «да» или «нет»`;
  }
  for (const document of documents) {
    if (document.required && !attached.has(document.id)) errors[`doc_${document.id}`] = `Приложите документ «${document.title}»`;
  }
  return errors;
}

/** An answer as the form shows it back: `f_<id>` and the table's cells. */
export function formValuesOf(fields: readonly FieldRow[], answers: ReadonlyMap<number, Answer>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const answer = answers.get(field.id);
    if (answer === undefined) continue;
    if (typeof answer === 'string') values[`f_${field.id}`] = answer;
    else
      answer.forEach((row, r) => {
        row.forEach((cell, c) => {
          values[`f_${field.id}_${r}_${c}`] = cell;
        });
      });
  }
  return values;
}

/** The rows a table shows: its filled rows (from the values) and BLANK_TABLE_ROWS empty ones. */
export function tableRowCount(field: FieldRow, values: Record<string, string>): number {
  let rows = 0;
  while (rows < MAX_TABLE_ROWS && field.options.some((_, c) => `f_${field.id}_${rows}_${c}` in values)) rows++;
  return Math.min(rows + BLANK_TABLE_ROWS, MAX_TABLE_ROWS);
}
