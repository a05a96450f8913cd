/**
 * The portal's mails as text and simple HTML (issue 16): every part escaped, inline styles only, no
 * images. Each names the person, says what happened, gives the absolute link to the page where one
 * acts, why the person gets it, where to change the settings and how to unsubscribe (also as the
 * List-Unsubscribe header with one-click unsubscription, RFC 8058).
 */

import type { Config } from '../../config.js';
import { absoluteUrl, type MailMessage } from '../../lib/mailer.js';
import { countOf } from '../../lib/ru.js';
import { isNotificationKind, kindLabel, NOTIFICATION_KINDS } from '../notifications/labels.js';
import { MAIL_LABELS, NOTIFICATION_FORMS } from './labels.js';

export type Site = Pick<Config, 'publicUrl' | 'host' | 'port'>;

/** Where a person changes what the portal mails them. */
export const SETTINGS_PATH = '/account/notifications';

export function unsubscribePath(token: string): string {
  return `/mail/unsubscribe/${encodeURIComponent(token)}`;
}

/** The person a mail is addressed to. */
export interface Addressee {
  fullName: string;
  email: string;
}

/** What a mail says of one notification. */
export interface LetterItem {
  kind: string;
  title: string;
  body: string;
  link: string;
}

/** How a letter addresses a person: the full name's second and third words («Наталья Игоревна»), when present. */
export function addressName(fullName: string): string | null {
  const words = fullName.trim().split(/\s+/);
  return words.length >= 2 ? words.slice(1, 3).join(' ') : null;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function reasonOf(kind: string): string {
  return isNotificationKind(kind) ? NOTIFICATION_KINDS[kind].reason : 'вы получаете уведомления портала о своей работе';
}

const STYLE = {
  body: 'font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1a1a1a; max-width: 640px;',
  title: 'font-size: 18px; margin: 16px 0 8px;',
  item: 'font-size: 16px; margin: 16px 0 4px;',
  kind: 'font-size: 16px; margin: 24px 0 8px; color: #444;',
  link: 'color: #0b57d0;',
  button:
    'display: inline-block; padding: 8px 16px; background: #0b57d0; color: #ffffff; text-decoration: none; border-radius: 4px;',
  foot: 'font-size: 13px; color: #555; border-top: 1px solid #ddd; margin-top: 24px; padding-top: 12px;',
};

function html(parts: string[]): string {
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"></head><body style="${STYLE.body}">${parts.join('')}</body></html>`;
}

function paragraph(text: string, style = ''): string {
  return `<p${style ? ` style="${style}"` : ''}>${escapeHtml(text)}</p>`;
}

function anchor(url: string, text: string, style = STYLE.link): string {
  return `<a href="${escapeHtml(url)}" style="${style}">${escapeHtml(text)}</a>`;
}

/** The end of every mail about notifications: why, the settings, the unsubscribe link. */
function footer(site: Site, reason: string, unsubscribeToken: string): { text: string[]; html: string } {
  const settings = absoluteUrl(site, SETTINGS_PATH);
  const unsubscribe = absoluteUrl(site, unsubscribePath(unsubscribeToken));
  return {
    text: [
      '--',
      MAIL_LABELS.why(reason),
      `${MAIL_LABELS.settings}: ${settings}`,
      `${MAIL_LABELS.unsubscribe}: ${unsubscribe}`,
      MAIL_LABELS.signature,
    ],
    html: `<div style="${STYLE.foot}">${paragraph(MAIL_LABELS.why(reason))}<p>${escapeHtml(MAIL_LABELS.settings)}: ${anchor(settings, settings)}</p><p>${anchor(unsubscribe, MAIL_LABELS.unsubscribe)}</p>${paragraph(MAIL_LABELS.signature)}</div>`,
  };
}

/** Every mail is the portal's own: out-of-office robots are asked not to answer it (RFC 3834). */
const AUTOMATIC = { 'Auto-Submitted': 'auto-generated' } as const;

function unsubscribeHeaders(site: Site, token: string): Record<string, string> {
  return {
    ...AUTOMATIC,
    'List-Unsubscribe': `<${absoluteUrl(site, unsubscribePath(token))}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/** One notification's mail: its title as the subject. */
export function notificationLetter(site: Site, to: Addressee, item: LetterItem, unsubscribeToken: string): MailMessage {
  const url = absoluteUrl(site, item.link);
  const greeting = MAIL_LABELS.greeting(addressName(to.fullName));
  const foot = footer(site, reasonOf(item.kind), unsubscribeToken);
  const text = [
    greeting,
    '',
    item.title,
    ...(item.body ? ['', item.body] : []),
    '',
    `${MAIL_LABELS.open}: ${url}`,
    '',
    ...foot.text,
  ];
  return {
    to: to.email,
    subject: item.title,
    text: `${text.join('\n')}\n`,
    html: html([
      paragraph(greeting),
      `<h1 style="${STYLE.title}">${escapeHtml(item.title)}</h1>`,
      item.body ? paragraph(item.body) : '',
      `<p>${anchor(url, MAIL_LABELS.open, STYLE.button)}</p>`,
      `<p style="font-size: 13px; color: #555;">${escapeHtml(url)}</p>`,
      foot.html,
    ]),
    headers: unsubscribeHeaders(site, unsubscribeToken),
  };
}

/** One mail with a person's notifications, grouped by kind in the order each kind first came. */
export function digestLetter(
  site: Site,
  to: Addressee,
  items: readonly LetterItem[],
  period: string,
  unsubscribeToken: string,
): MailMessage {
  const groups = new Map<string, LetterItem[]>();
  for (const item of items) groups.set(item.kind, [...(groups.get(item.kind) ?? []), item]);
  const greeting = MAIL_LABELS.greeting(addressName(to.fullName));
  const intro = MAIL_LABELS.digestIntro(countOf(items.length, NOTIFICATION_FORMS));
  const foot = footer(site, MAIL_LABELS.digestWhy, unsubscribeToken);
  const text: string[] = [greeting, '', intro];
  const htmlParts: string[] = [paragraph(greeting), paragraph(intro)];
  for (const [kind, list] of groups) {
    text.push('', `== ${kindLabel(kind)} ==`);
    htmlParts.push(`<h2 style="${STYLE.kind}">${escapeHtml(kindLabel(kind))}</h2>`);
    for (const item of list) {
      const url = absoluteUrl(site, item.link);
      text.push('', `* ${item.title}`, ...(item.body ? [`  ${item.body}`] : []), `  ${url}`);
      htmlParts.push(
        `<h3 style="${STYLE.item}">${anchor(url, item.title)}</h3>`,
        item.body ? paragraph(item.body, 'margin: 0;') : '',
      );
    }
  }
  text.push('', ...foot.text);
  htmlParts.push(foot.html);
  return {
    to: to.email,
    subject: MAIL_LABELS.digestSubject(period),
    text: `${text.join('\n')}\n`,
    html: html(htmlParts),
    headers: unsubscribeHeaders(site, unsubscribeToken),
  };
}

/** The set-password link of a new account or of a reset, to the person's own address. */
export function passwordLetter(
  site: Site,
  to: Addressee & { login: string },
  purpose: 'invite' | 'reset',
  linkPath: string,
  expires: string,
): MailMessage {
  const url = absoluteUrl(site, linkPath);
  const greeting = MAIL_LABELS.greeting(addressName(to.fullName));
  const lead = MAIL_LABELS.passwordText[purpose](to.login);
  const expiry = MAIL_LABELS.passwordExpires(expires);
  const why = MAIL_LABELS.why(MAIL_LABELS.passwordWhy);
  return {
    to: to.email,
    subject: MAIL_LABELS.passwordSubject[purpose],
    text: `${[greeting, '', lead, '', url, '', expiry, MAIL_LABELS.passwordIgnore, '', '--', why, MAIL_LABELS.signature].join('\n')}\n`,
    html: html([
      paragraph(greeting),
      paragraph(lead),
      `<p>${anchor(url, 'Установить пароль', STYLE.button)}</p>`,
      `<p style="font-size: 13px; color: #555;">${escapeHtml(url)}</p>`,
      paragraph(expiry),
      paragraph(MAIL_LABELS.passwordIgnore),
      `<div style="${STYLE.foot}">${paragraph(why)}${paragraph(MAIL_LABELS.signature)}</div>`,
    ]),
    headers: { ...AUTOMATIC },
  };
}
