import type { MailMessage } from '../../lib/mailer.js';
import { formatDateTime } from '../../lib/ru.js';
import { CONFIRMATION_LIFETIME_TEXT } from './labels.js';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * The mail with the link that confirms an address: what to do, the link, until when it works, and
 * why the person gets it (this address was entered on the account's page).
 */
export function confirmationMail(p: {
  to: string;
  fullName: string;
  login: string;
  link: string;
  expiresAt: Date;
  accountUrl: string;
}): MailMessage {
  const subject = 'Подтвердите адрес электронной почты — портал «Наставничество»';
  const until = formatDateTime(p.expiresAt);
  const reason = `Вы получили это письмо, потому что адрес ${p.to} указан в профиле учётной записи «${p.login}» портала «Наставничество». Если вы его не указывали, ничего не делайте: без перехода по ссылке адрес не будет подтверждён и писем на него не будет.`;
  const text = [
    `${p.fullName}, здравствуйте!`,
    '',
    'Чтобы получать уведомления портала «Наставничество» на этот адрес, подтвердите его: откройте ссылку и нажмите кнопку «Подтвердить адрес».',
    '',
    p.link,
    '',
    `Ссылка действует ${CONFIRMATION_LIFETIME_TEXT} (до ${until}) и один раз. Новую ссылку можно запросить в профиле: ${p.accountUrl}`,
    '',
    '—',
    reason,
  ].join('\n');
  const html = [
    '<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>',
    escapeHtml(subject),
    '</title></head><body style="font-family: Arial, sans-serif; line-height: 1.5; color: #1b1b1b;">',
    `<p>${escapeHtml(p.fullName)}, здравствуйте!</p>`,
    '<p>Чтобы получать уведомления портала «Наставничество» на этот адрес, подтвердите его: откройте ссылку и нажмите кнопку «Подтвердить адрес».</p>',
    `<p><a href="${escapeHtml(p.link)}">Подтвердить адрес ${escapeHtml(p.to)}</a></p>`,
    `<p>Ссылка действует ${CONFIRMATION_LIFETIME_TEXT} (до ${escapeHtml(until)}) и один раз. Новую ссылку можно запросить <a href="${escapeHtml(p.accountUrl)}">в профиле</a>.</p>`,
    `<hr><p style="color: #555; font-size: 0.9em;">${escapeHtml(reason)}</p>`,
    '</body></html>',
  ].join('');
  return { to: p.to, subject, text, html };
}
