import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../src/db/types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The indicators the demo department publishes: the pupils mentored, the young teachers mentored, the mentees' satisfaction. */
export const DEMO_PUBLIC_INDICATORS = ['М1', 'М3', 'М5'];

/**
 * The public pages (issue 19): the municipality's and the demo school's news — published ones and a
 * draft each —, the events of the municipality and the demo school shown on the pages, the demo
 * school's regulation and implementation order opened to anyone, and the consent of the best mentor
 * of the recognition's demo to be shown; the department publishes three indicators of the catalogue
 * (their values of last year, as the recount stores them, appear on the pages).
 */
export async function seedDemoPublicPages(
  db: Db,
  municipalityId: number,
  demoSchool: number,
  accounts: { coordinator: number; curator: number },
  today: string,
): Promise<void> {
  await db
    .updateTable('indicators')
    .set({ is_public: true })
    .where('municipality_id', '=', municipalityId)
    .where('code', 'in', DEMO_PUBLIC_INDICATORS)
    .execute();
  const day = (offset: number) => new Date(new Date(`${today}T09:00:00Z`).getTime() - offset * 86_400_000);
  await db
    .insertInto('public_news')
    .values([
      {
        organization_id: municipalityId,
        title: 'Открыт приём заявок на муниципальный конкурс «Наставник года»',
        body: 'Методический центр приглашает образовательные организации округа выдвинуть наставников на конкурс.\n\nЗаявки принимаются до конца месяца; положение о конкурсе размещено на странице мероприятия.',
        status: 'published',
        published_at: day(3),
        author_id: accounts.coordinator,
      },
      {
        organization_id: municipalityId,
        title: 'Подведены итоги реализации целевой модели наставничества за прошлый год',
        body: 'В наставнических парах и группах округа занимались ученики и молодые педагоги всех школ.\n\nСпасибо наставникам за их труд!',
        status: 'published',
        published_at: day(40),
        author_id: accounts.coordinator,
      },
      {
        organization_id: municipalityId,
        title: 'План методических семинаров на второе полугодие',
        body: 'Черновик: согласовать даты со школами.',
        author_id: accounts.coordinator,
      },
      {
        organization_id: demoSchool,
        title: 'Наставники школы провели день открытых дверей для родителей',
        body: 'Родители познакомились с программами наставничества «ученик — ученик» и «педагог — педагог».\n\nСледующая встреча — в конце четверти.',
        status: 'published',
        published_at: day(7),
        author_id: accounts.curator,
      },
      {
        organization_id: demoSchool,
        title: 'Итоги первой четверти',
        body: 'Черновик новости.',
        author_id: accounts.curator,
      },
    ])
    .execute();
  await db
    .updateTable('events')
    .set({ is_public: true })
    .where('municipality_id', '=', municipalityId)
    .where('organizer_id', 'in', [municipalityId, demoSchool])
    .where('status', '!=', 'cancelled')
    .execute();
  const documents = await db
    .selectFrom('school_documents')
    .select('id')
    .where('organization_id', '=', demoSchool)
    .where('status', '=', 'active')
    .where('type', 'in', ['regulation', 'implementation_order'])
    .where('mentor_id', 'is', null)
    .where('mentee_id', 'is', null)
    .where('pair_id', 'is', null)
    .orderBy('document_date', 'desc')
    .limit(2)
    .execute();
  if (documents.length < 2) throw new Error('demo seed: two documents of the demo school to publish expected');
  await db
    .updateTable('school_documents')
    .set({ is_public: true })
    .where(
      'id',
      'in',
      documents.map((d) => d.id),
    )
    .execute();
  await db.updateTable('best_mentors').set({ public_consent: true }).where('municipality_id', '=', municipalityId).execute();
}
