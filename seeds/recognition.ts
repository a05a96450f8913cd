import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../src/db/types.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Recognition (issue 18): last year's awarding order of the department (№ 112-о in May) that gave
 * letters of thanks to three mentors of the demo school — the demo `mentor` account's Павлова among
 * them — and the title «Почётный наставник» to a mentor of another school, each through its
 * nomination; this year's nomination of the demo school in the list sent to the department, waiting
 * for its decision; the honorary mentor in the municipality's list of best mentors for last year.
 */
export async function seedDemoRecognition(
  db: Db,
  municipalityId: number,
  schoolIds: readonly number[],
  accounts: { head: number; coordinator: number; department: number; mentor: number },
  today: string,
): Promise<void> {
  const [demoSchool, otherSchool] = schoolIds;
  if (demoSchool === undefined || otherSchool === undefined) throw new Error('demo seed: two schools expected');
  const mentorsOf = (schoolId: number) =>
    db
      .selectFrom('mentors')
      .select(['id', 'user_id'])
      .where('organization_id', '=', schoolId)
      .where('archived_at', 'is', null)
      .where('erased_at', 'is', null)
      .orderBy('id')
      .execute();
  const own = await mentorsOf(demoSchool);
  const pavlova = own.find((m) => m.user_id === accounts.mentor);
  const others = own.filter((m) => m !== pavlova);
  const [second, third, waiting] = others;
  const [honorary] = await mentorsOf(otherSchool);
  if (!pavlova || !second || !third || !waiting || !honorary) throw new Error('demo seed: mentors for recognition missing');

  const year = Number(today.slice(0, 4));
  const last = year - 1;
  const order = { number: '112-о', date: `${last}-05-25` };
  const department = await db
    .selectFrom('organizations')
    .select('short_name')
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'department')
    .executeTakeFirstOrThrow();
  const granted = [
    {
      mentor: pavlova.id,
      school: demoSchool,
      kind: 'letter_of_thanks' as const,
      reason: 'Наставляемые — призёры муниципальной олимпиады по математике',
    },
    {
      mentor: second.id,
      school: demoSchool,
      kind: 'letter_of_thanks' as const,
      reason: 'Успешная адаптация двух молодых специалистов школы',
    },
    {
      mentor: third.id,
      school: demoSchool,
      kind: 'letter_of_thanks' as const,
      reason: 'Руководство проектной группой обучающихся 8 классов',
    },
    {
      mentor: honorary.id,
      school: otherSchool,
      kind: 'honorary_mentor' as const,
      reason: 'Десять лет наставнической деятельности, победитель конкурса «Наставник года»',
    },
  ];
  for (const g of granted) {
    const nomination = await db
      .insertInto('award_nominations')
      .values({
        mentor_id: g.mentor,
        organization_id: g.school,
        municipality_id: municipalityId,
        kind: g.kind,
        reason: g.reason,
        status: 'awarded',
        listed_at: `${last}-04-20T09:00:00Z`,
        listed_by: accounts.coordinator,
        sent_at: `${last}-04-22T09:00:00Z`,
        decided_at: `${last}-05-15T09:00:00Z`,
        decided_by: accounts.department,
        order_number: order.number,
        order_date: order.date,
        created_by: g.school === demoSchool ? accounts.head : null,
        created_at: `${last}-04-10T09:00:00Z`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('awards')
      .values({
        mentor_id: g.mentor,
        kind: g.kind,
        level: 'municipal',
        awarded_on: order.date,
        order_number: order.number,
        order_date: order.date,
        issued_by: department.short_name,
        nomination_id: nomination.id,
        created_by: accounts.department,
      })
      .execute();
  }
  // This year's nomination: included in the list and sent; the department has not decided yet.
  await db
    .insertInto('award_nominations')
    .values({
      mentor_id: waiting.id,
      organization_id: demoSchool,
      municipality_id: municipalityId,
      kind: 'department_diploma',
      reason: 'Подготовила наставляемого — победителя регионального этапа конкурса «Учитель года»',
      status: 'listed',
      list_comment: 'Включено в список к награждению ко Дню учителя',
      listed_at: new Date(),
      listed_by: accounts.coordinator,
      sent_at: new Date(),
      created_by: accounts.head,
    })
    .execute();
  await db
    .insertInto('best_mentors')
    .values({
      municipality_id: municipalityId,
      mentor_id: honorary.id,
      year: last,
      reason: 'Победитель муниципального конкурса «Наставник года»',
      created_by: accounts.coordinator,
    })
    .execute();
}
