import { describe, expect, it } from 'vitest';
import { signedIn, textOf } from '../helpers/app.js';
import { addCampaign } from '../helpers/monitoring.js';
import { daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

/** The table rows of the matrix as «school: state» lines. */
function matrixLines(html: string): string[] {
  const body = /<caption class="visually-hidden">Отчёты школ<\/caption>[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => {
    const cells = [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => textOf(c[1] ?? ''));
    return `${cells[0]}: ${cells[1]}`;
  });
}

describe('the campaign matrix', () => {
  it('counts the submissions by state, filters them, and links each school’s submission; a school sees only its own', async () => {
    const db = t.database.db;
    // Past its deadline: the first school sent, the second did not (просрочен).
    const id = await addCampaign(db, 'coordinator', { opens_on: daysAgo(20), deadline: daysAgo(1) });
    await db
      .updateTable('monitoring_submissions')
      .set({ status: 'sent' })
      .where('campaign_id', '=', id)
      .where('organization_id', '=', t.world.a.school)
      .execute();
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const page = await coordinator.get(`/monitoring/${id}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Отправлено 1 из 2, принято 0, просрочено 1.');
    expect(matrixLines(page.body)).toEqual(['Школа А1: отправлен', 'Школа А2: просрочен']);
    expect(page.body).toContain(`href="/monitoring/${id}/schools/${t.world.a.otherSchool}"`);
    expect(page.body).toContain('просрочен (1)');

    const filtered = await coordinator.get(`/monitoring/${id}?status=overdue`);
    expect(matrixLines(filtered.body)).toEqual(['Школа А2: просрочен']);
    expect(textOf((await coordinator.get(`/monitoring/${id}?status=accepted`)).body)).toContain('Школ в этом состоянии нет.');
    // An unknown filter shows everything.
    expect(matrixLines((await coordinator.get(`/monitoring/${id}?status=x`)).body)).toHaveLength(2);

    const department = await signedIn(t.app, 'department', PASSWORD);
    expect(matrixLines((await department.get(`/monitoring/${id}`)).body)).toHaveLength(2);

    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const own = await curator.get(`/monitoring/${id}`);
    expect(matrixLines(own.body)).toEqual([]);
    expect(textOf(own.body)).toContain('Отчёт вашей школы');
    expect(textOf(own.body)).not.toContain('Школа А2');
    expect(own.body).toContain(`href="/monitoring/${id}/schools/${t.world.a.school}"`);
  });

  it('the list reads each campaign’s counts for the municipality', async () => {
    const db = t.database.db;
    await addCampaign(db, 'coordinator', { title: 'Полугодовой мониторинг' });
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const text = textOf((await coordinator.get('/monitoring')).body);
    expect(text).toContain('Полугодовой мониторинг');
    expect(text).toContain('отправлено 0 из 2, принято 0');
  });
});
