import { z } from 'zod';
import { NotFoundError } from '../../http/errors.js';
import { EXPORT_LAYOUTS, type ExportLayout } from './xlsx.js';

/** The layout of an export as its URL names it (`/…/exports/indicators`); any other is 404. */
export function layoutOf(params: unknown): ExportLayout {
  const parsed = z.object({ layout: z.enum(EXPORT_LAYOUTS) }).safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.layout;
}

const PERIOD = /^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/;

/** The period of the region's exports (`?period=2025-01-01..2025-12-31`); absent or malformed: the latest. */
export const regionExportQuery = z.object({
  period: z.string().regex(PERIOD).optional().catch(undefined),
});
