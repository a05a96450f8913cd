import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { CurrentUser } from '../auth/sessions.js';
import type { Database, MenteesTable, MentorsTable } from '../db/types.js';
import { canManageModelDocuments, monitoringRegionOf, practiceStatusesReadBy, readsModelDocuments, scopeOf } from './policy.js';

/**
 * SQL filters that limit a list to what the user may see. Every list query of a module
 * applies one of these in its `where`, so rows outside the scope are never fetched.
 */

type OrgEB = ExpressionBuilder<Database, 'organizations'>;
type UsersEB = ExpressionBuilder<Database, 'users' | 'organizations'>;
type AuditEB = ExpressionBuilder<Database, 'audit_log'>;

/** For queries over `organizations`: the user's scope. Mirrors canViewOrganization. */
export function organizationsInScope(user: CurrentUser) {
  const scope = scopeOf(user);
  return (eb: OrgEB): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'all':
        return sql<SqlBool>`true`;
      case 'municipality':
        return eb('organizations.municipality_id', '=', scope.municipalityId);
      case 'organization':
        return eb('organizations.id', '=', scope.organizationId);
      case 'self':
        return sql<SqlBool>`false`;
    }
  };
}

/** For queries over users joined with their organisation (`organizations`). Mirrors canViewUser. */
export function usersInScope(user: CurrentUser) {
  const scope = scopeOf(user);
  return (eb: UsersEB): Expression<SqlBool> => {
    switch (scope.kind) {
      case 'all':
        return sql<SqlBool>`true`;
      case 'municipality':
        return eb('organizations.municipality_id', '=', scope.municipalityId);
      case 'organization':
        return eb('users.organization_id', '=', scope.organizationId);
      case 'self':
        return eb('users.id', '=', scope.userId);
    }
  };
}

/** For queries over `audit_log`: the administrator's whole log, the coordinator's municipality's lines. Mirrors canViewAuditEntry. */
export function auditInScope(user: CurrentUser) {
  return (eb: AuditEB): Expression<SqlBool> => {
    if (user.role === 'admin') return sql<SqlBool>`true`;
    if (user.role === 'coordinator' && user.municipalityId !== null)
      return eb('audit_log.municipality_id', '=', user.municipalityId);
    return sql<SqlBool>`false`;
  };
}

/** For queries over `tags`: the lists the coordinator keeps for its municipality. Mirrors canManageTag. */
export function tagsInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'tags'>): Expression<SqlBool> =>
    user.role === 'coordinator' && user.municipalityId !== null
      ? eb('tags.municipality_id', '=', user.municipalityId)
      : sql<SqlBool>`false`;
}

/**
 * The municipality whose every school the user reads in the bases, pairs and registers (the
 * coordinator, the department), else null: the lists that aggregate a whole municipality.
 */
export function municipalityWideOf(user: CurrentUser): number | null {
  return (user.role === 'coordinator' || user.role === 'department') && user.municipalityId !== null ? user.municipalityId : null;
}

/**
 * For queries over mentors or mentees joined with their school as `organizations`:
 * school roles see their school, municipality roles their municipality, nobody else anything.
 */
export function peopleInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'organizations'>): Expression<SqlBool> => {
    switch (user.role) {
      case 'curator':
      case 'school_head':
        return eb('organizations.id', '=', user.organizationId);
      case 'coordinator':
      case 'department':
        return user.municipalityId === null ? sql<SqlBool>`false` : eb('organizations.municipality_id', '=', user.municipalityId);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/**
 * For queries over roadmaps joined with their organisation as `organizations`: the municipality
 * roles see every roadmap of their municipality, school roles their school's and the municipal
 * ones — of the municipal templates only those published to the schools. Mirrors canViewRoadmap.
 */
export function roadmapsInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'organizations' | 'roadmaps'>): Expression<SqlBool> => {
    switch (user.role) {
      case 'coordinator':
      case 'department':
        return user.municipalityId === null ? sql<SqlBool>`false` : eb('organizations.municipality_id', '=', user.municipalityId);
      case 'curator':
      case 'school_head':
        return user.municipalityId === null
          ? eb('organizations.id', '=', user.organizationId)
          : eb.or([
              eb('organizations.id', '=', user.organizationId),
              eb.and([
                eb('organizations.id', '=', user.municipalityId),
                eb('organizations.type', '=', 'municipality'),
                eb.or([eb('roadmaps.kind', '=', 'plan'), eb('roadmaps.published_at', 'is not', null)]),
              ]),
            ]);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/**
 * For queries over roadmaps joined with their organisation as `organizations`: the plans the user
 * approves — the department its municipality's, the school head its school's. Mirrors canApproveRoadmap.
 */
export function approvableRoadmapsInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'organizations' | 'roadmaps'>): Expression<SqlBool> => {
    const plan = eb('roadmaps.kind', '=', 'plan');
    switch (user.role) {
      case 'department':
        return user.municipalityId === null
          ? sql<SqlBool>`false`
          : eb.and([plan, eb('organizations.type', '=', 'municipality'), eb('organizations.id', '=', user.municipalityId)]);
      case 'school_head':
        return eb.and([plan, eb('organizations.type', '=', 'school'), eb('organizations.id', '=', user.organizationId)]);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/**
 * For queries over pairs joined with their school as `organizations`: the municipality roles
 * read every pair of their municipality, the school roles their school's, a mentor the pairs it
 * mentors in and a mentee with an account the pairs it is mentored in (through the account
 * linked to its record of the bases).
 */
export function pairsInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'pairs' | 'organizations'>): Expression<SqlBool> => {
    switch (user.role) {
      case 'coordinator':
      case 'department':
        return user.municipalityId === null ? sql<SqlBool>`false` : eb('organizations.municipality_id', '=', user.municipalityId);
      case 'curator':
      case 'school_head':
        return eb('pairs.organization_id', '=', user.organizationId);
      case 'mentor':
        return eb.exists(
          eb
            .selectFrom('pair_mentors')
            .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
            .select('pair_mentors.pair_id')
            .whereRef('pair_mentors.pair_id', '=', 'pairs.id')
            .where('mentors.user_id', '=', user.id),
        );
      case 'mentee':
        return eb.exists(
          eb
            .selectFrom('pair_mentees')
            .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
            .select('pair_mentees.pair_id')
            .whereRef('pair_mentees.pair_id', '=', 'pairs.id')
            .where('mentees.user_id', '=', user.id),
        );
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/**
 * For queries over programmes joined with their school as `organizations`: a school's own, and
 * for the municipality roles every programme of the municipality; school roles also read the
 * programmes any school of their municipality got accepted into the district bank. Mirrors canViewProgramme.
 */
export function programmesInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'programmes' | 'organizations'>): Expression<SqlBool> => {
    switch (user.role) {
      case 'coordinator':
      case 'department':
        return user.municipalityId === null ? sql<SqlBool>`false` : eb('organizations.municipality_id', '=', user.municipalityId);
      case 'curator':
      case 'school_head':
        return user.municipalityId === null
          ? eb('programmes.organization_id', '=', user.organizationId)
          : eb.or([
              eb('programmes.organization_id', '=', user.organizationId),
              eb.and([
                eb('programmes.bank_status', '=', 'accepted'),
                eb('organizations.municipality_id', '=', user.municipalityId),
              ]),
            ]);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/** For queries over the catalogue (`indicators`): its municipality's, for the roles that read it. Mirrors canViewIndicator. */
export function indicatorsInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'indicators'>): Expression<SqlBool> => {
    switch (user.role) {
      case 'coordinator':
      case 'department':
      case 'curator':
      case 'school_head':
        return user.municipalityId === null ? sql<SqlBool>`false` : eb('indicators.municipality_id', '=', user.municipalityId);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/**
 * For queries over `organizations` whose figures (targets, contingent) the user enters: the
 * coordinator its municipality and the municipality's schools, a curator its own school.
 * Mirrors canEnterFigures.
 */
export function figuresInScope(user: CurrentUser) {
  return (eb: OrgEB): Expression<SqlBool> => {
    const entered = eb('organizations.type', 'in', ['school', 'municipality']);
    switch (user.role) {
      case 'coordinator':
        return user.municipalityId === null
          ? sql<SqlBool>`false`
          : eb.and([entered, eb('organizations.municipality_id', '=', user.municipalityId)]);
      case 'curator':
        return eb.and([entered, eb('organizations.id', '=', user.organizationId)]);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/**
 * For queries over `surveys`: the municipality roles every survey of their municipality, the
 * school roles the surveys that include their school; nobody else reads results. Mirrors canViewSurvey.
 */
export function surveysInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'surveys'>): Expression<SqlBool> => {
    switch (user.role) {
      case 'coordinator':
      case 'department':
        return user.municipalityId === null ? sql<SqlBool>`false` : eb('surveys.municipality_id', '=', user.municipalityId);
      case 'curator':
      case 'school_head':
        return eb.exists(
          eb
            .selectFrom('survey_schools')
            .select('survey_schools.survey_id')
            .whereRef('survey_schools.survey_id', '=', 'surveys.id')
            .where('survey_schools.organization_id', '=', user.organizationId),
        );
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/** For queries over `survey_templates`: the questionnaires the coordinator keeps for its municipality. Mirrors canManageTemplate. */
export function templatesInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'survey_templates'>): Expression<SqlBool> =>
    user.role === 'coordinator' && user.municipalityId !== null
      ? eb('survey_templates.municipality_id', '=', user.municipalityId)
      : sql<SqlBool>`false`;
}

/**
 * For queries over `monitoring_campaigns`: the municipality roles their municipality's campaigns,
 * a school's curator and head those with a submission of their school, open on `today`; the regional
 * operator the opened campaigns of its region's municipalities. Mirrors canViewCampaign.
 */
export function campaignsInScope(user: CurrentUser, today: string) {
  return (eb: ExpressionBuilder<Database, 'monitoring_campaigns'>): Expression<SqlBool> => {
    const region = monitoringRegionOf(user);
    if (region !== null)
      return eb.and([
        eb('monitoring_campaigns.opens_on', '<=', today),
        eb(
          'monitoring_campaigns.municipality_id',
          'in',
          eb
            .selectFrom('organizations as rm')
            .select('rm.id')
            .where('rm.parent_id', '=', region)
            .where('rm.type', '=', 'municipality'),
        ),
      ]);
    if (user.municipalityId === null) return sql<SqlBool>`false`;
    switch (user.role) {
      case 'coordinator':
      case 'department':
        return eb('monitoring_campaigns.municipality_id', '=', user.municipalityId);
      case 'curator':
      case 'school_head':
        return eb.and([
          eb('monitoring_campaigns.municipality_id', '=', user.municipalityId),
          eb('monitoring_campaigns.opens_on', '<=', today),
          eb.exists(
            eb
              .selectFrom('monitoring_submissions as own')
              .select('own.id')
              .whereRef('own.campaign_id', '=', 'monitoring_campaigns.id')
              .where('own.organization_id', '=', user.organizationId),
          ),
        ]);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/**
 * Whether the document of `school_documents` concerns a minor (a mentor or mentee born after
 * `bornAfter`, or a student with no birth date recorded): its personal data are then read only by
 * the school's curator and the municipality's coordinator (canSeeMinorDetails).
 */
export function documentConcernsMinor(bornAfter: string) {
  const minor = (alias: string) =>
    sql.raw(
      `(${alias}.birth_date > '${bornAfter.replace(/[^0-9-]/g, '')}'::date or (${alias}.birth_date is null and ${alias}.category = 'student'))`,
    );
  return sql<SqlBool>`(exists (select 1 from mentors dm where dm.id = school_documents.mentor_id and ${minor('dm')})
    or exists (select 1 from mentees de where de.id = school_documents.mentee_id and ${minor('de')}))`;
}

/**
 * For queries over `school_documents` joined with their school as `organizations`: the school's
 * curator and head their school's register, the coordinator and the department their
 * municipality's; a document concerning a minor is left out for the head and the department.
 * Mirrors canViewDocument (the person of a document is always of the document's school).
 */
export function documentsInScope(user: CurrentUser, bornAfter: string) {
  return (eb: ExpressionBuilder<Database, 'school_documents' | 'organizations'>): Expression<SqlBool> => {
    const notMinor = sql<SqlBool>`not ${documentConcernsMinor(bornAfter)}`;
    switch (user.role) {
      case 'curator':
        return eb('school_documents.organization_id', '=', user.organizationId);
      case 'school_head':
        return eb.and([eb('school_documents.organization_id', '=', user.organizationId), notMinor]);
      case 'coordinator':
        return user.municipalityId === null ? sql<SqlBool>`false` : eb('organizations.municipality_id', '=', user.municipalityId);
      case 'department':
        return user.municipalityId === null
          ? sql<SqlBool>`false`
          : eb.and([eb('organizations.municipality_id', '=', user.municipalityId), notMinor]);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/**
 * For queries over `agreements` joined with their school as `organizations`: the municipality roles
 * every agreement of their municipality, a school's staff those their school is a party to. Mirrors canViewAgreement.
 */
export function agreementsInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'agreements' | 'organizations'>): Expression<SqlBool> => {
    switch (user.role) {
      case 'coordinator':
      case 'department':
        return user.municipalityId === null ? sql<SqlBool>`false` : eb('organizations.municipality_id', '=', user.municipalityId);
      case 'curator':
      case 'school_head':
        return user.organizationType !== 'school'
          ? sql<SqlBool>`false`
          : eb.or([eb('agreements.school_id', '=', user.organizationId), eb('agreements.party_id', '=', user.organizationId)]);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/**
 * For queries over `model_documents`: the published models of the user's municipality, for the
 * coordinator the withdrawn ones too. Mirrors canViewModelDocument.
 */
export function modelDocumentsInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'model_documents'>): Expression<SqlBool> => {
    if (!readsModelDocuments(user) || user.municipalityId === null) return sql<SqlBool>`false`;
    const own = eb('model_documents.municipality_id', '=', user.municipalityId);
    return canManageModelDocuments(user) ? own : eb.and([own, eb('model_documents.status', '=', 'published')]);
  };
}

/**
 * For queries over `events` (issue 18): the municipality roles every event of their municipality;
 * a school's curator and head those of their school and the municipal events addressed to it; a
 * mentor or a mentee those addressed to its role and its organisation. Mirrors canViewEvent.
 */
export function eventsInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'events'>): Expression<SqlBool> => {
    const addressed = () =>
      user.municipalityId === null
        ? eb('events.organizer_id', '=', user.organizationId)
        : eb.or([
            eb('events.organizer_id', '=', user.organizationId),
            eb.and([
              eb('events.municipality_id', '=', user.municipalityId),
              eb('events.organizer_id', '=', eb.ref('events.municipality_id')),
              eb.or([
                eb('events.all_schools', '=', true),
                eb.exists(
                  eb
                    .selectFrom('event_schools')
                    .select('event_schools.event_id')
                    .whereRef('event_schools.event_id', '=', 'events.id')
                    .where('event_schools.organization_id', '=', user.organizationId),
                ),
              ]),
            ]),
          ]);
    switch (user.role) {
      case 'coordinator':
      case 'department':
        return user.municipalityId === null ? sql<SqlBool>`false` : eb('events.municipality_id', '=', user.municipalityId);
      case 'curator':
      case 'school_head':
        return user.organizationType !== 'school' ? sql<SqlBool>`false` : addressed();
      case 'mentor':
      case 'mentee':
        return eb.and([sql<SqlBool>`${user.role} = any(events.audience_roles)`, addressed()]);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/**
 * For queries over `users` picking an event's audience (issue 18): when the event names categories
 * of mentors or of mentees, an account of that role counts only when the record of the bases linked
 * to it is of one of them. Mirrors fitsEventCategories.
 */
export function audienceCategoryAccounts(event: {
  audience_mentor_categories: readonly string[];
  audience_mentee_categories: readonly string[];
}) {
  const mentorCategories = event.audience_mentor_categories as readonly MentorsTable['category'][];
  const menteeCategories = event.audience_mentee_categories as readonly MenteesTable['category'][];
  return (eb: ExpressionBuilder<Database, 'users'>): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    if (mentorCategories.length > 0)
      parts.push(
        eb.or([
          eb('users.role', '<>', 'mentor'),
          eb.exists(
            eb
              .selectFrom('mentors')
              .select('mentors.id')
              .whereRef('mentors.user_id', '=', 'users.id')
              .where('mentors.category', 'in', [...mentorCategories])
              .where('mentors.erased_at', 'is', null),
          ),
        ]),
      );
    if (menteeCategories.length > 0)
      parts.push(
        eb.or([
          eb('users.role', '<>', 'mentee'),
          eb.exists(
            eb
              .selectFrom('mentees')
              .select('mentees.id')
              .whereRef('mentees.user_id', '=', 'users.id')
              .where('mentees.category', 'in', [...menteeCategories])
              .where('mentees.erased_at', 'is', null),
          ),
        ]),
      );
    return parts.length === 0 ? sql<SqlBool>`true` : eb.and(parts);
  };
}

/**
 * For queries over `users` picking an event's audience (issue 18): events are for adults, so a
 * mentee's account counts only when it is linked to a teacher-mentee of the bases, never a
 * pupil's nor an unlinked one. Mirrors canRegisterSelf's `teacherMentee`.
 */
export function adultAudienceAccounts() {
  return (eb: ExpressionBuilder<Database, 'users'>): Expression<SqlBool> =>
    eb.or([
      eb('users.role', '<>', 'mentee'),
      eb.exists(
        eb
          .selectFrom('mentees')
          .select('mentees.id')
          .whereRef('mentees.user_id', '=', 'users.id')
          .where('mentees.category', '<>', 'student')
          .where('mentees.erased_at', 'is', null),
      ),
    ]);
}

/**
 * For queries over `mentors` joined with their school as `organizations` (issue 18, awards): a
 * school's staff its mentors, the municipality roles the municipality's, a mentor itself. Mirrors canViewAwards.
 */
export function awardeesInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'mentors' | 'organizations'>): Expression<SqlBool> => {
    switch (user.role) {
      case 'coordinator':
      case 'department':
        return user.municipalityId === null ? sql<SqlBool>`false` : eb('organizations.municipality_id', '=', user.municipalityId);
      case 'curator':
      case 'school_head':
        return user.organizationType !== 'school' ? sql<SqlBool>`false` : eb('mentors.organization_id', '=', user.organizationId);
      case 'mentor':
        return eb('mentors.user_id', '=', user.id);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/** For queries over `award_nominations` (issue 18): a school's staff its school's, the municipality roles the municipality's. Mirrors canViewNomination. */
export function nominationsInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'award_nominations'>): Expression<SqlBool> => {
    switch (user.role) {
      case 'coordinator':
      case 'department':
        return user.municipalityId === null
          ? sql<SqlBool>`false`
          : eb('award_nominations.municipality_id', '=', user.municipalityId);
      case 'curator':
      case 'school_head':
        return user.organizationType !== 'school'
          ? sql<SqlBool>`false`
          : eb('award_nominations.organization_id', '=', user.organizationId);
      default:
        return sql<SqlBool>`false`;
    }
  };
}

/**
 * For queries over `mentors` joined with their school as `organizations` (issue 18, the portfolio):
 * the same readers as a mentor's awards — its school's staff, the municipality's roles, the mentor
 * itself. Mirrors canViewPortfolio.
 */
export function portfoliosInScope(user: CurrentUser) {
  return awardeesInScope(user);
}

/**
 * For queries over `practices` (issue 19): a school's staff its school's, whatever the status; the
 * coordinator all of its municipality; the department the accepted and published ones; a mentor the
 * published ones of its municipality. Mirrors canViewPractice.
 */
export function practicesInScope(user: CurrentUser) {
  return (eb: ExpressionBuilder<Database, 'practices'>): Expression<SqlBool> => {
    const statuses = practiceStatusesReadBy(user);
    if (statuses === 'none') return sql<SqlBool>`false`;
    if (statuses === 'school') return eb('practices.organization_id', '=', user.organizationId);
    if (user.municipalityId === null) return sql<SqlBool>`false`;
    const own = eb('practices.municipality_id', '=', user.municipalityId);
    return statuses === 'all' ? own : eb.and([own, eb('practices.status', 'in', [...statuses])]);
  };
}
