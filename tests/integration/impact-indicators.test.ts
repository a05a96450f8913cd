import { describe, expect, it } from 'vitest';
import { todayIso } from '../../src/lib/dates.js';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import { signedIn, textOf } from '../helpers/app.js';
import { addPair } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * Issue 18: the school's Ш2 (teachers who left the profession) and Ш4 (teachers in professional
 * contests), entered by hand until now, are counted from the mentees' outcomes, with the list behind
 * them; a school without records keeps its value entered by hand.
 */

const t = useWorld();
const db = () => t.database.db;
const YEAR = Number(todayIso().slice(0, 4));

async function result(indicatorId: number, organizationId: number) {
  return db()
    .selectFrom('indicator_results')
    .select(['numerator', 'denominator', 'value'])
    .where('indicator_id', '=', indicatorId)
    .where('organization_id', '=', organizationId)
    .where('year', '=', YEAR)
    .executeTakeFirst();
}

describe('the school’s indicators counted from the mentees’ outcomes', () => {
  it('count Ш2 and Ш4 from the teachers’ records, list them, and keep the hand entry where there is no record', async () => {
    const codes = await installCatalogue(db(), t.world.a.id, [t.world.a.school]);
    const left = codes.get('Ш2') as number;
    const contests = codes.get('Ш4') as number;
    const school = t.world.a.school;
    const pair = await addPair(db(), t.world, 'a');
    const second = await db()
      .insertInto('mentees')
      .values({
        organization_id: school,
        last_name: 'Ушедшая',
        first_name: 'Вера',
        category: 'young_specialist',
        consent_date: '2025-09-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db().insertInto('pair_mentees').values({ pair_id: pair.id, mentee_id: second.id }).execute();
    // the value entered by hand earlier in the year
    await db()
      .insertInto('indicator_manual_values')
      .values({
        indicator_id: contests,
        organization_id: school,
        year: YEAR,
        value: 50,
        numerator: 3,
        denominator: 6,
        evidence: 'Приказы об участии в конкурсах',
      })
      .execute();

    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const explainContests = `/dashboard/indicators/${contests}/organizations/${school}?year=${YEAR}`;
    let page = textOf((await curator.get(explainContests)).body);
    expect(page).toContain('у школы нет записанных результатов наставляемых');
    expect(page).toContain('Приказы об участии в конкурсах');
    expect(Number((await result(contests, school))?.value)).toBe(50);
    // the hand entry stays open for these indicators
    expect((await curator.get(`/indicators/${contests}/values/${school}?year=${YEAR}`)).statusCode).toBe(200);

    // the curator records the outcomes: one teacher stayed and took part in a contest, one left; a pupil's do not count
    await curator.get(`/pairs/${pair.id}`);
    expect(
      (
        await curator.post(`/pairs/${pair.id}/mentees/${pair.teacherMenteeId}/outcome`, {
          stayed_in_profession: 'yes',
          professional_contest: 'on',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (await curator.post(`/pairs/${pair.id}/mentees/${second.id}/outcome`, { stayed_in_profession: 'no' })).statusCode,
    ).toBe(303);
    expect((await curator.post(`/pairs/${pair.id}/mentees/${pair.studentId}/outcome`, { vpr_passed: 'on' })).statusCode).toBe(
      303,
    );

    page = textOf((await curator.get(explainContests)).body);
    expect(page).not.toContain('у школы нет записанных результатов наставляемых');
    expect(page).toContain('Наставляемые в числителе');
    expect(page).toContain('Подопечный Павел');
    expect(page).not.toContain('Ушедшая Вера');
    expect(page).not.toContain('Ученикова');
    expect(await result(contests, school)).toMatchObject({ numerator: '1', denominator: '2' });
    expect(Number((await result(contests, school))?.value)).toBe(50);

    page = textOf((await curator.get(`/dashboard/indicators/${left}/organizations/${school}?year=${YEAR}`)).body);
    expect(page).toContain('Ушедшая Вера');
    expect(page).not.toContain('Подопечный Павел');
    expect(await result(left, school)).toMatchObject({ numerator: '1', denominator: '2' });

    // a school of the other municipality without records: its Ш2 has no value at all
    const other = await installCatalogue(db(), t.world.b.id, [t.world.b.school]);
    const otherCurator = await signedIn(t.app, 'curator.b', PASSWORD);
    await otherCurator.get(`/dashboard/schools/${t.world.b.school}?year=${YEAR}`);
    expect(await result(other.get('Ш2') as number, t.world.b.school)).toBeUndefined();
  });
});
