import type { CurrentUser } from '../../auth/sessions.js';
import type { Role } from '../../db/types.js';

/** Roles that may open each module at all; used in route declarations. */
export const MODULE_ROLES = {
  organizations: ['admin', 'department', 'coordinator', 'school_head', 'curator'],
  organizationsManage: ['admin', 'coordinator'],
  users: ['admin', 'department', 'coordinator', 'school_head', 'curator'],
  /** The school head gives, deactivates and resets its own school's curator's account (issue 17). */
  usersManage: ['admin', 'coordinator', 'school_head'],
  audit: ['admin', 'coordinator'],
  /** The bases of mentors and mentees: kept by curators, read by the school head and the municipality. */
  people: ['curator', 'school_head', 'coordinator', 'department'],
  peopleManage: ['curator'],
  /** Issue 17: a mentor is opened to the municipality by the coordinator or by its own school (curator, head). */
  mentorsShare: ['coordinator', 'curator', 'school_head'],
  tagsManage: ['coordinator'],
  registers: ['coordinator', 'department'],
  /** Roadmaps: the municipality's and each school's; read by the municipality and the school. */
  roadmaps: ['coordinator', 'department', 'curator', 'school_head'],
  /** The coordinator keeps the municipal roadmap, a curator its school's. */
  roadmapsManage: ['coordinator', 'curator'],
  /** A curator creates its school's roadmap from a published template of the municipality. */
  roadmapsFromTemplate: ['curator'],
  /** The department approves the municipal roadmap, the school head its school's. */
  roadmapsApprove: ['department', 'school_head'],
  /** The coordinator's matrix of template items × schools; the department reads it too. */
  roadmapsMatrix: ['coordinator', 'department'],
  /** The curator and the head mark their school's part of a municipal roadmap item (issue 17). */
  roadmapsSchoolPart: ['curator', 'school_head'],
  /** Programmes: a school's own and the district bank of accepted ones. */
  programmes: ['curator', 'school_head', 'coordinator', 'department'],
  programmesManage: ['curator'],
  /** The coordinator reviews programmes offered to the district bank. */
  programmesReview: ['coordinator'],
  /** Issue 18: a programme's diagnostic questionnaire is attached by its school's curator or the coordinator. */
  programmesDiagnostic: ['curator', 'coordinator'],
  /** Issue 17: a school's curator sends its roadmap, programme or document to the methodological centre for agreement. */
  centreAgreementSend: ['curator'],
  /** The municipality's coordinator agrees it or returns it with a comment. */
  centreAgreementAnswer: ['coordinator'],
  /** The department records its approving order once for several agreed objects. */
  centreAgreementOrder: ['department'],
  /** The list of what waits for the centre's answer: the coordinator answers, the department reads it. */
  centreAgreementQueue: ['coordinator', 'department'],
  /** Pairs and groups: the school keeps them, the municipality reads them, a mentor its own. */
  pairs: ['curator', 'school_head', 'coordinator', 'department', 'mentor', 'mentee'],
  pairsManage: ['curator'],
  /** Meetings are logged by the pair's mentor, or by the curator for a mentor without an account. */
  meetingsLog: ['mentor', 'curator'],
  /** A pair's individual route (stage, goals, tasks) is kept by its mentor and the school's curator. */
  pairRoute: ['curator', 'mentor'],
  /** A mentee with an account gives its feedback and reflection in the portal. */
  meetingFeedback: ['mentee'],
  /** Issue 18: the participants who answer a pair's diagnostic in the portal (a pupil answers through its link). */
  diagnosticAnswer: ['mentor', 'mentee'],
  /** Indicators and dashboards: the municipality's and each school's; read by both levels. */
  indicators: ['coordinator', 'department', 'curator', 'school_head'],
  /** An indicator across the schools of the municipality. */
  indicatorsMunicipal: ['coordinator', 'department'],
  /** The coordinator keeps the catalogue and the municipality's targets. */
  indicatorsManage: ['coordinator'],
  /** Contingent figures and values entered by hand: the coordinator for the municipality, a curator for its school. */
  indicatorsEnter: ['coordinator', 'curator'],
  /** Issue 19: the department chooses which indicators' values the public pages show. */
  indicatorsPublish: ['department'],
  /** Reports for the region: the .xlsx forms and the analytical report. */
  reports: ['coordinator', 'department'],
  /** Surveys: results are read at both levels; the coordinator keeps questionnaires and opens surveys. */
  surveys: ['coordinator', 'department', 'curator', 'school_head'],
  surveysManage: ['coordinator'],
  /** A curator hands out personal links to the participants of its school. */
  surveyLinks: ['curator'],
  /** Participants answer in the portal with their accounts. */
  surveysAnswer: ['mentor', 'mentee'],
  /** Monitoring campaigns: the municipality reads all of them, a school those addressed to it. */
  monitoring: ['coordinator', 'department', 'curator', 'school_head', 'region'],
  /** The coordinator launches a campaign; the department may launch one too. */
  monitoringLaunch: ['coordinator', 'department'],
  /** The coordinator edits a campaign before it opens. */
  monitoringManage: ['coordinator'],
  /** A school's curator fills and sends its submission. */
  monitoringFill: ['curator'],
  /** A school's head approves its submission. */
  monitoringApprove: ['school_head'],
  /** The exports of accepted snapshots (indicators × schools, participants, counts): the municipality and the region. */
  monitoringExports: ['coordinator', 'department', 'region'],
  /** The regional operator's exports across the municipalities of its region. */
  regionExports: ['region'],
  /** The register of schools' documents (issue 17): a school's own, the municipality reads every school's. */
  documents: ['curator', 'school_head', 'coordinator', 'department'],
  /** A school's curator and head keep its documents. */
  documentsManage: ['curator', 'school_head'],
  /** The coordinator declares the package of documents every school must have. */
  documentsRequire: ['coordinator'],
  /** The library of model documents (issue 17): the coordinator keeps it, the schools and the department read it. */
  modelDocuments: ['curator', 'school_head', 'coordinator', 'department'],
  modelDocumentsManage: ['coordinator'],
  /** Documents filled with a school's data: its curator and head, the coordinator for any school. */
  modelDocumentsFill: ['curator', 'school_head', 'coordinator'],
  /** A filled document saved into the school's register as a draft: those who keep the register. */
  modelDocumentsSave: ['curator', 'school_head'],
  /** Agreements of schools with partners, schools, colleges (issue 17): read by the municipality and the schools. */
  agreements: ['coordinator', 'department', 'curator', 'school_head'],
  /** The coordinator for any school of its municipality, a school's curator and head for their school. */
  agreementsManage: ['coordinator', 'curator', 'school_head'],
  /** Events (issue 18): the municipal plan and the schools'; a mentor and a mentee read those addressed to them. */
  events: ['coordinator', 'department', 'curator', 'school_head', 'mentor', 'mentee'],
  /** The coordinator plans the municipal events, a school's curator and head its school's. */
  eventsManage: ['coordinator', 'curator', 'school_head'],
  /** The yearly plan (print, .xlsx) and an event's registration sheet: the municipality's roles and a school's staff. */
  eventsPlan: ['coordinator', 'department', 'curator', 'school_head'],
  /** A school's curator and head register its school's people (also those without an account). */
  eventsRegisterPeople: ['curator', 'school_head'],
  /** Recognition (issue 18): awards, nominations, the list of best mentors; a mentor reads its own awards. */
  recognition: ['department', 'coordinator', 'school_head', 'curator', 'mentor'],
  /** A school's head nominates its mentors. */
  recognitionNominate: ['school_head'],
  /** The coordinator compiles the municipal list and keeps the list of best mentors. */
  recognitionCompile: ['coordinator'],
  /** The department decides on the list and records the awarding order. */
  recognitionDecide: ['department'],
  /** The printable appendix of the order: the department and the coordinator. */
  recognitionPrint: ['department', 'coordinator'],
  /** Awards recorded by hand: a school's curator, the coordinator and the department. */
  awardsRecord: ['curator', 'coordinator', 'department'],
  /** The news of the public pages (issue 19): the coordinator the municipality's, a curator its school's. */
  publicNews: ['coordinator', 'curator'],
  /** The mentor's portfolio (issue 18): the mentor's own, its school's staff, the municipality's roles. */
  portfolio: ['curator', 'school_head', 'coordinator', 'department', 'mentor'],
  /** `/portfolio`: the mentor's own, by its account. */
  portfolioOwn: ['mentor'],
  /** The bank of best practices (issue 19): the schools' staff, the municipality's roles, mentors read the published ones. */
  practices: ['curator', 'school_head', 'coordinator', 'department', 'mentor'],
  /** A school's curator drafts its school's practices and sends them to the methodological centre. */
  practicesDraft: ['curator'],
  /** The coordinator returns, accepts, publishes and withdraws. */
  practicesReview: ['coordinator'],
  /** The printable collection of the municipal register. */
  practicesCollection: ['coordinator', 'department'],
  /** The periodic jobs' state and failures (issue 16): the portal's administrator. */
  jobs: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

/** Whether the user's role may open the module (or the part of one) `key` at all. */
export function mayOpen(user: CurrentUser, key: keyof typeof MODULE_ROLES): boolean {
  return (MODULE_ROLES[key] as readonly Role[]).includes(user.role);
}
