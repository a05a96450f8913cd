import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const OTHER_PDF = Buffer.from(
  '%PDF-1.7\n% вторая редакция\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
/** The first bytes of a Windows executable, whatever its name says. */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 0x41)]);

const FIELDS = {
  title: 'Программа наставничества «Первые шаги в профессии»',
  form: 'teacher_teacher',
  target_group: 'Молодые педагоги со стажем до 3 лет',
  goals: 'Адаптация молодого педагога в коллективе.\nРазвитие методической компетентности.',
  duration: 'сентябрь 2026 – май 2027',
  expected_results: 'Молодой педагог самостоятельно ведёт уроки и проходит аттестацию.',
};

function programmeIdOf(location: unknown): number {
  const id = Number(/^\/programmes\/(\d+)$/.exec(String(location))?.[1]);
  expect(id, `redirect to a programme: ${String(location)}`).toBeGreaterThan(0);
  return id;
}

/** The curator adds a programme through the form, with a document or without it. */
async function createProgramme(curator: Client, fields: Record<string, string> = {}, file: Buffer | null = PDF): Promise<number> {
  await curator.get('/programmes/new');
  const response = file
    ? await curator.upload(
        '/programmes',
        { name: 'Программа наставничества.pdf', data: file, type: 'application/pdf' },
        { ...FIELDS, ...fields },
      )
    : await curator.post('/programmes', { ...FIELDS, ...fields });
  expect(response.statusCode, textOf(response.body).slice(0, 400)).toBe(303);
  return programmeIdOf(response.headers.location);
}

/** Programmes other than the world's own two. */
function createdProgrammes() {
  return t.database.db
    .selectFrom('programmes')
    .select('id')
    .where('id', 'not in', [t.world.programmes.a, t.world.programmes.b])
    .execute();
}

async function programmeRow(id: number) {
  return t.database.db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function programmeAudit(id: number) {
  return t.database.db
    .selectFrom('audit_log')
    .select(['action', 'changed_fields', 'user_id'])
    .where('entity_type', '=', 'programme')
    .where('entity_id', '=', String(id))
    .orderBy('id')
    .execute();
}

/** A curator of the other school of municipality A (the world has one only in the first school). */
async function otherSchoolCurator(): Promise<Client> {
  const db = t.database.db;
  const hash = await db.selectFrom('users').select('password_hash').where('login', '=', 'curator').executeTakeFirstOrThrow();
  await db
    .insertInto('users')
    .values({
      login: 'curator.a2',
      full_name: 'Соседова Анна Петровна',
      organization_id: t.world.a.otherSchool,
      role: 'curator',
      password_hash: hash.password_hash,
    })
    .execute();
  return signedIn(t.app, 'curator.a2', PASSWORD);
}

describe('a school keeps its mentoring programmes', () => {
  it('the curator adds a programme with its PDF: the page shows it, the document downloads, the audit names the fields', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const form = await curator.get('/programmes/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    const id = await createProgramme(curator);

    const row = await programmeRow(id);
    expect(row).toMatchObject({
      organization_id: t.world.a.school,
      title: FIELDS.title,
      form: 'teacher_teacher',
      duration: FIELDS.duration,
      bank_status: 'none',
    });
    expect(row.file_id).not.toBeNull();

    const page = await curator.get(`/programmes/${id}`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain(FIELDS.title);
    expect(text).toContain('педагог – педагог');
    expect(text).toContain('Молодые педагоги со стажем до 3 лет');
    expect(text).toContain('Программа наставничества.pdf');
    expect(text).toContain('не предлагалась');

    const download = await curator.get(`/programmes/${id}/file`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.rawPayload.equals(PDF)).toBe(true);

    const list = textOf((await curator.get('/programmes')).body);
    expect(list).toContain(FIELDS.title);
    expect(list).toContain('не предлагалась');

    const audit = await programmeAudit(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.action).toBe('create');
    expect(audit[0]?.changed_fields).toEqual(
      expect.arrayContaining(['title', 'form', 'target_group', 'goals', 'duration', 'expected_results', 'file_id']),
    );
    const upload = await t.database.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'file').execute();
    expect(upload.map((a) => a.action)).toEqual(['upload']);
    // field names only, never what was written
    const all = JSON.stringify(await t.database.db.selectFrom('audit_log').selectAll().execute());
    expect(all).not.toContain('Первые шаги');
  });

  it('a file that is not a document (.exe) is refused at the file field, and nothing is saved', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get('/programmes/new');
    const response = await curator.upload('/programmes', { name: 'программа.exe', data: EXE, type: 'application/pdf' }, FIELDS);
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('не похож на документ PDF, DOCX или ODT');
    expect(response.body).toContain('id="field-file-error"');
    expect(response.body).toContain('href="#field-file"');
    expect(text).toContain('выберите его снова');
    // the other fields are kept
    expect(response.body).toContain(`value="${FIELDS.title}"`);
    expect(await createdProgrammes()).toEqual([]);
    expect(await t.database.db.selectFrom('files').select('id').execute()).toEqual([]);
    expect(
      await t.database.db.selectFrom('audit_log').select('id').where('entity_type', 'in', ['programme', 'file']).execute(),
    ).toEqual([]);
  });

  it('says in Russian at each field what is missing', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get('/programmes/new');
    const response = await curator.post('/programmes', { title: '  ', form: 'no_such_form', duration: 'x'.repeat(201) });
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('Проверьте форму');
    expect(text).toContain('Укажите название программы');
    expect(text).toContain('Выберите форму наставничества из списка');
    expect(text).toContain('Срок реализации: не более 200 символов');
    for (const field of ['title', 'form', 'duration']) {
      expect(response.body).toContain(`href="#field-${field}"`);
      expect(response.body).toContain(`id="field-${field}-error"`);
    }
    expect(await createdProgrammes()).toEqual([]);
  });

  it('replaces and removes the document; the old bytes go with their row', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = await createProgramme(curator);
    const first = (await programmeRow(id)).file_id;
    await curator.get(`/programmes/${id}/edit`);
    const replaced = await curator.upload(`/programmes/${id}/edit`, { name: 'Новая редакция.pdf', data: OTHER_PDF }, FIELDS);
    expect(replaced.statusCode, textOf(replaced.body).slice(0, 300)).toBe(303);
    const second = (await programmeRow(id)).file_id;
    expect(second).not.toBe(first);
    expect((await t.database.db.selectFrom('files').select('id').execute()).map((f) => f.id)).toEqual([second]);
    expect((await curator.get(`/programmes/${id}/file`)).rawPayload.equals(OTHER_PDF)).toBe(true);

    await curator.get(`/programmes/${id}/edit`);
    const removed = await curator.post(`/programmes/${id}/edit`, { ...FIELDS, remove_file: 'on' });
    expect(removed.statusCode).toBe(303);
    expect((await programmeRow(id)).file_id).toBeNull();
    expect(await t.database.db.selectFrom('files').select('id').execute()).toEqual([]);
    expect((await curator.get(`/programmes/${id}/file`)).statusCode).toBe(404);
    expect((await programmeAudit(id)).map((a) => [a.action, a.changed_fields])).toEqual([
      ['create', expect.arrayContaining(['title', 'file_id'])],
      ['update', ['file_id']],
      ['update', ['file_id']],
    ]);
  });

  it('the school head reads but cannot change; the coordinator cannot edit; the department reads', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = await createProgramme(curator);

    const head = await signedIn(t.app, 'school_head', PASSWORD);
    expect((await head.get('/programmes')).body).toContain(FIELDS.title);
    const headPage = await head.get(`/programmes/${id}`);
    expect(headPage.statusCode).toBe(200);
    expect(headPage.body).not.toContain(`/programmes/${id}/edit`);
    expect((await head.get(`/programmes/${id}/file`)).statusCode).toBe(200);
    expect((await head.get(`/programmes/${id}/edit`)).statusCode).toBe(403);
    expect((await head.post(`/programmes/${id}/edit`, FIELDS)).statusCode).toBe(403);
    expect((await head.post(`/programmes/${id}/archive`)).statusCode).toBe(403);
    expect((await head.post(`/programmes/${id}/submit`)).statusCode).toBe(403);
    expect((await head.get('/programmes/new')).statusCode).toBe(403);

    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect((await coordinator.get(`/programmes/${id}`)).statusCode).toBe(200);
    expect((await coordinator.get(`/programmes/${id}/edit`)).statusCode).toBe(403);
    expect((await coordinator.post(`/programmes/${id}/edit`, FIELDS)).statusCode).toBe(403);

    const department = await signedIn(t.app, 'department', PASSWORD);
    const list = textOf((await department.get('/programmes')).body);
    expect(list).toContain(FIELDS.title);
    expect(list).toContain('Школа А1');
    expect((await department.get(`/programmes/${id}`)).statusCode).toBe(200);
    expect((await department.get(`/programmes/${id}/file`)).statusCode).toBe(200);
    expect((await department.get(`/programmes/${id}/edit`)).statusCode).toBe(403);
    expect((await department.post(`/programmes/${id}/accept`)).statusCode).toBe(403);

    expect((await programmeRow(id)).title).toBe(FIELDS.title);
    expect((await programmeAudit(id)).map((a) => a.action)).toEqual(['create']);
  });

  it('a programme used by a pair can be archived: it leaves the list but stays readable', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = await createProgramme(curator);
    await t.database.db
      .insertInto('pairs')
      .values({
        organization_id: t.world.a.school,
        programme_id: id,
        form: 'teacher_teacher',
        kind: 'traditional',
        planned_start: '2026-09-01',
        planned_end: '2027-05-31',
      })
      .execute();
    await curator.get(`/programmes/${id}`);
    const archived = await curator.post(`/programmes/${id}/archive`);
    expect(archived.statusCode).toBe(303);
    const page = await curator.get(`/programmes/${id}`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Программа в архиве');
    expect(text).toContain('Пар и групп по программе 1');
    expect(text).toContain('Программа перенесена в архив.');
    expect((await curator.get(`/programmes/${id}/file`)).statusCode).toBe(200);
    expect((await curator.get('/programmes')).body).not.toContain(FIELDS.title);
    expect((await curator.get('/programmes?archived=archived')).body).toContain(FIELDS.title);
    // an archived programme is not offered to the bank
    const submit = await curator.post(`/programmes/${id}/submit`);
    expect(submit.statusCode).toBe(409);
    expect(textOf(submit.body)).toContain('Программа в архиве');

    await curator.get(`/programmes/${id}`);
    expect((await curator.post(`/programmes/${id}/restore`)).statusCode).toBe(303);
    expect((await programmeRow(id)).archived_at).toBeNull();
    expect((await programmeAudit(id)).map((a) => [a.action, a.changed_fields])).toEqual([
      ['create', expect.any(Array)],
      ['archive', ['archived_at']],
      ['restore', ['archived_at']],
    ]);
  });

  it("another school's own programme is not found, and another municipality's neither", async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = await createProgramme(curator);
    const neighbour = await otherSchoolCurator();
    for (const url of [`/programmes/${id}`, `/programmes/${id}/file`, `/programmes/${id}/edit`]) {
      expect((await neighbour.get(url)).statusCode, url).toBe(404);
    }
    expect((await neighbour.post(`/programmes/${id}/edit`, FIELDS)).statusCode).toBe(404);
    expect((await neighbour.get('/programmes')).body).not.toContain(FIELDS.title);
    const coordinatorB = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await coordinatorB.get(`/programmes/${id}`)).statusCode).toBe(404);
    expect((await coordinatorB.get('/programmes')).body).not.toContain(FIELDS.title);
  });
});

describe('the district bank of effective programmes', () => {
  it('submit -> returned with a comment -> resubmitted -> accepted: then every school of the municipality reads it, and no other', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = await createProgramme(curator, {}, null);

    // without its document a programme is not offered
    await curator.get(`/programmes/${id}`);
    expect(textOf((await curator.get(`/programmes/${id}`)).body)).toContain('Приложите файл программы');
    const early = await curator.post(`/programmes/${id}/submit`);
    expect(early.statusCode).toBe(409);
    expect(textOf(early.body)).toContain('Приложите файл программы');
    expect((await programmeRow(id)).bank_status).toBe('none');

    await curator.get(`/programmes/${id}/edit`);
    expect((await curator.upload(`/programmes/${id}/edit`, { name: 'Программа.pdf', data: PDF }, FIELDS)).statusCode).toBe(303);
    await curator.get(`/programmes/${id}`);
    const submitted = await curator.post(`/programmes/${id}/submit`);
    expect(submitted.statusCode).toBe(303);
    expect(await programmeRow(id)).toMatchObject({ bank_status: 'submitted' });
    expect(textOf((await curator.get(`/programmes/${id}`)).body)).toContain('на рассмотрении в методическом центре');

    // frozen while under review
    const frozen = await curator.get(`/programmes/${id}/edit`);
    expect(frozen.statusCode).toBe(409);
    expect(textOf(frozen.body)).toContain('Программа на рассмотрении в методическом центре');
    expect((await curator.post(`/programmes/${id}/edit`, { ...FIELDS, title: 'Другое название' })).statusCode).toBe(409);
    expect((await programmeRow(id)).title).toBe(FIELDS.title);
    expect((await curator.post(`/programmes/${id}/submit`)).statusCode).toBe(409);
    expect((await curator.post(`/programmes/${id}/accept`)).statusCode).toBe(403);

    // the coordinator's queue
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const list = await coordinator.get('/programmes');
    expect(textOf(list.body)).toContain('На рассмотрении: 1');
    const queue = textOf((await coordinator.get('/programmes?bank=submitted')).body);
    expect(queue).toContain(FIELDS.title);
    const acceptedList = textOf((await coordinator.get('/programmes?bank=accepted')).body);
    expect(acceptedList).not.toContain(FIELDS.title);
    const otherSchool = textOf((await coordinator.get(`/programmes?org=${t.world.a.otherSchool}`)).body);
    expect(otherSchool).not.toContain(FIELDS.title);
    // a filtered list still tells the whole queue
    expect(acceptedList).toContain('На рассмотрении: 1');
    expect(otherSchool).toContain('На рассмотрении: 1');

    // a return needs a comment
    const review = await coordinator.get(`/programmes/${id}`);
    expect(review.body).toContain(`formaction="/programmes/${id}/return"`);
    const bare = await coordinator.post(`/programmes/${id}/return`, { comment: '  ' });
    expect(bare.statusCode).toBe(400);
    expect(textOf(bare.body)).toContain('Напишите, что нужно доработать');
    expect(bare.body).toContain('id="field-comment-error"');
    expect(bare.body).toContain('href="#field-comment"');
    expect((await programmeRow(id)).bank_status).toBe('submitted');

    const comment = 'Добавьте план мероприятий по этапам и критерии оценки результатов.';
    const returned = await coordinator.post(`/programmes/${id}/return`, { comment });
    expect(returned.statusCode).toBe(303);
    expect(await programmeRow(id)).toMatchObject({
      bank_status: 'returned',
      bank_comment: comment,
      bank_reviewed_by: t.world.users.coordinator,
    });
    expect((await coordinator.post(`/programmes/${id}/accept`)).statusCode).toBe(409);

    // the school reads the comment, edits and offers it again
    const seen = textOf((await curator.get(`/programmes/${id}`)).body);
    expect(seen).toContain('возвращена на доработку');
    expect(seen).toContain(comment);
    await curator.get(`/programmes/${id}/edit`);
    const fixed = await curator.post(`/programmes/${id}/edit`, {
      ...FIELDS,
      goals: `${FIELDS.goals}\nПлан по этапам и критерии оценки.`,
    });
    expect(fixed.statusCode).toBe(303);
    await curator.get(`/programmes/${id}`);
    expect((await curator.post(`/programmes/${id}/submit`)).statusCode).toBe(303);
    expect((await programmeRow(id)).bank_status).toBe('submitted');

    // before acceptance nobody else sees it
    const neighbour = await otherSchoolCurator();
    expect((await neighbour.get(`/programmes/${id}`)).statusCode).toBe(404);
    expect((await neighbour.get('/programmes/bank')).body).not.toContain(FIELDS.title);

    // a coordinator of another municipality cannot decide on it
    const coordinatorB = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await coordinatorB.post(`/programmes/${id}/accept`)).statusCode).toBe(404);

    await coordinator.get(`/programmes/${id}`);
    const accepted = await coordinator.post(`/programmes/${id}/accept`, { comment: '' });
    expect(accepted.statusCode).toBe(303);
    expect(await programmeRow(id)).toMatchObject({ bank_status: 'accepted', bank_comment: null });
    expect(textOf((await coordinator.get('/programmes')).body)).toContain('На рассмотрении: 0');

    // every school of the municipality reads it in the bank, opens it and downloads the document
    const bank = await neighbour.get('/programmes/bank');
    expect(bank.statusCode).toBe(200);
    expect(textOf(bank.body)).toContain(FIELDS.title);
    expect(textOf(bank.body)).toContain('Школа А1');
    expect(textOf((await neighbour.get('/programmes/bank?q=ПЕРВЫЕ шаги')).body)).toContain(FIELDS.title);
    expect(textOf((await neighbour.get('/programmes/bank?q=нет такой')).body)).not.toContain(FIELDS.title);
    expect(textOf((await neighbour.get('/programmes/bank?form=teacher_teacher')).body)).toContain(FIELDS.title);
    expect(textOf((await neighbour.get('/programmes/bank?form=student_student')).body)).not.toContain(FIELDS.title);
    const opened = await neighbour.get(`/programmes/${id}`);
    expect(opened.statusCode).toBe(200);
    expect(textOf(opened.body)).toContain('Программа из банка эффективных программ округа');
    expect(opened.body).not.toContain(`/programmes/${id}/edit`);
    const download = await neighbour.get(`/programmes/${id}/file`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    // ... but keeps only its own school's list, and does not change another's programme
    expect((await neighbour.get('/programmes')).body).not.toContain(FIELDS.title);
    expect((await neighbour.get(`/programmes/${id}/edit`)).statusCode).toBe(403);
    expect((await neighbour.post(`/programmes/${id}/archive`)).statusCode).toBe(403);
    for (const role of ['school_head', 'department', 'coordinator']) {
      const reader = await signedIn(t.app, role, PASSWORD);
      expect(textOf((await reader.get('/programmes/bank')).body), role).toContain(FIELDS.title);
    }

    // another municipality: not found
    const curatorB = await signedIn(t.app, 'curator.b', PASSWORD);
    expect((await curatorB.get(`/programmes/${id}`)).statusCode).toBe(404);
    expect((await curatorB.get(`/programmes/${id}/file`)).statusCode).toBe(404);
    expect((await curatorB.get('/programmes/bank')).body).not.toContain(FIELDS.title);

    const audit = await programmeAudit(id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'submit', 'return', 'update', 'submit', 'accept']);
    expect(audit[3]).toMatchObject({
      user_id: t.world.users.coordinator,
      changed_fields: expect.arrayContaining(['bank_status', 'bank_comment']),
    });
    expect(audit[4]?.changed_fields).toEqual(['goals']);
    expect(JSON.stringify(audit)).not.toContain('критерии');
  });

  it('an accepted programme edited by its school stays in the bank; its document can be replaced, not removed', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = await createProgramme(curator);
    await t.database.db
      .updateTable('programmes')
      .set({ bank_status: 'accepted', bank_reviewed_at: new Date() })
      .where('id', '=', id)
      .execute();

    const form = await curator.get(`/programmes/${id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('изменения сразу увидят все школы округа');
    expect(form.body).not.toContain('name="remove_file"');
    const refused = await curator.post(`/programmes/${id}/edit`, { ...FIELDS, remove_file: 'on' });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('её файл можно заменить новым, но не удалить');
    expect((await programmeRow(id)).file_id).not.toBeNull();

    const edited = await curator.post(`/programmes/${id}/edit`, { ...FIELDS, duration: '2 учебных года' });
    expect(edited.statusCode).toBe(303);
    expect(await programmeRow(id)).toMatchObject({ bank_status: 'accepted', duration: '2 учебных года' });
    expect((await programmeAudit(id)).at(-1)).toMatchObject({ action: 'update', changed_fields: ['duration'] });
    const neighbour = await otherSchoolCurator();
    expect(textOf((await neighbour.get('/programmes/bank')).body)).toContain(FIELDS.title);

    // an archived one leaves the bank's list, but a pair's link to it still opens
    await curator.get(`/programmes/${id}`);
    expect((await curator.post(`/programmes/${id}/archive`)).statusCode).toBe(303);
    expect(textOf((await neighbour.get('/programmes/bank')).body)).not.toContain(FIELDS.title);
    expect((await neighbour.get(`/programmes/${id}`)).statusCode).toBe(200);
  });

  it('archiving a programme under review withdraws the offer', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = await createProgramme(curator);
    await curator.get(`/programmes/${id}`);
    expect((await curator.post(`/programmes/${id}/submit`)).statusCode).toBe(303);
    const archived = await curator.post(`/programmes/${id}/archive`);
    expect(archived.statusCode).toBe(303);
    expect(await programmeRow(id)).toMatchObject({ bank_status: 'none' });
    expect(textOf((await curator.get(`/programmes/${id}`)).body)).toContain('Предложение в банк программ отозвано.');
    expect((await programmeAudit(id)).at(-1)).toMatchObject({
      action: 'archive',
      changed_fields: ['archived_at', 'bank_status'],
    });
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect((await coordinator.post(`/programmes/${id}/accept`)).statusCode).toBe(409);
  });
});
