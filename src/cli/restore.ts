/**
 * npm run restore -- FILE — replaces the embedded database and the uploaded documents in DATA_DIR
 * with a backup made by `npm run backup`. The portal must be stopped. The replaced folder is kept
 * beside it (<DATA_DIR>.before-restore-<time>) until you delete it.
 */
import { configFromEnvironment } from '../bootstrap.js';
import { restoreBackup } from '../db/backup.js';
import { lockHolder } from '../db/index.js';

const config = configFromEnvironment();
const file = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
if (!file) {
  console.error('Usage: npm run restore -- FILE   (a backup made by npm run backup)');
  process.exit(2);
}
if (config.databaseUrl) {
  console.error(
    'DATABASE_URL is set: restore the server with pg_restore (README, «Backups»); this command restores the embedded database.',
  );
  process.exit(2);
}
const holder = lockHolder(config.dataDir);
if (holder !== null) {
  console.error(`The portal (process ${holder}) is running on ${config.dataDir}. Stop it first, then restore.`);
  process.exit(1);
}
try {
  const { manifest, previous } = await restoreBackup(file, config.dataDir);
  console.log(`Restored ${config.dataDir} from the backup of ${manifest.createdAt} (${manifest.files} uploaded documents).`);
  if (previous) console.log(`The data it replaced is kept in ${previous}; delete it when you are satisfied.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
