import type { Kysely } from 'kysely';
import type { Config, JobName, JobsConfig } from '../../config.js';
import type { Database } from '../../db/types.js';
import { todayIso } from '../../lib/dates.js';
import { recountStaleMunicipalities } from '../indicators/compute.js';
import { runReminders } from '../notifications/reminders.js';
import type { Mailer } from '../../lib/mailer.js';
import { mailNotifications, mailDigests } from '../mail/sending.js';
import { removeExpiredPasswordLinks, removeExpiredSessions, removeStaleImportBatches } from './cleanup.js';

/** Sending e-mail from a job: the SMTP mailer and the portal's address for the links in mails. */
export interface MailContext {
  mailer: Mailer;
  site: Pick<Config, 'publicUrl' | 'host' | 'port'>;
}

/** What a job's run gets: the database, the time it counts as now, the jobs' configuration, the mailer. */
export interface JobContext {
  db: Kysely<Database>;
  now: Date;
  config: JobsConfig;
  /** null without SMTP_URL: the mail jobs then send nothing. */
  mail: MailContext | null;
}

/**
 * A named periodic job. Its schedule is configuration (config.jobs.everyMinutes[name]); its run
 * returns counts for the log and /admin/jobs. Reminders and the digest are added as more entries.
 */
export interface JobDefinition {
  name: string;
  /** What the administrator reads on /admin/jobs. */
  title: string;
  /** Minutes between two runs. */
  everyMinutes(config: JobsConfig): number;
  run(context: JobContext): Promise<Record<string, number>>;
}

function every(name: JobName): (config: JobsConfig) => number {
  return (config) => config.everyMinutes[name];
}

export const JOBS: readonly JobDefinition[] = [
  {
    name: 'cleanup-sessions',
    title: 'Удаление истёкших сеансов входа',
    everyMinutes: every('cleanup-sessions'),
    run: ({ db, now }) => removeExpiredSessions(db, now),
  },
  {
    name: 'cleanup-import-batches',
    title: 'Удаление неподтверждённых загрузок из файла',
    everyMinutes: every('cleanup-import-batches'),
    run: ({ db, now, config }) => removeStaleImportBatches(db, now, config.importBatchLifeHours),
  },
  {
    name: 'cleanup-password-links',
    title: 'Удаление истёкших ссылок для установки пароля и подтверждения адреса',
    everyMinutes: every('cleanup-password-links'),
    run: ({ db, now }) => removeExpiredPasswordLinks(db, now),
  },
  {
    name: 'recount-indicators',
    title: 'Пересчёт показателей муниципалитетов после изменения данных',
    everyMinutes: every('recount-indicators'),
    run: ({ db, now }) => recountStaleMunicipalities(db, todayIso(now)),
  },
  {
    name: 'reminders',
    title: 'Напоминания о сроках, парах без встреч и отзывах',
    everyMinutes: every('reminders'),
    run: ({ db, now }) => runReminders(db, now),
  },
  {
    name: 'mail',
    title: 'Отправка уведомлений по электронной почте',
    everyMinutes: every('mail'),
    run: ({ db, now, config, mail }) => mailNotifications(db, now, mail, config.mailMaxAgeHours),
  },
  {
    name: 'mail-digest',
    title: 'Ежедневная сводка уведомлений по электронной почте',
    everyMinutes: every('mail-digest'),
    run: ({ db, now, config, mail }) => mailDigests(db, now, mail, config.mailMaxAgeHours),
  },
];
