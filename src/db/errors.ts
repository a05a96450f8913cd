/**
 * Errors that say the database cannot serve now, rather than that a request or the code is wrong:
 * the server went away or restarts, refuses connections, is overloaded, or did not answer in time.
 * A request that meets one answers 503 «try again in a minute» and the process carries on; the
 * pool opens new connections by itself once the server is back.
 */

/**
 * SQLSTATE classes and codes (PostgreSQL, appendix A): 08 connection exception, 53 insufficient
 * resources (too many connections, disk full, out of memory), 57P01-57P05 operator intervention
 * (administrator shutdown, crash shutdown, cannot connect now, database dropped, idle session
 * timeout), 57014 query cancelled (statement_timeout), 55P03 lock not available (lock_timeout),
 * 25P03 idle-in-transaction timeout, 40001/40P01 serialization failure and deadlock (retry).
 */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-5]$|57014$|55P03$|25P03$|40001$|40P01$)/;

/** Errors of the socket under a connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ECONNABORTED',
]);

/** What node-postgres and pg-pool throw when a connection is lost, cannot be had, or times out. */
const DRIVER_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|not queryable|Connection is closed|Client was closed|Cannot use a pool after calling end/i;

/** True when the error (or one it wraps) means the database is unreachable, overloaded or too slow. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || NETWORK_CODES.has(code))) return true;
  if (DRIVER_MESSAGES.test(error.message)) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable((error as { cause?: unknown }).cause, depth + 1);
}

/** A short text for a log line; a failed connect to several addresses has an empty message but a code. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return [error.message, typeof code === 'string' ? code : ''].filter(Boolean).join(' ') || error.name;
}
