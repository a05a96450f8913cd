import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Statements a connection keeps prepared. Each text Kysely sends is prepared once per connection
 * under a name made from it, so the server parses it once and, after a few runs, keeps its plan
 * (PostgreSQL's plan cache: a generic plan when it costs no more than the custom ones). Planning
 * the pages' statements cost PostgreSQL more than running them (0.3-0.4 ms against 0.02-0.08 ms for
 * a pair's page). A list of ids (`in ($1, $2, …)`) gives a text per length, so a connection
 * prepares at most MAX_PREPARED texts and sends the others unnamed, as before.
 *
 * Off with DB_PREPARE=false, for a pooler in transaction mode (PgBouncer before 1.21), which cannot
 * keep a statement prepared on one server connection for the next transaction.
 */
export const MAX_PREPARED = 300;

/** The statement's name: a digest of its text (a name is at most 63 bytes). */
function nameOf(text: string): string {
  return `k_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
}

/** PostgreSQL refuses a prepared statement whose tables changed shape since (a migration ran meanwhile). */
function isStalePlan(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '0A000';
}

type Query = (text: string, values?: unknown[]) => Promise<pg.QueryResult>;

/** Makes the client's `query(text, values)` (the form Kysely uses) run as a named, prepared statement. */
export function prepareStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as unknown as (
    config: pg.QueryConfig | string,
    values?: unknown[],
  ) => Promise<pg.QueryResult>;
  const prepared = new Set<string>();
  const stale = new Set<string>();
  const named: Query = async (text, values) => {
    const name = nameOf(text);
    if (stale.has(name) || (!prepared.has(name) && prepared.size >= MAX_PREPARED)) return query(text, values);
    prepared.add(name);
    try {
      return await query({ name, text, values: values ?? [] });
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      // The statement stays prepared on the server with its old shape: this connection sends the text unnamed from now on.
      stale.add(name);
      throw error;
    }
  };
  const original = client.query;
  client.query = ((...args: unknown[]) => {
    const [text, values, callback] = args;
    if (typeof text === 'string' && (values === undefined || Array.isArray(values)) && callback === undefined) {
      return named(text, values as unknown[] | undefined);
    }
    return (original as (...a: unknown[]) => unknown).apply(client, args);
  }) as typeof client.query;
}
