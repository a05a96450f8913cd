/**
 * Backups of the embedded database (PGlite) and the uploaded documents beside it: one .tar file
 *
 *   manifest.json      what it is, when, which migrations, how many files
 *   database.tar.gz    the database folder without the documents (DatabaseHandle.snapshot)
 *   files/…            DATA_DIR/files, the documents' bytes
 *
 * The database is copied first and the documents after it: a document is written before the row
 * that names it and never changed or removed afterwards, so every document the copied database
 * names is in the copy (a newer one may be too, named by nothing). While the portal runs, the copy
 * is made by the portal itself (the control socket, db/control.ts), since only one process may open
 * the folder. A server (DATABASE_URL) is backed up with pg_dump instead (README).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import * as tar from 'tar';
import { type DatabaseHandle, openPglite } from './index.js';

export const BACKUP_FORMAT = 'nastavnichestvo-backup-1';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  migrations: string[];
  files: number;
  databaseBytes: number;
}

/** A backup that cannot be read or restored; the message says why, in Russian, for the operator. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** Counts the documents under DATA_DIR/files (two levels: shard folder, file). */
async function countFiles(filesDir: string): Promise<number> {
  if (!existsSync(filesDir)) return 0;
  let count = 0;
  for (const shard of await readdir(filesDir, { withFileTypes: true })) {
    if (shard.isDirectory()) count += (await readdir(path.join(filesDir, shard.name))).length;
  }
  return count;
}

/** Writes a backup of `database` (embedded) and `dataDir/files` to `file` (written aside, then renamed). */
export async function writeBackup(database: DatabaseHandle, dataDir: string, file: string): Promise<BackupManifest> {
  if (!database.snapshot)
    throw new BackupError(
      'Резервная копия этой командой делается только для встроенной базы; для сервера PostgreSQL используйте pg_dump.',
    );
  const staging = await mkdtemp(path.join(tmpdir(), 'nastavnik-backup-'));
  const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
  try {
    const migrations = (
      await sql<{ name: string }>`select name from kysely_migration order by name`
        .execute(database.db)
        .catch(() => ({ rows: [] }))
    ).rows.map((row) => row.name);
    await database.snapshot(path.join(staging, 'database.tar.gz'));
    const filesDir = path.join(dataDir, 'files');
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      migrations,
      files: await countFiles(filesDir),
      databaseBytes: (await stat(path.join(staging, 'database.tar.gz'))).size,
    };
    await writeFile(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await tar.create({ file: partial, cwd: staging, portable: true }, ['manifest.json', 'database.tar.gz']);
    if (existsSync(filesDir)) await tar.replace({ file: partial, cwd: dataDir, portable: true }, ['files']);
    await rename(partial, file);
    return manifest;
  } finally {
    await rm(partial, { force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

/** Only plain files and folders are taken from an archive: no links, devices or sockets. */
function isPlain(info: unknown): boolean {
  const type = (info as { type?: string } | undefined)?.type;
  return type === undefined || type === 'File' || type === 'OldFile' || type === 'Directory';
}

/** Unpacks a backup into a new temporary folder and checks what it holds; the caller removes the folder. */
async function unpack(file: string): Promise<{ dir: string; manifest: BackupManifest }> {
  if (!existsSync(file)) throw new BackupError(`Файл резервной копии не найден: ${file}`);
  const dir = await mkdtemp(path.join(tmpdir(), 'nastavnik-restore-'));
  try {
    // Only what a backup holds: no links, nothing outside the folder (tar refuses `..` and absolute paths).
    await tar.extract({
      file,
      cwd: dir,
      strict: true,
      filter: (entry, info) =>
        (entry === 'manifest.json' || entry === 'database.tar.gz' || entry === 'files' || entry.startsWith('files/')) &&
        isPlain(info),
    });
    const manifestPath = path.join(dir, 'manifest.json');
    if (!existsSync(manifestPath) || !existsSync(path.join(dir, 'database.tar.gz'))) {
      throw new BackupError(`${file} — не резервная копия портала: в ней нет manifest.json и database.tar.gz.`);
    }
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as BackupManifest;
    if (manifest.format !== BACKUP_FORMAT)
      throw new BackupError(`${file}: неизвестный формат резервной копии (${String(manifest.format)}).`);
    return { dir, manifest };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      `Не удалось прочитать резервную копию ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the data folder that was replaced now is (null when there was none). */
  previous: string | null;
}

/**
 * Replaces `dataDir` with the backup in `file`. The portal must be stopped (the folder's lock says
 * so). The new folder is built beside the old one and opened once to check it; only then is the old
 * folder moved aside (`<dataDir>.before-restore-<time>`, kept: delete it when satisfied) and the new
 * one put in its place.
 */
export async function restoreBackup(file: string, dataDir: string): Promise<RestoreResult> {
  const { dir, manifest } = await unpack(file);
  const target = path.resolve(dataDir);
  const building = `${target}.restoring-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(building, { recursive: true });
    await tar.extract({
      file: path.join(dir, 'database.tar.gz'),
      cwd: building,
      strict: true,
      filter: (_entry, info) => isPlain(info),
    });
    const opened = await openPglite(building);
    try {
      await sql`select 1 from kysely_migration limit 1`.execute(opened.db);
    } catch (error) {
      throw new BackupError(`База в резервной копии не открывается: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await opened.close();
    }
    if (existsSync(path.join(dir, 'files'))) await cp(path.join(dir, 'files'), path.join(building, 'files'), { recursive: true });
    let previous: string | null = null;
    if (existsSync(target) && (await readdir(target)).length > 0) {
      previous = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(target, previous);
    } else if (existsSync(target)) {
      await rm(target, { recursive: true, force: true });
    }
    await rename(building, target);
    return { manifest, previous };
  } finally {
    await rm(dir, { recursive: true, force: true });
    if (existsSync(building)) await rm(building, { recursive: true, force: true });
  }
}

/** The size of a written backup, for the command's report. */
export async function sizeOf(file: string): Promise<number> {
  return (await stat(file)).size;
}
