import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { notifyRoadmapApproval } from '../../src/modules/notifications/producers.js';
import { NOTIFICATION_KIND_LIST } from '../../src/modules/notifications/labels.js';
import { runReminders } from '../../src/modules/notifications/reminders.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { addCampaign } from '../helpers/monitoring.js';
import { addPair, daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD, type World } from '../helpers/world.js';

/**
 * The notification matrix (issue 16), like the access matrix: every kind, triggered through the
 * portal's real acts (HTTP, as the person who acts), against everyone who has an account — each
 * role in school A1, a second and a deactivated curator of A1, the head and curator of A's other
 * school A2, A's department and centre, every role of municipality B, the region's operator and the
 * administrator — and the exact set of people who got a row; everyone else nothing.
 *
 * A row: the kind, what happens in words, `arrange` (the acts that bring the world to the state
 * before the act, whose notifications are not counted), `act` (the act itself, by `actor`), `told`
 * (exactly the logins told of it). A reminder's act is the reminders job (runReminders) run at a
 * moment after the arranged state, which for dates and pairs is written in the tables; its `actor`
 * is null, and a run that tells two kinds at once (a school overdue, its coordinator that schools
 * are late) names the second in `alsoTold`, exactly too. Every notice's link opens for its person.
 * A kind added to labels.ts fails «every kind has a row» until its rows are here. Then: the actor
 * is never told, a deactivated person and a person moved to another organisation are not, an act
 * repeated tells once per act, an act refused or rolled back tells no one.
 */

const t = useWorld();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Everyone with an account: the world's (every role in A1, A and B; admin) and these. */
const MORE: { login: string; org: (w: World) => number; role: 'curator' | 'school_head' | 'mentor' | 'mentee' | 'region' }[] = [
  { login: 'curator2', org: (w) => w.a.school, role: 'curator' },
  { login: 'curator.off', org: (w) => w.a.school, role: 'curator' },
  { login: 'school_head.a2', org: (w) => w.a.otherSchool, role: 'school_head' },
  { login: 'curator.a2', org: (w) => w.a.otherSchool, role: 'curator' },
  { login: 'mentor.a2', org: (w) => w.a.otherSchool, role: 'mentor' },
  { login: 'region', org: (w) => w.region, role: 'region' },
];

type School = 'a1' | 'a2';
type Plan = 'schoolA' | 'municipalA';

/** What a row's acts get: the world, signed-in clients, the campaign of municipality A. */
interface Ctx {
  world: World;
  as(login: string): Promise<Client>;
  campaign(): Promise<Campaign>;
}

interface Campaign {
  id: number;
  numberField: number;
  document: number;
}

/** One kind of notification triggered by one act. */
interface NoticeRow {
  kind: string;
  /** What happens, in words (the test's name). */
  what: string;
  /** The state before the act, reached by other acts (their notifications are not counted). */
  arrange?: (c: Ctx) => Promise<void>;
  /** The login that acts; null for the reminders job. */
  actor: string | null;
  act: (c: Ctx) => Promise<void>;
  /** Exactly the logins told of the act. */
  told: string[];
  /** The other kinds the same act tells, each with exactly its logins. */
  alsoTold?: Record<string, string[]>;
}

// --- the acts, through HTTP ---

/** The event a row's arrange planned (issue 18): its page's path. */
let plannedEvent = '';

const SCHOOL_PEOPLE: Record<School, { curator: string; head: string }> = {
  a1: { curator: 'curator', head: 'school_head' },
  a2: { curator: 'curator.a2', head: 'school_head.a2' },
};

function schoolId(c: Ctx, school: School): number {
  return school === 'a1' ? c.world.a.school : c.world.a.otherSchool;
}

async function submissionUrl(c: Ctx, school: School): Promise<string> {
  return `/monitoring/${(await c.campaign()).id}/schools/${schoolId(c, school)}`;
}

async function done(response: Promise<{ statusCode: number; body: string }>): Promise<void> {
  const r = await response;
  expect(r.statusCode, textOf(r.body).slice(0, 400)).toBe(303);
}

const acts = {
  /** Issue 19: A1's curator drafts a practice and sends it to the methodological centre; the practice's id. */
  async practiceSent(c: Ctx): Promise<number> {
    const curator = await c.as('curator');
    const r = await curator.post('/practices', {
      title: 'Клуб молодого педагога',
      form: 'teacher_teacher',
      year: '2026',
      authors: 'Иванова А. П.',
      problem: 'Молодые педагоги уходили из школы',
      actions: 'Встречи клуба',
      results: 'Остались все шесть',
    });
    expect(r.statusCode, textOf(r.body).slice(0, 400)).toBe(303);
    const id = Number(String(r.headers.location).split('/').pop());
    await done(curator.post(`/practices/${id}/send`));
    return id;
  },
  async lastPractice(): Promise<number> {
    const row = await t.database.db
      .selectFrom('practices')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    return Number(row.id);
  },
  /** Issue 18: A1's head nominates the world's mentor of A1 for a letter of thanks; the nomination's id. */
  async nominate(c: Ctx): Promise<number> {
    const r = await (await c.as('school_head')).post('/recognition/nominations', {
      mentor_id: String(c.world.people.mentorA),
      kind: 'letter_of_thanks',
      reason: 'Наставляемые — призёры олимпиады',
    });
    expect(r.statusCode, textOf(r.body).slice(0, 400)).toBe(303);
    return Number(String(r.headers.location).split('/').pop());
  },
  /** Nominated, included in the list and the list sent to A's department. */
  async nominationSent(c: Ctx): Promise<number> {
    const id = await acts.nominate(c);
    const coordinator = await c.as('coordinator');
    await done(coordinator.post(`/recognition/nominations/${id}/include`, { comment: '' }));
    await done(coordinator.post('/recognition/list/send'));
    return id;
  },
  async lastNomination(): Promise<number> {
    const row = await t.database.db
      .selectFrom('award_nominations')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    return Number(row.id);
  },
  async send(c: Ctx, school: School, by = SCHOOL_PEOPLE[school].curator): Promise<void> {
    const campaign = await c.campaign();
    const url = await submissionUrl(c, school);
    const curator = await c.as(by);
    await curator.get(url);
    await done(
      curator.upload(
        `${url}/send`,
        { name: 'Приказ.pdf', data: PDF, type: 'application/pdf', field: `doc_${campaign.document}` },
        { [`f_${campaign.numberField}`]: '14' },
      ),
    );
  },
  async approve(c: Ctx, school: School): Promise<void> {
    await done((await c.as(SCHOOL_PEOPLE[school].head)).post(`${await submissionUrl(c, school)}/approve`));
  },
  async returnIt(c: Ctx, school: School): Promise<void> {
    await done((await c.as('coordinator')).post(`${await submissionUrl(c, school)}/return`, { comment: 'Уточните число.' }));
  },
  async accept(c: Ctx, school: School): Promise<void> {
    await done((await c.as('coordinator')).post(`${await submissionUrl(c, school)}/accept`));
  },
  async reopen(c: Ctx, school: School): Promise<void> {
    await done((await c.as('coordinator')).post(`${await submissionUrl(c, school)}/reopen`, { reason: 'Ошибка в числе.' }));
  },
  async approvePlan(c: Ctx, plan: Plan): Promise<void> {
    const approver = plan === 'schoolA' ? 'school_head' : 'department';
    await done((await c.as(approver)).post(`/roadmaps/${c.world.roadmaps[plan].id}/approve`));
  },
  /** Issue 17: a school's curator marks its school's part of A's municipal item done, with evidence. */
  async markPart(c: Ctx, school: School): Promise<void> {
    const { municipalA } = c.world.roadmaps;
    const url = `/roadmaps/${municipalA.id}/items/${municipalA.item}/schools`;
    const curator = await c.as(SCHOOL_PEOPLE[school].curator);
    await curator.get(url);
    await done(curator.post(`${url}/part`, { status: 'done', completed_on: daysAgo(0), evidence_comment: 'Приказ № 5' }));
  },
  /** Issue 17: the curator of A1 sends its roadmap or programme to the methodological centre. */
  async sendToCentre(c: Ctx, object: 'roadmap' | 'programme'): Promise<void> {
    const url = object === 'roadmap' ? `/roadmaps/${c.world.roadmaps.schoolA.id}` : `/programmes/${c.world.programmes.a}`;
    await done((await c.as('curator')).post(`${url}/agreement/send`, { agreement_note: 'Учтены замечания' }));
  },
  /** The coordinator of A agrees it or returns it with a comment. */
  async answerAsCentre(c: Ctx, object: 'roadmap' | 'programme', outcome: 'agree' | 'return'): Promise<void> {
    const url = object === 'roadmap' ? `/roadmaps/${c.world.roadmaps.schoolA.id}` : `/programmes/${c.world.programmes.a}`;
    await done(
      (await c.as('coordinator')).post(`${url}/agreement/${outcome}`, {
        agreement_comment: outcome === 'return' ? 'Уточните сроки.' : '',
      }),
    );
  },
  /** The roadmap of A1 agreed by the centre (a school's plan is approved only then). */
  async agreePlan(c: Ctx): Promise<void> {
    await acts.sendToCentre(c, 'roadmap');
    await acts.answerAsCentre(c, 'roadmap', 'agree');
  },
  /** The roadmap of A1 agreed by the centre and approved by its head; A's by the department. */
  async agreeAndApprovePlan(c: Ctx, plan: Plan): Promise<void> {
    if (plan === 'schoolA') await acts.agreePlan(c);
    await acts.approvePlan(c, plan);
  },
  async revokePlan(c: Ctx, plan: Plan): Promise<void> {
    const approver = plan === 'schoolA' ? 'school_head' : 'department';
    await done((await c.as(approver)).post(`/roadmaps/${c.world.roadmaps[plan].id}/approve/revoke`));
  },
  async askPlan(c: Ctx, plan: Plan): Promise<void> {
    const author = plan === 'schoolA' ? 'curator' : 'coordinator';
    await done((await c.as(author)).post(`/roadmaps/${c.world.roadmaps[plan].id}/approval/ask`, { note: 'Добавлены сроки' }));
  },
  async refusePlan(c: Ctx, plan: Plan): Promise<void> {
    const approver = plan === 'schoolA' ? 'school_head' : 'department';
    await done(
      (await c.as(approver)).post(`/roadmaps/${c.world.roadmaps[plan].id}/approval/refuse`, {
        comment: 'Укажите сроки в датах.',
      }),
    );
  },
  /** Issue 17: the coordinator of A addresses A's municipal item to A2 only, or back to «Ответственные» (every school). */
  async address(c: Ctx, to: 'a2' | 'responsible'): Promise<void> {
    const { id, item } = c.world.roadmaps.municipalA;
    const form: Record<string, string> =
      to === 'a2' ? { mode: 'chosen', schools: String(c.world.a.otherSchool) } : { mode: 'responsible' };
    await done((await c.as('coordinator')).post(`/roadmaps/${id}/items/${item}/schools`, form));
  },
  /** The coordinator of A launches a campaign for every school of A, opening in `opensIn` days. */
  async launch(c: Ctx, opensIn: number): Promise<void> {
    const coordinator = await c.as('coordinator');
    await coordinator.get('/monitoring/new');
    await done(
      coordinator.post('/monitoring', {
        title: 'Мониторинг целевой модели наставничества',
        level: 'municipal',
        period_kind: 'calendar_year',
        period_year: daysAgo(0).slice(0, 4),
        as_of: daysAgo(0),
        opens_on: daysAgo(-opensIn),
        deadline: daysAgo(-opensIn - 20),
        all_schools: 'all',
        field_1_label: 'Число педагогов-наставников',
        field_1_kind: 'number',
        field_1_required: 'on',
        doc_1_title: 'Приказ о закреплении наставников',
        doc_1_required: 'on',
      }),
    );
  },
  /** The curator of A1 attaches the document of A1's programme and offers it to the bank. */
  async offerProgramme(c: Ctx): Promise<void> {
    const id = c.world.programmes.a;
    const curator = await c.as('curator');
    await curator.get(`/programmes/${id}/edit`);
    await done(
      curator.upload(
        `/programmes/${id}/edit`,
        { name: 'Программа.pdf', data: PDF, type: 'application/pdf' },
        {
          title: 'Программа школы А1',
          form: 'teacher_teacher',
          target_group: 'Молодые педагоги',
          goals: 'Адаптация молодого педагога.',
          duration: 'сентябрь – май',
          expected_results: 'Молодой педагог ведёт уроки сам.',
        },
      ),
    );
    await curator.get(`/programmes/${id}`);
    await done(curator.post(`/programmes/${id}/submit`));
  },
  /** An agreement of A1 with A's partner (issue 17); the coordinator chooses the school. */
  async recordAgreement(c: Ctx, login: string): Promise<void> {
    const client = await c.as(login);
    await client.get('/agreements/new');
    await done(
      client.post('/agreements', {
        school_id: String(c.world.a.school),
        kind: 'partner',
        party_id: String(c.world.a.partner),
        valid_from: '2020-01-01',
        subject: 'Наставничество специалистов предприятия',
      }),
    );
  },
  async reviewProgramme(c: Ctx, decision: 'accept' | 'return'): Promise<void> {
    const id = c.world.programmes.a;
    const coordinator = await c.as('coordinator');
    await coordinator.get(`/programmes/${id}`);
    await done(coordinator.post(`/programmes/${id}/${decision}`, { comment: decision === 'return' ? 'Добавьте план.' : '' }));
  },
  async changePlan(c: Ctx, plan: Plan, activity = 'Разработка положения (новая редакция)'): Promise<void> {
    const editor = plan === 'schoolA' ? 'curator' : 'coordinator';
    const { id, item } = c.world.roadmaps[plan];
    await done(
      (await c.as(editor)).post(`/roadmaps/${id}/items/${item}/edit`, {
        number: '1.1',
        activity,
        deadline_text: 'до 30.08.2022',
        responsible: 'ОУ',
      }),
    );
  },
};

const DAY = 86_400_000;

/** The reminders job (every kind of reminder) run `days` from now. */
function remindersIn(days: number): () => Promise<void> {
  return async () => {
    await runReminders(t.database.db, new Date(Date.now() + days * DAY));
  };
}

/** The roadmaps of A1 and of A made current, their items due `dueIn` days from today: A1's by its curators, A's by the department. */
async function itemsDue(c: Ctx, dueIn: number): Promise<void> {
  const db = t.database.db;
  const { schoolA, municipalA } = c.world.roadmaps;
  const year = Number(daysAgo(0).slice(0, 4));
  await db
    .updateTable('roadmaps')
    .set({ period_from: year - 1, period_to: year + 1 })
    .where('id', 'in', [schoolA.id, municipalA.id])
    .execute();
  for (const [item, links] of [
    [schoolA.item, ['curators']],
    [municipalA.item, ['department']],
  ] as const) {
    await db
      .updateTable('roadmap_items')
      .set({ deadline: JSON.stringify({ kind: 'date', date: daysAgo(-dueIn) }), responsible_links: [...links] })
      .where('id', '=', item)
      .execute();
  }
}

/** Issue 17: only A's municipal item is due, `dueIn` days from today, addressed to the schools («Ответственные»: the centre and the schools). */
async function municipalItemDue(c: Ctx, dueIn: number): Promise<void> {
  const db = t.database.db;
  const { municipalA } = c.world.roadmaps;
  const year = Number(daysAgo(0).slice(0, 4));
  await db
    .updateTable('roadmaps')
    .set({ period_from: year - 1, period_to: year + 1 })
    .where('id', '=', municipalA.id)
    .execute();
  await db
    .updateTable('roadmap_items')
    .set({ deadline: JSON.stringify({ kind: 'date', date: daysAgo(-dueIn) }), responsible_links: ['method_center', 'schools'] })
    .where('id', '=', municipalA.item)
    .execute();
}

/** The campaign of A launched before the act (its opening tells the schools, not counted). */
async function launched(c: Ctx): Promise<void> {
  await c.campaign();
}

// --- the matrix ---

const ROWS: NoticeRow[] = [
  {
    kind: 'monitoring_sent',
    what: 'the curator of A1 sends its submission: its head',
    arrange: launched,
    actor: 'curator',
    act: (c) => acts.send(c, 'a1'),
    told: ['school_head'],
  },
  {
    kind: 'monitoring_sent',
    what: 'the curator of A2 sends its submission: its head, nobody of A1',
    arrange: launched,
    actor: 'curator.a2',
    act: (c) => acts.send(c, 'a2'),
    told: ['school_head.a2'],
  },
  {
    kind: 'monitoring_approved',
    what: 'the head of A1 approves the sent submission: the coordinator of A',
    arrange: (c) => acts.send(c, 'a1'),
    actor: 'school_head',
    act: (c) => acts.approve(c, 'a1'),
    told: ['coordinator'],
  },
  {
    kind: 'monitoring_returned',
    what: 'the coordinator returns an approved submission of A1: its curators',
    arrange: async (c) => {
      await acts.send(c, 'a1');
      await acts.approve(c, 'a1');
    },
    actor: 'coordinator',
    act: (c) => acts.returnIt(c, 'a1'),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'monitoring_returned',
    what: 'the coordinator returns a sent submission of A2: its curator only',
    arrange: (c) => acts.send(c, 'a2'),
    actor: 'coordinator',
    act: (c) => acts.returnIt(c, 'a2'),
    told: ['curator.a2'],
  },
  {
    kind: 'monitoring_returned',
    what: 'the coordinator re-opens an accepted submission of A1: its curators',
    arrange: async (c) => {
      await acts.send(c, 'a1');
      await acts.approve(c, 'a1');
      await acts.accept(c, 'a1');
    },
    actor: 'coordinator',
    act: (c) => acts.reopen(c, 'a1'),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'monitoring_accepted',
    what: 'the coordinator accepts the approved submission of A1: its curators and head',
    arrange: async (c) => {
      await acts.send(c, 'a1');
      await acts.approve(c, 'a1');
    },
    actor: 'coordinator',
    act: (c) => acts.accept(c, 'a1'),
    told: ['curator', 'curator2', 'school_head'],
  },
  {
    kind: 'roadmap_approved',
    what: 'the head of A1 approves its roadmap agreed by the centre: its curators',
    arrange: (c) => acts.agreePlan(c),
    actor: 'school_head',
    act: (c) => acts.approvePlan(c, 'schoolA'),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'roadmap_approved',
    what: "the department approves A's roadmap: the coordinator",
    actor: 'department',
    act: (c) => acts.approvePlan(c, 'municipalA'),
    told: ['coordinator'],
  },
  {
    kind: 'roadmap_approval_needed',
    what: 'the curator changes the approved roadmap of A1, which takes the approval back: its head (and the agreement: the coordinator)',
    arrange: (c) => acts.agreeAndApprovePlan(c, 'schoolA'),
    actor: 'curator',
    act: (c) => acts.changePlan(c, 'schoolA'),
    told: ['school_head'],
    alsoTold: { centre_agreement_revoked: ['coordinator'] },
  },
  {
    kind: 'roadmap_approval_needed',
    what: "the coordinator changes A's approved roadmap: the department",
    arrange: (c) => acts.approvePlan(c, 'municipalA'),
    actor: 'coordinator',
    act: (c) => acts.changePlan(c, 'municipalA'),
    told: ['department'],
  },
  {
    kind: 'roadmap_approval_revoked',
    what: 'the head of A1 takes back its approval: its curators',
    arrange: (c) => acts.agreeAndApprovePlan(c, 'schoolA'),
    actor: 'school_head',
    act: (c) => acts.revokePlan(c, 'schoolA'),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'roadmap_approval_revoked',
    what: "the department takes back its approval of A's roadmap: the coordinator",
    arrange: (c) => acts.approvePlan(c, 'municipalA'),
    actor: 'department',
    act: (c) => acts.revokePlan(c, 'municipalA'),
    told: ['coordinator'],
  },
  {
    kind: 'roadmap_approval_asked',
    what: 'the curator sends the roadmap of A1 for approval: its head',
    actor: 'curator',
    act: (c) => acts.askPlan(c, 'schoolA'),
    told: ['school_head'],
  },
  {
    kind: 'roadmap_approval_asked',
    what: "the coordinator sends A's roadmap for approval: the department",
    actor: 'coordinator',
    act: (c) => acts.askPlan(c, 'municipalA'),
    told: ['department'],
  },
  {
    kind: 'roadmap_approval_refused',
    what: 'the head of A1 returns the roadmap sent to it with a comment: its curators',
    arrange: (c) => acts.askPlan(c, 'schoolA'),
    actor: 'school_head',
    act: (c) => acts.refusePlan(c, 'schoolA'),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'roadmap_approval_refused',
    what: "the department returns A's roadmap sent to it with a comment: the coordinator",
    arrange: (c) => acts.askPlan(c, 'municipalA'),
    actor: 'department',
    act: (c) => acts.refusePlan(c, 'municipalA'),
    told: ['coordinator'],
  },
  {
    kind: 'roadmap_item_addressed',
    what: "the coordinator addresses A's municipal item to A2 only: A2's curator (not its head)",
    actor: 'coordinator',
    act: (c) => acts.address(c, 'a2'),
    told: ['curator.a2'],
  },
  {
    kind: 'roadmap_item_addressed',
    what: 'the coordinator addresses it back to every school «Ответственные» name: the curators of A1, which the choice left out',
    arrange: (c) => acts.address(c, 'a2'),
    actor: 'coordinator',
    act: (c) => acts.address(c, 'responsible'),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'centre_agreement_asked',
    what: 'the curator of A1 sends its roadmap to the methodological centre: the coordinator of A',
    actor: 'curator',
    act: (c) => acts.sendToCentre(c, 'roadmap'),
    told: ['coordinator'],
  },
  {
    kind: 'centre_agreement_asked',
    what: 'the curator of A1 sends its programme to the methodological centre: the coordinator of A',
    actor: 'curator',
    act: (c) => acts.sendToCentre(c, 'programme'),
    told: ['coordinator'],
  },
  {
    kind: 'centre_agreement_given',
    what: 'the coordinator of A agrees the roadmap of A1: its curators',
    arrange: (c) => acts.sendToCentre(c, 'roadmap'),
    actor: 'coordinator',
    act: (c) => acts.answerAsCentre(c, 'roadmap', 'agree'),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'centre_agreement_given',
    what: 'the coordinator of A agrees the programme of A1: its curators',
    arrange: (c) => acts.sendToCentre(c, 'programme'),
    actor: 'coordinator',
    act: (c) => acts.answerAsCentre(c, 'programme', 'agree'),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'centre_agreement_returned',
    what: 'the coordinator of A returns the roadmap of A1 with a comment: its curators',
    arrange: (c) => acts.sendToCentre(c, 'roadmap'),
    actor: 'coordinator',
    act: (c) => acts.answerAsCentre(c, 'roadmap', 'return'),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'centre_agreement_returned',
    what: 'the coordinator of A returns the programme of A1 with a comment: its curators',
    arrange: (c) => acts.sendToCentre(c, 'programme'),
    actor: 'coordinator',
    act: (c) => acts.answerAsCentre(c, 'programme', 'return'),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'centre_agreement_revoked',
    what: 'the curator of A1 changes its agreed programme: the coordinator of A',
    arrange: async (c) => {
      await acts.sendToCentre(c, 'programme');
      await acts.answerAsCentre(c, 'programme', 'agree');
    },
    actor: 'curator',
    act: async (c) => {
      await done(
        (await c.as('curator')).post(`/programmes/${c.world.programmes.a}/edit`, {
          title: 'Программа после согласования',
          form: 'teacher_teacher',
        }),
      );
    },
    told: ['coordinator'],
  },
  {
    kind: 'monitoring_opened',
    what: "the coordinator launches a campaign opening today: the curators and heads of A's schools",
    actor: 'coordinator',
    act: (c) => acts.launch(c, 0),
    told: ['curator', 'curator2', 'school_head', 'curator.a2', 'school_head.a2'],
  },
  {
    kind: 'monitoring_opened',
    what: 'a campaign launched to open later, on its opening day: the job tells the same people',
    arrange: async (c) => {
      await acts.launch(c, 3);
      // Three days later (the pages are read today, so the dates come back instead: it opens today).
      await t.database.db
        .updateTable('monitoring_campaigns')
        .set({ opens_on: daysAgo(0), deadline: daysAgo(-20) })
        .execute();
    },
    actor: null,
    act: remindersIn(0),
    told: ['curator', 'curator2', 'school_head', 'curator.a2', 'school_head.a2'],
  },
  {
    kind: 'monitoring_due',
    what: "7 days before the deadline: whoever must act next — A1's head (its report sent), A2's curator",
    arrange: (c) => acts.send(c, 'a1'),
    actor: null,
    act: remindersIn(3),
    told: ['school_head', 'curator.a2'],
  },
  {
    kind: 'monitoring_overdue',
    what: 'the deadline passed: the curator and head of A2 (not approved), and the coordinator of A that schools are late',
    arrange: async (c) => {
      await acts.send(c, 'a1');
      await acts.approve(c, 'a1');
    },
    actor: null,
    act: remindersIn(11),
    told: ['curator.a2', 'school_head.a2'],
    alsoTold: { monitoring_schools_late: ['coordinator'] },
  },
  {
    kind: 'roadmap_item_due',
    what: "items due in 6 days: the people each roadmap names — A1's curators, A's department",
    arrange: (c) => itemsDue(c, 6),
    actor: null,
    act: remindersIn(0),
    told: ['curator', 'curator2', 'department'],
  },
  {
    kind: 'roadmap_item_overdue',
    what: 'the same items the day after their deadline: the same people',
    arrange: async (c) => {
      await itemsDue(c, 6);
      await remindersIn(0)();
    },
    actor: null,
    act: remindersIn(7),
    told: ['curator', 'curator2', 'department'],
  },
  {
    kind: 'roadmap_item_due',
    what: "A's municipal item addressed to the schools due in 6 days, A1's part done: the coordinator of the item, A2's curator and head of their part",
    arrange: async (c) => {
      await municipalItemDue(c, 6);
      await acts.markPart(c, 'a1');
    },
    actor: null,
    act: remindersIn(0),
    told: ['coordinator', 'curator.a2', 'school_head.a2'],
  },
  {
    kind: 'roadmap_item_overdue',
    what: 'the same item the day after its deadline, A2 still not done: the same people',
    arrange: async (c) => {
      await municipalItemDue(c, 6);
      await acts.markPart(c, 'a1');
      await remindersIn(0)();
    },
    actor: null,
    act: remindersIn(7),
    told: ['coordinator', 'curator.a2', 'school_head.a2'],
  },
  {
    kind: 'pair_quiet_mentor',
    what: 'a pair of A1 without meetings for 22 days: its mentor',
    arrange: async (c) => {
      await addPair(t.database.db, c.world, 'a', { meetings: [{ type: 'joint_work', daysAgo: 22 }] });
    },
    actor: null,
    act: remindersIn(0),
    told: ['mentor'],
  },
  {
    kind: 'pair_quiet_curator',
    what: 'the same pair 8 days later, 30 days without meetings: the curators of A1',
    arrange: async (c) => {
      await addPair(t.database.db, c.world, 'a', { meetings: [{ type: 'joint_work', daysAgo: 22 }] });
      await remindersIn(0)();
    },
    actor: null,
    act: remindersIn(8),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'meeting_feedback_waiting',
    what: 'a meeting of a pair of A1 held 2 days ago without feedback: its mentee',
    arrange: async (c) => {
      await addPair(t.database.db, c.world, 'a', { meetings: [{ type: 'joint_work', daysAgo: 2 }] });
    },
    actor: null,
    act: remindersIn(0),
    told: ['mentee'],
  },
  {
    kind: 'programme_returned',
    what: "the coordinator returns A1's programme offered to the bank: the curators of A1",
    arrange: (c) => acts.offerProgramme(c),
    actor: 'coordinator',
    act: (c) => acts.reviewProgramme(c, 'return'),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'programme_accepted',
    what: "the coordinator accepts A1's programme into the bank: the curators of A1",
    arrange: (c) => acts.offerProgramme(c),
    actor: 'coordinator',
    act: (c) => acts.reviewProgramme(c, 'accept'),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'event_registration_opened',
    what: "the coordinator opens registration for a municipal seminar of every school's curators and mentors: the active curators and mentors of A's schools (not heads, not B's)",
    arrange: async (c) => {
      const response = await (await c.as('coordinator')).post('/events', {
        title: 'Семинар наставников',
        kind: 'seminar',
        level: 'municipal',
        starts_at: `${new Date().getUTCFullYear() + 1}-03-10T10:00`,
        ends_at: `${new Date().getUTCFullYear() + 1}-03-10T12:00`,
        place: 'Методический центр',
        audience_roles: ['curator', 'mentor'],
        schools: 'all',
      });
      expect(response.statusCode, textOf(response.body).slice(0, 400)).toBe(303);
      plannedEvent = String(response.headers.location);
    },
    actor: 'coordinator',
    act: async (c) => {
      await done((await c.as('coordinator')).post(`${plannedEvent}/status`, { to: 'registration_open' }));
    },
    told: ['curator', 'curator2', 'curator.a2', 'mentor', 'mentor.a2'],
  },
  {
    kind: 'agreement_created',
    what: "the coordinator records A1's agreement with A's partner: the curators of A1 (not its head, not A2's)",
    actor: 'coordinator',
    act: (c) => acts.recordAgreement(c, 'coordinator'),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'mentor_paired_elsewhere',
    what: "A2's curator pairs its mentee with A1's mentor opened to the municipality: A1's curators and head (not A2's, not the coordinator)",
    arrange: async (c) => {
      const db = t.database.db;
      await db
        .updateTable('mentors')
        .set({ consent_date: '2026-01-15', category: 'teacher', capacity: 3 })
        .where('id', '=', c.world.people.mentorA)
        .execute();
      const curator = await c.as('curator');
      await curator.get(`/mentors/${c.world.people.mentorA}`);
      await done(curator.post(`/mentors/${c.world.people.mentorA}/share`));
    },
    actor: 'curator.a2',
    act: async (c) => {
      const db = t.database.db;
      const programme = await db
        .insertInto('programmes')
        .values({ organization_id: c.world.a.otherSchool, title: 'Программа Школы А2', form: 'teacher_teacher' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const mentee = await db
        .insertInto('mentees')
        .values({ organization_id: c.world.a.otherSchool, last_name: 'Соседкин', first_name: 'Пётр', category: 'new_teacher' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const client = await c.as('curator.a2');
      await client.get('/pairs/new');
      await done(
        client.post('/pairs', {
          programme_id: String(programme.id),
          form: 'teacher_teacher',
          kind: 'traditional',
          planned_start: '2026-09-01',
          planned_end: '2027-05-31',
          role_model: '',
          goals: '',
          mentor_ids: String(c.world.people.mentorA),
          mentee_ids: String(mentee.id),
        }),
      );
    },
    told: ['curator', 'curator2', 'school_head'],
  },
  {
    kind: 'award_nominated',
    what: "A1's head nominates a mentor of A1: the coordinator of A (not B's, not the school)",
    actor: 'school_head',
    act: async (c) => {
      await acts.nominate(c);
    },
    told: ['coordinator'],
  },
  {
    kind: 'award_list_sent',
    what: "the coordinator sends the municipal list: A's department",
    arrange: async (c) => {
      const id = await acts.nominate(c);
      await done((await c.as('coordinator')).post(`/recognition/nominations/${id}/include`, { comment: '' }));
    },
    actor: 'coordinator',
    act: (c) => done(c.as('coordinator').then((cl) => cl.post('/recognition/list/send'))),
    told: ['department'],
  },
  {
    kind: 'award_decided',
    what: "the department supports a nomination of A1: A1's head and curators (not the mentor, not A2's)",
    arrange: async (c) => {
      await acts.nominationSent(c);
    },
    actor: 'department',
    act: async (c) =>
      done((await c.as('department')).post(`/recognition/nominations/${await acts.lastNomination()}/support`, { comment: '' })),
    told: ['curator', 'curator2', 'school_head'],
  },
  {
    kind: 'award_decided',
    what: "the department refuses a nomination of A1: A1's head and curators",
    arrange: async (c) => {
      await acts.nominationSent(c);
    },
    actor: 'department',
    act: async (c) =>
      done(
        (await c.as('department')).post(`/recognition/nominations/${await acts.lastNomination()}/refuse`, {
          comment: 'Уже награждена',
        }),
      ),
    told: ['curator', 'curator2', 'school_head'],
  },
  {
    kind: 'award_granted',
    what: "the department's order grants the award: A1's head and curators, and the awarded mentor with its account",
    arrange: async (c) => {
      await t.database.db
        .updateTable('mentors')
        .set({ user_id: c.world.users.mentor! })
        .where('id', '=', c.world.people.mentorA)
        .execute();
      const id = await acts.nominationSent(c);
      await done((await c.as('department')).post(`/recognition/nominations/${id}/support`, { comment: '' }));
    },
    actor: 'department',
    act: async (c) =>
      done((await c.as('department')).post('/recognition/order', { order_number: '15-о', order_date: '2026-12-01' })),
    told: ['curator', 'curator2', 'mentor', 'school_head'],
  },
  {
    kind: 'practice_submitted',
    what: "A1's curator sends a practice to the centre: A's coordinator (not B's, not the department, not the school)",
    actor: 'curator',
    act: async (c) => {
      await acts.practiceSent(c);
    },
    told: ['coordinator'],
  },
  {
    kind: 'practice_returned',
    what: "the coordinator returns A1's practice: A1's curators (not the head, not A2's)",
    arrange: async (c) => {
      await acts.practiceSent(c);
    },
    actor: 'coordinator',
    act: async (c) =>
      done((await c.as('coordinator')).post(`/practices/${await acts.lastPractice()}/return`, { comment: 'Добавьте цифры' })),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'practice_accepted',
    what: "the coordinator accepts A1's practice into the register: A1's curators",
    arrange: async (c) => {
      await acts.practiceSent(c);
    },
    actor: 'coordinator',
    act: async (c) => done((await c.as('coordinator')).post(`/practices/${await acts.lastPractice()}/accept`)),
    told: ['curator', 'curator2'],
  },
  {
    kind: 'practice_published',
    what: "the coordinator publishes A1's practice: A1's curators",
    arrange: async (c) => {
      const id = await acts.practiceSent(c);
      await done((await c.as('coordinator')).post(`/practices/${id}/accept`));
    },
    actor: 'coordinator',
    act: async (c) => done((await c.as('coordinator')).post(`/practices/${await acts.lastPractice()}/publish`)),
    told: ['curator', 'curator2'],
  },
];

// --- the harness ---

async function addPeople(world: World): Promise<void> {
  const db = t.database.db;
  const hash = await db.selectFrom('users').select('password_hash').where('login', '=', 'curator').executeTakeFirstOrThrow();
  await db
    .insertInto('users')
    .values(
      MORE.map((p) => ({
        login: p.login,
        full_name: `Тестов ${p.login} Иванович`,
        organization_id: p.org(world),
        role: p.role,
        password_hash: hash.password_hash,
        is_active: p.login !== 'curator.off',
      })),
    )
    .execute();
}

function context(world: World): Ctx {
  const clients = new Map<string, Client>();
  let campaign: Campaign | null = null;
  return {
    world,
    async as(login) {
      let client = clients.get(login);
      if (!client) {
        client = await signedIn(t.app, login, PASSWORD);
        clients.set(login, client);
      }
      return client;
    },
    async campaign() {
      if (campaign) return campaign;
      const db = t.database.db;
      const id = await addCampaign(db, 'coordinator');
      const field = await db
        .selectFrom('monitoring_fields')
        .select('id')
        .where('campaign_id', '=', id)
        .where('kind', '=', 'number')
        .executeTakeFirstOrThrow();
      const document = await db
        .selectFrom('monitoring_documents')
        .select('id')
        .where('campaign_id', '=', id)
        .executeTakeFirstOrThrow();
      campaign = { id, numberField: field.id, document: document.id };
      return campaign;
    },
  };
}

async function lastId(): Promise<number> {
  const row = await t.database.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Who was told of what since the notification `after`: 'login:kind', sorted (a person told twice appears twice). */
async function toldSince(after: number): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .select(['users.login', 'notifications.kind'])
    .where('notifications.id', '>', after)
    .execute();
  return rows.map((r) => `${r.login}:${r.kind}`).sort();
}

async function told(act: () => Promise<unknown>): Promise<string[]> {
  const before = await lastId();
  await act();
  return toldSince(before);
}

const expected = (kind: string, logins: string[]) => logins.map((l) => `${l}:${kind}`).sort();

async function setup(): Promise<Ctx> {
  await addPeople(t.world);
  return context(t.world);
}

describe('the notification matrix: each act tells exactly these people', () => {
  it('every kind of notification has a row', () => {
    const covered = new Set(ROWS.flatMap((r) => [r.kind, ...Object.keys(r.alsoTold ?? {})]));
    expect(NOTIFICATION_KIND_LIST.filter((kind) => !covered.has(kind))).toEqual([]);
  });

  it.each(ROWS.map((row) => [`${row.kind}: ${row.what}`, row] as const))('%s', async (_name, row) => {
    const c = await setup();
    await row.arrange?.(c);
    const before = await lastId();
    await row.act(c);
    const also = Object.entries(row.alsoTold ?? {}).flatMap(([kind, logins]) => expected(kind, logins));
    expect(await toldSince(before)).toEqual([...expected(row.kind, row.told), ...also].sort());
    if (row.actor !== null) expect(row.told).not.toContain(row.actor);
    // Each notice's link leads to a page its recipient may open.
    const links = await t.database.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['users.login', 'notifications.link'])
      .where('notifications.id', '>', before)
      .execute();
    for (const { login, link } of links) {
      const page = await (await c.as(login)).get(link);
      expect(page.statusCode, `${login} ${link}`).toBe(200);
    }
  });
});

describe('who is never told', () => {
  it('the person who acts, though the rules pick it', async () => {
    await setup();
    const db = t.database.db;
    const { id } = t.world.roadmaps.schoolA;
    const roadmap = await db
      .selectFrom('roadmaps')
      .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
      .select([
        'roadmaps.id',
        'roadmaps.title',
        'roadmaps.kind',
        'roadmaps.published_at',
        'roadmaps.organization_id',
        'organizations.type as organization_type',
        'organizations.municipality_id',
      ])
      .where('roadmaps.id', '=', id)
      .executeTakeFirstOrThrow();
    // No act of the portal today has its actor among the people its rules pick; the producer is
    // asked directly with the curator as the actor of an event that tells the curators.
    const result = await told(() =>
      db.transaction().execute((trx) =>
        notifyRoadmapApproval(trx, {
          actorId: t.world.users.curator ?? 0,
          notice: 'approval_revoked',
          approvedAt: new Date(),
          roadmap,
        }),
      ),
    );
    expect(result).toEqual(['curator2:roadmap_approval_revoked']);
  });

  it('a deactivated person, and a person moved to another school (told of the new one instead)', async () => {
    const c = await setup();
    await acts.send(c, 'a1');
    await acts.send(c, 'a2');
    const admin = await c.as('admin');
    await done(admin.post(`/users/${t.world.users.curator}/deactivate`));
    const moved = await t.database.db.selectFrom('users').select('id').where('login', '=', 'curator2').executeTakeFirstOrThrow();
    await admin.get(`/users/${moved.id}/edit`);
    await done(
      admin.post(`/users/${moved.id}`, {
        login: 'curator2',
        full_name: 'Тестов curator2 Иванович',
        position: '',
        organization_id: String(t.world.a.otherSchool),
        role: 'curator',
        email: '',
        phone: '',
      }),
    );
    // A1's curators are now one deactivated, one moved and one never active: nobody is told.
    expect(await told(() => acts.returnIt(c, 'a1'))).toEqual([]);
    // A2's: its curator and the one moved there.
    expect(await told(() => acts.returnIt(c, 'a2'))).toEqual(expected('monitoring_returned', ['curator.a2', 'curator2']));
  });
});

describe('each act tells once', () => {
  it('returned twice: each return tells the curators once; the same approval posted twice tells once', async () => {
    const c = await setup();
    await acts.send(c, 'a1');
    expect(await told(() => acts.returnIt(c, 'a1'))).toEqual(expected('monitoring_returned', ['curator', 'curator2']));
    await acts.send(c, 'a1');
    await acts.approve(c, 'a1');
    expect(await told(() => acts.returnIt(c, 'a1'))).toEqual(expected('monitoring_returned', ['curator', 'curator2']));
    const all = await toldSince(0);
    expect(all.filter((r) => r === 'curator:monitoring_returned')).toHaveLength(2);

    await acts.agreePlan(c);
    expect(await told(() => acts.approvePlan(c, 'schoolA'))).toEqual(expected('roadmap_approved', ['curator', 'curator2']));
    // Approving an approved roadmap again changes nothing and tells no one.
    expect(await told(() => acts.approvePlan(c, 'schoolA'))).toEqual([]);
    // A second change after the approval was taken back: no approval to take, nobody told.
    expect(await told(() => acts.changePlan(c, 'schoolA'))).toEqual(
      [...expected('centre_agreement_revoked', ['coordinator']), ...expected('roadmap_approval_needed', ['school_head'])].sort(),
    );
    expect(await told(() => acts.changePlan(c, 'schoolA', 'Ещё одна редакция'))).toEqual([]);
  });
});

describe('an act that fails tells no one', () => {
  it('refused: the head approves a submission nobody sent', async () => {
    const c = await setup();
    const head = await c.as('school_head');
    const url = await submissionUrl(c, 'a1');
    const result = await told(async () => {
      const response = await head.post(`${url}/approve`);
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
    });
    expect(result).toEqual([]);
  });

  it('rolled back: the act fails when it commits, after the notifications were written', async () => {
    const c = await setup();
    await acts.send(c, 'a1');
    const coordinator = await c.as('coordinator');
    const url = await submissionUrl(c, 'a1');
    const db = t.database.db;
    // The act's transaction fails at its commit (a deferred check on the audit log, written in it).
    await sql`create function test_fail_at_commit() returns trigger language plpgsql as $$
      begin raise exception 'the act fails at commit'; end $$`.execute(db);
    await sql`create constraint trigger test_fail_at_commit after insert on audit_log
      deferrable initially deferred for each row execute function test_fail_at_commit()`.execute(db);
    try {
      const result = await told(async () => {
        const response = await coordinator.post(`${url}/return`, { comment: 'Уточните.' });
        expect(response.statusCode).toBe(500);
      });
      expect(result).toEqual([]);
    } finally {
      await sql`drop trigger test_fail_at_commit on audit_log`.execute(db);
      await sql`drop function test_fail_at_commit()`.execute(db);
    }
    const submission = await db
      .selectFrom('monitoring_submissions')
      .select('status')
      .where('campaign_id', '=', (await c.campaign()).id)
      .where('organization_id', '=', t.world.a.school)
      .executeTakeFirstOrThrow();
    expect(submission.status).toBe('sent');
    // The same act, now committed, tells its curators.
    expect(await told(() => acts.returnIt(c, 'a1'))).toEqual(expected('monitoring_returned', ['curator', 'curator2']));
  });
});
