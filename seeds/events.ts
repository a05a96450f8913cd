import type { Kysely } from 'kysely';
import type { Database, EventResult } from '../src/db/types.js';
import { DEFAULT_TIME_ZONE, momentOfLocal, runInTimeZoneOf } from '../src/lib/dates.js';
import { absoluteUrl } from '../src/lib/mailer.js';
import { recordEventEvidence, syncEventTrainings } from '../src/modules/events/held-writes.js';

/**
 * Events of the demo municipality (issue 18): last year's municipal seminar, held, with its
 * attendance and a published summary; last year's contest «Наставник года» with its results; this
 * year's plan — a webinar with registration open and a few registrations (the demo mentor among
 * them), a conference planned — and an event of the demo school (a week of open lessons).
 * What the held events add, as the acts would: the seminar's attendees have it in their training
 * history and the seminar is evidence on the roadmap item it carries out; the contest's winner is
 * in last year's list of best mentors.
 * Dates are counted from `today`, so the states hold.
 */
export async function seedDemoEvents(
  db: Kysely<Database>,
  municipalityId: number,
  demoSchoolId: number,
  accounts: { coordinator: number; curator: number; mentor: number },
  today: string,
): Promise<void> {
  const zone =
    (await db.selectFrom('organizations').select('time_zone').where('id', '=', municipalityId).executeTakeFirst())?.time_zone ??
    DEFAULT_TIME_ZONE;
  const year = Number(today.slice(0, 4));
  const at = (day: string, time: string) => momentOfLocal(`${day}T${time}`, zone) as Date;
  const shift = (days: number) => {
    const d = new Date(`${today}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  const mentors = await db
    .selectFrom('mentors')
    .select(['id', 'user_id'])
    .where('organization_id', '=', demoSchoolId)
    .where('archived_at', 'is', null)
    .where('erased_at', 'is', null)
    .where('status', '<>', 'left')
    .orderBy('id')
    .limit(6)
    .execute();
  const withoutAccount = mentors.filter((m) => m.user_id === null);
  const demoMentor = mentors.find((m) => m.user_id === accounts.mentor) ?? null;
  const items = await db
    .selectFrom('roadmap_items')
    .innerJoin('roadmaps', 'roadmaps.id', 'roadmap_items.roadmap_id')
    .select('roadmap_items.id')
    .where('roadmaps.organization_id', '=', municipalityId)
    .where('roadmaps.kind', '=', 'plan')
    .where('roadmap_items.kind', '=', 'item')
    .orderBy('roadmap_items.position')
    .limit(1)
    .execute();

  const insert = async (values: Parameters<ReturnType<typeof db.insertInto<'events'>>['values']>[0]) =>
    (await db.insertInto('events').values(values).returning('id').executeTakeFirstOrThrow()).id;
  const register = async (
    eventId: number,
    people: {
      user_id?: number | null;
      mentor_id?: number | null;
      attended?: boolean | null;
      result?: EventResult | null;
      org?: number;
    }[],
  ) => {
    if (people.length === 0) return;
    await db
      .insertInto('event_registrations')
      .values(
        people.map((p) => ({
          event_id: eventId,
          user_id: p.user_id ?? null,
          mentor_id: p.mentor_id ?? null,
          organization_id: p.org ?? demoSchoolId,
          registered_by: accounts.curator,
          attended: p.attended ?? null,
          result: p.result ?? null,
        })),
      )
      .execute();
  };

  // Last year's municipal seminar: held, attendance marked, summary published.
  const seminar = await insert({
    municipality_id: municipalityId,
    organizer_id: municipalityId,
    title: 'Установочный семинар «Целевая модель наставничества: старт учебного года»',
    kind: 'seminar',
    level: 'municipal',
    starts_at: at(`${year - 1}-09-24`, '14:00'),
    ends_at: at(`${year - 1}-09-24`, '16:00'),
    place: 'Методический центр, актовый зал',
    description: 'Задачи наставничества на учебный год, формы наставничества, ведение баз и дорожных карт.',
    audience_roles: ['curator', 'mentor'],
    all_schools: true,
    status: 'results_published',
    roadmap_item_id: items[0]?.id ?? null,
    summary:
      'Семинар проведён. Кураторам школ рекомендовано до 15 октября обновить базы наставников и наставляемых и сформировать пары; наставникам — составить индивидуальные маршруты.',
    created_by: accounts.coordinator,
  });
  await db
    .insertInto('event_materials')
    .values([
      { event_id: seminar, position: 0, title: 'Презентация семинара', url: 'https://example.org/seminar-presentation.pdf' },
    ])
    .execute();
  await register(seminar, [
    { user_id: accounts.curator, attended: true },
    ...(demoMentor ? [{ user_id: accounts.mentor, mentor_id: demoMentor.id, attended: true }] : []),
    ...withoutAccount.slice(0, 3).map((m, i) => ({ mentor_id: m.id, attended: i !== 2 })),
  ]);
  const seminarRow = await db
    .selectFrom('events')
    .select(['id', 'kind', 'title', 'ends_at', 'municipality_id', 'roadmap_item_id'])
    .where('id', '=', seminar)
    .executeTakeFirstOrThrow();
  await runInTimeZoneOf(
    () => zone,
    async () => {
      await syncEventTrainings(db, seminarRow);
      // The portal's address as `npm start` serves it (the routes use the running config's).
      const site = {
        publicUrl: process.env.PUBLIC_URL,
        host: process.env.HOST ?? 'localhost',
        port: Number(process.env.PORT) || 3000,
      };
      await recordEventEvidence(
        db,
        { userId: accounts.coordinator, ip: null },
        seminarRow,
        absoluteUrl(site, `/events/${seminar}`),
      );
    },
  );

  // Last year's contest with its results.
  const contest = await insert({
    municipality_id: municipalityId,
    organizer_id: municipalityId,
    title: 'Муниципальный конкурс «Наставник года»',
    kind: 'contest',
    level: 'municipal',
    starts_at: at(`${year - 1}-11-20`, '10:00'),
    ends_at: at(`${year - 1}-11-20`, '15:00'),
    place: 'МБОУ «СОШ № 1», актовый зал',
    audience_roles: ['mentor'],
    all_schools: true,
    status: 'results_published',
    summary: 'В конкурсе приняли участие наставники школ округа. Победитель рекомендован к участию в региональном этапе.',
    created_by: accounts.coordinator,
  });
  const results: EventResult[] = ['winner', 'prize_winner', 'participant'];
  await register(contest, [
    ...(demoMentor ? [{ user_id: accounts.mentor, mentor_id: demoMentor.id, attended: true, result: 'winner' as const }] : []),
    ...withoutAccount.slice(0, 2).map((m, i) => ({ mentor_id: m.id, attended: true, result: results[i + 1] ?? 'participant' })),
    { user_id: accounts.curator, attended: true, result: 'jury' },
  ]);
  if (demoMentor)
    await db
      .insertInto('best_mentors')
      .values({
        municipality_id: municipalityId,
        mentor_id: demoMentor.id,
        year: year - 1,
        reason: 'Победитель конкурса «Муниципальный конкурс «Наставник года»»',
        event_id: contest,
        created_by: accounts.coordinator,
      })
      .execute();

  // This year's plan: a webinar with registration open, a conference planned.
  const webinar = await insert({
    municipality_id: municipalityId,
    organizer_id: municipalityId,
    title: 'Вебинар «Индивидуальный маршрут молодого педагога»',
    kind: 'webinar',
    level: 'municipal',
    starts_at: at(shift(7), '15:00'),
    ends_at: at(shift(7), '16:30'),
    video_url: 'https://example.org/webinar',
    audience_roles: ['curator', 'mentor', 'mentee'],
    all_schools: true,
    capacity: 100,
    status: 'registration_open',
    created_by: accounts.coordinator,
  });
  await register(webinar, [
    ...(demoMentor ? [{ user_id: accounts.mentor, mentor_id: demoMentor.id }] : []),
    ...withoutAccount.slice(0, 2).map((m) => ({ mentor_id: m.id })),
  ]);
  await insert({
    municipality_id: municipalityId,
    organizer_id: municipalityId,
    title: 'Муниципальная конференция «Наставничество: практики школ округа»',
    kind: 'conference',
    level: 'municipal',
    starts_at: at(shift(40), '10:00'),
    ends_at: at(shift(40), '14:00'),
    place: 'Методический центр, актовый зал',
    audience_roles: ['curator', 'school_head', 'mentor'],
    all_schools: true,
    status: 'planned',
    created_by: accounts.coordinator,
  });
  // The demo school's own event.
  await insert({
    municipality_id: municipalityId,
    organizer_id: demoSchoolId,
    title: 'Неделя открытых уроков молодых педагогов',
    kind: 'open_lessons',
    level: 'school',
    starts_at: at(shift(21), '08:30'),
    ends_at: at(shift(25), '15:00'),
    place: 'МБОУ «СОШ № 1»',
    audience_roles: ['mentor', 'mentee'],
    status: 'planned',
    created_by: accounts.curator,
  });
}
