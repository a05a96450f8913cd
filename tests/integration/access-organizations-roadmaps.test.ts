import { beforeEach, describe, expect, it } from 'vitest';
import {
  canApproveRoadmap,
  canManageTag,
  canViewAuditEntry,
  canViewOrganization,
  canViewProgramme,
  canViewRoadmap,
  canViewUser,
} from '../../src/access/policy.js';
import {
  approvableRoadmapsInScope,
  auditInScope,
  organizationsInScope,
  programmesInScope,
  roadmapsInScope,
  tagsInScope,
  usersInScope,
} from '../../src/access/scope.js';
import { expectAgreement } from '../helpers/agreement.js';
import { useWorld } from '../helpers/suite.js';

/**
 * Each `can…` function of organisations, accounts, the audit log, the lists, programmes and
 * roadmaps agrees with its SQL filter: for every user of the world (every role in municipalities A
 * and B) and every row, the function says yes exactly when the filtered query returns the row.
 */
const suite = useWorld();

describe('the access functions of organisations, accounts, the log, the lists, programmes and roadmaps agree with their SQL filters', () => {
  beforeEach(async () => {
    const { db } = suite.database;
    const { a, b } = suite.world;
    // Programmes of the other schools: in the bank, offered to it; roadmaps the world has not: templates, another school's plan.
    await db
      .insertInto('programmes')
      .values([
        { organization_id: a.otherSchool, title: 'В банке А', form: 'teacher_teacher', bank_status: 'accepted' },
        { organization_id: a.otherSchool, title: 'На рассмотрении А', form: 'teacher_teacher', bank_status: 'submitted' },
        { organization_id: b.otherSchool, title: 'В банке Б', form: 'teacher_teacher', bank_status: 'accepted' },
      ])
      .execute();
    await db
      .insertInto('roadmaps')
      .values([
        { organization_id: a.id, title: 'Шаблон А, черновик', period_from: 2025, period_to: 2026, kind: 'template' },
        {
          organization_id: a.id,
          title: 'Шаблон А',
          period_from: 2025,
          period_to: 2026,
          kind: 'template',
          published_at: new Date(),
        },
        {
          organization_id: b.id,
          title: 'Шаблон Б',
          period_from: 2025,
          period_to: 2026,
          kind: 'template',
          published_at: new Date(),
        },
        { organization_id: a.otherSchool, title: 'План школы А2', period_from: 2025, period_to: 2026 },
      ])
      .execute();
  });

  it('canViewOrganization and organizationsInScope', async () => {
    const { db } = suite.database;
    const rows = await db.selectFrom('organizations').select(['id', 'type', 'municipality_id']).execute();
    expect(
      await expectAgreement(db, rows, canViewOrganization, (user) =>
        db.selectFrom('organizations').select('id').where(organizationsInScope(user)).execute(),
      ),
    ).toBeGreaterThan(0);
  });

  it('canViewUser and usersInScope', async () => {
    const { db } = suite.database;
    const accounts = db.selectFrom('users').innerJoin('organizations', 'organizations.id', 'users.organization_id');
    const rows = (
      await accounts
        .select(['users.id', 'users.role', 'organizations.id as org_id', 'organizations.type', 'organizations.municipality_id'])
        .execute()
    ).map((r) => ({ id: r.id, role: r.role, organization: { id: r.org_id, type: r.type, municipality_id: r.municipality_id } }));
    expect(
      await expectAgreement(db, rows, canViewUser, (user) => accounts.select('users.id').where(usersInScope(user)).execute()),
    ).toBeGreaterThan(0);
  });

  it('canViewAuditEntry and auditInScope', async () => {
    const { db } = suite.database;
    const rows = await db.selectFrom('audit_log').select(['id', 'municipality_id']).execute();
    expect(
      await expectAgreement(db, rows, canViewAuditEntry, (user) =>
        db.selectFrom('audit_log').select('id').where(auditInScope(user)).execute(),
      ),
    ).toBeGreaterThan(rows.length);
  });

  it('canManageTag and tagsInScope', async () => {
    const { db } = suite.database;
    const rows = await db.selectFrom('tags').select(['id', 'municipality_id']).execute();
    expect(
      await expectAgreement(db, rows, canManageTag, (user) =>
        db.selectFrom('tags').select('id').where(tagsInScope(user)).execute(),
      ),
    ).toBe(2);
  });

  it('canViewProgramme and programmesInScope', async () => {
    const { db } = suite.database;
    const programmes = db.selectFrom('programmes').innerJoin('organizations', 'organizations.id', 'programmes.organization_id');
    const rows = await programmes
      .select(['programmes.id', 'programmes.organization_id', 'organizations.municipality_id', 'programmes.bank_status'])
      .execute();
    expect(
      await expectAgreement(db, rows, canViewProgramme, (user) =>
        programmes.select('programmes.id').where(programmesInScope(user)).execute(),
      ),
    ).toBeGreaterThan(0);
  });

  it('canViewRoadmap and roadmapsInScope, canApproveRoadmap and approvableRoadmapsInScope', async () => {
    const { db } = suite.database;
    const roadmaps = db.selectFrom('roadmaps').innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id');
    const rows = await roadmaps
      .select([
        'roadmaps.id',
        'roadmaps.organization_id',
        'organizations.type as organization_type',
        'organizations.municipality_id',
        'roadmaps.kind',
        'roadmaps.published_at',
      ])
      .execute();
    expect(
      await expectAgreement(db, rows, canViewRoadmap, (user) =>
        roadmaps.select('roadmaps.id').where(roadmapsInScope(user)).execute(),
      ),
    ).toBeGreaterThan(0);
    // the department approves its municipality's plan, each school head its school's
    expect(
      await expectAgreement(db, rows, canApproveRoadmap, (user) =>
        roadmaps.select('roadmaps.id').where(approvableRoadmapsInScope(user)).execute(),
      ),
    ).toBe(4);
  });
});
