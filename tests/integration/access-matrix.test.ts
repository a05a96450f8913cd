import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import { addPair, daysAgo, type PairFixture } from '../helpers/pair-fixtures.js';
import { addCampaign } from '../helpers/monitoring.js';
import { storeUpload } from '../../src/modules/files/service.js';
import { buildWorld, PASSWORD, type World } from '../helpers/world.js';

/**
 * Every route, every role, an own and a foreign target: the status each must get.
 * Own = in municipality A (school roles: their school; for users: a mentee of that school);
 * foreign = the same thing in municipality B. A new route fails the first test until it is
 * added here. The regional operator's region holds both A and B (its other region:
 * monitoring-region.test.ts).
 */

type Who = 'anonymous' | 'admin' | 'department' | 'coordinator' | 'school_head' | 'curator' | 'mentor' | 'mentee' | 'region';
const WHO: Who[] = ['anonymous', 'admin', 'department', 'coordinator', 'school_head', 'curator', 'mentor', 'mentee', 'region'];

type Target =
  | 'organization'
  | 'user'
  | 'mentors'
  | 'mentees'
  | 'tag'
  | 'batch-mentors'
  | 'batch-mentees'
  | 'roadmap-municipal'
  | 'roadmap-school'
  | 'programme'
  | 'agreement'
  | 'pair'
  | 'survey'
  | 'indicator'
  | 'campaign'
  | 'document'
  | 'model-document'
  | 'event'
  | 'nomination'
  | 'practice'
  | 'news'
  | 'none';
/** [own, foreign] for routes with a target, a single status otherwise. */
type Expected = Record<Who, number | [number, number]>;

interface Case {
  method: 'GET' | 'POST';
  route: string;
  target: Target;
  expected: Expected;
  /** A concrete URL when the route's pattern has no :id (e.g. a wildcard). */
  url?: string;
}

const all = (status: number, anonymous = status): Expected => ({
  anonymous,
  admin: status,
  department: status,
  coordinator: status,
  school_head: status,
  curator: status,
  mentor: status,
  mentee: status,
  region: status,
});

const byRole = (partial: Partial<Expected>, rest: number | [number, number], anonymous: number | [number, number]): Expected =>
  ({
    ...Object.fromEntries(WHO.map((w) => [w, rest])),
    anonymous,
    ...partial,
  }) as Expected;

/** The campaigns of the fixtures cover the calendar year of today (tests/helpers/monitoring.ts). */
const THIS_YEAR = daysAgo(0).slice(0, 4);

// Order matters where a request changes state: deactivation is undone by activation, and logout comes last.
const CASES: Case[] = [
  { method: 'GET', route: '/healthz', target: 'none', expected: all(200) },
  { method: 'GET', route: '/readyz', target: 'none', expected: all(200) },
  { method: 'GET', route: '/public/*', url: '/public/css/app.css', target: 'none', expected: all(200) },
  { method: 'GET', route: '/', target: 'none', expected: all(200) },
  { method: 'GET', route: '/login', target: 'none', expected: all(303, 200) },
  { method: 'POST', route: '/login', target: 'none', expected: all(400) },
  {
    method: 'GET',
    route: '/set-password/:token',
    url: '/set-password/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    target: 'none',
    expected: all(404),
  },
  {
    method: 'POST',
    route: '/set-password/:token',
    url: '/set-password/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    target: 'none',
    expected: all(404),
  },
  { method: 'GET', route: '/account', target: 'none', expected: all(200, 303) },
  { method: 'POST', route: '/account/password', target: 'none', expected: all(400, 401) },
  // The person's e-mail address and mail settings (issue 16; tests/integration/mail-account.test.ts).
  // The mentor's and mentee's accounts are linked to adults' records (addPair), so e-mail is offered.
  { method: 'POST', route: '/account/email', target: 'none', expected: all(400, 401) },
  { method: 'POST', route: '/account/email/resend', target: 'none', expected: all(303, 401) },
  { method: 'POST', route: '/account/email/remove', target: 'none', expected: all(303, 401) },
  {
    method: 'GET',
    route: '/account/email/confirm/:token',
    url: '/account/email/confirm/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    target: 'none',
    expected: all(404),
  },
  {
    method: 'POST',
    route: '/account/email/confirm/:token',
    url: '/account/email/confirm/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    target: 'none',
    expected: all(404),
  },
  { method: 'GET', route: '/account/notifications', target: 'none', expected: all(200, 303) },
  { method: 'POST', route: '/account/notifications', target: 'none', expected: all(400, 401) },
  { method: 'GET', route: '/audit', target: 'none', expected: byRole({ admin: 200, coordinator: 200 }, 403, 303) },
  { method: 'GET', route: '/admin/jobs', target: 'none', expected: byRole({ admin: 200 }, 403, 303) },
  {
    method: 'GET',
    route: '/organizations',
    target: 'none',
    expected: byRole({ admin: 200, department: 200, coordinator: 200, school_head: 200, curator: 200 }, 403, 303),
  },
  { method: 'GET', route: '/organizations/new', target: 'none', expected: byRole({ admin: 200, coordinator: 200 }, 403, 303) },
  {
    method: 'GET',
    route: '/organizations/name-forms',
    target: 'none',
    expected: byRole({ admin: 200, coordinator: 200 }, 403, 303),
  },
  { method: 'POST', route: '/organizations', target: 'none', expected: byRole({ admin: 400, coordinator: 400 }, 403, 401) },
  {
    method: 'GET',
    route: '/organizations/:id',
    target: 'organization',
    expected: byRole(
      { admin: [200, 200], department: [200, 404], coordinator: [200, 404], school_head: [200, 404], curator: [200, 404] },
      [403, 403],
      [303, 303],
    ),
  },
  {
    method: 'GET',
    route: '/organizations/:id/edit',
    target: 'organization',
    expected: byRole({ admin: [200, 200], coordinator: [200, 404] }, [403, 403], [303, 303]),
  },
  {
    method: 'POST',
    route: '/organizations/:id',
    target: 'organization',
    expected: byRole({ admin: [400, 400], coordinator: [400, 404] }, [403, 403], [401, 401]),
  },
  {
    method: 'POST',
    route: '/organizations/:id/deactivate',
    target: 'organization',
    expected: byRole({ admin: [303, 303], coordinator: [303, 404] }, [403, 403], [401, 401]),
  },
  {
    method: 'POST',
    route: '/organizations/:id/activate',
    target: 'organization',
    expected: byRole({ admin: [303, 303], coordinator: [303, 404] }, [403, 403], [401, 401]),
  },
  {
    method: 'GET',
    route: '/users',
    target: 'none',
    expected: byRole({ admin: 200, department: 200, coordinator: 200, school_head: 200, curator: 200 }, 403, 303),
  },
  // The school head gives its own school's curator an account (issue 17; tests/integration/head-curator-accounts.test.ts).
  {
    method: 'GET',
    route: '/users/new',
    target: 'none',
    expected: byRole({ admin: 200, coordinator: 200, school_head: 200 }, 403, 303),
  },
  {
    method: 'POST',
    route: '/users',
    target: 'none',
    expected: byRole({ admin: 400, coordinator: 400, school_head: 400 }, 403, 401),
  },
  {
    method: 'GET',
    route: '/users/:id',
    target: 'user',
    expected: byRole(
      { admin: [200, 200], department: [200, 404], coordinator: [200, 404], school_head: [200, 404], curator: [200, 404] },
      [403, 403],
      [303, 303],
    ),
  },
  {
    method: 'GET',
    route: '/users/:id/edit',
    target: 'user',
    expected: byRole({ admin: [200, 200], coordinator: [200, 404], school_head: [403, 404] }, [403, 403], [303, 303]),
  },
  {
    method: 'POST',
    route: '/users/:id',
    target: 'user',
    expected: byRole({ admin: [400, 400], coordinator: [400, 404], school_head: [403, 404] }, [403, 403], [401, 401]),
  },
  {
    method: 'POST',
    route: '/users/:id/reset-password',
    target: 'user',
    expected: byRole({ admin: [303, 303], coordinator: [303, 404], school_head: [403, 404] }, [403, 403], [401, 401]),
  },
  {
    method: 'POST',
    route: '/users/:id/deactivate',
    target: 'user',
    expected: byRole({ admin: [303, 303], coordinator: [303, 404], school_head: [403, 404] }, [403, 403], [401, 401]),
  },
  {
    method: 'POST',
    route: '/users/:id/activate',
    target: 'user',
    expected: byRole({ admin: [303, 303], coordinator: [303, 404], school_head: [403, 404] }, [403, 403], [401, 401]),
  },
  // The mentor's portfolio (issue 18): the world's first mentor (linked to the `mentor` account by
  // the pairs' fixture), before the bases' cases erase it.
  { method: 'GET', route: '/portfolio', target: 'none', expected: byRole({ mentor: 200 }, 403, 303) },
  ...(['/mentors/:id/portfolio', '/mentors/:id/portfolio/print', '/mentors/:id/portfolio.docx'] as const).map(
    (route): Case => ({
      method: 'GET',
      route,
      target: 'mentors',
      expected: byRole(
        { curator: [200, 404], school_head: [200, 404], coordinator: [200, 404], department: [200, 404], mentor: [200, 404] },
        [403, 403],
        [303, 303],
      ),
    }),
  ),
  ...(['mentors', 'mentees'] as const).flatMap((kind): Case[] => {
    const readers = { curator: 200, school_head: 200, coordinator: 200, department: 200 };
    const readersOwn = {
      curator: [200, 404],
      school_head: [200, 404],
      coordinator: [200, 404],
      department: [200, 404],
    } as Partial<Expected>;
    const batch = kind === 'mentors' ? 'batch-mentors' : 'batch-mentees';
    return [
      { method: 'GET', route: `/${kind}/template.xlsx`, target: 'none', expected: byRole(readers, 403, 303) },
      { method: 'GET', route: `/${kind}/export.xlsx`, target: 'none', expected: byRole(readers, 403, 303) },
      { method: 'GET', route: `/${kind}/export.csv`, target: 'none', expected: byRole(readers, 403, 303) },
      { method: 'GET', route: `/${kind}/import`, target: 'none', expected: byRole({ curator: 200 }, 403, 303) },
      { method: 'POST', route: `/${kind}/import`, target: 'none', expected: byRole({ curator: 400 }, 403, 401) },
      {
        method: 'GET',
        route: `/${kind}/import/:id`,
        target: batch,
        expected: byRole({ curator: [200, 404] }, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: `/${kind}/import/:id`,
        target: batch,
        expected: byRole({ curator: [303, 404] }, [403, 403], [401, 401]),
      },
      { method: 'GET', route: `/${kind}`, target: 'none', expected: byRole(readers, 403, 303) },
      { method: 'GET', route: `/${kind}/new`, target: 'none', expected: byRole({ curator: 200 }, 403, 303) },
      { method: 'POST', route: `/${kind}`, target: 'none', expected: byRole({ curator: 400 }, 403, 401) },
      { method: 'GET', route: `/${kind}/:id`, target: kind, expected: byRole(readersOwn, [403, 403], [303, 303]) },
      {
        method: 'GET',
        route: `/${kind}/:id/edit`,
        target: kind,
        expected: byRole({ curator: [200, 404] }, [403, 403], [303, 303]),
      },
      { method: 'POST', route: `/${kind}/:id`, target: kind, expected: byRole({ curator: [400, 404] }, [403, 403], [401, 401]) },
      {
        method: 'POST',
        route: `/${kind}/:id/archive`,
        target: kind,
        expected: byRole({ curator: [303, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: `/${kind}/:id/restore`,
        target: kind,
        expected: byRole({ curator: [303, 404] }, [403, 403], [401, 401]),
      },
      // Unlinking the account (an empty choice) of the person: nothing linked, nothing to change.
      {
        method: 'POST',
        route: `/${kind}/:id/account`,
        target: kind,
        expected: byRole({ curator: [303, 404] }, [403, 403], [401, 401]),
      },
      // Issue 17: a mentor opened to the municipality (or closed again) by the coordinator or its own school.
      ...(kind === 'mentors'
        ? (['share', 'unshare'] as const).map(
            (action): Case => ({
              method: 'POST',
              route: `/mentors/:id/${action}`,
              target: 'mentors',
              expected: byRole({ coordinator: [303, 404], school_head: [303, 404], curator: [303, 404] }, [403, 403], [401, 401]),
            }),
          )
        : []),
      {
        method: 'POST',
        route: `/${kind}/:id/erase`,
        target: kind,
        expected: byRole({ curator: [303, 404] }, [403, 403], [401, 401]),
      },
    ];
  }),
  { method: 'GET', route: '/registers', target: 'none', expected: byRole({ coordinator: 200, department: 200 }, 403, 303) },
  { method: 'GET', route: '/tags', target: 'none', expected: byRole({ coordinator: 200 }, 403, 303) },
  { method: 'POST', route: '/tags', target: 'none', expected: byRole({ coordinator: 400 }, 403, 401) },
  { method: 'POST', route: '/tags/:id', target: 'tag', expected: byRole({ coordinator: [303, 404] }, [403, 403], [401, 401]) },
  {
    method: 'POST',
    route: '/tags/:id/deactivate',
    target: 'tag',
    expected: byRole({ coordinator: [303, 404] }, [403, 403], [401, 401]),
  },
  {
    method: 'POST',
    route: '/tags/:id/activate',
    target: 'tag',
    expected: byRole({ coordinator: [303, 404] }, [403, 403], [401, 401]),
  },
  {
    method: 'GET',
    route: '/roadmaps',
    target: 'none',
    expected: byRole({ coordinator: 200, department: 200, school_head: 200, curator: 200 }, 403, 303),
  },
  { method: 'GET', route: '/roadmaps/new', target: 'none', expected: byRole({ coordinator: 200, curator: 200 }, 403, 303) },
  { method: 'POST', route: '/roadmaps', target: 'none', expected: byRole({ coordinator: 400, curator: 400 }, 403, 401) },
  ...(['roadmap-municipal', 'roadmap-school'] as const).flatMap((target): Case[] => {
    const readers = {
      coordinator: [200, 404],
      department: [200, 404],
      school_head: [200, 404],
      curator: [200, 404],
    } as Partial<Expected>;
    // The coordinator keeps the municipal roadmap, the curator its school's; the other one is 403 inside the scope.
    const editors = (ok: number): Partial<Expected> =>
      target === 'roadmap-municipal'
        ? { coordinator: [ok, 404], curator: [403, 404] }
        : { coordinator: [403, 404], curator: [ok, 404] };
    const item = (route: string) => route.replace(':itemId', 'ITEM');
    const occurrence = item('/roadmaps/:id/items/:itemId/occurrences/:due').replace(':due', '2023-12-15');
    const noFile = {
      coordinator: [404, 404],
      department: [404, 404],
      school_head: [404, 404],
      curator: [404, 404],
    } as Partial<Expected>;
    // The department approves the municipal roadmap, the school head its school's.
    const approvers = (ok: number): Partial<Expected> =>
      target === 'roadmap-municipal'
        ? { department: [ok, 404], school_head: [403, 404] }
        : { department: [403, 404], school_head: [ok, 404] };
    return [
      { method: 'GET', route: '/roadmaps/:id', target, expected: byRole(readers, [403, 403], [303, 303]) },
      { method: 'GET', route: '/roadmaps/:id/export.xlsx', target, expected: byRole(readers, [403, 403], [303, 303]) },
      { method: 'GET', route: '/roadmaps/:id/print', target, expected: byRole(readers, [403, 403], [303, 303]) },
      { method: 'GET', route: '/roadmaps/:id/timeline', target, expected: byRole(readers, [403, 403], [303, 303]) },
      { method: 'GET', route: '/roadmaps/:id/edit', target, expected: byRole(editors(200), [403, 403], [303, 303]) },
      { method: 'POST', route: '/roadmaps/:id/edit', target, expected: byRole(editors(400), [403, 403], [401, 401]) },
      { method: 'GET', route: '/roadmaps/:id/items/new', target, expected: byRole(editors(200), [403, 403], [303, 303]) },
      { method: 'POST', route: '/roadmaps/:id/items/new', target, expected: byRole(editors(400), [403, 403], [401, 401]) },
      {
        method: 'GET',
        route: '/roadmaps/:id/items/:itemId/edit',
        url: item('/roadmaps/:id/items/:itemId/edit'),
        target,
        expected: byRole(editors(200), [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/roadmaps/:id/items/:itemId/edit',
        url: item('/roadmaps/:id/items/:itemId/edit'),
        target,
        expected: byRole(editors(400), [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/roadmaps/:id/items/:itemId/status',
        url: item('/roadmaps/:id/items/:itemId/status'),
        target,
        expected: byRole(editors(400), [403, 403], [401, 401]),
      },
      { method: 'GET', route: '/roadmaps/:id/import', target, expected: byRole(editors(200), [403, 403], [303, 303]) },
      { method: 'POST', route: '/roadmaps/:id/import', target, expected: byRole(editors(400), [403, 403], [401, 401]) },
      { method: 'POST', route: '/roadmaps/:id/import/file', target, expected: byRole(editors(400), [403, 403], [401, 401]) },
      { method: 'POST', route: '/roadmaps/:id/import/confirm', target, expected: byRole(editors(400), [403, 403], [401, 401]) },
      // The world's item is due on one date: it has no yearly occurrences (404 for its editor).
      {
        method: 'GET',
        route: '/roadmaps/:id/items/:itemId/occurrences/:due',
        url: occurrence,
        target,
        expected: byRole(editors(404), [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/roadmaps/:id/items/:itemId/occurrences/:due',
        url: occurrence,
        target,
        expected: byRole(editors(404), [403, 403], [401, 401]),
      },
      // Readers may download evidence; the world's item has none (404 inside the scope too).
      {
        method: 'GET',
        route: '/roadmaps/:id/items/:itemId/evidence',
        url: item('/roadmaps/:id/items/:itemId/evidence'),
        target,
        expected: byRole(noFile, [403, 403], [303, 303]),
      },
      {
        method: 'GET',
        route: '/roadmaps/:id/items/:itemId/occurrences/:due/evidence',
        url: `${occurrence}/evidence`,
        target,
        expected: byRole(noFile, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/roadmaps/:id/items/:itemId/move',
        url: item('/roadmaps/:id/items/:itemId/move'),
        target,
        expected: byRole(editors(400), [403, 403], [401, 401]),
      },
      // Issue 17: the schools' part of a municipal item. The world's municipal item names «ОУ»: addressed to
      // every school of A; a school roadmap's item has no school parts (404). Empty forms: 400 where allowed.
      {
        method: 'GET',
        route: '/roadmaps/:id/items/:itemId/schools',
        url: item('/roadmaps/:id/items/:itemId/schools'),
        target,
        expected: byRole(target === 'roadmap-municipal' ? readers : noFile, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/roadmaps/:id/items/:itemId/schools',
        url: item('/roadmaps/:id/items/:itemId/schools'),
        target,
        expected: byRole(
          target === 'roadmap-municipal'
            ? { coordinator: [400, 404], curator: [403, 404] }
            : { coordinator: [404, 404], curator: [404, 404] },
          [403, 403],
          [401, 401],
        ),
      },
      {
        method: 'POST',
        route: '/roadmaps/:id/items/:itemId/schools/part',
        url: item('/roadmaps/:id/items/:itemId/schools/part'),
        target,
        expected: byRole(
          target === 'roadmap-municipal'
            ? { curator: [400, 404], school_head: [400, 404] }
            : { curator: [404, 404], school_head: [404, 404] },
          [403, 403],
          [401, 401],
        ),
      },
      // Nothing marked yet: no document (404 inside the scope too).
      {
        method: 'GET',
        route: '/roadmaps/:id/items/:itemId/schools/:schoolId/evidence',
        url: item('/roadmaps/:id/items/:itemId/schools/:schoolId/evidence').replace(':schoolId', '1'),
        target,
        expected: byRole(noFile, [403, 403], [303, 303]),
      },
      // A school's plan is approved only once the centre agreed it (issue 17): not yet here, 409.
      {
        method: 'POST',
        route: '/roadmaps/:id/approve',
        target,
        expected: byRole(approvers(target === 'roadmap-school' ? 409 : 303), [403, 403], [401, 401]),
      },
      { method: 'POST', route: '/roadmaps/:id/approve/revoke', target, expected: byRole(approvers(303), [403, 403], [401, 401]) },
      // Not approved now (taken back above): the author sends it; the approver's refusal without a comment is 400.
      { method: 'POST', route: '/roadmaps/:id/approval/ask', target, expected: byRole(editors(303), [403, 403], [401, 401]) },
      {
        method: 'POST',
        route: '/roadmaps/:id/approval/refuse',
        target,
        expected: byRole(approvers(400), [403, 403], [401, 401]),
      },
      // Issue 17: the school's curator sends its plan to the centre (the municipal plan is not sent: 403);
      // the coordinator answers (each role's world is fresh: nothing was sent, 409); a return without a
      // comment is 400.
      {
        method: 'POST',
        route: '/roadmaps/:id/agreement/send',
        target,
        expected: byRole({ curator: target === 'roadmap-school' ? [303, 404] : [403, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/roadmaps/:id/agreement/agree',
        target,
        expected: byRole({ coordinator: [409, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/roadmaps/:id/agreement/return',
        target,
        expected: byRole({ coordinator: [400, 404] }, [403, 403], [401, 401]),
      },
      // A plan is not a template: publishing it is a conflict, using it or its matrix a 403 / 404.
      { method: 'POST', route: '/roadmaps/:id/publish', target, expected: byRole(editors(409), [403, 403], [401, 401]) },
      { method: 'POST', route: '/roadmaps/:id/unpublish', target, expected: byRole(editors(409), [403, 403], [401, 401]) },
      { method: 'POST', route: '/roadmaps/:id/use', target, expected: byRole({ curator: [403, 404] }, [403, 403], [401, 401]) },
      {
        method: 'GET',
        route: '/roadmaps/:id/matrix',
        target,
        expected: byRole({ coordinator: [404, 404], department: [404, 404] }, [403, 403], [303, 303]),
      },
    ];
  }),
  // Issue 17: the department's approving order for several documents its centre agreed (nothing chosen: 400).
  { method: 'GET', route: '/centre-agreements/order', target: 'none', expected: byRole({ department: 200 }, 403, 303) },
  { method: 'POST', route: '/centre-agreements/order', target: 'none', expected: byRole({ department: 400 }, 403, 401) },
  // What waits for the centre's answer in the user's municipality: the coordinator's list, read by the department.
  {
    method: 'GET',
    route: '/centre-agreements',
    target: 'none',
    expected: byRole({ coordinator: 200, department: 200 }, 403, 303),
  },
  // Pairs: lists and forming (the routes of one pair are with the 'pair' target).
  {
    method: 'GET',
    route: '/pairs',
    target: 'none',
    expected: byRole({ curator: 200, school_head: 200, coordinator: 200, department: 200, mentor: 200, mentee: 200 }, 403, 303),
  },
  { method: 'GET', route: '/pairs/new', target: 'none', expected: byRole({ curator: 200 }, 403, 303) },
  { method: 'POST', route: '/pairs', target: 'none', expected: byRole({ curator: 400 }, 403, 401) },
  // Without pairs chosen: back to the list, no document, nothing to record.
  { method: 'GET', route: '/pairs/order', target: 'none', expected: byRole({ curator: 303 }, 403, 303) },
  { method: 'GET', route: '/pairs/order.docx', target: 'none', expected: byRole({ curator: 404 }, 403, 303) },
  { method: 'POST', route: '/pairs/order', target: 'none', expected: byRole({ curator: 409 }, 403, 401) },
  // The register of schools' documents (issue 17): a document of each municipality's first school, without a file.
  ...((): Case[] => {
    const readers = { curator: 200, school_head: 200, coordinator: 200, department: 200 };
    const readersOwn = {
      curator: [200, 404],
      school_head: [200, 404],
      coordinator: [200, 404],
      department: [200, 404],
    } as Partial<Expected>;
    const noFile = {
      curator: [404, 404],
      school_head: [404, 404],
      coordinator: [404, 404],
      department: [404, 404],
    } as Partial<Expected>;
    const target = 'document';
    return [
      { method: 'GET', route: '/documents', target: 'none', expected: byRole(readers, 403, 303) },
      {
        method: 'GET',
        route: '/documents/matrix',
        target: 'none',
        expected: byRole({ coordinator: 200, department: 200 }, 403, 303),
      },
      { method: 'POST', route: '/documents/requirements', target: 'none', expected: byRole({ coordinator: 303 }, 403, 401) },
      { method: 'GET', route: '/documents/new', target: 'none', expected: byRole({ curator: 200, school_head: 200 }, 403, 303) },
      { method: 'POST', route: '/documents', target: 'none', expected: byRole({ curator: 400, school_head: 400 }, 403, 401) },
      { method: 'GET', route: '/documents/:id', target, expected: byRole(readersOwn, [403, 403], [303, 303]) },
      { method: 'GET', route: '/documents/:id/file', target, expected: byRole(noFile, [403, 403], [303, 303]) },
      {
        method: 'GET',
        route: '/documents/:id/edit',
        target,
        expected: byRole({ curator: [200, 404], school_head: [200, 404] }, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/documents/:id/edit',
        target,
        expected: byRole({ curator: [400, 404], school_head: [400, 404] }, [403, 403], [401, 401]),
      },
      // The centre's agreement of a document: the world's has no file, so sending it is refused (409);
      // nothing was sent, so agreeing is a conflict and returning without a comment a 400.
      {
        method: 'POST',
        route: '/documents/:id/agreement/send',
        target,
        expected: byRole({ curator: [409, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/documents/:id/agreement/agree',
        target,
        expected: byRole({ coordinator: [409, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/documents/:id/agreement/return',
        target,
        expected: byRole({ coordinator: [400, 404] }, [403, 403], [401, 401]),
      },
    ];
  })(),
  // The library of model documents (issue 17): a published model of each municipality, with its file;
  // the documents filled with the data of a school ('organization': each municipality's first school).
  ...((): Case[] => {
    const readers = { curator: 200, school_head: 200, coordinator: 200, department: 200 };
    const readersOwn = {
      curator: [200, 404],
      school_head: [200, 404],
      coordinator: [200, 404],
      department: [200, 404],
    } as Partial<Expected>;
    const fillers = { curator: [200, 404], school_head: [200, 404], coordinator: [200, 404] } as Partial<Expected>;
    const target = 'model-document';
    return [
      { method: 'GET', route: '/documents/models', target: 'none', expected: byRole(readers, 403, 303) },
      { method: 'GET', route: '/documents/models/new', target: 'none', expected: byRole({ coordinator: 200 }, 403, 303) },
      { method: 'POST', route: '/documents/models', target: 'none', expected: byRole({ coordinator: 400 }, 403, 401) },
      { method: 'GET', route: '/documents/models/:id', target, expected: byRole(readersOwn, [403, 403], [303, 303]) },
      { method: 'GET', route: '/documents/models/:id/file', target, expected: byRole(readersOwn, [403, 403], [303, 303]) },
      {
        method: 'GET',
        route: '/documents/models/:id/edit',
        target,
        expected: byRole({ coordinator: [200, 404] }, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/documents/models/:id/edit',
        target,
        expected: byRole({ coordinator: [400, 404] }, [403, 403], [401, 401]),
      },
      // Publishing a published model changes nothing (a redirect); withdrawing comes last, then publishing again.
      {
        method: 'POST',
        route: '/documents/models/:id/publish',
        target,
        expected: byRole({ coordinator: [303, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'GET',
        route: '/documents/models/schools/:id',
        target: 'organization',
        expected: byRole(fillers, [403, 403], [303, 303]),
      },
      ...(['curator-order', 'mentors-order', 'regulation'] as const).map(
        (kind): Case => ({
          method: 'GET',
          route: `/documents/models/schools/:id/${kind}.docx`,
          target: 'organization',
          expected: byRole(fillers, [403, 403], [303, 303]),
        }),
      ),
      // Nothing chosen to save: 400 for the school's own staff.
      {
        method: 'POST',
        route: '/documents/models/schools/:id/save',
        target: 'organization',
        expected: byRole({ curator: [400, 404], school_head: [400, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/documents/models/:id/withdraw',
        target,
        expected: byRole({ coordinator: [303, 404] }, [403, 403], [401, 401]),
      },
    ];
  })(),
  // Agreements (issue 17): one of each municipality's first school with its partner, running.
  ...((): Case[] => {
    const readers = { curator: 200, school_head: 200, coordinator: 200, department: 200 };
    const keepers = { curator: 200, school_head: 200, coordinator: 200 };
    const target = 'agreement';
    return [
      { method: 'GET', route: '/agreements', target: 'none', expected: byRole(readers, 403, 303) },
      { method: 'GET', route: '/agreements/new', target: 'none', expected: byRole(keepers, 403, 303) },
      {
        method: 'POST',
        route: '/agreements',
        target: 'none',
        expected: byRole({ curator: 400, school_head: 400, coordinator: 400 }, 403, 401),
      },
      {
        method: 'GET',
        route: '/agreements/:id',
        target,
        expected: byRole(
          { curator: [200, 404], school_head: [200, 404], coordinator: [200, 404], department: [200, 404] },
          [403, 403],
          [303, 303],
        ),
      },
      {
        method: 'GET',
        route: '/agreements/:id/edit',
        target,
        expected: byRole({ curator: [200, 404], school_head: [200, 404], coordinator: [200, 404] }, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/agreements/:id',
        target,
        expected: byRole({ curator: [400, 404], school_head: [400, 404], coordinator: [400, 404] }, [403, 403], [401, 401]),
      },
      // The agreement has no file: its readers get 404 too (the download itself: tests/integration/agreement-files.test.ts).
      {
        method: 'GET',
        route: '/agreements/:id/file',
        target,
        expected: byRole(
          { curator: [404, 404], school_head: [404, 404], coordinator: [404, 404], department: [404, 404] },
          [403, 403],
          [303, 303],
        ),
      },
    ];
  })(),
  // Events (issue 18): a municipal seminar of each municipality, planned (registration not open), in the
  // future, for every school's curators and mentors, with one registration of a mentor of the first school.
  ...((): Case[] => {
    const target = 'event';
    const own = (status: number): [number, number] => [status, 404];
    const readers = { coordinator: own(200), department: own(200), curator: own(200), school_head: own(200), mentor: own(200) };
    const notForMentee = { mentee: [404, 404] as [number, number] };
    return [
      {
        method: 'GET',
        route: '/events',
        target: 'none',
        expected: byRole(
          { coordinator: 200, department: 200, curator: 200, school_head: 200, mentor: 200, mentee: 200 },
          403,
          303,
        ),
      },
      {
        method: 'GET',
        route: '/events/new',
        target: 'none',
        expected: byRole({ coordinator: 200, curator: 200, school_head: 200 }, 403, 303),
      },
      {
        method: 'POST',
        route: '/events',
        target: 'none',
        expected: byRole({ coordinator: 400, curator: 400, school_head: 400 }, 403, 401),
      },
      {
        method: 'GET',
        route: '/events/plan',
        target: 'none',
        expected: byRole({ coordinator: 200, department: 200, curator: 200, school_head: 200 }, 403, 303),
      },
      {
        method: 'GET',
        route: '/events/plan.xlsx',
        target: 'none',
        expected: byRole({ coordinator: 200, department: 200, curator: 200, school_head: 200 }, 403, 303),
      },
      { method: 'GET', route: '/events/:id', target, expected: byRole({ ...readers, ...notForMentee }, [403, 403], [303, 303]) },
      {
        method: 'GET',
        route: '/events/:id/edit',
        target,
        expected: byRole({ coordinator: own(200), curator: own(403), school_head: own(403) }, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/events/:id',
        target,
        expected: byRole({ coordinator: own(400), curator: own(403), school_head: own(403) }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/events/:id/status',
        target,
        expected: byRole({ coordinator: own(400), curator: own(403), school_head: own(403) }, [403, 403], [401, 401]),
      },
      // Registration is not open: whoever may read the event is sent back to it with the reason.
      {
        method: 'POST',
        route: '/events/:id/register',
        target,
        expected: byRole(
          {
            coordinator: own(303),
            department: own(303),
            curator: own(303),
            school_head: own(303),
            mentor: own(303),
            ...notForMentee,
          },
          [403, 403],
          [401, 401],
        ),
      },
      {
        method: 'POST',
        route: '/events/:id/unregister',
        target,
        expected: byRole(
          {
            coordinator: own(303),
            department: own(303),
            curator: own(303),
            school_head: own(303),
            mentor: own(303),
            ...notForMentee,
          },
          [403, 403],
          [401, 401],
        ),
      },
      {
        method: 'POST',
        route: '/events/:id/registrations',
        target,
        expected: byRole({ curator: own(400), school_head: own(400) }, [403, 403], [401, 401]),
      },
      // An event's files: the form without a file is answered 400 to the organiser; no file 999999 is the event's.
      {
        method: 'POST',
        route: '/events/:id/files',
        target,
        expected: byRole({ coordinator: own(400), curator: own(403), school_head: own(403) }, [403, 403], [401, 401]),
      },
      {
        method: 'GET',
        route: '/events/:id/files/:fileId',
        url: '/events/:id/files/999999',
        target,
        expected: byRole(
          {
            coordinator: own(404),
            department: own(404),
            curator: own(404),
            school_head: own(404),
            mentor: own(404),
            ...notForMentee,
          },
          [403, 403],
          [303, 303],
        ),
      },
      {
        method: 'POST',
        route: '/events/:id/files/:fileId/remove',
        url: '/events/:id/files/999999/remove',
        target,
        expected: byRole({ coordinator: own(404), curator: own(403), school_head: own(403) }, [403, 403], [401, 401]),
      },
      // The seminar is no contest with published results: the coordinator of its municipality is refused.
      {
        method: 'POST',
        route: '/events/:id/registrations/:registrationId/best-mentor',
        url: '/events/:id/registrations/REGISTRATION/best-mentor',
        target,
        expected: byRole({ coordinator: own(403) }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/events/:id/registrations/:registrationId/remove',
        url: '/events/:id/registrations/REGISTRATION/remove',
        target,
        expected: byRole({ coordinator: own(303), curator: own(403), school_head: own(403) }, [403, 403], [401, 401]),
      },
      {
        method: 'GET',
        route: '/events/:id/sheet',
        target,
        expected: byRole(
          { coordinator: own(200), department: own(200), curator: own(403), school_head: own(403) },
          [403, 403],
          [303, 303],
        ),
      },
      {
        method: 'GET',
        route: '/events/:id/attendance',
        target,
        expected: byRole({ coordinator: own(200), curator: own(403), school_head: own(403) }, [403, 403], [303, 303]),
      },
      // Before the start: the coordinator is sent back with the reason.
      {
        method: 'POST',
        route: '/events/:id/attendance',
        target,
        expected: byRole({ coordinator: own(303), curator: own(403), school_head: own(403) }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/events/:id/result',
        target,
        expected: byRole({ coordinator: own(400), curator: own(403), school_head: own(403) }, [403, 403], [401, 401]),
      },
    ];
  })(),
  // Recognition (issue 18): a nomination of each municipality's first school's mentor, in the list sent to the department.
  ...((): Case[] => {
    const readers = { curator: 200, school_head: 200, coordinator: 200, department: 200, mentor: 200 };
    const staffOwn = {
      curator: [200, 404],
      school_head: [200, 404],
      coordinator: [200, 404],
      department: [200, 404],
    } as Partial<Expected>;
    return [
      { method: 'GET', route: '/recognition', target: 'none', expected: byRole(readers, 403, 303) },
      { method: 'POST', route: '/recognition/nominations', target: 'none', expected: byRole({ school_head: 400 }, 403, 401) },
      { method: 'POST', route: '/recognition/best', target: 'none', expected: byRole({ coordinator: 400 }, 403, 401) },
      // Nothing new in the list (the fixture's nomination was sent): refused with a message.
      { method: 'POST', route: '/recognition/list/send', target: 'none', expected: byRole({ coordinator: 409 }, 403, 401) },
      { method: 'POST', route: '/recognition/order', target: 'none', expected: byRole({ department: 400 }, 403, 401) },
      {
        method: 'GET',
        route: '/recognition/order/print',
        target: 'none',
        expected: byRole({ coordinator: 200, department: 200 }, 403, 303),
      },
      {
        method: 'GET',
        route: '/recognition/awards/new',
        target: 'mentors',
        url: 'MENTOR',
        expected: byRole({ curator: [200, 404], coordinator: [200, 404], department: [200, 404] }, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/recognition/awards',
        target: 'none',
        expected: byRole({ curator: 400, coordinator: 400, department: 400 }, 403, 401),
      },
      {
        method: 'GET',
        route: '/recognition/nominations/:id',
        target: 'nomination',
        expected: byRole({ ...staffOwn, mentor: [404, 404] }, [403, 403], [303, 303]),
      },
      // An empty comment: the form's error for whoever may act and sees the nomination (400), 404 outside the scope.
      ...(['include', 'exclude'] as const).map(
        (act): Case => ({
          method: 'POST',
          route: `/recognition/nominations/:id/${act}`,
          target: 'nomination',
          expected: byRole({ coordinator: act === 'exclude' ? [400, 404] : [409, 404] }, [403, 403], [401, 401]),
        }),
      ),
      ...(['support', 'refuse'] as const).map(
        (act): Case => ({
          method: 'POST',
          route: `/recognition/nominations/:id/${act}`,
          target: 'nomination',
          expected: byRole({ department: act === 'refuse' ? [400, 404] : [303, 404] }, [403, 403], [401, 401]),
        }),
      ),
    ];
  })(),
  // The bank of best practices (issue 19): a practice of each municipality's first school, sent to the centre.
  ...((): Case[] => {
    const readers = { curator: 200, school_head: 200, coordinator: 200, department: 200, mentor: 200 };
    const target = 'practice';
    return [
      { method: 'GET', route: '/practices', target: 'none', expected: byRole(readers, 403, 303) },
      { method: 'GET', route: '/practices/new', target: 'none', expected: byRole({ curator: 200 }, 403, 303) },
      { method: 'POST', route: '/practices', target: 'none', expected: byRole({ curator: 400 }, 403, 401) },
      {
        method: 'GET',
        route: '/practices/collection',
        target: 'none',
        expected: byRole({ coordinator: 200, department: 200 }, 403, 303),
      },
      // Under review: the school and the coordinator read it; the department and the mentors only once accepted or published.
      {
        method: 'GET',
        route: '/practices/:id',
        target,
        expected: byRole(
          {
            curator: [200, 404],
            school_head: [200, 404],
            coordinator: [200, 404],
            department: [404, 404],
            mentor: [404, 404],
          },
          [403, 403],
          [303, 303],
        ),
      },
      // Sent: no longer the curator's to edit or send (409); outside the scope 404.
      { method: 'GET', route: '/practices/:id/edit', target, expected: byRole({ curator: [409, 404] }, [403, 403], [303, 303]) },
      { method: 'POST', route: '/practices/:id', target, expected: byRole({ curator: [409, 404] }, [403, 403], [401, 401]) },
      { method: 'POST', route: '/practices/:id/send', target, expected: byRole({ curator: [409, 404] }, [403, 403], [401, 401]) },
      // Materials: added and removed while editable (409 once sent), a file that is not the practice's 404.
      {
        method: 'POST',
        route: '/practices/:id/files',
        target,
        expected: byRole({ curator: [409, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'GET',
        route: '/practices/:id/files/:fileId',
        url: '/practices/:id/files/999999',
        target,
        expected: byRole(
          {
            curator: [404, 404],
            school_head: [404, 404],
            coordinator: [404, 404],
            department: [404, 404],
            mentor: [404, 404],
          },
          [403, 403],
          [303, 303],
        ),
      },
      {
        method: 'POST',
        route: '/practices/:id/files/:fileId/remove',
        url: '/practices/:id/files/999999/remove',
        target,
        expected: byRole({ curator: [409, 404] }, [403, 403], [401, 401]),
      },
      // An empty comment: the form's error.
      {
        method: 'POST',
        route: '/practices/:id/return',
        target,
        expected: byRole({ coordinator: [400, 404] }, [403, 403], [401, 401]),
      },
      ...(['accept', 'publish', 'withdraw'] as const).map(
        (step): Case => ({
          method: 'POST',
          route: `/practices/:id/${step}`,
          target,
          expected: byRole({ coordinator: [303, 404] }, [403, 403], [401, 401]),
        }),
      ),
    ];
  })(),
  // Programmes: the world's programme of each municipality's first school (not offered to the bank, no document).
  ...((): Case[] => {
    const readers = { curator: 200, school_head: 200, coordinator: 200, department: 200 };
    const readersOwn = {
      curator: [200, 404],
      school_head: [200, 404],
      coordinator: [200, 404],
      department: [200, 404],
    } as Partial<Expected>;
    const noFile = {
      curator: [404, 404],
      school_head: [404, 404],
      coordinator: [404, 404],
      department: [404, 404],
    } as Partial<Expected>;
    const target = 'programme';
    return [
      { method: 'GET', route: '/programmes', target: 'none', expected: byRole(readers, 403, 303) },
      { method: 'GET', route: '/programmes/bank', target: 'none', expected: byRole(readers, 403, 303) },
      { method: 'GET', route: '/programmes/new', target: 'none', expected: byRole({ curator: 200 }, 403, 303) },
      { method: 'POST', route: '/programmes', target: 'none', expected: byRole({ curator: 400 }, 403, 401) },
      { method: 'GET', route: '/programmes/:id', target, expected: byRole(readersOwn, [403, 403], [303, 303]) },
      // Readers may download the document; the world's programme has none (404 inside the scope too).
      { method: 'GET', route: '/programmes/:id/file', target, expected: byRole(noFile, [403, 403], [303, 303]) },
      { method: 'GET', route: '/programmes/:id/edit', target, expected: byRole({ curator: [200, 404] }, [403, 403], [303, 303]) },
      {
        method: 'POST',
        route: '/programmes/:id/edit',
        target,
        expected: byRole({ curator: [400, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/programmes/:id/archive',
        target,
        expected: byRole({ curator: [303, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/programmes/:id/restore',
        target,
        expected: byRole({ curator: [303, 404] }, [403, 403], [401, 401]),
      },
      // Without its document the programme is not offered (409); not offered, it awaits no decision (409).
      {
        method: 'POST',
        route: '/programmes/:id/submit',
        target,
        expected: byRole({ curator: [409, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/programmes/:id/accept',
        target,
        expected: byRole({ coordinator: [409, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/programmes/:id/return',
        target,
        expected: byRole({ coordinator: [409, 404] }, [403, 403], [401, 401]),
      },
      // Issue 17: the school's curator sends the programme to the centre; its coordinator answers (nothing
      // sent in its own fresh world: 409); a return without a comment is 400.
      {
        method: 'POST',
        route: '/programmes/:id/agreement/send',
        target,
        expected: byRole({ curator: [303, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/programmes/:id/agreement/agree',
        target,
        expected: byRole({ coordinator: [409, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/programmes/:id/agreement/return',
        target,
        expected: byRole({ coordinator: [400, 404] }, [403, 403], [401, 401]),
      },
      // Issue 18: the programme's curator or its municipality's coordinator attaches the diagnostic (an empty choice detaches: 303).
      {
        method: 'POST',
        route: '/programmes/:id/diagnostic',
        target,
        expected: byRole({ curator: [303, 404], coordinator: [303, 404] }, [403, 403], [401, 401]),
      },
    ];
  })(),
  // One pair: an active pair of each municipality's first school with its mentor's and its
  // teacher-mentee's accounts linked, a student mentee without an account, an introduction and a
  // final meeting (tests/helpers/pair-fixtures.ts). MEETING and MENTEE are replaced by its ids.
  ...((): Case[] => {
    const target = 'pair';
    const loggers = (ok: number): Partial<Expected> => ({ mentor: [ok, 404], curator: [ok, 404] });
    const readers = {
      curator: [200, 404],
      school_head: [200, 404],
      coordinator: [200, 404],
      department: [200, 404],
      mentor: [200, 404],
      mentee: [200, 404],
    } as Partial<Expected>;
    const meeting = (route: string) => route.replace(':meetingId', 'MEETING');
    const mentee = (route: string) => route.replace(':menteeId', 'MENTEE');
    return [
      { method: 'GET', route: '/pairs/:id', target, expected: byRole(readers, [403, 403], [303, 303]) },
      { method: 'GET', route: '/pairs/:id/meetings/new', target, expected: byRole(loggers(200), [403, 403], [303, 303]) },
      { method: 'POST', route: '/pairs/:id/meetings/new', target, expected: byRole(loggers(400), [403, 403], [401, 401]) },
      {
        method: 'GET',
        route: '/pairs/:id/meetings/:meetingId/edit',
        url: meeting('/pairs/:id/meetings/:meetingId/edit'),
        target,
        expected: byRole(loggers(200), [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/pairs/:id/meetings/:meetingId/edit',
        url: meeting('/pairs/:id/meetings/:meetingId/edit'),
        target,
        expected: byRole(loggers(400), [403, 403], [401, 401]),
      },
      { method: 'GET', route: '/pairs/:id/complete', target, expected: byRole(loggers(200), [403, 403], [303, 303]) },
      { method: 'POST', route: '/pairs/:id/complete', target, expected: byRole(loggers(400), [403, 403], [401, 401]) },
      // A mentee with an account gives feedback and reflection in the portal (an empty form: 400).
      {
        method: 'POST',
        route: '/pairs/:id/meetings/:meetingId/feedback',
        url: meeting('/pairs/:id/meetings/:meetingId/feedback'),
        target,
        expected: byRole({ mentee: [400, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/pairs/:id/reflection',
        target,
        expected: byRole({ mentee: [400, 404] }, [403, 403], [401, 401]),
      },
      // The school's curator issues the student's personal link, shown once on the next page.
      {
        method: 'POST',
        route: '/pairs/:id/mentees/:menteeId/feedback-link',
        url: mentee('/pairs/:id/mentees/:menteeId/feedback-link'),
        target,
        expected: byRole({ curator: [303, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'GET',
        route: '/pairs/:id/mentees/:menteeId/feedback-link',
        url: mentee('/pairs/:id/mentees/:menteeId/feedback-link'),
        target,
        expected: byRole({ curator: [200, 404] }, [403, 403], [303, 303]),
      },
      // The curator keeps the lifecycle: the pair is already active (409); an empty reason is sent back (303).
      { method: 'GET', route: '/pairs/:id/edit', target, expected: byRole({ curator: [200, 404] }, [403, 403], [303, 303]) },
      { method: 'POST', route: '/pairs/:id/edit', target, expected: byRole({ curator: [400, 404] }, [403, 403], [401, 401]) },
      { method: 'POST', route: '/pairs/:id/activate', target, expected: byRole({ curator: [409, 404] }, [403, 403], [401, 401]) },
      {
        method: 'POST',
        route: '/pairs/:id/terminate',
        target,
        expected: byRole({ curator: [303, 404] }, [403, 403], [401, 401]),
      },
      // The individual route: the curator and the pair's mentor; an empty form is sent back with a message.
      { method: 'POST', route: '/pairs/:id/route', target, expected: byRole(loggers(303), [403, 403], [401, 401]) },
      { method: 'POST', route: '/pairs/:id/tasks', target, expected: byRole(loggers(303), [403, 403], [401, 401]) },
      // The fixture pair has no task 1 of its own.
      {
        method: 'POST',
        route: '/pairs/:id/tasks/:taskId',
        url: '/pairs/:id/tasks/1',
        target,
        expected: byRole(loggers(404), [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/pairs/:id/tasks/:taskId/delete',
        url: '/pairs/:id/tasks/1/delete',
        target,
        expected: byRole(loggers(404), [403, 403], [401, 401]),
      },
      // Issue 18: the pair's mentor and teacher-mentee answer the programme's diagnostic (an empty form: 400).
      {
        method: 'GET',
        route: '/pairs/:id/diagnostic/:stage',
        url: '/pairs/:id/diagnostic/before',
        target,
        expected: byRole({ mentor: [200, 404], mentee: [200, 404] }, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/pairs/:id/diagnostic/:stage',
        url: '/pairs/:id/diagnostic/before',
        target,
        expected: byRole({ mentor: [400, 404], mentee: [400, 404] }, [403, 403], [401, 401]),
      },
      // The school's curator records a mentee's outcomes (an empty form: 400).
      {
        method: 'GET',
        route: '/pairs/:id/mentees/:menteeId/outcome',
        url: mentee('/pairs/:id/mentees/:menteeId/outcome'),
        target,
        expected: byRole({ curator: [200, 404] }, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/pairs/:id/mentees/:menteeId/outcome',
        url: mentee('/pairs/:id/mentees/:menteeId/outcome'),
        target,
        expected: byRole({ curator: [400, 404] }, [403, 403], [401, 401]),
      },
    ];
  })(),
  // The personal feedback link needs no account; a guessed token opens nothing.
  { method: 'GET', route: '/feedback/:token', url: `/feedback/${'a'.repeat(32)}`, target: 'none', expected: all(404) },
  {
    method: 'POST',
    route: '/feedback/:token/meetings/:meetingId',
    url: `/feedback/${'a'.repeat(32)}/meetings/1`,
    target: 'none',
    expected: all(404),
  },
  {
    method: 'POST',
    route: '/feedback/:token/reflection',
    url: `/feedback/${'a'.repeat(32)}/reflection`,
    target: 'none',
    expected: all(404),
  },
  // Issue 18: the pupil's diagnostic through the same personal link.
  {
    method: 'GET',
    route: '/feedback/:token/diagnostic/:stage',
    url: `/feedback/${'a'.repeat(32)}/diagnostic/before`,
    target: 'none',
    expected: all(404),
  },
  {
    method: 'POST',
    route: '/feedback/:token/diagnostic/:stage',
    url: `/feedback/${'a'.repeat(32)}/diagnostic/before`,
    target: 'none',
    expected: all(404),
  },
  // Surveys: a running survey of each municipality's first school with its questionnaire (for the
  // routes under /surveys/templates the :id is the questionnaire's), the pair's mentor, teacher-mentee
  // and student invited (tests/helpers/pair-fixtures.ts; addSurvey below).
  ...((): Case[] => {
    const target = 'survey';
    const readers = { coordinator: 200, department: 200, school_head: 200, curator: 200 };
    const readersOwn = {
      coordinator: [200, 404],
      department: [200, 404],
      school_head: [200, 404],
      curator: [200, 404],
    } as Partial<Expected>;
    const keeper = (ok: number): Partial<Expected> => ({ coordinator: [ok, 404] });
    const participants = (ok: number): Partial<Expected> => ({ mentor: [ok, 404], mentee: [ok, 404] });
    const token = `/survey-link/${'a'.repeat(32)}`;
    return [
      { method: 'GET', route: '/surveys', target: 'none', expected: byRole(readers, 403, 303) },
      { method: 'GET', route: '/surveys/templates/new', target: 'none', expected: byRole({ coordinator: 200 }, 403, 303) },
      { method: 'POST', route: '/surveys/templates', target: 'none', expected: byRole({ coordinator: 400 }, 403, 401) },
      { method: 'GET', route: '/surveys/templates/:id', target, expected: byRole(keeper(200), [403, 403], [303, 303]) },
      { method: 'GET', route: '/surveys/templates/:id/edit', target, expected: byRole(keeper(200), [403, 403], [303, 303]) },
      // An empty form: the title is missing (the questionnaire is used: its questions are not read).
      { method: 'POST', route: '/surveys/templates/:id/edit', target, expected: byRole(keeper(400), [403, 403], [401, 401]) },
      { method: 'POST', route: '/surveys/templates/:id/archive', target, expected: byRole(keeper(303), [403, 403], [401, 401]) },
      { method: 'GET', route: '/surveys/new', target: 'none', expected: byRole({ coordinator: 200 }, 403, 303) },
      { method: 'POST', route: '/surveys', target: 'none', expected: byRole({ coordinator: 400 }, 403, 401) },
      { method: 'GET', route: '/surveys/:id', target, expected: byRole(readersOwn, [403, 403], [303, 303]) },
      // The curator of an included school hands out personal links; nobody chosen: 400.
      { method: 'GET', route: '/surveys/:id/links', target, expected: byRole({ curator: [200, 404] }, [403, 403], [303, 303]) },
      { method: 'POST', route: '/surveys/:id/links', target, expected: byRole({ curator: [400, 404] }, [403, 403], [401, 401]) },
      // Invited participants answer in the portal; an empty form misses the required question (400).
      { method: 'GET', route: '/surveys/:id/answer', target, expected: byRole(participants(200), [403, 403], [303, 303]) },
      { method: 'POST', route: '/surveys/:id/answer', target, expected: byRole(participants(400), [403, 403], [401, 401]) },
      // The personal survey link needs no account; a guessed token opens nothing.
      { method: 'GET', route: '/survey-link/:token', url: token, target: 'none', expected: all(404) },
      { method: 'POST', route: '/survey-link/:token', url: token, target: 'none', expected: all(404) },
    ];
  })(),
  // Indicators: the documents' catalogue installed in each municipality (М1 for the computed
  // pages, Ш3 entered by hand: INDICATOR and MANUAL in the URL), ORG the municipality's first school.
  ...((): Case[] => {
    const target = 'indicator';
    const readers = { curator: 200, school_head: 200, coordinator: 200, department: 200 };
    const readersOwn = {
      curator: [200, 404],
      school_head: [200, 404],
      coordinator: [200, 404],
      department: [200, 404],
    } as Partial<Expected>;
    const municipal = { coordinator: [200, 404], department: [200, 404] } as Partial<Expected>;
    const keeper = (ok: number): Partial<Expected> => ({ coordinator: [ok, 404] });
    const enterers = (ok: number): Partial<Expected> => ({ coordinator: [ok, 404], curator: [ok, 404] });
    const noFile = {
      curator: [404, 404],
      school_head: [404, 404],
      coordinator: [404, 404],
      department: [404, 404],
    } as Partial<Expected>;
    const reports = { coordinator: 200, department: 200 };
    return [
      // A curator or school head is sent on to its school's dashboard.
      {
        method: 'GET',
        route: '/dashboard',
        target: 'none',
        expected: byRole({ coordinator: 200, department: 200, curator: 303, school_head: 303 }, 403, 303),
      },
      {
        method: 'GET',
        route: '/dashboard/schools/:id',
        url: '/dashboard/schools/ORG',
        target,
        expected: byRole(readersOwn, [403, 403], [303, 303]),
      },
      {
        method: 'GET',
        route: '/dashboard/indicators/:id',
        url: '/dashboard/indicators/INDICATOR',
        target,
        expected: byRole(municipal, [403, 403], [303, 303]),
      },
      {
        method: 'GET',
        route: '/dashboard/indicators/:id/organizations/:orgId',
        url: '/dashboard/indicators/INDICATOR/organizations/ORG',
        target,
        expected: byRole(readersOwn, [403, 403], [303, 303]),
      },
      { method: 'GET', route: '/indicators', target: 'none', expected: byRole(readers, 403, 303) },
      { method: 'GET', route: '/indicators/new', target: 'none', expected: byRole({ coordinator: 200 }, 403, 303) },
      { method: 'POST', route: '/indicators', target: 'none', expected: byRole({ coordinator: 400 }, 403, 401) },
      {
        method: 'GET',
        route: '/indicators/:id/edit',
        url: '/indicators/INDICATOR/edit',
        target,
        expected: byRole(keeper(200), [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/indicators/:id/edit',
        url: '/indicators/INDICATOR/edit',
        target,
        expected: byRole(keeper(400), [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/indicators/:id/archive',
        url: '/indicators/INDICATOR/archive',
        target,
        expected: byRole(keeper(303), [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/indicators/:id/restore',
        url: '/indicators/INDICATOR/restore',
        target,
        expected: byRole(keeper(303), [403, 403], [401, 401]),
      },
      // Issue 19: the department's tick for the public pages; an empty form unticks (already so: nothing changes).
      {
        method: 'POST',
        route: '/indicators/:id/public',
        url: '/indicators/INDICATOR/public',
        target,
        expected: byRole({ department: [303, 404] }, [403, 403], [401, 401]),
      },
      // Targets and contingent of the user's own organisation (the municipality, or the curator's school); an empty form changes nothing.
      {
        method: 'GET',
        route: '/indicators/:id/targets',
        url: '/indicators/INDICATOR/targets',
        target,
        expected: byRole(enterers(200), [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/indicators/:id/targets',
        url: '/indicators/INDICATOR/targets',
        target,
        expected: byRole(enterers(303), [403, 403], [401, 401]),
      },
      { method: 'GET', route: '/contingent', target: 'none', expected: byRole({ coordinator: 200, curator: 200 }, 403, 303) },
      { method: 'POST', route: '/contingent', target: 'none', expected: byRole({ coordinator: 303, curator: 303 }, 403, 401) },
      // A school's value entered by hand is its curator's (the coordinator's own is the municipality's: 403); the evidence is missing: 400.
      {
        method: 'GET',
        route: '/indicators/:id/values/:orgId',
        url: '/indicators/MANUAL/values/ORG',
        target,
        expected: byRole({ curator: [200, 404], coordinator: [403, 404] }, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/indicators/:id/values/:orgId',
        url: '/indicators/MANUAL/values/ORG',
        target,
        expected: byRole({ curator: [400, 404], coordinator: [403, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'GET',
        route: '/indicators/:id/values/:orgId/file',
        url: '/indicators/MANUAL/values/ORG/file',
        target,
        expected: byRole(noFile, [403, 403], [303, 303]),
      },
      { method: 'GET', route: '/reports/indicators.xlsx', target: 'none', expected: byRole(reports, 403, 303) },
      { method: 'GET', route: '/reports/participants.xlsx', target: 'none', expected: byRole(reports, 403, 303) },
      { method: 'GET', route: '/reports/analytical', target: 'none', expected: byRole(reports, 403, 303) },
      { method: 'POST', route: '/reports/analytical', target: 'none', expected: byRole({ coordinator: 400 }, 403, 401) },
      { method: 'GET', route: '/reports/analytical.docx', target: 'none', expected: byRole(reports, 403, 303) },
    ];
  })(),
  // Monitoring: a campaign of each municipality (open since 5 days ago, addressed to all its schools).
  ...((): Case[] => {
    const target = 'campaign';
    const noFile = {
      curator: [404, 404],
      school_head: [404, 404],
      coordinator: [404, 404],
      department: [404, 404],
    } as Partial<Expected>;
    const launchers = { coordinator: 200, department: 200 };
    const readers = { coordinator: 200, department: 200, curator: 200, school_head: 200 };
    const readersOwn = {
      curator: [200, 404],
      school_head: [200, 404],
      coordinator: [200, 404],
      department: [200, 404],
    } as Partial<Expected>;
    return [
      { method: 'GET', route: '/monitoring', target: 'none', expected: byRole({ ...readers, region: 200 }, 403, 303) },
      { method: 'GET', route: '/monitoring/new', target: 'none', expected: byRole(launchers, 403, 303) },
      { method: 'POST', route: '/monitoring', target: 'none', expected: byRole({ coordinator: 400, department: 400 }, 403, 401) },
      // The regional operator reads both (A and B are in its region).
      {
        method: 'GET',
        route: '/monitoring/:id',
        target,
        expected: byRole({ ...readersOwn, region: [200, 200] }, [403, 403], [303, 303]),
      },
      // The campaign is open: its form is fixed (409) for its coordinator.
      {
        method: 'GET',
        route: '/monitoring/:id/edit',
        target,
        expected: byRole({ coordinator: [409, 404] }, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/monitoring/:id/edit',
        target,
        expected: byRole({ coordinator: [409, 404] }, [403, 403], [401, 401]),
      },
      // A submission: the own municipality's first school's, «не начат» (the curator's empty save makes it «заполняется»).
      // The region reads accepted submissions only: this one is not (404).
      {
        method: 'GET',
        route: '/monitoring/:id/schools/:orgId',
        target,
        expected: byRole({ ...readersOwn, region: [404, 404] }, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/monitoring/:id/schools/:orgId',
        target,
        expected: byRole({ curator: [303, 404] }, [403, 403], [401, 401]),
      },
      // The required field and document are missing: 400.
      {
        method: 'POST',
        route: '/monitoring/:id/schools/:orgId/send',
        target,
        expected: byRole({ curator: [400, 404] }, [403, 403], [401, 401]),
      },
      // Not sent, it is not approved (409); not approved, not accepted (409).
      {
        method: 'POST',
        route: '/monitoring/:id/schools/:orgId/approve',
        target,
        expected: byRole({ school_head: [409, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/monitoring/:id/schools/:orgId/accept',
        target,
        expected: byRole({ coordinator: [409, 404] }, [403, 403], [401, 401]),
      },
      // Without the comment, the reason, the date: 400.
      {
        method: 'POST',
        route: '/monitoring/:id/schools/:orgId/return',
        target,
        expected: byRole({ coordinator: [400, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/monitoring/:id/schools/:orgId/reopen',
        target,
        expected: byRole({ coordinator: [400, 404] }, [403, 403], [401, 401]),
      },
      {
        method: 'POST',
        route: '/monitoring/:id/schools/:orgId/extend',
        target,
        expected: byRole({ coordinator: [400, 404] }, [403, 403], [401, 401]),
      },
      // No document is attached: 404 inside the scope too.
      {
        method: 'GET',
        route: '/monitoring/:id/schools/:orgId/files/:fileId',
        target,
        expected: byRole({ ...noFile, region: [404, 404] }, [403, 403], [303, 303]),
      },
      {
        method: 'POST',
        route: '/monitoring/:id/schools/:orgId/files/:fileId/remove',
        target,
        expected: byRole({ curator: [404, 404] }, [403, 403], [401, 401]),
      },
      // The справка: the submission is not accepted, so there is none yet (409) inside the scope.
      ...['/monitoring/:id/schools/:orgId/report', '/monitoring/:id/schools/:orgId/report.docx'].map(
        (route): Case => ({
          method: 'GET',
          route,
          target,
          expected: byRole(
            { curator: [409, 404], school_head: [409, 404], coordinator: [409, 404], department: [409, 404], region: [404, 404] },
            [403, 403],
            [303, 303],
          ),
        }),
      ),
      // The municipal summary: the campaign municipality's coordinator and department, the region's operator; everyone else 404.
      ...['/monitoring/:id/summary', '/monitoring/:id/summary.xlsx'].map(
        (route): Case => ({
          method: 'GET',
          route,
          target,
          expected: byRole({ coordinator: [200, 404], department: [200, 404], region: [200, 200] }, [404, 404], [303, 303]),
        }),
      ),
      // The exports of accepted snapshots: the municipality's coordinator and department (and the region).
      {
        method: 'GET',
        route: '/monitoring/:id/exports/:layout',
        target,
        expected: byRole({ coordinator: [200, 404], department: [200, 404], region: [200, 200] }, [403, 403], [303, 303]),
      },
      // The region's exports: the regional operator only (tests/integration/monitoring-region.test.ts).
      { method: 'GET', route: '/region/exports', target: 'none', expected: byRole({ region: 200 }, 403, 303) },
      {
        method: 'GET',
        route: '/region/exports/:layout',
        // A period with no accepted submission has no export for the region: 404.
        url: `/region/exports/counts?period=${THIS_YEAR}-01-01..${THIS_YEAR}-12-31`,
        target: 'none',
        expected: byRole({ region: 404 }, 403, 303),
      },
    ];
  })(),
  // Notifications: each person's own list; another person's notification (or none) is 404
  // (tests/integration/notifications.test.ts).
  { method: 'GET', route: '/notifications', target: 'none', expected: all(200, 303) },
  { method: 'POST', route: '/notifications/read-all', target: 'none', expected: all(303, 401) },
  {
    method: 'POST',
    route: '/notifications/:id/read',
    url: '/notifications/2147483647/read',
    target: 'none',
    expected: all(404, 401),
  },
  {
    method: 'POST',
    route: '/notifications/:id/open',
    url: '/notifications/2147483647/open',
    target: 'none',
    expected: all(404, 401),
  },
  // The unsubscribe link of mails needs no account; a guessed token opens nothing (tests/integration/mail.test.ts).
  {
    method: 'GET',
    route: '/mail/unsubscribe/:token',
    url: `/mail/unsubscribe/${'a'.repeat(32)}`,
    target: 'none',
    expected: all(404),
  },
  {
    method: 'POST',
    route: '/mail/unsubscribe/:token',
    url: `/mail/unsubscribe/${'a'.repeat(32)}`,
    target: 'none',
    expected: all(404),
  },
  // The version for the visually impaired: anyone, signed in or not (tests/integration/low-vision.test.ts).
  { method: 'GET', route: '/accessibility', target: 'none', expected: all(200) },
  { method: 'POST', route: '/accessibility', target: 'none', expected: all(303) },
  // Issue 19: the coordinator records a best mentor's consent to be shown (a record of no municipality: 404).
  {
    method: 'POST',
    route: '/recognition/best/:id/consent',
    url: '/recognition/best/999999/consent',
    target: 'none',
    expected: byRole({ coordinator: 404 }, 403, 401),
  },
  // Issue 19: the public pages answer everyone, signed in or not; their news are kept in the portal
  // by the coordinator (the municipality's) and a curator (its school's; the fixtures' news are the schools').
  { method: 'GET', route: '/public', target: 'none', expected: all(200) },
  { method: 'GET', route: '/p/:municipality', url: '/p/okrug-a', target: 'none', expected: all(200) },
  { method: 'GET', route: '/p/:municipality/feed.xml', url: '/p/okrug-b/feed.xml', target: 'none', expected: all(200) },
  { method: 'GET', route: '/p/:municipality/:school', url: '/p/okrug-b/shkola-b1', target: 'none', expected: all(200) },
  {
    method: 'GET',
    route: '/p/:municipality/:school/feed.xml',
    url: '/p/okrug-a/shkola-a1/feed.xml',
    target: 'none',
    expected: all(200),
  },
  {
    method: 'GET',
    route: '/p/:municipality/:school/documents/:id',
    url: '/p/okrug-a/shkola-a1/documents/999999',
    target: 'none',
    expected: all(404),
  },
  { method: 'GET', route: '/sitemap.xml', target: 'none', expected: all(200) },
  {
    method: 'GET',
    route: '/p/:municipality/practices',
    url: '/p/okrug-a/practices?q=наставник',
    target: 'none',
    expected: all(200),
  },
  {
    method: 'GET',
    route: '/p/:municipality/practices/:id',
    url: '/p/okrug-a/practices/999999',
    target: 'none',
    expected: all(404),
  },
  { method: 'GET', route: '/public-news', target: 'none', expected: byRole({ coordinator: 200, curator: 200 }, 403, 303) },
  { method: 'GET', route: '/public-news/new', target: 'none', expected: byRole({ coordinator: 200, curator: 200 }, 403, 303) },
  { method: 'POST', route: '/public-news', target: 'none', expected: byRole({ coordinator: 400, curator: 400 }, 403, 401) },
  {
    method: 'GET',
    route: '/public-news/:id',
    target: 'news',
    expected: byRole({ coordinator: [404, 404], curator: [200, 404] }, [403, 403], [303, 303]),
  },
  {
    method: 'POST',
    route: '/public-news/:id',
    target: 'news',
    expected: byRole({ coordinator: [404, 404], curator: [400, 404] }, [403, 403], [401, 401]),
  },
  {
    method: 'POST',
    route: '/public-news/:id/publish',
    target: 'news',
    expected: byRole({ coordinator: [404, 404], curator: [303, 404] }, [403, 403], [401, 401]),
  },
  {
    method: 'POST',
    route: '/public-news/:id/unpublish',
    target: 'news',
    expected: byRole({ coordinator: [404, 404], curator: [303, 404] }, [403, 403], [401, 401]),
  },
  { method: 'POST', route: '/logout', target: 'none', expected: all(303) },
];

let database: TestDatabase;
let app: FastifyInstance;
/** The 'pair' target of each municipality, rebuilt with the world for each role. */
let pairs: { a: PairFixture; b: PairFixture };
/** The 'survey' target of each municipality: a running survey and its questionnaire. */
let surveys: { a: SurveyFixture; b: SurveyFixture };
/** The documents' indicators of each municipality, by code. */
let indicators: { a: Map<string, number>; b: Map<string, number> };
/** The 'campaign' target of each municipality. */
let campaigns: { a: number; b: number };
let documents: { a: number; b: number };
/** A published model document of each municipality's library, with its file (issue 17). */
let models: { a: number; b: number };
/** A running agreement of each municipality's first school with its partner (issue 17). */
let agreements: { a: number; b: number };
/** A planned municipal seminar of each municipality with one registration (issue 18). */
let events: { a: { id: number; registration: number }; b: { id: number; registration: number } };

async function addEvent(db: TestDatabase['db'], m: World['a'], mentorId: number): Promise<{ id: number; registration: number }> {
  const starts = new Date(Date.now() + 30 * 86_400_000);
  const event = await db
    .insertInto('events')
    .values({
      municipality_id: m.id,
      organizer_id: m.id,
      title: 'Семинар наставников',
      kind: 'seminar',
      level: 'municipal',
      starts_at: starts,
      ends_at: new Date(starts.getTime() + 7_200_000),
      place: 'Методический центр',
      audience_roles: ['curator', 'mentor'],
      all_schools: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const registration = await db
    .insertInto('event_registrations')
    .values({ event_id: event.id, mentor_id: mentorId, organization_id: m.school })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: event.id, registration: registration.id };
}

/** A published model of the municipality's library, its file stored as the coordinator's form would. */
async function addModel(municipalityId: number): Promise<number> {
  const stored = await storeUpload(database.db, app.files, null, {
    organizationId: municipalityId,
    purpose: 'model_document',
    fileName: 'Образец.pdf',
    data: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  });
  const row = await database.db
    .insertInto('model_documents')
    .values({ municipality_id: municipalityId, title: 'Образец', type: 'regulation', file_id: stored.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A practice of each municipality's first school, sent to the methodological centre (issue 19). */
let practices: { a: number; b: number };

async function addPractice(db: TestDatabase['db'], world: World, which: 'a' | 'b'): Promise<number> {
  const m = world[which];
  const row = await db
    .insertInto('practices')
    .values({
      organization_id: m.school,
      municipality_id: m.id,
      title: 'Клуб молодого педагога',
      form: 'teacher_teacher',
      year: 2026,
      authors: 'Иванова А. П.',
      problem: 'Молодые педагоги уходили из школы',
      actions: 'Встречи клуба',
      results: 'Остались все шесть',
      status: 'submitted',
      submitted_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A nomination of each municipality's first mentor, included in the list and sent to the department (issue 18). */
let nominations: { a: number; b: number };
/** A draft news item of each municipality's first school's public page (issue 19). */
let news: { a: number; b: number };
/** A second mentor of each municipality's first school, whose award form is opened. */
let awardees: { a: number; b: number };

async function addNomination(db: TestDatabase['db'], world: World, which: 'a' | 'b'): Promise<number> {
  const m = world[which];
  const row = await db
    .insertInto('award_nominations')
    .values({
      mentor_id: which === 'a' ? world.people.mentorA : world.people.mentorB,
      organization_id: m.school,
      municipality_id: m.id,
      kind: 'letter_of_thanks',
      reason: 'Наставляемые — призёры олимпиады',
      status: 'listed',
      sent_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addAgreement(db: TestDatabase['db'], m: World['a']): Promise<number> {
  const row = await db
    .insertInto('agreements')
    .values({ school_id: m.school, party_id: m.partner, kind: 'partner', valid_from: '2020-01-01', subject: 'Наставничество' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

interface SurveyFixture {
  id: number;
  templateId: number;
}

/** A questionnaire of the municipality and a survey by it, running, for the pair's school; its people invited. */
async function addSurvey(
  db: TestDatabase['db'],
  municipalityId: number,
  pair: PairFixture,
  schoolId: number,
): Promise<SurveyFixture> {
  const template = await db
    .insertInto('survey_templates')
    .values({ municipality_id: municipalityId, title: 'Анкета', audience: 'mentor' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('survey_questions')
    .values([
      {
        template_id: template.id,
        position: 1,
        text: 'Насколько вы удовлетворены?',
        kind: 'scale',
        required: true,
        counts_for_satisfaction: true,
      },
      { template_id: template.id, position: 2, text: 'Что изменить?', kind: 'text', required: false },
    ])
    .execute();
  const survey = await db
    .insertInto('surveys')
    .values({
      template_id: template.id,
      municipality_id: municipalityId,
      title: 'Опрос',
      opens_on: daysAgo(1),
      closes_on: daysAgo(-20),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('survey_schools').values({ survey_id: survey.id, organization_id: schoolId }).execute();
  await db
    .insertInto('survey_invitations')
    .values([
      { survey_id: survey.id, organization_id: schoolId, mentor_id: pair.mentorId },
      { survey_id: survey.id, organization_id: schoolId, mentee_id: pair.teacherMenteeId },
      { survey_id: survey.id, organization_id: schoolId, mentee_id: pair.studentId },
    ])
    .execute();
  return { id: survey.id, templateId: template.id };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('route declarations', () => {
  it('every registered route declares who may use it', () => {
    const undeclared = app.registeredRoutes.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('only the one-click unsubscribe of mails skips the CSRF check', () => {
    const exempt = app.registeredRoutes.filter((r) => r.csrf === false).map((r) => `${r.method} ${r.url}`);
    expect(exempt).toEqual(['POST /mail/unsubscribe/:token']);
  });

  it('every registered route is in the access matrix, and the matrix names no route that is gone', () => {
    const registered = new Set(app.registeredRoutes.map((r) => `${r.method} ${r.url}`));
    const inMatrix = new Set(CASES.map((c) => `${c.method} ${c.route}`));
    expect([...registered].filter((r) => !inMatrix.has(r))).toEqual([]);
    expect([...inMatrix].filter((r) => !registered.has(r))).toEqual([]);
  });
});

function urlOf(c: Case, world: World, which: 0 | 1): string {
  if (c.target === 'roadmap-municipal' || c.target === 'roadmap-school') {
    const key = `${c.target === 'roadmap-municipal' ? 'municipal' : 'school'}${which === 0 ? 'A' : 'B'}` as const;
    const roadmap = world.roadmaps[key];
    return (c.url ?? c.route).replace(':id', String(roadmap.id)).replace('ITEM', String(roadmap.item));
  }
  if (c.target === 'pair') {
    const pair = which === 0 ? pairs.a : pairs.b;
    return (c.url ?? c.route)
      .replace(':id', String(pair.id))
      .replace('MEETING', String(pair.meetings[0]))
      .replace('MENTEE', String(pair.studentId));
  }
  if (c.target === 'indicator') {
    const m = which === 0 ? world.a : world.b;
    const codes = which === 0 ? indicators.a : indicators.b;
    return (c.url ?? c.route)
      .replace('INDICATOR', String(codes.get('М1')))
      .replace('MANUAL', String(codes.get('Ш3')))
      .replace('ORG', String(m.school));
  }
  if (c.target === 'survey') {
    const survey = which === 0 ? surveys.a : surveys.b;
    return c.route.replace(':id', String(c.route.startsWith('/surveys/templates/') ? survey.templateId : survey.id));
  }
  if (c.target === 'event') {
    const event = which === 0 ? events.a : events.b;
    return (c.url ?? c.route).replace(':id', String(event.id)).replace('REGISTRATION', String(event.registration));
  }
  if (c.target === 'campaign') {
    const m = which === 0 ? world.a : world.b;
    return c.route
      .replace(':id', String(which === 0 ? campaigns.a : campaigns.b))
      .replace(':orgId', String(m.school))
      .replace(':fileId', '1')
      .replace(':layout', 'counts');
  }
  // A mentor of its own: the world's first mentor is erased earlier in the run by the curator's case.
  if (c.url === 'MENTOR') return `${c.route}?mentor=${which === 0 ? awardees.a : awardees.b}`;
  if (c.target === 'practice') return (c.url ?? c.route).replace(':id', String(which === 0 ? practices.a : practices.b));
  if (c.url) return c.url;
  const m = which === 0 ? world.a : world.b;
  const ids: Record<Target, number | undefined> = {
    organization: m.school,
    user: world.users[which === 0 ? 'mentee' : 'mentee.b'],
    mentors: which === 0 ? world.people.mentorA : world.people.mentorB,
    mentees: which === 0 ? world.people.menteeA : world.people.menteeB,
    tag: which === 0 ? world.tags.a : world.tags.b,
    'batch-mentors': which === 0 ? world.batches.mentorsA : world.batches.mentorsB,
    'batch-mentees': which === 0 ? world.batches.menteesA : world.batches.menteesB,
    'roadmap-municipal': undefined,
    'roadmap-school': undefined,
    programme: which === 0 ? world.programmes.a : world.programmes.b,
    agreement: which === 0 ? agreements.a : agreements.b,
    pair: undefined,
    survey: undefined,
    indicator: undefined,
    campaign: which === 0 ? campaigns.a : campaigns.b,
    document: which === 0 ? documents.a : documents.b,
    'model-document': which === 0 ? models.a : models.b,
    event: undefined,
    nomination: which === 0 ? nominations.a : nominations.b,
    practice: which === 0 ? practices.a : practices.b,
    news: which === 0 ? news.a : news.b,
    none: undefined,
  };
  const id = ids[c.target];
  return c.route.replace(':id', String(id));
}

describe.each(WHO)('as %s', (who) => {
  it('gets the expected status on every route, for its own and a foreign organisation', async () => {
    await database.reset();
    const world = await buildWorld(database.db);
    const meetings = [
      { type: 'introduction', daysAgo: 20 },
      { type: 'final', daysAgo: 2 },
    ] as const;
    pairs = {
      a: await addPair(database.db, world, 'a', { meetings: [...meetings] }),
      b: await addPair(database.db, world, 'b', { meetings: [...meetings] }),
    };
    surveys = {
      a: await addSurvey(database.db, world.a.id, pairs.a, world.a.school),
      b: await addSurvey(database.db, world.b.id, pairs.b, world.b.school),
    };
    // Issue 18: the pairs' programmes take the survey's questionnaire as their diagnostic.
    for (const [pair, survey] of [
      [pairs.a, surveys.a],
      [pairs.b, surveys.b],
    ] as const) {
      await database.db
        .updateTable('programmes')
        .set({ diagnostic_template_id: survey.templateId })
        .where('id', '=', pair.programmeId)
        .execute();
    }
    indicators = {
      a: await installCatalogue(database.db, world.a.id, [world.a.school]),
      b: await installCatalogue(database.db, world.b.id, [world.b.school]),
    };
    campaigns = { a: await addCampaign(database.db, 'coordinator'), b: await addCampaign(database.db, 'coordinator.b') };
    const addDocument = async (schoolId: number) =>
      (
        await database.db
          .insertInto('school_documents')
          .values({ organization_id: schoolId, type: 'regulation', status: 'draft' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    documents = { a: await addDocument(world.a.school), b: await addDocument(world.b.school) };
    models = { a: await addModel(world.a.id), b: await addModel(world.b.id) };
    agreements = { a: await addAgreement(database.db, world.a), b: await addAgreement(database.db, world.b) };
    nominations = { a: await addNomination(database.db, world, 'a'), b: await addNomination(database.db, world, 'b') };
    practices = { a: await addPractice(database.db, world, 'a'), b: await addPractice(database.db, world, 'b') };
    const addAwardee = async (schoolId: number) =>
      (
        await database.db
          .insertInto('mentors')
          .values({ organization_id: schoolId, last_name: 'Награждаемая', first_name: 'Ольга', category: 'teacher' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    awardees = { a: await addAwardee(world.a.school), b: await addAwardee(world.b.school) };
    const addNews = async (schoolId: number) =>
      (
        await database.db
          .insertInto('public_news')
          .values({ organization_id: schoolId, title: 'Новость', body: 'Текст' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    news = { a: await addNews(world.a.school), b: await addNews(world.b.school) };
    events = {
      a: await addEvent(database.db, world.a, world.people.mentorA),
      b: await addEvent(database.db, world.b, world.people.mentorB),
    };
    if (who === 'region') {
      // The regional operator of the test region (both municipalities, A and B, are in it).
      const admin = await database.db
        .selectFrom('users')
        .select('password_hash')
        .where('login', '=', 'admin')
        .executeTakeFirstOrThrow();
      await database.db
        .insertInto('users')
        .values({
          login: 'region',
          full_name: 'Регионов Регион Иванович',
          organization_id: world.region,
          role: 'region',
          password_hash: admin.password_hash,
        })
        .execute();
    }
    const client = new Client(app);
    if (who !== 'anonymous') {
      const response = await client.login(who, PASSWORD);
      expect(response.statusCode, `login as ${who}`).toBe(303);
    } else {
      await client.get('/login'); // a CSRF token, as a visitor's browser would have
    }
    const mismatches: string[] = [];
    for (const c of CASES) {
      const expected = c.expected[who];
      const pairs: Array<[0 | 1, number]> = Array.isArray(expected)
        ? [
            [0, expected[0]],
            [1, expected[1]],
          ]
        : [[0, expected]];
      for (const [which, status] of pairs) {
        const url = urlOf(c, world, which);
        const response = c.method === 'GET' ? await client.get(url) : await client.post(url, {});
        if (response.statusCode !== status) {
          mismatches.push(
            `${c.method} ${url} (${which === 0 ? 'own' : 'foreign'}): expected ${status}, got ${response.statusCode}`,
          );
        }
        if (response.statusCode === 403 || response.statusCode === 404) {
          expect(response.body, `${c.method} ${url}`).toContain('lang="ru"');
          expect(response.headers['content-type']).toContain('text/html');
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
