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
  if (!z.email().safeParse(`${local}@example.ru`).success || !isDomain(domainToASCII(domain))) return null;
  return `${local}@${domain}`;
}

/** A domain of two labels or more (ASCII form), its last one letters or an IDN top-level domain (xn--p1ai). */
function isDomain(ascii: string): boolean {
  const labels = ascii.split('.');
  if (labels.length < 2 || ascii.length > 253) return false;
  const tld = labels[labels.length - 1] ?? '';
  if (!/^([a-z]{2,63}|xn--[a-z0-9-]{2,59})$/.test(tld)) return false;
  return labels.every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
}
