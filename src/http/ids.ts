import { z } from 'zod';
import { NotFoundError } from './errors.js';

/** The largest value of PostgreSQL's `integer`: a longer number is no row of ours, not a database error. */
const MAX_ID = 2_147_483_647;

/** A row's id as a URL or a query string carries it. */
export const idParam = z.coerce.number().int().positive().max(MAX_ID);

/** An optional id of a query string (`?org=12`): anything malformed is no filter. */
export const optionalId = idParam.optional().catch(undefined);

/**
 * The numeric parameter `name` of a URL (`:id`, `:itemId`); a malformed or missing one is a page
 * that does not exist (404).
 */
export function idOf(params: unknown, name = 'id'): number {
  const value = typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[name] : undefined;
  const parsed = idParam.safeParse(value);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}
