import { describe, expect, it } from 'vitest';
import { todayIso } from '../../src/modules/people/rules.js';
import { signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

/** A date `years` years before today (Moscow calendar), minus `days` days. */
function yearsAgo(years: number, days = 0): string {
  const [y, m, d] = todayIso().split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - years, m - 1, d - days));
  return date.toISOString().slice(0, 10);
}

const student = (over: Record<string, string> = {}) => ({
  last_name: 'Соколов',
  first_name: 'Артём',
  middle_name: 'Ильич',
  category: 'student',
  class_name: '7 «Б»',
  birth_date: yearsAgo(13),
  consent_date: yearsAgo(0, 3),
  consent_by: 'Соколова Ирина Петровна',
  status: 'potential',
  ...over,
});

async function addMentee(form: Record<string, string>) {
  const curator = await signedIn(t.app, 'curator', PASSWORD);
  await curator.get('/mentees/new');
  const response = await curator.post('/mentees', form);
  return { curator, response };
}

describe('the base of mentees', () => {
  it('a curator adds a student; the class is normalised and the record is in the audit log', async () => {
    const { curator, response } = await addMentee(student());
    expect(response.statusCode).toBe(303);
    const page = textOf((await curator.get(response.headers.location as string)).body);
    expect(page).toContain('Соколов Артём Ильич');
    expect(page).toContain('7Б');
    expect(page).toContain('Наставляемый добавлен в базу');
    const entry = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'mentee')
      .executeTakeFirstOrThrow();
    expect(entry.action).toBe('create');
    expect(JSON.stringify(entry)).not.toContain('Соколов');
  });

  it('names each wrong field: a student younger than 10, a bad class, a bad date, a missing parent', async () => {
    const { response } = await addMentee(student({ birth_date: yearsAgo(9), class_name: 'седьмой' }));
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('не меньше 10 лет');
    expect(text).toContain('Класс: «седьмой»');
    const bad = await addMentee(student({ birth_date: '31.02.2012' }));
    expect(textOf(bad.response.body)).toContain(
      'Дата рождения: даты «31.02.2012» не существует: в феврале 2012 года 29 дней, а не 31',
    );
    const garbled = await addMentee(student({ birth_date: '12 марта' }));
    expect(textOf(garbled.response.body)).toContain('Дата рождения: укажите дату в виде ДД.ММ.ГГГГ');
    const noParent = await addMentee(student({ consent_by: '' }));
    expect(textOf(noParent.response.body)).toContain('родитель или законный представитель');
    expect(noParent.response.body).toContain('value="Соколов"');
  });

  it('a young specialist must have taught 3 years at most', async () => {
    const { response } = await addMentee({
      last_name: 'Орлова',
      first_name: 'Дарья',
      category: 'young_specialist',
      teaching_since: yearsAgo(5),
    });
    expect(textOf(response.body)).toContain('Молодой специалист — стаж до 3 лет');
    const ok = await addMentee({
      last_name: 'Орлова',
      first_name: 'Дарья',
      category: 'young_specialist',
      teaching_since: yearsAgo(2),
    });
    expect(ok.response.statusCode).toBe(303);
  });

  it('the same person is not added twice', async () => {
    await addMentee(student());
    const again = await addMentee(student({ class_name: '8А' }));
    expect(again.response.statusCode).toBe(400);
    expect(textOf(again.response.body)).toContain('Такой наставляемый уже есть в базе');
  });

  it('the list shows who lacks consent, and finds a name with a typo', async () => {
    const { curator } = await addMentee(student({ consent_date: '', consent_by: '' }));
    await curator.post('/mentees', student({ last_name: 'Фёдорова', first_name: 'Алёна', middle_name: '' }));
    const missing = textOf((await curator.get('/mentees?consent=missing')).body);
    expect(missing).toContain('Соколов Артём Ильич');
    expect(missing).toContain('нужно согласие');
    expect(missing).not.toContain('Фёдорова');
    const typo = textOf((await curator.get('/mentees?q=' + encodeURIComponent('федорва'))).body);
    expect(typo).toContain('Фёдорова Алёна');
    expect(typo).not.toContain('Соколов');
  });
});

describe('the bases’ filters', () => {
  it('read as Russian: «Запрос: любой», «Компетенция: любая», «Согласие: любое»', async () => {
    await t.database.db
      .insertInto('tags')
      .values({ municipality_id: t.world.a.id, kind: 'request', name: 'профориентация' })
      .execute();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const mentees = (await curator.get('/mentees')).body;
    expect(mentees).toMatch(/<label for="filter-tag">Запрос<\/label>\s*<select[^>]*>\s*<option value="">Любой<\/option>/);
    expect(mentees).toMatch(/<label for="filter-consent">Согласие<\/label>\s*<select[^>]*>\s*<option value="">Любое<\/option>/);
    const mentors = (await curator.get('/mentors')).body;
    expect(mentors).toMatch(/<label for="filter-tag">Компетенция<\/label>\s*<select[^>]*>\s*<option value="">Любая<\/option>/);
  });
});

describe('who sees the bases', () => {
  it('the coordinator sees the municipality with age groups, not the birth dates of minors; the department too', async () => {
    const { response } = await addMentee(student());
    const id = (response.headers.location as string).split('/').pop();
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const list = textOf((await coordinator.get('/mentees')).body);
    expect(list).toContain('Соколов Артём Ильич');
    expect(list).toContain('10–14 лет');
    expect(list).toContain('Школа А1');
    const page = await coordinator.get(`/mentees/${id}`);
    expect(textOf(page.body)).toContain('Дата рождения'); // the coordinator may see a minor's details
    const department = await signedIn(t.app, 'department', PASSWORD);
    const departmentPage = textOf((await department.get(`/mentees/${id}`)).body);
    expect(departmentPage).not.toContain('Дата рождения');
    expect(departmentPage).toContain('10–14 лет');
    expect(departmentPage).not.toContain('Соколова Ирина Петровна');
  });

  it('another school and another municipality get 404; a mentor gets 403', async () => {
    const { response } = await addMentee(student());
    const url = response.headers.location as string;
    const otherCoordinator = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await otherCoordinator.get(url)).statusCode).toBe(404);
    expect(textOf((await otherCoordinator.get('/mentees')).body)).not.toContain('Соколов');
    const otherCurator = await signedIn(t.app, 'curator.b', PASSWORD);
    expect((await otherCurator.get(url)).statusCode).toBe(404);
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    expect((await mentor.get(url)).statusCode).toBe(403);
    expect((await mentor.get('/mentees')).statusCode).toBe(403);
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    expect((await head.get(url)).statusCode).toBe(200);
    expect((await head.get(`${url}/edit`)).statusCode).toBe(403);
  });
});

describe('archive and erasure', () => {
  it('erasing keeps an anonymous row for the counts and logs who did it without the values', async () => {
    const { curator, response } = await addMentee(student());
    const url = response.headers.location as string;
    await curator.get(url);
    const erased = await curator.post(`${url}/erase`);
    expect(erased.statusCode).toBe(303);
    const page = textOf((await curator.get(url)).body);
    expect(page).not.toContain('Соколов');
    expect(page).toContain('Персональные данные удалены');
    expect(page).toContain('10–14 лет');
    const row = await t.database.db
      .selectFrom('mentees')
      .selectAll()
      .where('id', '=', Number(url.split('/').pop()))
      .executeTakeFirstOrThrow();
    expect(row.birth_date).toBeNull();
    expect(row.category).toBe('student');
    expect(row.erased_at).not.toBeNull();
    const entry = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'erase').executeTakeFirstOrThrow();
    expect(entry.user_id).toBe(t.world.users.curator);
    expect(entry.changed_fields).toContain('birth_date');
    expect(JSON.stringify(entry)).not.toContain('Соколов');
    expect((await curator.get(`${url}/edit`)).statusCode).toBe(403);
  });

  it('an archived person leaves the daily list and comes back on restore', async () => {
    const { curator, response } = await addMentee(student());
    const url = response.headers.location as string;
    await curator.get(url);
    await curator.post(`${url}/archive`);
    expect(textOf((await curator.get('/mentees')).body)).not.toContain('Соколов');
    expect(textOf((await curator.get('/mentees?status=archived')).body)).toContain('Соколов');
    await curator.post(`${url}/restore`);
    expect(textOf((await curator.get('/mentees')).body)).toContain('Соколов');
  });
});

describe('the base of mentors', () => {
  it('a student mentor must be 15 to 19, a partner representative comes from a partner', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get('/mentors/new');
    const young = await curator.post('/mentors', {
      last_name: 'Ким',
      first_name: 'Олег',
      category: 'student',
      birth_date: yearsAgo(14),
      capacity: '1',
    });
    expect(textOf(young.body)).toContain('от 15 до 19 лет, а сейчас ему 14');
    const partner = await curator.post('/mentors', {
      last_name: 'Ким',
      first_name: 'Олег',
      category: 'partner_employee',
      origin_organization_id: String(t.world.a.school),
      capacity: '2',
    });
    expect(textOf(partner.body)).toContain('Представитель организации-партнёра должен быть из организации-партнёра');
    const ok = await curator.post('/mentors', {
      last_name: 'Ким',
      first_name: 'Олег',
      category: 'partner_employee',
      origin_organization_id: String(t.world.a.partner),
      capacity: '2',
      forms: 'employer_student',
      training_course: 'Наставничество в образовании',
      training_date: '2024-03-01',
      training_hours: '36',
    });
    expect(ok.statusCode).toBe(303);
    const page = textOf((await curator.get(ok.headers.location as string)).body);
    expect(page).toContain('Завод А');
    expect(page).toContain('работодатель – ученик');
    expect(page).toContain('Наставничество в образовании, 01.03.2024, 36 ч');
    const foreignPartner = await curator.post('/mentors', {
      last_name: 'Ли',
      first_name: 'Анна',
      category: 'partner_employee',
      origin_organization_id: String(t.world.b.partner),
      capacity: '1',
    });
    expect(textOf(foreignPartner.body)).toContain('Выберите свою школу или организацию-партнёра муниципалитета');
  });
});

describe('the curator home page', () => {
  it('counts the school bases and sends to the people without consent', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const home = await curator.get('/');
    const text = textOf(home.body);
    expect(text).toContain('1 наставник в базе');
    expect(text).toContain('1 наставляемый в базе');
    expect(text).toMatch(/2 без письменного согласия/);
    expect(home.body).toContain('href="/mentees?consent=missing"');
    expect(home.body).toContain('href="/mentees/import"');
  });
});
