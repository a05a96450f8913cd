import type { Transaction } from 'kysely';
import type { Database, MailMode } from '../src/db/types.js';
import { unsubscribeToken } from '../src/modules/mail/settings.js';

type Trx = Transaction<Database>;

const DAY_MS = 24 * 60 * 60 * 1000;

interface MailSeed {
  login: string;
  email: string;
  /** Days since the address was confirmed; null: not confirmed. */
  confirmedDaysAgo: number | null;
  /** The person's choices, when it made any (no row: immediate mail of every kind). */
  settings?: { mode: MailMode; muted: string[] };
}

/**
 * The demo's e-mail addresses (issue 16): the coordinator, the head, the curator and the mentor have
 * confirmed addresses — the curator gets a daily digest, the head keeps the roadmap's approval in the
 * portal only; the department's address waits for confirmation (the demo has no SMTP server, so the
 * account page says that mail is off). The mentee, a young specialist, has none yet.
 */
const MAIL: MailSeed[] = [
  { login: 'coordinator', email: 'o.kuznetsova@imcou.zarechny.example.ru', confirmedDaysAgo: 40 },
  {
    login: 'head',
    email: 'd.orlov@school1.zarechny.example.ru',
    confirmedDaysAgo: 35,
    settings: { mode: 'immediate', muted: ['roadmap_approved'] },
  },
  {
    login: 'curator',
    email: 't.vasilyeva@school1.zarechny.example.ru',
    confirmedDaysAgo: 30,
    settings: { mode: 'digest', muted: [] },
  },
  { login: 'mentor', email: 'n.pavlova@mail.example.ru', confirmedDaysAgo: 20 },
  { login: 'department', email: 'e.smirnova@uo.zarechny.example.ru', confirmedDaysAgo: null },
];

export async function seedDemoMail(trx: Trx): Promise<void> {
  const now = Date.now();
  // The notifications seeded so far are the demo's history: as for notifications stored before
  // migration 0020, nobody is mailed the history once a mail server is configured.
  await trx.updateTable('notifications').set({ mail_status: 'skipped' }).where('mail_status', 'is', null).execute();
  for (const seed of MAIL) {
    const user = await trx.selectFrom('users').select('id').where('login', '=', seed.login).executeTakeFirst();
    if (!user) continue;
    await trx
      .updateTable('users')
      .set({
        email: seed.email,
        email_confirmed_at: seed.confirmedDaysAgo === null ? null : new Date(now - seed.confirmedDaysAgo * DAY_MS),
      })
      .where('id', '=', user.id)
      .execute();
    if (seed.settings) {
      await unsubscribeToken(trx, user.id);
      await trx
        .updateTable('mail_settings')
        .set({ mode: seed.settings.mode, muted_kinds: seed.settings.muted })
        .where('user_id', '=', user.id)
        .execute();
    }
  }
}
