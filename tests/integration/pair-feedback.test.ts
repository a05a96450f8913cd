import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import { qrSvg } from '../../src/lib/qr.js';
import { Client, signedIn, testConfig, textOf } from '../helpers/app.js';
import { addPair, daysAgo, STUDENT_PHONE } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

class LogCapture extends Writable {
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.raw.push(chunk.toString('utf8'));
    done();
  }
}

const logs = new LogCapture();
const t = useWorld({ config: testConfig({ LOG_LEVEL: 'info' }), logStream: logs });
beforeEach(() => {
  logs.raw.length = 0;
});

/** The curator issues the student's link on the pair page; the token as the page shows it once. */
async function issueLink(pairId: number, studentId: number): Promise<{ token: string; url: string; curator: Client }> {
  const curator = await signedIn(t.app, 'curator', PASSWORD);
  await curator.get(`/pairs/${pairId}`);
  const response = await curator.post(`/pairs/${pairId}/mentees/${studentId}/feedback-link`);
  expect(response.statusCode).toBe(303);
  const page = await curator.get(response.headers.location as string);
  expect(page.statusCode).toBe(200);
  const match = /(https?:\/\/[^\s"<]+\/feedback\/([a-z2-7]{32}))/.exec(page.body);
  if (!match) throw new Error('no link on the page');
  return { url: match[1]!, token: match[2]!, curator };
}

/** A visitor without an account: only the CSRF cookie of the link's own page. */
async function visitor(token: string): Promise<{ client: Client; page: LightMyRequestResponse }> {
  const client = new Client(t.app);
  const page = await client.get(`/feedback/${token}`);
  return { client, page };
}

function noSession(response: LightMyRequestResponse): void {
  expect(response.cookies.map((c) => c.name)).not.toContain('session');
}

describe('the personal feedback link of a student without an account', () => {
  it('is shown once, stored only as a hash, and lets the student give feedback on the pair’s meetings without signing in', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', {
      meetings: [
        { type: 'introduction', daysAgo: 10 },
        { type: 'planning', daysAgo: 5 },
      ],
    });
    const { token, url, curator } = await issueLink(pair.id, pair.studentId);
    expect(url).toContain(`/feedback/${token}`);
    const stored = await t.database.db
      .selectFrom('pair_mentees')
      .selectAll()
      .where('mentee_id', '=', pair.studentId)
      .executeTakeFirstOrThrow();
    expect(stored.feedback_token_hash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    // shown once: the page opened again no longer has it
    const again = await curator.get(`/pairs/${pair.id}/mentees/${pair.studentId}/feedback-link`);
    expect(again.body).not.toContain(token);
    expect(textOf(again.body)).toMatch(/Ссылка выдана \d\d\.\d\d\.\d{4} и уже была показана/);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'pair')
      .executeTakeFirstOrThrow();
    expect(audit.changed_fields).toEqual(['feedback_token_hash']);

    const { client, page } = await visitor(token);
    expect(page.statusCode).toBe(200);
    noSession(page);
    const text = textOf(page.body);
    expect(text).toContain('Здравствуйте, Алиса');
    expect(text).toContain('Наставникова Мария');
    expect(text).toContain('Тема: introduction');
    expect(text).toContain('Тема: planning');
    // nobody else's data: not the other mentee, not the student's own phone
    expect(text).not.toContain('Подопечный');
    expect(page.body).not.toContain(STUDENT_PHONE);
    expect(page.headers['cache-control']).toBe('no-store');

    const posted = await client.post(`/feedback/${token}/meetings/${pair.meetings[0]}`, { text: 'Было интересно', rating: '8' });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/feedback/${token}`);
    noSession(posted);
    const feedback = await t.database.db.selectFrom('meeting_feedback').selectAll().executeTakeFirstOrThrow();
    expect(feedback).toMatchObject({
      meeting_id: pair.meetings[0],
      mentee_id: pair.studentId,
      text: 'Было интересно',
      rating: 8,
      via: 'link',
    });
    const after = await client.get(`/feedback/${token}`);
    const afterText = textOf(after.body);
    expect(afterText).toContain('Спасибо! Отзыв о встрече сохранён.');
    expect(afterText).toContain('Ваши отзывы');
    expect(afterText).toContain('Было интересно');
    noSession(after);
    // the pair page shows it to the mentor, with the other mentee still awaited
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    const pairPage = textOf((await mentor.get(`/pairs/${pair.id}`)).body);
    expect(pairPage).toContain('Ученикова Алиса: Было интересно');
    expect(pairPage).toContain('оценка 8 из 10');
    expect(pairPage).toContain('Подопечный Павел: ждём отзыв');
    // an empty text is refused with a message, nothing stored
    const empty = await client.post(`/feedback/${token}/meetings/${pair.meetings[1]}`, { text: ' ', rating: '' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Напишите отзыв о встрече');
    // every meeting answered: now the page thanks for them all
    expect(textOf(after.body)).not.toContain('Вы оставили отзывы обо всех встречах');
    await client.post(`/feedback/${token}/meetings/${pair.meetings[1]}`, { text: 'Составили план', rating: '' });
    const done = textOf((await client.get(`/feedback/${token}`)).body);
    expect(done).toContain('Спасибо! Вы оставили отзывы обо всех встречах.');
    expect(done).not.toContain('Встреч с наставником пока не было');
    // the link opens nothing else: it is not a sign-in
    expect((await client.get(`/pairs/${pair.id}`)).statusCode).toBe(303);
    expect((await client.get('/account')).statusCode).toBe(303);
  });

  it('the link page before any link says none is issued yet; once issued it gives the link as a printable card with a QR code', async () => {
    const pair = await addPair(t.database.db, t.world, 'a');
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const before = await curator.get(`/pairs/${pair.id}/mentees/${pair.studentId}/feedback-link`);
    expect(before.statusCode).toBe(200);
    const text = textOf(before.body);
    expect(text).toContain('Ссылка для отзыва этому наставляемому ещё не выдана.');
    expect(text).not.toContain('уже была показана');
    expect(text).toContain('Выдать ссылку');
    expect(before.body).not.toContain('<svg class="qr-code"');

    const { url } = await issueLink(pair.id, pair.studentId);
    const response = await curator.post(`/pairs/${pair.id}/mentees/${pair.studentId}/feedback-link`);
    const page = await curator.get(response.headers.location as string);
    const shown = /(https?:\/\/[^\s"<]+\/feedback\/[a-z2-7]{32})/.exec(page.body)?.[1] ?? '';
    expect(shown).not.toBe(url);
    // The card: the student's name and class, the QR code of exactly this link (drawn on the server, no inline style), the address.
    expect(textOf(page.body)).toContain('Карточка для наставляемого');
    expect(page.body).toContain('<p class="qr-card-name">Ученикова Алиса, 7Б класс</p>');
    const svg = /<svg class="qr-code"[\s\S]*?<\/svg>/.exec(page.body)?.[0] ?? '';
    expect(svg).toBe(qrSvg(shown, 'QR-код личной ссылки: Ученикова Алиса'));
    expect(svg).toContain('role="img"');
    expect(svg).not.toMatch(/style=|<style/);
    expect(page.body).toContain(`<p class="qr-card-url">${shown}</p>`);
  });

  it('with no meetings yet the student’s page says so, not that every meeting has feedback', async () => {
    const pair = await addPair(t.database.db, t.world, 'a');
    const { token } = await issueLink(pair.id, pair.studentId);
    const { page } = await visitor(token);
    const text = textOf(page.body);
    expect(text).toContain('Встреч с наставником пока не было.');
    expect(text).not.toContain('Вы оставили отзывы обо всех встречах');
  });

  it('a guessed or malformed token is 404 with a Russian page', async () => {
    await addPair(t.database.db, t.world, 'a', { meetings: [{ type: 'introduction', daysAgo: 1 }] });
    for (const token of ['a'.repeat(32), 'not-a-token', 'A'.repeat(32)]) {
      const { client, page } = await visitor(token);
      expect(page.statusCode, token).toBe(404);
      expect(textOf(page.body)).toContain('Ссылка больше не действует');
      noSession(page);
      expect((await client.post(`/feedback/${token}/meetings/1`, { text: 'x' })).statusCode).toBe(404);
    }
    expect(await t.database.db.selectFrom('meeting_feedback').select('meeting_id').execute()).toHaveLength(0);
  });

  it('cannot give feedback on another pair’s meeting (404)', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', { meetings: [{ type: 'introduction', daysAgo: 3 }] });
    const other = await addPair(t.database.db, t.world, 'a', {
      studentLastName: 'Другая',
      meetings: [{ type: 'introduction', daysAgo: 2 }],
    });
    const foreign = await addPair(t.database.db, t.world, 'b', { meetings: [{ type: 'introduction', daysAgo: 2 }] });
    const { token } = await issueLink(pair.id, pair.studentId);
    const { client } = await visitor(token);
    for (const meetingId of [other.meetings[0], foreign.meetings[0], 999_999]) {
      const response = await client.post(`/feedback/${token}/meetings/${meetingId}`, { text: 'Чужая встреча' });
      expect(response.statusCode, String(meetingId)).toBe(404);
    }
    expect(await t.database.db.selectFrom('meeting_feedback').select('meeting_id').execute()).toHaveLength(0);
    // and the page lists only its own pair's meetings
    const page = textOf((await client.get(`/feedback/${token}`)).body);
    expect((page.match(/Тема: introduction/g) ?? []).length).toBe(1);
  });

  it('expires with the pair: once it is completed the link answers 410 «Ссылка больше не действует»', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', { meetings: [{ type: 'introduction', daysAgo: 3 }] });
    const { token } = await issueLink(pair.id, pair.studentId);
    const { client } = await visitor(token);
    await t.database.db
      .updateTable('pairs')
      .set({ status: 'completed', completed_on: '2026-01-01' })
      .where('id', '=', pair.id)
      .execute();
    const page = await client.get(`/feedback/${token}`);
    expect(page.statusCode).toBe(410);
    expect(textOf(page.body)).toContain('Ссылка больше не действует');
    expect(textOf(page.body)).toContain('Работа пары с наставником закончена');
    const posted = await client.post(`/feedback/${token}/meetings/${pair.meetings[0]}`, { text: 'Поздно' });
    expect(posted.statusCode).toBe(410);
    expect((await client.post(`/feedback/${token}/reflection`, { reflection: 'x', satisfaction: '5' })).statusCode).toBe(410);
    expect(await t.database.db.selectFrom('meeting_feedback').select('meeting_id').execute()).toHaveLength(0);
  });

  it('a regenerated link replaces the old one', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', { meetings: [{ type: 'introduction', daysAgo: 3 }] });
    const first = await issueLink(pair.id, pair.studentId);
    const second = await issueLink(pair.id, pair.studentId);
    expect(second.token).not.toBe(first.token);
    expect((await visitor(first.token)).page.statusCode).toBe(404);
    const { client, page } = await visitor(second.token);
    expect(page.statusCode).toBe(200);
    expect(
      (await client.post(`/feedback/${first.token}/meetings/${pair.meetings[0]}`, { text: 'Старая ссылка' })).statusCode,
    ).toBe(404);
    expect(
      (await client.post(`/feedback/${second.token}/meetings/${pair.meetings[0]}`, { text: 'Новая ссылка' })).statusCode,
    ).toBe(303);
  });

  it('after the final meeting the student gives its reflection and satisfaction through the link; not before', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', { meetings: [{ type: 'introduction', daysAgo: 10 }] });
    const { token } = await issueLink(pair.id, pair.studentId);
    const { client, page } = await visitor(token);
    expect(textOf(page.body)).not.toContain('Итоги работы в паре');
    expect((await client.post(`/feedback/${token}/reflection`, { reflection: 'Рано', satisfaction: '5' })).statusCode).toBe(409);
    await t.database.db
      .insertInto('meetings')
      .values({ pair_id: pair.id, type: 'final', held_on: daysAgo(1), duration_minutes: 40, format: 'in_person', topic: 'Итоги' })
      .execute();
    expect(textOf((await client.get(`/feedback/${token}`)).body)).toContain('Итоги работы в паре');
    const missing = await client.post(`/feedback/${token}/reflection`, { reflection: '', satisfaction: '' });
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing.body)).toContain('Удовлетворённость работой в паре: выберите оценку от 1 до 10');
    expect(
      (await client.post(`/feedback/${token}/reflection`, { reflection: 'Научилась готовиться к олимпиаде', satisfaction: '10' }))
        .statusCode,
    ).toBe(303);
    const side = await t.database.db
      .selectFrom('pair_mentees')
      .selectAll()
      .where('mentee_id', '=', pair.studentId)
      .executeTakeFirstOrThrow();
    expect(side).toMatchObject({ reflection: 'Научилась готовиться к олимпиаде', satisfaction: 10 });
    expect(side.reflection_at).not.toBeNull();
  });

  it('is issued by the school’s curator only, for an active pair and a mentee without an account', async () => {
    const pair = await addPair(t.database.db, t.world, 'a');
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    expect((await mentor.post(`/pairs/${pair.id}/mentees/${pair.studentId}/feedback-link`)).statusCode).toBe(403);
    const curatorB = await signedIn(t.app, 'curator.b', PASSWORD);
    expect((await curatorB.post(`/pairs/${pair.id}/mentees/${pair.studentId}/feedback-link`)).statusCode).toBe(404);
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const withAccount = await curator.post(`/pairs/${pair.id}/mentees/${pair.teacherMenteeId}/feedback-link`);
    expect(withAccount.statusCode).toBe(409);
    expect(textOf(withAccount.body)).toContain('У наставляемого есть учётная запись');
    const notInPair = await curator.post(`/pairs/${pair.id}/mentees/${t.world.people.menteeB}/feedback-link`);
    expect(notInPair.statusCode).toBe(404);
    const forming = await addPair(t.database.db, t.world, 'a', { status: 'forming', studentLastName: 'Другая' });
    expect((await curator.post(`/pairs/${forming.id}/mentees/${forming.studentId}/feedback-link`)).statusCode).toBe(409);
    expect(
      await t.database.db.selectFrom('pair_mentees').select('mentee_id').where('feedback_token_hash', 'is not', null).execute(),
    ).toHaveLength(0);
  });

  it('never writes the token to the log', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', { meetings: [{ type: 'introduction', daysAgo: 3 }] });
    const { token } = await issueLink(pair.id, pair.studentId);
    const { client } = await visitor(token);
    await client.post(`/feedback/${token}/meetings/${pair.meetings[0]}`, { text: 'Спасибо' });
    await client.get(`/feedback/${token}/no-such-page`);
    const all = logs.raw.join('\n');
    expect(all).toContain('/feedback/[скрыто]');
    expect(all).not.toContain(token);
  });
});

describe('feedback of a mentee with an account', () => {
  it('the mentee sees the meetings waiting for its feedback at home, gives it on the pair page once per meeting, and may edit it', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', {
      meetings: [
        { type: 'introduction', daysAgo: 10 },
        { type: 'joint_work', daysAgo: 2 },
      ],
    });
    const mentee = await signedIn(t.app, 'mentee', PASSWORD);
    const home = textOf((await mentee.get('/')).body);
    expect(home).toContain('Ждут вашего отзыва');
    expect(home).toContain('Тема: joint_work');
    expect(home).toContain('Мои пары');
    const page = await mentee.get(`/pairs/${pair.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/pairs/${pair.id}/meetings/${pair.meetings[1]}/feedback"`);
    // the mentee does not read the other mentee's feedback, nor log meetings
    expect(page.body).not.toContain(`/pairs/${pair.id}/meetings/new`);
    const empty = await mentee.post(`/pairs/${pair.id}/meetings/${pair.meetings[1]}/feedback`, { text: '' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Напишите отзыв о встрече');
    const first = await mentee.post(`/pairs/${pair.id}/meetings/${pair.meetings[1]}/feedback`, {
      text: 'Полезный разбор',
      rating: '9',
    });
    expect(first.statusCode).toBe(303);
    const edited = await mentee.post(`/pairs/${pair.id}/meetings/${pair.meetings[1]}/feedback`, {
      text: 'Очень полезный разбор',
      rating: '',
    });
    expect(edited.statusCode).toBe(303);
    const rows = await t.database.db.selectFrom('meeting_feedback').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      mentee_id: pair.teacherMenteeId,
      text: 'Очень полезный разбор',
      rating: null,
      via: 'account',
    });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'user_id'])
      .where('entity_type', '=', 'meeting_feedback')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'create', user_id: t.world.users.mentee },
      { action: 'update', user_id: t.world.users.mentee },
    ]);
    const homeAfter = textOf((await mentee.get('/')).body);
    expect(homeAfter).not.toContain('Тема: joint_work');
    expect(homeAfter).toContain('Тема: introduction');
    // the student's feedback stays with the mentor and the school
    await t.database.db
      .insertInto('meeting_feedback')
      .values({ meeting_id: pair.meetings[0]!, mentee_id: pair.studentId, text: 'Отзыв ученицы', via: 'link' })
      .execute();
    expect((await mentee.get(`/pairs/${pair.id}`)).body).not.toContain('Отзыв ученицы');
  });

  it('only on its own pairs, only while the pair is active, and other roles may not post it', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', { meetings: [{ type: 'introduction', daysAgo: 10 }] });
    const foreign = await addPair(t.database.db, t.world, 'b', { meetings: [{ type: 'introduction', daysAgo: 10 }] });
    const mentee = await signedIn(t.app, 'mentee', PASSWORD);
    expect((await mentee.post(`/pairs/${foreign.id}/meetings/${foreign.meetings[0]}/feedback`, { text: 'x' })).statusCode).toBe(
      404,
    );
    // a meeting of another pair through its own pair's address
    expect((await mentee.post(`/pairs/${pair.id}/meetings/${foreign.meetings[0]}/feedback`, { text: 'x' })).statusCode).toBe(404);
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    expect((await mentor.post(`/pairs/${pair.id}/meetings/${pair.meetings[0]}/feedback`, { text: 'x' })).statusCode).toBe(403);
    await t.database.db.updateTable('pairs').set({ status: 'completed' }).where('id', '=', pair.id).execute();
    expect((await mentee.post(`/pairs/${pair.id}/meetings/${pair.meetings[0]}/feedback`, { text: 'x' })).statusCode).toBe(409);
    expect(await t.database.db.selectFrom('meeting_feedback').select('meeting_id').execute()).toHaveLength(0);
  });

  it('gives its reflection and satisfaction on the pair page after the final meeting; the completion page shows it as collected', async () => {
    const pair = await addPair(t.database.db, t.world, 'a', {
      meetings: [
        { type: 'introduction', daysAgo: 10 },
        { type: 'final', daysAgo: 1 },
      ],
    });
    const mentee = await signedIn(t.app, 'mentee', PASSWORD);
    const page = textOf((await mentee.get(`/pairs/${pair.id}`)).body);
    expect(page).toContain('Итоги работы в паре');
    expect(
      (await mentee.post(`/pairs/${pair.id}/reflection`, { reflection: 'Стал увереннее на уроках', satisfaction: '8' }))
        .statusCode,
    ).toBe(303);
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    const completion = textOf((await mentor.get(`/pairs/${pair.id}/complete`)).body);
    expect(completion).toMatch(/Подопечный Павел: получена \d\d\.\d\d\.\d{4}, удовлетворённость 8 из 10/);
    expect(completion).toContain('Ученикова Алиса: ждём');
  });
});
