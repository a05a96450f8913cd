import { renderSVG } from 'uqr';

/**
 * A QR code of `text` as an SVG element to put into a page: drawn on the server (uqr), with
 * presentation attributes only (fill), so the page's CSP (`style-src 'self'`) holds; `label` is
 * what a screen reader says. Error correction M: a printed card survives a crease.
 */
export function qrSvg(text: string, label: string): string {
  const escaped = label.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return renderSVG(text, { ecc: 'M', border: 2 }).replace(/^<svg /, `<svg class="qr-code" role="img" aria-label="${escaped}" `);
}
