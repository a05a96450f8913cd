import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { notifyRoadmapApproval } from '../../src/modules/notifications/producers.js';
import { mailsArrived, startSmtp } from '../helpers/smtp.js';
import { buildWorld } from '../helpers/world.js';

/**
 * `npm run jobs -- --once` as cron runs it: a process of its own on the embedded database, with
 * SMTP_URL, mails the notifications waiting there and exits 0.
 */

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'nastavnik-mail-data-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('npm run jobs -- --once mails a waiting notification through SMTP_URL', async () => {
  const database = await openDatabase({ dataDir });
  try {
    await migrateToLatest(database.db);
    const world = await buildWorld(database.db);
    await database.db
      .updateTable('users')
      .set({ email: 'curator@school.example.ru', email_confirmed_at: new Date() })
      .where('login', '=', 'curator')
      .execute();
    const roadmap = await database.db
      .selectFrom('roadmaps')
      .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
      .select([
        'roadmaps.id',
        'roadmaps.title',
        'roadmaps.kind',
        'roadmaps.published_at',
        'roadmaps.organization_id',
        'organizations.type as organization_type',
        'organizations.municipality_id',
      ])
      .where('roadmaps.id', '=', world.roadmaps.schoolA.id)
      .executeTakeFirstOrThrow();
    await database.db
      .transaction()
      .execute((trx) =>
        notifyRoadmapApproval(trx, { actorId: world.users.admin ?? 0, notice: 'approved', approvedAt: new Date(), roadmap }),
      );
  } finally {
    await database.close();
  }

  const smtp = await startSmtp();
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/jobs.ts', '--once'], {
      cwd: root,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        SMTP_URL: smtp.url,
        PUBLIC_URL: 'https://nastavnik.example.ru',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toContain('job mail: succeeded');
    const [mail] = await mailsArrived(smtp, 1);
    expect(mail?.to).toEqual(['curator@school.example.ru']);
    expect(mail?.text).toContain('https://nastavnik.example.ru/roadmaps/');
  } finally {
    await smtp.close();
  }
}, 120_000);
