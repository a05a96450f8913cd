import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail as the test reads it: the envelope, the decoded headers, the text and HTML parts. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  headers: Map<string, string>;
  text: string;
  html: string;
  raw: string;
}

export interface TestSmtp {
  port: number;
  /** smtp://127.0.0.1:<port> for SMTP_URL. */
  url: string;
  /** Every mail accepted, in order (kept before the server answers DATA: once `send` resolved, it is here). */
  mails: ReceivedMail[];
  /** The mails sent to an address (the envelope's recipients). */
  to(address: string): ReceivedMail[];
  /** Forgets the mails received so far. */
  clear(): void;
  /** Recipients the server refuses (550) while in the set. */
  refuse: Set<string>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free port (the `smtp-server` package), without TLS or required login,
 * that keeps every mail it accepts, parsed just enough for tests (no mailparser in the project).
 */
export async function startSmtp(
  options: { port?: number; host?: string; onMail?: (mail: ReceivedMail) => void } = {},
): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const refuse = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // No DNS lookup of the client per connection (it costs ~100 ms on a machine without a resolver).
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address)) {
        const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const received: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          ...parseMail(raw),
          raw,
        };
        mails.push(received);
        options.onMail?.(received);
        callback();
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://${host}:${port}`,
    mails,
    to: (address) => mails.filter((m) => m.to.includes(address)),
    clear: () => {
      mails.length = 0;
    },
    refuse,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

/** RFC 2047 encoded words (B and Q), adjacent ones joined. */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const source = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(source.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(source.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return body;
  }
}

function parseMail(raw: string): Omit<ReceivedMail, 'from' | 'to' | 'raw'> {
  const { headers, body } = splitHead(raw);
  const result = { subject: headers.get('subject') ?? '', headers, text: '', html: '' };
  const walk = (partHeaders: Map<string, string>, partBody: string) => {
    const type = partHeaders.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith('multipart/') && boundary) {
      const pieces = partBody.split(`--${boundary}`).slice(1);
      for (const piece of pieces) {
        if (piece.startsWith('--')) break;
        const part = splitHead(piece.replace(/^\r?\n/, ''));
        walk(part.headers, part.body);
      }
      return;
    }
    const decoded = decodeBody(partBody, partHeaders.get('content-transfer-encoding'));
    if (type.toLowerCase().startsWith('text/html')) result.html += decoded;
    else if (type.toLowerCase().startsWith('text/plain')) result.text += decoded;
  };
  walk(headers, body);
  return result;
}

/** The first link in a text that leads to `pathPrefix` on any host, as a path (for the test client). */
export function linkTo(text: string, pathPrefix: string): string | null {
  const match = new RegExp(`https?://[^\\s/]+(${pathPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s"<>]*)`).exec(text);
  return match?.[1] ?? null;
}

/** Waits until `count` mails have arrived (the server writes them asynchronously after the client's QUIT). */
export async function mailsArrived(smtp: TestSmtp, count: number, timeoutMs = 5_000): Promise<ReceivedMail[]> {
  const until = Date.now() + timeoutMs;
  while (smtp.mails.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return smtp.mails;
}
