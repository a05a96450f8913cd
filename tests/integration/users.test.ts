import { describe, expect, it } from 'vitest';
import { Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

function linkIn(html: string): string {
  const match = /value="(https?:\/\/[^"]+\/set-password\/[a-z2-7]{32})"/.exec(html);
  if (!match) throw new Error('no one-time link on the page');
  return new URL(match[1]!).pathname;
}

async function createCurator(coordinator: Client, login = 'new.curator') {
  await coordinator.get('/users/new');
  const response = await coordinator.post('/users', {
    full_name: 'Новикова  Анна   Ивановна',
    login,
    organization_id: String(t.world.a.otherSchool),
    role: 'curator',
    position: 'Заместитель директора',
  });
  expect(response.statusCode).toBe(303);
  return response.headers.location as string;
}

describe('accounts and one-time links', () => {
  it('a coordinator gives a curator an account; the link is shown once and sets the password once', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const userPage = await createCurator(coordinator);
    const shown = await coordinator.get(userPage);
    const text = textOf(shown.body);
    expect(text).toContain('Учётная запись создана');
    expect(text).toContain('Новикова Анна Ивановна');
    expect(text).toContain('действует до');
    const path = linkIn(shown.body);
    // the link is not shown again
    expect((await coordinator.get(userPage)).body).not.toContain('/set-password/');

    const person = new Client(t.app);
    const form = await person.get(path);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('new.curator');
    const set = await person.post(path, { password: 'надёжный пароль куратора', password_confirm: 'надёжный пароль куратора' });
    expect(set.statusCode).toBe(303);
    expect(textOf((await person.get('/login')).body)).toContain('Пароль установлен');
    expect((await person.post('/login', { login: 'new.curator', password: 'надёжный пароль куратора' })).statusCode).toBe(303);

    const again = await new Client(t.app).get(path);
    expect(again.statusCode).toBe(404);
    expect(textOf(again.body)).toContain('Ссылка недействительна');
  });

  it('a link expires after 72 hours', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const userPage = await createCurator(coordinator);
    const path = linkIn((await coordinator.get(userPage)).body);
    await t.database.db
      .updateTable('password_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    expect((await new Client(t.app).get(path)).statusCode).toBe(404);
  });

  it('refuses a weak password on the link page and keeps the link usable', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const path = linkIn((await coordinator.get(await createCurator(coordinator))).body);
    const person = new Client(t.app);
    await person.get(path);
    const weak = await person.post(path, { password: 'password123', password_confirm: 'password123' });
    expect(weak.statusCode).toBe(400);
    expect(textOf(weak.body)).toContain('слишком распространён');
    const withLogin = await person.post(path, { password: 'new.curator-2024!', password_confirm: 'new.curator-2024!' });
    expect(textOf(withLogin.body)).toContain('не должен содержать логин');
    expect(
      (await person.post(path, { password: 'длинный хороший пароль', password_confirm: 'длинный хороший пароль' })).statusCode,
    ).toBe(303);
  });

  it('a reset issues a new link that replaces the old one, while the old password still works until then', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get(`/users/${t.world.users.mentor}`);
    await coordinator.post(`/users/${t.world.users.mentor}/reset-password`);
    const first = linkIn((await coordinator.get(`/users/${t.world.users.mentor}`)).body);
    await coordinator.post(`/users/${t.world.users.mentor}/reset-password`);
    const second = linkIn((await coordinator.get(`/users/${t.world.users.mentor}`)).body);
    expect(second).not.toBe(first);
    expect((await new Client(t.app).get(first)).statusCode).toBe(404);
    expect((await new Client(t.app).login('mentor', PASSWORD)).statusCode).toBe(303);
    const person = new Client(t.app);
    await person.get(second);
    await person.post(second, { password: 'совсем новый пароль', password_confirm: 'совсем новый пароль' });
    expect((await new Client(t.app).login('mentor', PASSWORD)).statusCode).toBe(401);
    expect((await new Client(t.app).login('mentor', 'совсем новый пароль')).statusCode).toBe(303);
  });

  it('names what is wrong in the account form', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/users/new');
    const response = await coordinator.post('/users', {
      full_name: 'Иванов',
      login: 'ж',
      organization_id: String(t.world.a.school),
      role: 'coordinator',
      phone: 'abc',
    });
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('ФИО: укажите как минимум фамилию и имя');
    expect(text).toContain('Логин: не менее 3 символов');
    expect(text).toContain('Телефон: укажите номер цифрами');
    expect(text).toContain('Выберите роль');
  });

  it('refuses a login already taken, whatever its case', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/users/new');
    const response = await coordinator.post('/users', {
      full_name: 'Петров Пётр',
      login: 'Mentor',
      organization_id: String(t.world.a.school),
      role: 'mentor',
    });
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Этот логин уже занят');
  });

  it('refuses a role that does not fit the organisation, and roles above a coordinator', async () => {
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    await admin.get('/users/new');
    const curatorInPartner = await admin.post('/users', {
      full_name: 'Петров Пётр',
      login: 'petrov',
      organization_id: String(t.world.a.partner),
      role: 'curator',
    });
    expect(textOf(curatorInPartner.body)).toContain(
      'Роль «Куратор ОО» можно дать только сотруднику организации типа «Образовательная организация»',
    );
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/users/new');
    const admin2 = await coordinator.post('/users', {
      full_name: 'Петров Пётр',
      login: 'petrov2',
      organization_id: String(t.world.a.center),
      role: 'coordinator',
    });
    expect(admin2.statusCode).toBe(400);
    expect(await t.database.db.selectFrom('users').select('id').where('login', '=', 'petrov2').execute()).toHaveLength(0);
  });

  it('the audit log records the creation with field names only', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await createCurator(coordinator);
    const entry = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'user')
      .where('action', '=', 'create')
      .where('user_id', '=', t.world.users.coordinator!)
      .executeTakeFirstOrThrow();
    expect(entry.changed_fields).toContain('full_name');
    expect(JSON.stringify(entry)).not.toContain('Новикова');
    expect(entry.municipality_id).toBe(t.world.a.id);
  });
});

describe('who sees whom', () => {
  it('a curator sees the accounts of its school only, read-only', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const list = textOf((await curator.get('/users')).body);
    expect(list).toContain('Тестов mentor Иванович');
    expect(list).not.toContain('Тестов coordinator Иванович');
    expect(list).not.toContain('mentor.b');
    const page = await curator.get(`/users/${t.world.users.mentor}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/reset-password');
  });

  it('a department sees the whole municipality and no other', async () => {
    const department = await signedIn(t.app, 'department', PASSWORD);
    const list = textOf((await department.get('/users?sort=login')).body);
    expect(list).toContain('Тестов curator Иванович');
    expect(list).toContain('Тестов coordinator Иванович');
    expect(list).not.toContain('Тестов curator.b Иванович');
    expect((await department.get(`/users/${t.world.users['curator.b']}`)).statusCode).toBe(404);
  });

  it('search forgives case and ё, filters keep working together', async () => {
    await t.database.db
      .updateTable('users')
      .set({ full_name: 'Фёдорова Алёна Сергеевна' })
      .where('id', '=', t.world.users.mentor!)
      .execute();
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    const text = textOf((await admin.get('/users?q=' + encodeURIComponent('федорова алена'))).body);
    expect(text).toContain('Фёдорова Алёна Сергеевна');
    expect(text).toContain('Найдено: 1');
    const none = textOf((await admin.get('/users?q=' + encodeURIComponent('федорова') + '&role=curator')).body);
    expect(none).toContain('Пользователей по этим условиям не найдено');
  });

  it('nobody can deactivate themselves or change their own role', async () => {
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    await admin.get(`/users/${t.world.users.admin}`);
    await admin.post(`/users/${t.world.users.admin}/deactivate`);
    expect(textOf((await admin.get(`/users/${t.world.users.admin}`)).body)).toContain(
      'Нельзя отключить собственную учётную запись',
    );
    const change = await admin.post(`/users/${t.world.users.admin}`, {
      full_name: 'Админов Админ',
      login: 'admin',
      organization_id: String(t.world.region),
      role: 'mentor',
    });
    expect(change.statusCode).toBe(400);
  });

  it('the audit log is limited to the coordinator municipality', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const b = await signedIn(t.app, 'coordinator.b', PASSWORD);
    await b.get(`/users/${t.world.users['mentor.b']}`);
    await b.post(`/users/${t.world.users['mentor.b']}/deactivate`);
    const page = textOf((await coordinator.get('/audit?action=deactivate')).body);
    expect(page).toContain('Записей по этим условиям нет');
    const own = textOf((await b.get('/audit?action=deactivate')).body);
    expect(own).toContain('Тестов coordinator.b Иванович');
    expect(own).toContain('активность');
  });
});
