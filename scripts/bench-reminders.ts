/**
 * npm run bench:reminders — the `reminders` job over the region-scale data set (`npm run
 * generate:region`): each kind's run time and how many notifications it stored, for a first run
 * (everything due is told) and a second one right after (nothing new: every key is taken).
 * BENCH_DATABASE_URL (default the generator's database). It writes notifications into that
 * database; `--clean` removes the reminders' notifications first; `--at=YYYY-MM-DD` runs at noon
 * (Moscow) of that day instead of now (the generated roadmap items are due around 20 and 25 December).
 */
import { openDatabase } from '../src/db/index.js';
import { remindCampaigns, remindFeedback, remindQuietPairs, remindRoadmapItems } from '../src/modules/notifications/reminders.js';
import { DEFAULT_DATABASE_URL } from './generate-region.js';

const KINDS = [
  'monitoring_opened',
  'monitoring_due',
  'monitoring_overdue',
  'monitoring_schools_late',
  'roadmap_item_due',
  'roadmap_item_overdue',
  'pair_quiet_mentor',
  'pair_quiet_curator',
  'meeting_feedback_waiting',
];

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL || DEFAULT_DATABASE_URL;
  const handle = await openDatabase({ databaseUrl: url });
  const db = handle.db;
  try {
    if (process.argv.includes('--clean')) await db.deleteFrom('notifications').where('kind', 'in', KINDS).execute();
    const day = process.argv.find((a) => a.startsWith('--at='))?.slice(5);
    const now = day ? new Date(`${day}T09:00:00Z`) : new Date();
    for (const round of ['first run', 'second run']) {
      let total = 0;
      const started = performance.now();
      for (const [name, run] of [
        ['campaigns', remindCampaigns],
        ['roadmap items', remindRoadmapItems],
        ['quiet pairs', remindQuietPairs],
        ['feedback', remindFeedback],
      ] as const) {
        const t0 = performance.now();
        const stored = await run(db, now);
        total += stored;
        console.log(`${round}: ${name.padEnd(14)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms  ${stored} stored`);
      }
      console.log(`${round}: all            ${(performance.now() - started).toFixed(0).padStart(6)} ms  ${total} stored`);
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
