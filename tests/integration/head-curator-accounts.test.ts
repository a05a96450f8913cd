import { describe, expect, it } from 'vitest';
import { Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

// Issue 17: the school head gives its own school's curator an account (and deactivates it, issues its
// link again); never another role, never another school's account.

const t = useWorld();

function curatorForm(organizationId: number, overrides: Record<string, string> = {}) {
  return {
    full_name: 'Кураторова Анна Ивановна',
    login: 'new.curator',
    organization_id: String(organizationId),
    role: 'curator',
    position: 'Заместитель директора',
    ...overrides,
  };
}

async function create(client: Client, form: Record<string, string>) {
  await client.get('/users/new');
  return client.post('/users', form);
}

describe("the school head and its curator's account", () => {
  it('creates a curator of its own school and gets the one-time link, audited', async () => {
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    expect(textOf((await head.get('/')).body)).toContain('Выдать учётную запись куратору');
    const form = (await head.get(`/users/new?org=${t.world.a.school}&role=curator`)).body;
    expect(form).toContain('<option value="curator"');
    expect(form).not.toContain('<option value="mentor"');
    expect(form).not.toContain(`<option value="${t.world.a.otherSchool}"`);
    const response = await create(head, curatorForm(t.world.a.school));
    expect(response.statusCode).toBe(303);
    const page = await head.get(String(response.headers.location));
    expect(textOf(page.body)).toContain('Учётная запись создана');
    expect(page.body).toMatch(/\/set-password\/[a-z2-7]{32}/);
    const user = await t.database.db
      .selectFrom('users')
      .select(['id', 'role', 'organization_id'])
      .where('login', '=', 'new.curator')
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ role: 'curator', organization_id: t.world.a.school });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'organization_id'])
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', String(user.id))
      .where('user_id', '=', t.world.users.school_head!)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'create', organization_id: t.world.a.school });
  });

  it('is refused another role, another school of its municipality and a school of another one', async () => {
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    for (const role of ['mentor', 'mentee', 'school_head', 'coordinator']) {
      const response = await create(head, curatorForm(t.world.a.school, { role }));
      expect(response.statusCode, role).toBe(400);
    }
    const mentor = await create(head, curatorForm(t.world.a.school, { role: 'mentor' }));
    expect(textOf(mentor.body)).toContain('Вы не можете создавать учётные записи с такой ролью в этой организации');
    expect((await create(head, curatorForm(t.world.a.otherSchool))).statusCode).toBe(400);
    expect((await create(head, curatorForm(t.world.b.school))).statusCode).toBe(400);
    const count = await t.database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('login', '=', 'new.curator')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("deactivates its own school's curator and issues the link again, but not other accounts", async () => {
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    const curator = t.world.users.curator!;
    const page = await head.get(`/users/${curator}`);
    expect(page.body).toContain(`/users/${curator}/reset-password`);
    expect((await head.post(`/users/${curator}/reset-password`)).statusCode).toBe(303);
    expect(await head.get(`/users/${curator}`).then((r) => r.body)).toMatch(/\/set-password\/[a-z2-7]{32}/);
    expect((await head.post(`/users/${curator}/deactivate`)).statusCode).toBe(303);
    const row = await t.database.db.selectFrom('users').select('is_active').where('id', '=', curator).executeTakeFirstOrThrow();
    expect(row.is_active).toBe(false);
    expect((await new Client(t.app).login('curator', PASSWORD)).statusCode).not.toBe(303);

    // A mentor of its own school: seen, not managed.
    const mentor = t.world.users.mentor!;
    expect((await head.get(`/users/${mentor}`)).body).not.toContain('/reset-password');
    expect((await head.post(`/users/${mentor}/deactivate`)).statusCode).toBe(403);
    expect((await head.get(`/users/${mentor}/edit`)).statusCode).toBe(403);
    // A curator of another municipality's school: not even seen.
    expect((await head.post(`/users/${t.world.users['curator.b']}/deactivate`)).statusCode).toBe(404);
    // Its own account: no raising itself.
    expect((await head.post(`/users/${t.world.users.school_head}/deactivate`)).statusCode).toBe(403);
    const untouched = await t.database.db
      .selectFrom('users')
      .select('is_active')
      .where('id', 'in', [mentor, t.world.users['curator.b']!, t.world.users.school_head!])
      .execute();
    expect(untouched.every((u) => u.is_active)).toBe(true);
  });

  it('cannot move its curator to another school or give it another role', async () => {
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    const curator = t.world.users.curator!;
    await head.get(`/users/${curator}/edit`);
    const moved = await head.post(`/users/${curator}`, curatorForm(t.world.a.otherSchool, { login: 'curator' }));
    expect(moved.statusCode).toBe(400);
    const raised = await head.post(`/users/${curator}`, curatorForm(t.world.a.school, { login: 'curator', role: 'school_head' }));
    expect(raised.statusCode).toBe(400);
    const row = await t.database.db
      .selectFrom('users')
      .select(['role', 'organization_id'])
      .where('id', '=', curator)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'curator', organization_id: t.world.a.school });
  });

  it('a curator may not give accounts at all', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect((await curator.get('/users/new')).statusCode).toBe(403);
  });
});
