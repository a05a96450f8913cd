import { describe, expect, it } from 'vitest';
import { canViewAgreement } from '../../src/access/policy.js';
import { agreementsInScope } from '../../src/access/scope.js';
import { expectAgreement } from '../helpers/agreement.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const PAST = { valid_from: '2020-01-01', valid_to: '2021-12-31' };
const RUNNING = { valid_from: '2020-01-01', valid_to: '' };
const FUTURE = { valid_from: '2099-01-01', valid_to: '' };

const form = (over: Record<string, string> = {}) => ({
  kind: 'partner',
  party_id: String(t.world.a.partner),
  number: '12-с',
  signed_on: '2024-08-30',
  ...RUNNING,
  subject: 'Наставничество специалистов предприятия над обучающимися 8–11 классов',
  ...over,
});

async function as(login: string): Promise<Client> {
  const client = await signedIn(t.app, login, PASSWORD);
  await client.get('/agreements');
  return client;
}

function createdId(response: { statusCode: number; headers: Record<string, unknown>; body: string }): number {
  expect(response.statusCode, textOf(response.body).slice(0, 600)).toBe(303);
  const id = Number(/^\/agreements\/(\d+)$/.exec(String(response.headers.location))?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

async function create(client: Client, over: Record<string, string> = {}): Promise<number> {
  return createdId(await client.post('/agreements', form(over)));
}

function agreementRow(id: number) {
  return t.database.db.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

function audit(entityType: string) {
  return t.database.db
    .selectFrom('audit_log')
    .select(['action', 'entity_id', 'changed_fields', 'user_id', 'organization_id', 'municipality_id'])
    .where('entity_type', '=', entityType)
    .orderBy('id')
    .execute();
}

describe('recording agreements', () => {
  it('a curator records its school’s agreement with a partner: stored, audited, listed as running', async () => {
    const curator = await as('curator');
    const id = await create(curator);
    expect(await agreementRow(id)).toMatchObject({
      school_id: t.world.a.school,
      party_id: t.world.a.partner,
      kind: 'partner',
      number: '12-с',
      signed_on: '2024-08-30',
      valid_from: '2020-01-01',
      valid_to: null,
      created_by: t.world.users.curator,
    });
    const entries = await audit('agreement');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'create',
      entity_id: String(id),
      user_id: t.world.users.curator,
      organization_id: t.world.a.school,
      municipality_id: t.world.a.id,
    });
    expect(entries[0]?.changed_fields).toEqual(expect.arrayContaining(['school_id', 'party_id', 'valid_from', 'subject']));
    const card = textOf((await curator.get(`/agreements/${id}`)).body);
    expect(card).toContain('№ 12-с');
    expect(card).toContain('действует');
    expect(card).toContain('бессрочно');
    const list = textOf((await curator.get('/agreements')).body);
    expect(list).toContain('Соглашения школы');
    expect(list).toContain('школа – партнёр');
  });

  it('the coordinator records one for a school of its municipality it chooses; the school reads it', async () => {
    const coordinator = await as('coordinator');
    const missing = await coordinator.post('/agreements', form());
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing.body)).toContain('Выберите школу, с которой заключено соглашение');
    const foreign = await coordinator.post('/agreements', form({ school_id: String(t.world.b.school) }));
    expect(foreign.statusCode).toBe(400);
    expect(textOf(foreign.body)).toContain('Выберите школу из списка');
    const id = await create(coordinator, { school_id: String(t.world.a.school) });
    expect((await agreementRow(id)).school_id).toBe(t.world.a.school);
    const curator = await as('curator');
    expect((await curator.get(`/agreements/${id}`)).statusCode).toBe(200);
    // The municipal list names the school and filters by it.
    const list = textOf((await coordinator.get(`/agreements?school=${t.world.a.school}`)).body);
    expect(list).toContain('Соглашения школ округа');
    expect(list).toContain(
      String(
        (
          await t.database.db
            .selectFrom('organizations')
            .select('short_name')
            .where('id', '=', t.world.a.partner)
            .executeTakeFirstOrThrow()
        ).short_name,
      ),
    );
    expect(textOf((await coordinator.get(`/agreements?school=${t.world.a.otherSchool}`)).body)).toContain(
      'Соглашений по этим условиям нет',
    );
  });

  it('the head edits its school’s agreement (audited with the changed fields); the department reads but does not edit', async () => {
    const curator = await as('curator');
    const id = await create(curator);
    const head = await as('school_head');
    expect((await head.get(`/agreements/${id}/edit`)).statusCode).toBe(200);
    const saved = await head.post(`/agreements/${id}`, form({ number: '12-с/1', valid_to: '2030-06-30' }));
    expect(saved.statusCode, textOf(saved.body).slice(0, 400)).toBe(303);
    expect(await agreementRow(id)).toMatchObject({ number: '12-с/1', valid_to: '2030-06-30' });
    const update = (await audit('agreement')).find((e) => e.action === 'update');
    expect(update?.changed_fields).toEqual(['number', 'valid_to']);
    const department = await as('department');
    expect((await department.get(`/agreements/${id}`)).statusCode).toBe(200);
    expect((await department.get(`/agreements/${id}/edit`)).statusCode).toBe(403);
    expect(textOf((await department.get(`/agreements/${id}`)).body)).not.toContain('Изменить');
  });

  it('another school’s and another municipality’s agreement is not found (404)', async () => {
    const coordinator = await as('coordinator');
    const otherSchool = await create(coordinator, { school_id: String(t.world.a.otherSchool) });
    for (const login of ['curator', 'school_head']) {
      const client = await as(login);
      expect((await client.get(`/agreements/${otherSchool}`)).statusCode).toBe(404);
      expect((await client.get(`/agreements/${otherSchool}/edit`)).statusCode).toBe(404);
      expect((await client.post(`/agreements/${otherSchool}`, form())).statusCode).toBe(404);
      expect(textOf((await client.get('/agreements')).body)).not.toContain('12-с');
    }
    for (const login of ['coordinator.b', 'department.b', 'curator.b']) {
      const client = await as(login);
      expect((await client.get(`/agreements/${otherSchool}`)).statusCode).toBe(404);
    }
    expect((await agreementRow(otherSchool)).number).toBe('12-с');
  });

  it('refuses a party of the wrong kind or municipality and a term that ends before it begins, naming the field', async () => {
    const curator = await as('curator');
    let r = await curator.post('/agreements', form({ kind: 'school' }));
    expect(r.statusCode).toBe(400);
    expect(textOf(r.body)).toContain('Для соглашения «школа – школа» выберите другую школу округа');
    r = await curator.post('/agreements', form({ kind: 'college' }));
    expect(textOf(r.body)).toContain('выберите колледж, техникум или вуз');
    r = await curator.post('/agreements', form({ party_id: String(t.world.b.partner) }));
    expect(r.statusCode).toBe(400);
    expect(textOf(r.body)).toContain('Выберите вторую сторону соглашения из списка');
    r = await curator.post('/agreements', form({ party_id: String(t.world.a.school) }));
    expect(r.statusCode).toBe(400);
    r = await curator.post('/agreements', form({ valid_from: '2025-01-01', valid_to: '2024-01-01', subject: '' }));
    expect(r.statusCode).toBe(400);
    const text = textOf(r.body);
    expect(text).toContain('Действует по: дата окончания не может быть раньше даты начала');
    expect(text).toContain('Укажите предмет соглашения');
    // The input is kept.
    expect(r.body).toContain('12-с');
    // A school – school agreement with the other school of the municipality is fine.
    await create(curator, { kind: 'school', party_id: String(t.world.a.otherSchool) });
    expect(await t.database.db.selectFrom('agreements').selectAll().execute()).toHaveLength(1);
  });

  it('the state follows the term: действует, истёк срок, ещё не вступило в силу; the list filters by it', async () => {
    const curator = await as('curator');
    const past = await create(curator, { ...PAST, number: 'прошлое' });
    const running = await create(curator, { ...RUNNING, number: 'текущее' });
    const future = await create(curator, { ...FUTURE, number: 'будущее' });
    expect(textOf((await curator.get(`/agreements/${past}`)).body)).toContain('истёк срок');
    expect(textOf((await curator.get(`/agreements/${running}`)).body)).toContain('действует');
    expect(textOf((await curator.get(`/agreements/${future}`)).body)).toContain('ещё не вступило в силу');
    const listed = async (status: string) => textOf((await curator.get(`/agreements?status=${status}`)).body);
    const runningList = await listed('running');
    expect(runningList).toContain('текущее');
    expect(runningList).not.toContain('прошлое');
    expect(runningList).not.toContain('будущее');
    expect(await listed('expired')).toContain('прошлое');
    expect(await listed('pending')).toContain('будущее');
    expect(await listed('pending')).not.toContain('текущее');
  });
});

describe('a curator adds a partner organisation with the agreement', () => {
  const NEW = {
    party_id: 'new',
    new_partner_short_name: 'ООО «Заречный хлеб»',
    new_partner_full_name: 'Общество с ограниченной ответственностью «Заречный хлеб»',
    new_partner_kind: 'enterprise',
  };

  it('creates the partner in the school’s municipality and the agreement in one act, both audited', async () => {
    const curator = await as('curator');
    const id = await create(curator, NEW);
    const partner = await t.database.db
      .selectFrom('organizations')
      .selectAll()
      .where('short_name', '=', 'ООО «Заречный хлеб»')
      .executeTakeFirstOrThrow();
    expect(partner).toMatchObject({
      type: 'partner',
      partner_kind: 'enterprise',
      parent_id: t.world.a.id,
      municipality_id: t.world.a.id,
      is_active: true,
    });
    expect((await agreementRow(id)).party_id).toBe(partner.id);
    const created = (await audit('organization')).filter((e) => e.entity_id === String(partner.id));
    expect(created).toMatchObject([{ action: 'create', user_id: t.world.users.curator, municipality_id: t.world.a.id }]);
  });

  it('needs the new partner’s name and kind; nothing is stored when the agreement is refused', async () => {
    const curator = await as('curator');
    const r = await curator.post('/agreements', form({ party_id: 'new', valid_from: '' }));
    expect(r.statusCode).toBe(400);
    const text = textOf(r.body);
    expect(text).toContain('Краткое наименование новой организации-партнёра: Укажите краткое наименование');
    expect(text).toContain('Вид новой организации-партнёра: Выберите вид организации');
    expect(text).toContain('Действует с: укажите дату');
    const college = await curator.post('/agreements', form({ ...NEW, kind: 'college' }));
    expect(textOf(college.body)).toContain('выберите вид «колледж (техникум)» или «вуз»');
    const partners = await t.database.db.selectFrom('organizations').select('id').where('type', '=', 'partner').execute();
    expect(partners).toHaveLength(2);
  });

  it('only a curator may: the head and the coordinator choose an existing organisation', async () => {
    for (const [login, extra] of [
      ['school_head', {}],
      ['coordinator', { school_id: String(t.world.a.school) }],
    ] as const) {
      const client = await as(login);
      expect((await client.get('/agreements/new')).body).not.toContain('Новая организация-партнёр');
      const r = await client.post('/agreements', form({ ...NEW, ...extra }));
      expect(r.statusCode).toBe(400);
      expect(textOf(r.body)).toContain('Выберите вторую сторону соглашения из списка');
    }
    expect(
      await t.database.db.selectFrom('organizations').select('id').where('short_name', '=', NEW.new_partner_short_name).execute(),
    ).toEqual([]);
    // The organisations module stays the coordinator's: a curator still cannot create there.
    const curator = await as('curator');
    expect((await curator.get('/organizations/new')).statusCode).toBe(403);
  });
});

describe('matching reads the school’s partners from its running agreements', () => {
  async function partnerMentor(): Promise<void> {
    await t.database.db
      .insertInto('mentors')
      .values({
        organization_id: t.world.a.school,
        origin_organization_id: t.world.a.partner,
        last_name: 'Заводская',
        first_name: 'Мария',
        category: 'teacher',
        capacity: 3,
      })
      .execute();
  }

  async function originReason(client: Client): Promise<string> {
    const page = await client.get(
      `/pairs/new?programme_id=${t.world.programmes.a}&form=teacher_teacher&mentee_ids=${t.world.people.menteeA}`,
    );
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Заводская');
    return text;
  }

  it('a partner without an agreement, or with one expired or not yet in force, is «another partner»; with a running one, the school’s', async () => {
    await partnerMentor();
    const curator = await as('curator');
    await curator.get('/pairs/new');
    expect(await originReason(curator)).toContain('Из организации-партнёра муниципалитета');
    const expired = await create(curator, PAST);
    await create(curator, FUTURE);
    let text = await originReason(curator);
    expect(text).toContain('Из организации-партнёра муниципалитета');
    expect(text).not.toContain('Из организации-партнёра школы');
    // An agreement of the other school with the partner makes it that school's partner only.
    const coordinator = await as('coordinator');
    await create(coordinator, { school_id: String(t.world.a.otherSchool) });
    expect(await originReason(curator)).toContain('Из организации-партнёра муниципалитета');
    // The expired agreement renewed: the partner is the school's again.
    const head = await as('school_head');
    expect(
      (await head.post(`/agreements/${expired}`, form({ valid_from: '2020-01-01', valid_to: '2099-12-31' }))).statusCode,
    ).toBe(303);
    text = await originReason(curator);
    expect(text).toContain('Из организации-партнёра школы');
    expect(text).not.toContain('Из организации-партнёра муниципалитета');
  });
});

describe('the rule and the SQL filter of who reads an agreement agree', () => {
  it('canViewAgreement and agreementsInScope, over agreements of both municipalities and a school – school one', async () => {
    const db = t.database.db;
    const values = [
      { school_id: t.world.a.school, party_id: t.world.a.partner, kind: 'partner' as const },
      { school_id: t.world.a.otherSchool, party_id: t.world.a.school, kind: 'school' as const },
      { school_id: t.world.a.otherSchool, party_id: t.world.a.partner, kind: 'partner' as const },
      { school_id: t.world.b.school, party_id: t.world.b.partner, kind: 'partner' as const },
    ];
    await db
      .insertInto('agreements')
      .values(values.map((v) => ({ ...v, valid_from: '2020-01-01', subject: 'Наставничество' })))
      .execute();
    const joined = db.selectFrom('agreements').innerJoin('organizations', 'organizations.id', 'agreements.school_id');
    const rows = await joined
      .select(['agreements.id', 'agreements.school_id', 'agreements.party_id', 'organizations.municipality_id'])
      .execute();
    expect(
      await expectAgreement(db, rows, canViewAgreement, (user) =>
        joined.select('agreements.id').where(agreementsInScope(user)).execute(),
      ),
    ).toBeGreaterThan(0);
  });
});

describe('telling the school', () => {
  it('an agreement the coordinator records tells the school’s curator; one the school records itself tells no one', async () => {
    const db = t.database.db;
    await create(await as('curator'));
    expect(await db.selectFrom('notifications').select('id').execute()).toEqual([]);
    const id = await create(await as('coordinator'), { school_id: String(t.world.a.school) });
    const told = await db.selectFrom('notifications').select(['user_id', 'kind', 'link']).execute();
    expect(told).toEqual([{ user_id: t.world.users.curator, kind: 'agreement_created', link: `/agreements/${id}` }]);
  });
});
