import { type Kysely, sql } from 'kysely';

// Issue 16, e-mail. The schema the mail parts share:
//
// - `users.email` (0001) becomes a confirmed address: `email_confirmed_at` is set when the person
//   follows the link sent to it (email_confirmations keeps the link's SHA-256 only, as for the
//   one-time password links); changing the address clears the confirmation. Mail goes only to a
//   confirmed address.
// - `mail_settings`: one row per person who chose something (no row reads as the defaults:
//   immediate mail of every kind). `mode` is immediate, a daily digest, or no e-mail at all;
//   `muted_kinds` are the kinds shown only in the portal. `unsubscribe_token` is put into every
//   mail's unsubscribe link, which works without logging in; it only ever turns mail off, so it is
//   kept as it is (a mail must carry it) and can be replaced by the person.
// - `notifications.mail_status`: null while the mailer has not decided; `sending` while a mailer
//   has claimed the row (so that two instances never send it twice); `sent` or `skipped` (no
//   confirmed address, muted, a minor, no longer allowed to see the object, or mail is off).
//   Notifications stored before this migration are marked skipped: nobody is mailed the history.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column email_confirmed_at timestamptz`.execute(db);
  await sql`
    create table email_confirmations (
      id serial primary key,
      user_id integer not null references users(id) on delete cascade,
      email text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index email_confirmations_user_idx on email_confirmations (user_id)`.execute(db);
  await sql`
    create table mail_settings (
      user_id integer primary key references users(id) on delete cascade,
      mode text not null default 'immediate' check (mode in ('immediate', 'digest', 'off')),
      muted_kinds text[] not null default '{}',
      unsubscribe_token text not null unique,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    alter table notifications
      add column mail_status text check (mail_status in ('sending', 'sent', 'skipped')),
      add column mailed_at timestamptz,
      add column mail_error text`.execute(db);
  await sql`update notifications set mail_status = 'skipped'`.execute(db);
  await sql`create index notifications_mail_pending_idx on notifications (id) where mail_status is null or mail_status = 'sending'`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index notifications_mail_pending_idx`.execute(db);
  await sql`alter table notifications drop column mail_status, drop column mailed_at, drop column mail_error`.execute(db);
  await sql`drop table mail_settings`.execute(db);
  await sql`drop table email_confirmations`.execute(db);
  await sql`alter table users drop column email_confirmed_at`.execute(db);
}
