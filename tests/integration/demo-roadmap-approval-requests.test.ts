import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/**
 * The demo's requests for approval (seeds/roadmaps.ts): the demo school's roadmap was returned once
 * and approved when sent again; the lyceum's, changed after its approval, waits as sent.
 */

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
  app = await createTestApp(database);
}, 240_000);
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

async function schoolRoadmap(school: string): Promise<number> {
  const row = await database.db
    .selectFrom('roadmaps')
    .innerJoin('organizations as o', 'o.id', 'roadmaps.organization_id')
    .select('roadmaps.id')
    .where('o.short_name', '=', school)
    .where('roadmaps.kind', '=', 'plan')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('demo requests for approval', () => {
  it('the demo school’s roadmap: returned once, then approved; its curator and head were told', async () => {
    const id = await schoolRoadmap('МБОУ «СОШ № 1»');
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const page = textOf((await curator.get(`/roadmaps/${id}`)).body);
    expect(page).toContain('История утверждения (4)');
    expect(page).toContain(
      '24.08.2022, 10:00 — Возвращена на доработку , Орлов Денис Викторович: Уточните сроки мероприятий раздела 2',
    );
    expect(page).toMatch(/30\.08\.2022, 10:00 — Утверждена , Орлов Денис Викторович: приказ № 87-ОД от 30\.08\.2022/);
    expect(page).not.toContain('Отправить на утверждение');
    const kinds = await database.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['users.login', 'notifications.kind'])
      .where('notifications.kind', 'in', ['roadmap_approval_asked', 'roadmap_approval_refused'])
      .orderBy('notifications.id')
      .execute();
    expect(kinds.map((k) => `${k.login}:${k.kind}`)).toEqual([
      'head:roadmap_approval_asked',
      'curator:roadmap_approval_refused',
      'head:roadmap_approval_asked',
    ]);
  });

  it('the lyceum’s roadmap waits as sent for approval, with its curator’s note', async () => {
    const id = await schoolRoadmap('МБОУ «Лицей № 2»');
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const page = textOf((await coordinator.get(`/roadmaps/${id}`)).body);
    expect(page).toMatch(/Отправлена на утверждение \d\d\.\d\d\.\d{4} \([^)]+\) Примечание: Добавлен пункт 5\.6/);
    expect(page).toContain('Изменения после утверждения');
  });
});
