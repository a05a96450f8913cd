import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreBackup, writeBackup } from '../../src/db/backup.js';
import { openPglite } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { FileStore } from '../../src/lib/uploads.js';
import { type PortalProcess, startPortal } from '../helpers/processes.js';
import { buildWorld } from '../helpers/world.js';

/**
 * Backups of the embedded database: `writeBackup`/`restoreBackup` on a folder, and `npm run backup` /
 * `npm run restore` (the CLI) beside a running portal, which makes the copy itself.
 */

const root = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'nastavnik-backup-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Each test opens, migrates and copies whole database folders: slow on a loaded machine.
describe('a backup of the embedded database and its documents', { timeout: 120_000 }, () => {
  it('restores the database and the documents as they were, and keeps the replaced folder', async () => {
    const dataDir = path.join(scratch, 'data');
    const database = await openPglite(dataDir);
    const store = new FileStore(path.join(dataDir, 'files'));
    let kept: string;
    let school: number;
    try {
      await migrateToLatest(database.db);
      const world = await buildWorld(database.db);
      school = world.a.school;
      kept = (await store.save(Buffer.from('%PDF-1.4 приказ о закреплении пар'))).key;
      // Taken from the open database, as the running portal does.
      const manifest = await writeBackup(database, dataDir, path.join(scratch, 'first.tar'));
      expect(manifest.files).toBe(1);
      expect(manifest.migrations).toContain('0001_foundation');

      await database.db
        .updateTable('organizations')
        .set({ short_name: 'Изменено после копии' })
        .where('id', '=', school)
        .execute();
      await database.db.deleteFrom('audit_log').execute();
      await store.save(Buffer.from('%PDF-1.4 документ после копии'));
    } finally {
      await database.close();
    }

    const { previous } = await restoreBackup(path.join(scratch, 'first.tar'), dataDir);
    expect(previous).not.toBeNull();
    expect(existsSync(previous!)).toBe(true);

    const restored = await openPglite(dataDir);
    try {
      const org = await restored.db
        .selectFrom('organizations')
        .select('short_name')
        .where('id', '=', school)
        .executeTakeFirstOrThrow();
      expect(org.short_name).not.toBe('Изменено после копии');
      const audit = await restored.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(audit.n)).toBeGreaterThan(0);
      const restoredStore = new FileStore(path.join(dataDir, 'files'));
      expect((await restoredStore.read(kept)).toString()).toContain('приказ о закреплении пар');
      const shards = readdirSync(path.join(dataDir, 'files'));
      expect(shards.flatMap((shard) => readdirSync(path.join(dataDir, 'files', shard)))).toHaveLength(1);
    } finally {
      await restored.close();
    }
  });

  it('refuses a file that is not a backup, and leaves the data folder alone', async () => {
    const dataDir = path.join(scratch, 'untouched');
    const database = await openPglite(dataDir);
    await migrateToLatest(database.db);
    await database.close();
    const notBackup = path.join(scratch, 'not-a-backup.tar');
    spawnSync('tar', ['-cf', notBackup, '-C', root, 'package.json']);
    await expect(restoreBackup(notBackup, dataDir)).rejects.toThrow(/не резервная копия портала/);
    await expect(restoreBackup(path.join(scratch, 'missing.tar'), dataDir)).rejects.toThrow(/не найден/);
    const again = await openPglite(dataDir);
    await again.close();
  });
});

// ---------------------------------------------------------------------------------------------

describe('npm run backup and npm run restore beside the portal', () => {
  const dataDir = path.join(scratch, 'portal');
  const env = { DATA_DIR: dataDir, NODE_ENV: 'development', DATABASE_URL: '' };
  let portal: PortalProcess | null = null;
  afterAll(() => {
    portal?.child.kill('SIGKILL');
  });

  const cli = (script: string, args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });

  it('backs up a running portal through it, refuses to restore under it, restores once it is stopped', {
    timeout: 240_000,
  }, async () => {
    const first = await startPortal(env);
    portal = first;
    const file = path.join(scratch, 'online.tar');
    const backup = cli('backup', ['--out', file]);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stderr).toContain('made by the running portal');
    expect(backup.stdout).toContain(file);
    expect(existsSync(file)).toBe(true);
    // The portal still serves after it.
    expect((await fetch(`${first.base}/login`)).status).toBe(200);

    const refused = cli('restore', [file]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Stop it first');

    expect(await first.stop()).toBe(0);
    portal = null;

    // A mistake after the backup: every mentee's surname overwritten.
    const damaged = await openPglite(dataDir);
    const spoiled = await damaged.db.updateTable('mentees').set({ last_name: 'Испорчено' }).executeTakeFirst();
    expect(Number(spoiled.numUpdatedRows)).toBeGreaterThan(0);
    await damaged.close();

    const restore = cli('restore', [file]);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('before-restore');

    const second = await startPortal(env);
    portal = second;
    expect((await fetch(`${second.base}/login`)).status).toBe(200);
    expect(await second.stop()).toBe(0);
    portal = null;
    const back = await openPglite(dataDir);
    try {
      const left = await back.db
        .selectFrom('mentees')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('last_name', '=', 'Испорчено')
        .executeTakeFirstOrThrow();
      expect(Number(left.n)).toBe(0);
    } finally {
      await back.close();
    }
  });
});
