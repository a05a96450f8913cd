import { latinOf } from '../lib/translit.js';
import { safeFileName } from '../lib/uploads.js';

/**
 * `attachment; filename="Otchet.pdf"; filename*=UTF-8''%D0%9E%D1%82%D1%87%D1%91%D1%82.pdf`
 * (RFC 6266 / RFC 5987): browsers use the UTF-8 name, old clients the ASCII one — the name
 * transliterated, or `fallback` when the caller has a better one (`roadmap-12.xlsx`).
 * `inline` lets the browser show the file instead of saving it.
 */
export function contentDisposition(fileName: string, options: { inline?: boolean; fallback?: string } = {}): string {
  const name = safeFileName(fileName);
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${options.inline ? 'inline' : 'attachment'}; filename="${options.fallback ?? asciiFileName(name)}"; filename*=UTF-8''${encoded}`;
}

/** The name in printable ASCII: Russian letters transliterated, anything else outside ASCII as `_`. */
export function asciiFileName(name: string): string {
  let out = '';
  for (const char of name) {
    const lower = char.toLowerCase();
    const latin = latinOf(lower);
    if (latin !== undefined) out += char === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
    else if (/^[\x20-\x7e]$/.test(char) && !'"\\%'.includes(char)) out += char;
    else out += '_';
  }
  return out;
}
