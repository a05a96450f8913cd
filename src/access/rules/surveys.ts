import type { CurrentUser } from '../../auth/sessions.js';
import type { SurveyAudience } from '../../db/types.js';

/** Surveys: the questionnaires (templates) of a municipality, the surveys opened with them, the answers. */

/** A questionnaire by the municipality that keeps it. */
export interface TemplateRef {
  municipality_id: number;
}

/** A survey by its municipality and the schools it includes. */
export interface SurveyRef {
  municipality_id: number;
  school_ids: readonly number[];
}

/** The coordinator keeps its municipality's questionnaires. Mirrors templatesInScope. */
export function canManageTemplate(user: CurrentUser, template: TemplateRef): boolean {
  return user.role === 'coordinator' && user.municipalityId !== null && template.municipality_id === user.municipalityId;
}

/** The municipality whose questionnaires and surveys the user keeps (the coordinator's), or null. */
export function surveyKeeperMunicipalityOf(user: CurrentUser): number | null {
  return user.role === 'coordinator' ? user.municipalityId : null;
}

/**
 * The municipality roles read every survey of their municipality, the school roles (curator,
 * head) the surveys that include their school; nobody else reads results. Mirrors surveysInScope.
 */
export function canViewSurvey(user: CurrentUser, survey: SurveyRef): boolean {
  switch (user.role) {
    case 'coordinator':
    case 'department':
      return user.municipalityId !== null && survey.municipality_id === user.municipalityId;
    case 'curator':
    case 'school_head':
      return survey.school_ids.includes(user.organizationId);
    default:
      return false;
  }
}

/** The school a school role's survey figures are limited to, or null: the whole survey (municipality roles). */
export function surveySchoolOf(user: CurrentUser): number | null {
  return user.role === 'curator' || user.role === 'school_head' ? user.organizationId : null;
}

/** A curator hands out personal links to its school's participants of a survey that includes the school. */
export function canIssueSurveyLinks(user: CurrentUser, survey: SurveyRef): boolean {
  return user.role === 'curator' && survey.school_ids.includes(user.organizationId);
}

/** The questionnaires an account answers: a mentor's, a mentee's; null for the other roles. */
export function surveyAudienceOf(user: CurrentUser): SurveyAudience | null {
  return user.role === 'mentor' || user.role === 'mentee' ? user.role : null;
}
