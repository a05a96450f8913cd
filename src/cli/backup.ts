/**
 * npm run backup [-- --out FILE] — a backup of the embedded database and the uploaded documents
 * (db/backup.ts). While the portal runs, it makes the copy itself (asked through its control
 * socket); when it is stopped, this command opens the folder. Default file:
 * backups/nastavnichestvo-<date>-<time>.tar beside the project. With DATABASE_URL, says to use pg_dump.
 */
import path from 'node:path';
import { configFromEnvironment } from '../bootstrap.js';
import { BackupError, sizeOf, writeBackup } from '../db/backup.js';
import { askPortal } from '../db/control.js';
import { lockHolder, openPglite } from '../db/index.js';
import { projectRoot } from '../paths.js';

function outputFile(argv: string[]): string {
  const at = argv.indexOf('--out');
  if (at >= 0 && argv[at + 1]) return path.resolve(argv[at + 1]!);
  const stamp = new Date().toISOString().slice(0, 19).replace('T', '-').replace(/:/g, '');
  return path.join(projectRoot, 'backups', `nastavnichestvo-${stamp}.tar`);
}

const config = configFromEnvironment();
if (config.databaseUrl) {
  console.error(
    'DATABASE_URL is set: back up the server with pg_dump, e.g.\n  pg_dump --format=custom --file=nastavnichestvo.dump "$DATABASE_URL"\nand DATA_DIR/files (the uploaded documents) beside it; see README, «Backups».',
  );
  process.exit(2);
}

const file = outputFile(process.argv.slice(2));
try {
  const holder = lockHolder(config.dataDir);
  let files: number;
  if (holder !== null) {
    const response = await askPortal(config.dataDir, { command: 'backup', file }).catch((error: unknown) => {
      throw new BackupError(
        `The portal (process ${holder}) holds ${config.dataDir} but did not answer on its control socket (${error instanceof Error ? error.message : String(error)}). Stop it and run the backup again.`,
      );
    });
    if (!response.ok) throw new BackupError(response.error);
    files = response.manifest.files;
    console.error(`Backup made by the running portal (process ${holder}).`);
  } else {
    const database = await openPglite(config.dataDir);
    try {
      files = (await writeBackup(database, config.dataDir, file)).files;
    } finally {
      await database.close();
    }
  }
  const megabytes = ((await sizeOf(file)) / 1024 / 1024).toFixed(1);
  console.log(`${file} (${megabytes} MB: the database and ${files} uploaded documents)`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
