import type { CurrentUser } from '../../auth/sessions.js';
import type { OrganizationType, Role } from '../../db/types.js';
import { MODULE_ROLES } from './modules.js';

/**
 * Indicators: a municipality's catalogue, the figures entered for an organisation (targets,
 * contingent, values entered by hand), the dashboards and the reports for the region.
 */

/** An indicator of the catalogue, by the municipality that keeps it. */
export interface IndicatorRef {
  municipality_id: number;
}

/** An organisation whose figures are entered: a municipality itself or one of its schools. */
export interface FiguresOrgRef {
  id: number;
  type: OrganizationType;
  municipality_id: number | null;
}

const has = (roles: readonly Role[], user: CurrentUser) => roles.includes(user.role);

/** The municipality and school roles read their municipality's catalogue. Mirrors indicatorsInScope. */
export function canViewIndicator(user: CurrentUser, indicator: IndicatorRef): boolean {
  return has(MODULE_ROLES.indicators, user) && user.municipalityId !== null && indicator.municipality_id === user.municipalityId;
}

/** The coordinator keeps its municipality's catalogue: adds, changes and archives indicators. */
export function canManageIndicator(user: CurrentUser, indicator: IndicatorRef): boolean {
  return user.role === 'coordinator' && user.municipalityId !== null && indicator.municipality_id === user.municipalityId;
}

/** Issue 19: the department of the municipality chooses which of its catalogue's indicators the public pages show. */
export function canPublishIndicator(user: CurrentUser, indicator: IndicatorRef): boolean {
  return (
    has(MODULE_ROLES.indicatorsPublish, user) && user.municipalityId !== null && indicator.municipality_id === user.municipalityId
  );
}

/**
 * Targets and contingent figures: the coordinator enters them for its municipality and the
 * municipality's schools, a curator for its own school. Mirrors figuresInScope.
 */
export function canEnterFigures(user: CurrentUser, org: FiguresOrgRef): boolean {
  if (org.type !== 'school' && org.type !== 'municipality') return false;
  if (user.role === 'coordinator') return user.municipalityId !== null && org.municipality_id === user.municipalityId;
  if (user.role === 'curator') return org.id === user.organizationId;
  return false;
}

/** A value entered by hand: the coordinator's for the municipality; a school's is its curator's alone. */
export function canEnterValue(user: CurrentUser, org: FiguresOrgRef): boolean {
  return canEnterFigures(user, org) && (user.role !== 'coordinator' || org.type === 'municipality');
}

/**
 * The organisation an entry form opens on when the request names none: the coordinator's
 * municipality, a curator's school; null for whoever enters no figures.
 */
export function entryOrganizationOf(user: CurrentUser): number | null {
  if (user.role === 'coordinator') return user.municipalityId;
  if (user.role === 'curator') return user.organizationId;
  return null;
}

/** The one school whose figures the user enters (a curator's), or null: the catalogue links to that school's targets. */
export function entrySchoolOf(user: CurrentUser): number | null {
  return user.role === 'curator' ? user.organizationId : null;
}

/** The school a school's staff reads the indicators of, in place of the municipality's dashboard; null for everyone else. */
export function ownDashboardSchoolOf(user: CurrentUser): number | null {
  return user.role === 'curator' || user.role === 'school_head' ? user.organizationId : null;
}

/** The municipality roles read the indicators across the schools (the municipal dashboard, an indicator by school). */
export function readsMunicipalIndicators(user: CurrentUser): boolean {
  return has(MODULE_ROLES.indicatorsMunicipal, user);
}

/** The completeness of the schools' data is the coordinator's to follow up, in its municipality. */
export function seesDataCompleteness(user: CurrentUser, municipalityId: number): boolean {
  return user.role === 'coordinator' && user.municipalityId === municipalityId;
}

/** The reports for the region (.xlsx forms, the analytical report): the municipality roles of that municipality. */
export function canReadReports(user: CurrentUser, municipalityId: number): boolean {
  return has(MODULE_ROLES.reports, user) && user.municipalityId === municipalityId;
}

/** The coordinator writes the conclusions of its municipality's analytical report. */
export function canWriteConclusions(user: CurrentUser, municipalityId: number): boolean {
  return user.role === 'coordinator' && user.municipalityId === municipalityId;
}
