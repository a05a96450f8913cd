import { describe, expect, it } from 'vitest';
import { signedIn, textOf } from '../helpers/app.js';
import { addCampaign } from '../helpers/monitoring.js';
import { daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';
import { isRunning, RUNNING_DAYS_AFTER_DEADLINE, runningDeadlineFrom } from '../../src/modules/monitoring/running.js';

const t = useWorld();

/** The text of the home page's «Мониторинг» block (textOf puts a space at every tag: not before punctuation here). */
function monitoringBlock(html: string): string {
  return textOf(/<section aria-labelledby="home-monitoring"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '').replace(/ ([,.;])/g, '$1');
}

async function setStatus(campaignId: number, schoolId: number, status: 'sent' | 'approved' | 'accepted' | 'filling') {
  await t.database.db
    .updateTable('monitoring_submissions')
    .set({ status })
    .where('campaign_id', '=', campaignId)
    .where('organization_id', '=', schoolId)
    .execute();
}

describe('«running» campaigns', () => {
  it('run from the opening day to RUNNING_DAYS_AFTER_DEADLINE days after the deadline', () => {
    const today = '2026-12-07';
    expect(runningDeadlineFrom(today)).toBe('2026-11-07');
    expect(RUNNING_DAYS_AFTER_DEADLINE).toBe(30);
    expect(isRunning({ opens_on: '2026-12-07', deadline: '2026-12-20' }, today)).toBe(true);
    expect(isRunning({ opens_on: '2026-12-08', deadline: '2026-12-20' }, today)).toBe(false);
    expect(isRunning({ opens_on: '2026-10-01', deadline: '2026-11-07' }, today)).toBe(true);
    expect(isRunning({ opens_on: '2026-10-01', deadline: '2026-11-06' }, today)).toBe(false);
  });
});

describe('the «Мониторинг» block of the municipal home page', () => {
  it('shows each running campaign with its counts and links into the filtered matrix; not the unopened, the long-past or another municipality’s', async () => {
    const db = t.database.db;
    const { a } = t.world;
    // Past its deadline: one school approved (sent), the other never sent (просрочен).
    const late = await addCampaign(db, 'coordinator', {
      title: 'Мониторинг за прошлое полугодие',
      opens_on: daysAgo(20),
      deadline: daysAgo(2),
    });
    await setStatus(late, a.school, 'approved');
    // Before its deadline: one accepted, one being filled.
    const open = await addCampaign(db, 'coordinator', { title: 'Мониторинг наставничества текущий' });
    await setStatus(open, a.school, 'accepted');
    await setStatus(open, a.otherSchool, 'filling');
    await addCampaign(db, 'coordinator', { title: 'Мониторинг ещё не открыт', opens_on: daysAgo(-3), deadline: daysAgo(-20) });
    await addCampaign(db, 'coordinator', {
      title: 'Мониторинг давно закончен',
      opens_on: daysAgo(90),
      deadline: daysAgo(RUNNING_DAYS_AFTER_DEADLINE + 1),
    });
    await addCampaign(db, 'coordinator.b', { title: 'Мониторинг округа Б' });

    for (const login of ['department', 'coordinator']) {
      const home = await (await signedIn(t.app, login, PASSWORD)).get('/');
      expect(home.statusCode).toBe(200);
      const block = monitoringBlock(home.body);
      // Nearest deadline first.
      expect(block).toContain(
        `Мониторинг за прошлое полугодие, срок сдачи ${daysAgo(2).split('-').reverse().join('.')} Отправлен 1 из 2 — открыть отчёты школ, принято 0 — открыть принятые отчёты, просрочен 1 — открыть просроченные отчёты; ждёт принятия 1 отчёт, утверждённых руководителями ОО.`,
      );
      expect(block).toContain(
        'Мониторинг наставничества текущий, срок сдачи ' +
          `${daysAgo(-10).split('-').reverse().join('.')} Отправлен 1 из 2 — открыть отчёты школ, принят 1 — открыть принятые отчёты, просроченных нет.`,
      );
      expect(block.indexOf('за прошлое полугодие')).toBeLessThan(block.indexOf('текущий'));
      expect(block).not.toContain('ещё не открыт');
      expect(block).not.toContain('давно закончен');
      expect(block).not.toContain('округа Б');
      expect(home.body).toContain(`href="/monitoring/${late}?status=overdue"`);
      expect(home.body).toContain(`href="/monitoring/${late}?status=approved"`);
      expect(home.body).toContain(`href="/monitoring/${open}?status=accepted"`);
      expect(home.body).not.toContain(`href="/monitoring/${open}?status=overdue"`);
    }

    // The link leads to the matrix filtered by that state.
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const filtered = textOf((await coordinator.get(`/monitoring/${late}?status=overdue`)).body);
    expect(filtered).toContain('Школа А2');
    expect(filtered).not.toContain('Школа А1');

    // Municipality Б's department sees its own campaign only.
    const other = monitoringBlock((await (await signedIn(t.app, 'department.b', PASSWORD)).get('/')).body);
    expect(other).toContain('Мониторинг округа Б');
    expect(other).not.toContain('Мониторинг наставничества текущий');
  });

  it('says so when nothing runs; a school’s home has no such block', async () => {
    const department = await signedIn(t.app, 'department', PASSWORD);
    expect(monitoringBlock((await department.get('/')).body)).toContain('Идущих мониторингов нет.');
    await addCampaign(t.database.db, 'coordinator');
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect((await curator.get('/')).body).not.toContain('home-monitoring');
  });
});
