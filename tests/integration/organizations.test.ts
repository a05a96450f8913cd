import { describe, expect, it } from 'vitest';
import { innWithCheckDigit } from '../../src/lib/inn.js';
import { signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const school = (over: Record<string, string> = {}) => ({
  type: 'school',
  full_name: 'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 9»',
  short_name: 'МБОУ «СОШ № 9»',
  school_kind: 'general',
  ...over,
});

describe('the organisations list', () => {
  it('shows a coordinator the organisations of its municipality only', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const text = textOf((await coordinator.get('/organizations')).body);
    expect(text).toContain('Школа А1');
    expect(text).toContain('Завод А');
    expect(text).not.toContain('Школа Б1');
    expect(text).not.toContain('Округ Б');
  });

  it('is sent without the templates’ indentation or blank lines, each line break kept', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const body = (await coordinator.get('/organizations')).body;
    // the table's markup is indented in views/organizations/list.eta
    expect(body).toContain('\n<thead>\n<tr>');
    expect(body).toContain('\n</tbody>\n');
    expect(body).not.toMatch(/\n[ \t]+<\/?(thead|tbody|tr|td)\b/);
    expect(body).not.toMatch(/\n[ \t]*\n/);
  });

  it('shows a curator its own school only', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const text = textOf((await curator.get('/organizations')).body);
    expect(text).toContain('Школа А1');
    expect(text).not.toContain('Школа А2');
  });

  it('filters by type and finds a name whatever the case and ё', async () => {
    await t.database.db
      .updateTable('organizations')
      .set({ short_name: 'Лицей «Берёзка»' })
      .where('id', '=', t.world.a.otherSchool)
      .execute();
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    const found = textOf((await admin.get('/organizations?q=' + encodeURIComponent('БЕРЕЗКА'))).body);
    expect(found).toContain('Лицей «Берёзка»');
    expect(found).toContain('Найдено: 1');
    const partners = textOf((await admin.get('/organizations?type=partner')).body);
    expect(partners).toContain('Завод А');
    expect(partners).toContain('Завод Б');
    expect(partners).not.toContain('Школа А1');
  });

  it('pages a long list and keeps the filters in the page links', async () => {
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    for (let i = 0; i < 30; i++) {
      await admin.get('/organizations/new');
      await admin.post(
        '/organizations',
        school({ short_name: `Школа Т${String(i).padStart(2, '0')}`, full_name: `Школа Т${i}`, parent_id: String(t.world.a.id) }),
      );
    }
    const first = await admin.get('/organizations?type=school&sort=name');
    expect(textOf(first.body)).toContain('Страница 1 из 2');
    expect(first.body).toContain('href="/organizations?type=school&amp;sort=name&amp;page=2"');
    const second = textOf((await admin.get('/organizations?type=school&sort=name&page=2')).body);
    expect(second).toContain('Страница 2 из 2');
    expect(second).toContain('Школа Т29');
  });
});

describe('creating an organisation', () => {
  it('lets the coordinator add a school to its municipality, recorded in the audit log', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const form = await coordinator.get('/organizations/new');
    expect(form.statusCode).toBe(200);
    const response = await coordinator.post(
      '/organizations',
      school({ parent_id: String(t.world.a.id), is_resource_center: 'on', inn: innWithCheckDigit('770000001') }),
    );
    expect(response.statusCode).toBe(303);
    const page = await coordinator.get(response.headers.location as string);
    const text = textOf(page.body);
    expect(text).toContain('Организация «МБОУ «СОШ № 9»» создана.');
    expect(text).toContain('Ресурсный центр');
    const row = await t.database.db
      .selectFrom('organizations')
      .selectAll()
      .where('short_name', '=', 'МБОУ «СОШ № 9»')
      .executeTakeFirstOrThrow();
    expect(row.municipality_id).toBe(t.world.a.id);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'organization')
      .where('entity_id', '=', String(row.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe('create');
    expect(audit[0]!.user_id).toBe(t.world.users.coordinator);
    expect(audit[0]!.changed_fields).toContain('short_name');
  });

  it('keeps the full name in the genitive and prepositional: pre-filled by the rule, corrected by a person, following a rename', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const form = textOf((await coordinator.get('/organizations/new')).body);
    expect(form).toContain('Родительный падеж (кого? чего?)');
    expect(form).toContain('Предложный падеж (в ком? в чём?)');
    const created = await coordinator.post('/organizations', school({ parent_id: String(t.world.a.id) }));
    expect(created.statusCode).toBe(303);
    const id = Number((created.headers.location as string).split('/').pop());
    const forms = () =>
      t.database.db
        .selectFrom('organizations')
        .select(['full_name_genitive', 'full_name_prepositional'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    expect(await forms()).toEqual({
      full_name_genitive: 'Муниципального бюджетного общеобразовательного учреждения «Средняя общеобразовательная школа № 9»',
      full_name_prepositional: 'Муниципальном бюджетном общеобразовательном учреждении «Средняя общеобразовательная школа № 9»',
    });
    const page = textOf((await coordinator.get(`/organizations/${id}`)).body);
    expect(page).toContain('В предложном падеже Муниципальном бюджетном общеобразовательном учреждении');
    const edit = (await coordinator.get(`/organizations/${id}/edit`)).body;
    expect(edit).toContain(
      'value="Муниципального бюджетного общеобразовательного учреждения «Средняя общеобразовательная школа № 9»"',
    );

    // A person corrects the prepositional; a rename then moves the genitive the rule wrote, not the correction.
    const saved = await forms();
    let response = await coordinator.post(
      `/organizations/${id}`,
      school({
        parent_id: String(t.world.a.id),
        full_name_genitive: saved.full_name_genitive ?? '',
        full_name_prepositional: 'Школе девятой',
      }),
    );
    expect(response.statusCode).toBe(303);
    response = await coordinator.post(
      `/organizations/${id}`,
      school({
        parent_id: String(t.world.a.id),
        full_name: 'Муниципальное автономное общеобразовательное учреждение «Лицей № 9»',
        full_name_genitive: saved.full_name_genitive ?? '',
        full_name_prepositional: 'Школе девятой',
      }),
    );
    expect(response.statusCode).toBe(303);
    expect(await forms()).toEqual({
      full_name_genitive: 'Муниципального автономного общеобразовательного учреждения «Лицей № 9»',
      full_name_prepositional: 'Школе девятой',
    });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('entity_type', '=', 'organization')
      .where('entity_id', '=', String(id))
      .where('action', '=', 'update')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.changed_fields.sort())).toEqual([['full_name_prepositional'], ['full_name', 'full_name_genitive']]);
    const tooLong = await coordinator.post(
      `/organizations/${id}`,
      school({ parent_id: String(t.world.a.id), full_name_genitive: 'я'.repeat(501) }),
    );
    expect(tooLong.statusCode).toBe(400);
    expect(textOf(tooLong.body)).toContain('Полное наименование в родительном падеже: не более 500 символов');
  });

  it('gives the form’s script the rule’s guess of a name’s forms', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const response = await coordinator.get(
      `/organizations/name-forms?full_name=${encodeURIComponent('Заречный муниципальный округ')}`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(JSON.parse(response.body)).toEqual({
      genitive: 'Заречного муниципального округа',
      prepositional: 'Заречном муниципальном округе',
    });
    expect(JSON.parse((await coordinator.get('/organizations/name-forms')).body)).toEqual({ genitive: '', prepositional: '' });
  });

  it('re-renders the form with Russian messages at each field and the input kept', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/organizations/new');
    const response = await coordinator.post('/organizations', {
      type: 'school',
      full_name: '',
      short_name: 'Моя школа',
      inn: '1234567890',
      email: 'не почта',
      parent_id: String(t.world.a.id),
    });
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('Проверьте форму');
    expect(text).toContain('Укажите полное наименование');
    expect(text).toContain('Выберите вид образовательной организации');
    expect(text).toContain('ИНН не проходит проверку контрольной суммы');
    expect(text).toContain('Электронная почта: укажите адрес');
    expect(response.body).toContain('href="#field-full_name"');
    expect(response.body).toContain('value="Моя школа"');
    expect(
      await t.database.db.selectFrom('organizations').select('id').where('short_name', '=', 'Моя школа').execute(),
    ).toHaveLength(0);
  });

  it('does not let a coordinator create a department or place a school in another municipality', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/organizations/new');
    const department = await coordinator.post('/organizations', {
      type: 'department',
      full_name: 'Новое управление',
      short_name: 'Новое управление',
      parent_id: String(t.world.a.id),
    });
    expect(department.statusCode).toBe(400);
    expect(textOf(department.body)).toContain('может создать только администратор');
    const foreign = await coordinator.post('/organizations', school({ parent_id: String(t.world.b.id) }));
    expect(foreign.statusCode).toBe(400);
    expect(textOf(foreign.body)).toContain('Выберите вышестоящую организацию из списка');
  });

  it('refuses a school placed under a school, naming the types', async () => {
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    await admin.get('/organizations/new');
    const response = await admin.post('/organizations', school({ parent_id: String(t.world.a.school) }));
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('относится к организации типа «Муниципальное образование»');
  });

  it('refuses a second organisation with the same INN', async () => {
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    const inn = innWithCheckDigit('770000002');
    await admin.get('/organizations/new');
    expect((await admin.post('/organizations', school({ parent_id: String(t.world.a.id), inn }))).statusCode).toBe(303);
    const again = await admin.post('/organizations', school({ parent_id: String(t.world.b.id), inn, short_name: 'Другая' }));
    expect(again.statusCode).toBe(400);
    expect(textOf(again.body)).toContain('Организация с таким ИНН уже есть');
  });
});

describe('editing and deactivating', () => {
  it('records the names of the changed fields, not their values', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get(`/organizations/${t.world.a.school}/edit`);
    const response = await coordinator.post(`/organizations/${t.world.a.school}`, {
      parent_id: String(t.world.a.id),
      full_name: 'Школа А1',
      short_name: 'Школа А1',
      school_kind: 'general',
      head_name: 'Директорова Анна Петровна',
      phone: '+7 (34100) 2-00-00',
    });
    expect(response.statusCode).toBe(303);
    const entry = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(entry.changed_fields.sort()).toEqual(['head_name', 'phone']);
    expect(JSON.stringify(entry)).not.toContain('Директорова');
    const page = textOf((await coordinator.get(`/organizations/${t.world.a.school}`)).body);
    expect(page).toContain('Директорова Анна Петровна');
  });

  it('a coordinator cannot edit the department of its municipality', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const response = await coordinator.get(`/organizations/${t.world.a.department}/edit`);
    expect(response.statusCode).toBe(403);
    expect(textOf(response.body)).toContain('Доступ запрещён');
  });

  it('deactivating a school closes its accounts and their sessions in one step', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get(`/organizations/${t.world.a.school}`);
    const response = await coordinator.post(`/organizations/${t.world.a.school}/deactivate`);
    expect(response.statusCode).toBe(303);
    const page = textOf((await coordinator.get(`/organizations/${t.world.a.school}`)).body);
    expect(page).toContain('Отключено учётных записей: 4');
    expect(page).toContain('Организация отключена');
    expect((await curator.get('/account')).statusCode).toBe(303);
    const active = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('organization_id', '=', t.world.a.school)
      .where('is_active', '=', true)
      .execute();
    expect(active).toHaveLength(0);
  });

  it('refuses to deactivate a municipality that still has active organisations', async () => {
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    await admin.get(`/organizations/${t.world.a.id}`);
    await admin.post(`/organizations/${t.world.a.id}/deactivate`);
    const page = textOf((await admin.get(`/organizations/${t.world.a.id}`)).body);
    expect(page).toContain('Сначала отключите подчинённые организации');
    const row = await t.database.db
      .selectFrom('organizations')
      .select('is_active')
      .where('id', '=', t.world.a.id)
      .executeTakeFirstOrThrow();
    expect(row.is_active).toBe(true);
  });
});
