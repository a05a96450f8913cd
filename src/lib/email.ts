import { domainToASCII } from 'node:url';
import { z } from 'zod';

/** The longest address SMTP carries (RFC 5321: a path of 256 octets with its angle brackets). */
export const EMAIL_MAX_LENGTH = 254;

/**
 * An address as people type it, or null when it is none: spaces around it trimmed, the domain in
 * lower case (domains are case-insensitive; the part before «@» in principle is not, so it is kept).
 * A Cyrillic domain (почта.рф) is allowed: it is checked in its ASCII form, which mail servers use.
 */
export function normalizeEmail(value: string): string | null {
  const text = value.trim();
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1 || text.length > EMAIL_MAX_LENGTH) return null;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1).toLowerCase();
  const ascii = domainToASCII(domain);
  if (ascii === '' || !z.email().safeParse(`${local}@${ascii}`).success) return null;
  return `${local}@${domain}`;
}
