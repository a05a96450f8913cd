import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { canEnterFigures, canManageTemplate, canViewIndicator, canViewSurvey } from '../../src/access/policy.js';
import { figuresInScope, indicatorsInScope, surveysInScope, templatesInScope } from '../../src/access/scope.js';
import type { CurrentUser } from '../../src/auth/sessions.js';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import { createTemplate } from '../../src/modules/surveys/service.js';
import { everyUser, expectAgreement } from '../helpers/agreement.js';
import { useWorld } from '../helpers/suite.js';

/**
 * Each `can…` function of indicators and surveys agrees with its SQL filter: for every user of
 * the world (every role in municipalities A and B) and every row, the function says yes exactly
 * when the filtered query returns the row.
 */
const suite = useWorld();

describe('the access functions of indicators and surveys agree with their SQL filters', () => {
  beforeEach(async () => {
    const { db } = suite.database;
    const { a, b, adminActor } = suite.world;
    await installCatalogue(db, a.id, [a.school, a.otherSchool]);
    await installCatalogue(db, b.id, [b.school, b.otherSchool]);
    const coordinatorOf = async (login: string) => ({
      user: (await everyUser(db)).find((u) => u.login === login) as CurrentUser,
      ip: adminActor.ip,
    });
    const question = { text: 'Насколько вы довольны?', kind: 'scale' as const, required: true, counts_for_satisfaction: true };
    const templateA = await createTemplate(db, await coordinatorOf('coordinator'), {
      title: 'Анкета А',
      audience: 'mentor',
      description: null,
      questions: [question],
    });
    const templateB = await createTemplate(db, await coordinatorOf('coordinator.b'), {
      title: 'Анкета Б',
      audience: 'mentee',
      description: null,
      questions: [question],
    });
    // Surveys straight in the tables: opening one through the service needs pairs, which the scope does not look at.
    const survey = async (templateId: number, municipalityId: number, schools: number[]) => {
      const row = await db
        .insertInto('surveys')
        .values({
          template_id: templateId,
          municipality_id: municipalityId,
          title: 'Опрос',
          opens_on: '2026-01-10',
          closes_on: '2026-02-10',
          created_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (schools.length)
        await db
          .insertInto('survey_schools')
          .values(schools.map((s) => ({ survey_id: row.id, organization_id: s })))
          .execute();
    };
    await survey(templateA, a.id, [a.school]);
    await survey(templateA, a.id, [a.otherSchool]);
    await survey(templateA, a.id, [a.school, a.otherSchool]);
    await survey(templateB, b.id, [b.school]);
  });

  it('canViewIndicator and indicatorsInScope', async () => {
    const { db } = suite.database;
    const rows = await db.selectFrom('indicators').select(['id', 'municipality_id']).execute();
    expect(
      await expectAgreement(db, rows, canViewIndicator, (user) =>
        db.selectFrom('indicators').select('id').where(indicatorsInScope(user)).execute(),
      ),
    ).toBeGreaterThan(0);
  });

  it('canEnterFigures and figuresInScope, over every organisation', async () => {
    const { db } = suite.database;
    const rows = await db.selectFrom('organizations').select(['id', 'type', 'municipality_id']).execute();
    expect(
      await expectAgreement(db, rows, canEnterFigures, (user) =>
        db.selectFrom('organizations').select('id').where(figuresInScope(user)).execute(),
      ),
    ).toBeGreaterThan(0);
  });

  it('canManageTemplate and templatesInScope', async () => {
    const { db } = suite.database;
    const rows = await db.selectFrom('survey_templates').select(['id', 'municipality_id']).execute();
    expect(
      await expectAgreement(db, rows, canManageTemplate, (user) =>
        db.selectFrom('survey_templates').select('id').where(templatesInScope(user)).execute(),
      ),
    ).toBe(2);
  });

  it('canViewSurvey and surveysInScope', async () => {
    const { db } = suite.database;
    const schools = sql<number[]>`array(select organization_id from survey_schools where survey_id = surveys.id)`;
    const rows = await db
      .selectFrom('surveys')
      .select(['id', 'municipality_id', schools.as('school_ids')])
      .execute();
    expect(
      await expectAgreement(db, rows, canViewSurvey, (user) =>
        db.selectFrom('surveys').select('id').where(surveysInScope(user)).execute(),
      ),
    ).toBeGreaterThan(0);
  });
});
