import type { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Config } from './config.js';

/**
 * Fields never written to the log, should any code put them there; the request line
 * itself carries only the method, path, status, timing, request id and user id.
 */
export const LOG_REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'cookie',
  '*.cookie',
  '_csrf',
  '*._csrf',
];

/** The portal's JSON logger: secrets redacted wherever a careless call would put them. */
export function createLogger(config: Config, stream: Writable = process.stdout): pino.Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: LOG_REDACT_PATHS, censor: '[скрыто]' },
      base: { service: 'nastavnichestvo' },
    },
    stream,
  );
}
