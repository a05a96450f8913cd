import type { Transaction } from 'kysely';
import type { Database } from '../src/db/types.js';
import { unsubscribeToken } from '../src/modules/mail/settings.js';

/**
 * The demo's mail (issue 16): the office accounts have confirmed addresses in the fictional
 * district's domain, so that a portal started with a local SMTP catcher (README «E-mail»:
 * `npm run mail:catch`, `SMTP_URL=smtp://127.0.0.1:2525 npm start`) mails them what they are told
 * of; the coordinator chose the daily digest. The demo itself has no SMTP server and sends nothing.
 */
export async function seedDemoMail(trx: Transaction<Database>): Promise<void> {
  const now = new Date();
  for (const login of ['department', 'coordinator', 'head', 'curator', 'mentor']) {
    await trx
      .updateTable('users')
      .set({ email: `${login}@zarechny.example.ru`, email_confirmed_at: now })
      .where('login', '=', login)
      .where('email', 'is', null)
      .execute();
  }
  const coordinator = await trx.selectFrom('users').select('id').where('login', '=', 'coordinator').executeTakeFirst();
  if (coordinator) {
    await unsubscribeToken(trx, coordinator.id);
    await trx.updateTable('mail_settings').set({ mode: 'digest' }).where('user_id', '=', coordinator.id).execute();
  }
}
