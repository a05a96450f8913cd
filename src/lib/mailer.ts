/**
 * Sending e-mail through SMTP (issue 16): nodemailer over the server of SMTP_URL, from MAIL_FROM.
 * Without SMTP_URL there is no mailer (createMailer returns null) and the portal sends nothing.
 * Links in mails are absolute: PUBLIC_URL when set, otherwise the address the portal listens on.
 */

import nodemailer from 'nodemailer';
import type { Config, MailConfig } from '../config.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Sends one message; rejects when the server refuses it or cannot be reached. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** The mailer of the configuration, or null when SMTP_URL is not set. */
export function createMailer(config: MailConfig): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = nodemailer.createTransport(
    {
      url: config.smtpUrl,
      // The mail jobs send batches: pooled connections (one SMTP session for many mails) made a mail
      // cost 12 ms instead of 110 ms against a local server (issue 16, mail part).
      pool: true,
      maxConnections: 2,
      // A mail server that does not answer must not hold a job (or a request) for minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    },
    { from: config.from },
  );
  return {
    async send(message) {
      await transport.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
      });
    },
    close() {
      transport.close();
    },
  };
}

/** An absolute address of a portal path, for a mail. */
export function absoluteUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>, pathname: string): string {
  if (!pathname.startsWith('/') || pathname.startsWith('//')) throw new Error(`absoluteUrl: ${pathname} is not a portal path`);
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = config.publicUrl ?? `http://${host}:${config.port}`;
  return new URL(pathname, base.endsWith('/') ? base : `${base}/`).toString();
}
