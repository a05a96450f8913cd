/** Any origin that cannot be ours: a `next` that resolves anywhere else is not a path of this site. */
const BASE = 'http://portal.invalid';

/**
 * Where to go after login: a path of this site, or home. Refused: anything not starting with one
 * `/` (`//evil.example`, `/\evil.example`), control characters (a tab or a line break that a
 * browser drops, turning `/\t/evil.example` into `//evil.example`, or that breaks the Location
 * header), backslashes, and anything longer than a real address. What passes is re-encoded (a
 * Cyrillic search word becomes %-escapes), so the Location header is always valid.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2048) return '/';
  if (!next.startsWith('/') || next.startsWith('//')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  const path = `${url.pathname}${url.search}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}
