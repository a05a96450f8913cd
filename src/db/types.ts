import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps come back as Date and may be written as Date or ISO text. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export const ORGANIZATION_TYPES = ['region', 'municipality', 'department', 'method_center', 'school', 'partner'] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];
export const SCHOOL_KINDS = ['general', 'additional'] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];
export const PARTNER_KINDS = ['enterprise', 'college', 'university', 'culture', 'sport', 'other'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const ROLES = ['admin', 'department', 'coordinator', 'school_head', 'curator', 'mentor', 'mentee', 'region'] as const;
export type Role = (typeof ROLES)[number];

export interface OrganizationsTable {
  id: Generated<number>;
  parent_id: number | null;
  municipality_id: number | null;
  type: OrganizationType;
  school_kind: SchoolKind | null;
  is_resource_center: Generated<boolean>;
  partner_kind: PartnerKind | null;
  full_name: string;
  short_name: string;
  /** The full name in the genitive and prepositional, for printed documents (0011); null reads as the rule's guess. */
  full_name_genitive: string | null;
  full_name_prepositional: string | null;
  inn: string | null;
  address: string | null;
  head_name: string | null;
  head_position: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** The municipality's IANA time zone, which decides its «today» (migration 0010); null on other organisations. */
  time_zone: string | null;
  /** A mentor school («школа-наставник», 0027): a school that supports weaker schools. */
  is_mentor_school: Generated<boolean>;
  /** Whom a resource centre or mentor school supports (0027); null on other organisations. */
  support_direction: SupportDirection | null;
  /** Its subject or theme in free text («Математика», «Профориентация»). */
  support_subject: string | null;
  /** The readable address part of the public page (0037): `/p/:municipality/:school`, unique within the parent. */
  slug: Generated<string>;
}

export const SUPPORT_DIRECTIONS = ['teachers', 'students', 'both'] as const;
export type SupportDirection = (typeof SUPPORT_DIRECTIONS)[number];

/** The schools a resource centre or mentor school serves (0027). */
export interface OrganizationServedSchoolsTable {
  organization_id: number;
  school_id: number;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<number>;
  login: string;
  full_name: string;
  position: string | null;
  organization_id: number;
  role: Role;
  email: string | null;
  phone: string | null;
  password_hash: string | null;
  password_changed_at: Timestamp | null;
  is_active: Generated<boolean>;
  last_login_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** When the person confirmed `email` by the link sent to it (0020); null: mail is not sent to it. */
  email_confirmed_at: Timestamp | null;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  expires_at: Timestamp;
  created_at: CreatedAt;
  ip: string | null;
  user_agent: string | null;
}

export interface PasswordTokensTable {
  id: string;
  user_id: number;
  purpose: 'invite' | 'reset';
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface AttemptCountersTable {
  key: string;
  attempts: number;
  window_started_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: ColumnType<Date, Date | string | undefined, never>;
  user_id: number | null;
  ip: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  organization_id: number | null;
  municipality_id: number | null;
  changed_fields: ColumnType<string[], string[] | undefined, never>;
}

export interface TagsTable {
  id: Generated<number>;
  municipality_id: number;
  kind: 'competency' | 'request';
  name: string;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
}

type PersonStatus = 'potential' | 'active' | 'left';
type CalendarDate = string; // 'YYYY-MM-DD'

export interface MentorsTable {
  id: Generated<number>;
  organization_id: number;
  origin_organization_id: number | null;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  category: 'teacher' | 'student' | 'university_student' | 'partner_employee' | 'graduate' | 'school_head';
  position: string | null;
  birth_date: CalendarDate | null;
  phone: string | null;
  email: string | null;
  competencies_note: string | null;
  forms: ColumnType<string[], string[] | undefined, string[]>;
  capacity: Generated<number>;
  qualification: string | null;
  consent_date: CalendarDate | null;
  consent_number: string | null;
  consent_by: string | null;
  status: Generated<PersonStatus>;
  archived_at: Timestamp | null;
  erased_at: Timestamp | null;
  /** The account of this person, when it has one (mentors log meetings, teacher-mentees give feedback). */
  user_id: number | null;
  age_group: string | null;
  /** Generated from the name (migration 0002); PostgreSQL reports a generated column as nullable. */
  search_name: ColumnType<string | null, never, never>;
  /** The words of the name with the letters people confuse folded (migration 0012): what the typo search compares. */
  search_words: ColumnType<string[] | null, never, never>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Opened to the municipality (migration 0026): other schools may pair the mentor; null when not opened. */
  shared_at: Timestamp | null;
  shared_by: number | null;
}

export interface MentorTrainingsTable {
  id: Generated<number>;
  mentor_id: number;
  course: string;
  completed_on: CalendarDate | null;
  hours: number | null;
  /** The event whose attendance wrote the row (0033); null for a hand-typed training. */
  event_id: number | null;
}

export interface MenteesTable {
  id: Generated<number>;
  organization_id: number;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  category: 'student' | 'young_specialist' | 'struggling_teacher' | 'new_teacher' | 'trainee';
  class_name: string | null;
  position: string | null;
  birth_date: CalendarDate | null;
  teaching_since: CalendarDate | null;
  phone: string | null;
  email: string | null;
  requests_note: string | null;
  consent_date: CalendarDate | null;
  consent_by: string | null;
  consent_number: string | null;
  status: Generated<PersonStatus>;
  archived_at: Timestamp | null;
  erased_at: Timestamp | null;
  /** The account of this person, when it has one (mentors log meetings, teacher-mentees give feedback). */
  user_id: number | null;
  age_group: string | null;
  /** Generated from the name (migration 0002); PostgreSQL reports a generated column as nullable. */
  search_name: ColumnType<string | null, never, never>;
  /** The words of the name with the letters people confuse folded (migration 0012): what the typo search compares. */
  search_words: ColumnType<string[] | null, never, never>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MentorTagsTable {
  mentor_id: number;
  tag_id: number;
}

export interface MenteeTagsTable {
  mentee_id: number;
  tag_id: number;
}

export interface ImportBatchesTable {
  id: Generated<number>;
  organization_id: number;
  kind: 'mentors' | 'mentees';
  file_name: string;
  rows: ColumnType<unknown, string, string>;
  created_by: number;
  created_at: CreatedAt;
  applied_at: Timestamp | null;
}

export interface RoadmapsTable {
  id: Generated<number>;
  /** A municipality (the municipal roadmap) or a school. */
  organization_id: number;
  title: string;
  period_from: number;
  period_to: number;
  order_number: string | null;
  order_date: CalendarDate | null;
  approved_at: Timestamp | null;
  approved_by: number | null;
  /** 'plan': an organisation's own roadmap; 'template': a model school roadmap of a municipality. */
  kind: Generated<RoadmapKind>;
  published_at: Timestamp | null;
  template_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type RoadmapKind = 'plan' | 'template';

export type RoadmapItemStatus = 'not_started' | 'in_progress' | 'done' | 'cancelled';

export interface RoadmapItemsTable {
  id: Generated<number>;
  roadmap_id: number;
  parent_id: number | null;
  kind: 'section' | 'item';
  number: string | null;
  position: number;
  activity: string;
  result: string | null;
  expected: string | null;
  deadline_text: string | null;
  /** The parsed Deadline (roadmaps/deadline.ts) as JSON; written as a JSON string. */
  deadline: ColumnType<unknown, string | null, string | null>;
  responsible: string | null;
  status: Generated<RoadmapItemStatus>;
  completed_on: CalendarDate | null;
  evidence_comment: string | null;
  evidence_link: string | null;
  template_item_id: number | null;
  /** Links of «Ответственные» to the portal's organisations and roles (roadmaps/responsible.ts). */
  responsible_links: Generated<string[]>;
  evidence_file_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RoadmapOccurrencesTable {
  id: Generated<number>;
  item_id: number;
  due_on: CalendarDate;
  status: Generated<RoadmapItemStatus>;
  completed_on: CalendarDate | null;
  evidence_comment: string | null;
  evidence_link: string | null;
  evidence_file_id: number | null;
  updated_at: UpdatedAt;
}

/** Issue 17: the schools the coordinator addressed a municipal item to (migration 0022). */
export interface RoadmapItemAddresseesTable {
  item_id: number;
  organization_id: number;
  created_at: Generated<Date>;
}

/** Issue 17: one school's part of a municipal item, with its status and evidence (migration 0022). */
export interface RoadmapSchoolPartsTable {
  id: Generated<number>;
  item_id: number;
  organization_id: number;
  status: Generated<RoadmapItemStatus>;
  completed_on: CalendarDate | null;
  evidence_comment: string | null;
  evidence_link: string | null;
  evidence_file_id: number | null;
  marked_by: number | null;
  marked_at: Generated<Date>;
  /** The occurrence of a recurring item this part is of (its due day); null for a one-off item (migration 0030). */
  due_on: CalendarDate | null;
}

/** An approval of a roadmap with the rows it approved (migration 0013; roadmaps/approvals.ts). */
export interface RoadmapApprovalsTable {
  id: Generated<number>;
  roadmap_id: number;
  approved_at: Timestamp;
  approved_by: number | null;
  order_number: string | null;
  order_date: CalendarDate | null;
  /** The rows as approved (ApprovedRow[] of roadmaps/approvals.ts); written as a JSON string. */
  items: ColumnType<unknown, string, string>;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
  /** 'content': a change to the rows took it away; 'revoked': the approver took it back. */
  revoked_reason: 'content' | 'revoked' | null;
}

/** A roadmap sent for approval (migration 0021); answered by its approval or by a refusal with a comment. */
export interface RoadmapApprovalRequestsTable {
  id: Generated<number>;
  roadmap_id: number;
  asked_by: number | null;
  asked_at: ColumnType<Date, Date | string | undefined, Date | string>;
  note: string | null;
  answered_by: number | null;
  answered_at: Timestamp | null;
  outcome: 'approved' | 'refused' | null;
  /** The approver's comment on a refusal (required then). */
  comment: string | null;
}

/** What the methodological centre agrees (issue 17): 'document' is the schools' documents' (to come). */
export type CentreAgreementObject = 'roadmap' | 'programme' | 'document';

/** A school's roadmap, programme or document sent to the centre for agreement, and the answer (migration 0025). */
export interface CentreAgreementsTable {
  id: Generated<number>;
  object_type: CentreAgreementObject;
  object_id: number;
  /** The school whose object it is. */
  organization_id: number;
  sent_by: number | null;
  sent_at: ColumnType<Date, Date | string | undefined, Date | string>;
  note: string | null;
  answered_by: number | null;
  answered_at: Timestamp | null;
  outcome: 'agreed' | 'returned' | null;
  /** The coordinator's comment on a return (required then). */
  comment: string | null;
  /** An agreement taken back by a change of the content. */
  revoked_at: Timestamp | null;
  revoked_by: number | null;
  revoked_reason: 'content' | null;
  /** The department's approving order, recorded for several agreed objects at once. */
  order_number: string | null;
  order_date: CalendarDate | null;
}

/** What an agreement binds the school with (migration 0024). */
export const AGREEMENT_KINDS = ['partner', 'school', 'college'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

/** An agreement of a school with another organisation of its municipality (migration 0024); its state follows its term. */
/** Issue 18, recognition: the kinds of awards (the regulation's §3.3), their levels, a nomination's steps. */
export const AWARD_KINDS = [
  'letter_of_thanks',
  'diploma',
  'department_diploma',
  'state_award',
  'honorary_mentor',
  'attestation_credit',
] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];
export const AWARD_LEVELS = ['school', 'municipal', 'regional', 'federal'] as const;
export type AwardLevel = (typeof AWARD_LEVELS)[number];
export type NominationStatus = 'nominated' | 'listed' | 'rejected' | 'supported' | 'refused' | 'awarded';

export interface AwardNominationsTable {
  id: Generated<number>;
  mentor_id: number;
  /** The mentor's school when nominated. */
  organization_id: number;
  municipality_id: number;
  /** The award proposed. */
  kind: AwardKind;
  reason: string;
  status: Generated<NominationStatus>;
  /** The coordinator's comment on including or excluding it. */
  list_comment: string | null;
  listed_at: Timestamp | null;
  listed_by: number | null;
  /** When the coordinator sent the municipal list with it to the department. */
  sent_at: Timestamp | null;
  decision_comment: string | null;
  decided_at: Timestamp | null;
  decided_by: number | null;
  /** The department's order that granted the award. */
  order_number: string | null;
  order_date: CalendarDate | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AwardsTable {
  id: Generated<number>;
  mentor_id: number;
  kind: AwardKind;
  level: AwardLevel;
  awarded_on: CalendarDate;
  order_number: string | null;
  order_date: CalendarDate | null;
  /** Who issued the order, as text: the school, the department, the region, the ministry. */
  issued_by: string | null;
  note: string | null;
  /** The nomination the department's order granted, when it came from one. */
  nomination_id: number | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface BestMentorsTable {
  id: Generated<number>;
  municipality_id: number;
  mentor_id: number;
  year: number;
  reason: string;
  /** The contest (events module) the mentor won (foreign key since 0033). */
  event_id: number | null;
  created_by: number | null;
  created_at: CreatedAt;
  /** The mentor's written consent to be shown on the public page exists (0037). */
  public_consent: Generated<boolean>;
}

export interface AgreementsTable {
  id: Generated<number>;
  school_id: number;
  /** The other party: a partner, a school, a college or university (an organisation of type partner). */
  party_id: number;
  kind: AgreementKind;
  number: string | null;
  signed_on: CalendarDate | null;
  valid_from: CalendarDate;
  /** Null: without an end. */
  valid_to: CalendarDate | null;
  subject: string;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** The signed agreement's scan (0027), a file of purpose 'agreement'. */
  file_id: number | null;
}

/** Issue 18: the kinds of events (migration 0031). */
export const EVENT_KINDS = [
  'seminar',
  'webinar',
  'meeting',
  'conference',
  'forum',
  'festival',
  'open_lessons',
  'course',
  'contest',
  'other',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_LEVELS = ['school', 'municipal', 'regional', 'federal'] as const;
export type EventLevel = (typeof EVENT_LEVELS)[number];
export const EVENT_STATUSES = ['planned', 'registration_open', 'held', 'results_published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
/** The mentees' categories an event may be addressed to: teachers only, events are for adults (0038). */
export const EVENT_MENTEE_CATEGORIES = ['young_specialist', 'struggling_teacher', 'new_teacher', 'trainee'] as const;
export type EventMenteeCategory = (typeof EVENT_MENTEE_CATEGORIES)[number];
/** The roles an event may be addressed to. */
export const EVENT_AUDIENCE_ROLES = ['curator', 'school_head', 'mentor', 'mentee'] as const;
export type EventAudienceRole = (typeof EVENT_AUDIENCE_ROLES)[number];
export const EVENT_RESULTS = ['winner', 'prize_winner', 'participant', 'jury'] as const;
export type EventResult = (typeof EVENT_RESULTS)[number];

/** An event of the municipal plan (organiser: the municipality, i.e. the centre) or of a school's (migration 0031). */
export interface EventsTable {
  id: Generated<number>;
  municipality_id: number;
  /** The municipality (the centre's plan) or a school. */
  organizer_id: number;
  title: string;
  kind: EventKind;
  level: EventLevel;
  starts_at: Timestamp;
  ends_at: Timestamp;
  place: string | null;
  video_url: string | null;
  description: string | null;
  audience_roles: ColumnType<EventAudienceRole[], EventAudienceRole[] | undefined, EventAudienceRole[]>;
  /** The mentors' categories the event is for (0038); empty: every category. */
  audience_mentor_categories: ColumnType<
    MentorsTable['category'][],
    MentorsTable['category'][] | undefined,
    MentorsTable['category'][]
  >;
  /** The teacher-mentees' categories the event is for (0038); empty: every category. */
  audience_mentee_categories: ColumnType<EventMenteeCategory[], EventMenteeCategory[] | undefined, EventMenteeCategory[]>;
  /** Addressed to every school of the municipality; else to those of event_schools. */
  all_schools: Generated<boolean>;
  capacity: number | null;
  roadmap_item_id: number | null;
  status: Generated<EventStatus>;
  summary: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Shown on the public page (0037). */
  is_public: Generated<boolean>;
}

export interface EventSchoolsTable {
  event_id: number;
  organization_id: number;
}

export interface EventMaterialsTable {
  id: Generated<number>;
  event_id: number;
  position: number;
  title: string;
  url: string;
}

/** An event's material as a file (0033), beside the links of event_materials. */
export interface EventFilesTable {
  id: Generated<number>;
  event_id: number;
  file_id: number;
  title: string;
  created_by: number | null;
  created_at: CreatedAt;
}

/** A person registered for an event: a user, or a mentor or teacher-mentee of the bases (with or without an account). */
export interface EventRegistrationsTable {
  id: Generated<number>;
  event_id: number;
  user_id: number | null;
  mentor_id: number | null;
  mentee_id: number | null;
  /** The person's school (or organisation). */
  organization_id: number;
  registered_by: number | null;
  /** Null until the attendance is marked. */
  attended: boolean | null;
  result: EventResult | null;
  created_at: CreatedAt;
}

export type FilePurpose =
  | 'roadmap_evidence'
  | 'programme'
  | 'indicator_evidence'
  | 'monitoring_evidence'
  | 'school_document'
  | 'model_document'
  | 'agreement'
  /** An event's material uploaded by its organiser (0033). */
  | 'event_material'
  /** A practice's material uploaded by its school's curator (0036). */
  | 'practice_material';

export interface FilesTable {
  id: Generated<number>;
  organization_id: number;
  purpose: FilePurpose;
  storage_key: string;
  original_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: number | null;
  created_at: CreatedAt;
}

export type MentoringFormCode =
  | 'student_student'
  | 'college_student'
  | 'employer_student'
  | 'teacher_student'
  | 'teacher_teacher'
  | 'head_teacher'
  | 'employer_trainee';
export type ProgrammeBankStatus = 'none' | 'submitted' | 'accepted' | 'returned';

export interface ProgrammesTable {
  id: Generated<number>;
  organization_id: number;
  title: string;
  form: MentoringFormCode;
  target_group: string | null;
  goals: string | null;
  duration: string | null;
  expected_results: string | null;
  file_id: number | null;
  bank_status: Generated<ProgrammeBankStatus>;
  bank_comment: string | null;
  bank_submitted_at: Timestamp | null;
  bank_reviewed_at: Timestamp | null;
  bank_reviewed_by: number | null;
  archived_at: Timestamp | null;
  /** The diagnostic questionnaire its pairs answer before and after (migration 0035). */
  diagnostic_template_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PairOrdersTable {
  id: Generated<number>;
  organization_id: number;
  number: string;
  order_date: CalendarDate;
  created_by: number | null;
  created_at: CreatedAt;
}

export type PairKind = 'traditional' | 'group' | 'virtual' | 'short_term' | 'reverse' | 'situational' | 'speed';
export type PairStatus = 'forming' | 'active' | 'completed' | 'terminated';
export type PairStage = 'preparatory' | 'design' | 'implementation' | 'reflection' | 'results';

export interface PairsTable {
  id: Generated<number>;
  organization_id: number;
  programme_id: number;
  form: MentoringFormCode;
  role_model: string | null;
  kind: PairKind;
  planned_start: CalendarDate;
  planned_end: CalendarDate;
  status: Generated<PairStatus>;
  stage: Generated<PairStage>;
  goals: string | null;
  order_id: number | null;
  activated_at: Timestamp | null;
  completed_on: CalendarDate | null;
  results: string | null;
  mentor_reflection: string | null;
  mentor_satisfaction: number | null;
  terminated_on: CalendarDate | null;
  termination_reason: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** The pair's meetings and the day of the latest: kept by a trigger on meetings (migration 0009), never written here. */
  meeting_count: ColumnType<number, never, never>;
  last_meeting_on: ColumnType<CalendarDate | null, never, never>;
  /** Its school's municipality, kept by triggers (migration 0009). */
  municipality_id: ColumnType<number | null, never, never>;
}

export interface PairMentorsTable {
  pair_id: number;
  mentor_id: number;
}

export interface PairMenteesTable {
  pair_id: number;
  mentee_id: number;
  feedback_token_hash: string | null;
  feedback_token_created_at: Timestamp | null;
  reflection: string | null;
  satisfaction: number | null;
  reflection_at: Timestamp | null;
}

export interface PairTasksTable {
  id: Generated<number>;
  pair_id: number;
  title: string;
  due_on: CalendarDate | null;
  done_on: CalendarDate | null;
  position: number;
  created_at: CreatedAt;
}

export type MeetingType = 'introduction' | 'trial' | 'planning' | 'joint_work' | 'final';
export type MeetingFormat = 'in_person' | 'remote';

export interface MeetingsTable {
  id: Generated<number>;
  pair_id: number;
  type: MeetingType;
  held_on: CalendarDate;
  duration_minutes: number;
  format: MeetingFormat;
  topic: string;
  summary: string | null;
  mentor_feedback: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MeetingFeedbackTable {
  meeting_id: number;
  mentee_id: number;
  text: string;
  rating: number | null;
  via: 'account' | 'link';
  submitted_at: Generated<Date>;
}

export type IndicatorUnit = 'percent' | 'count';
export type IndicatorLevel = 'municipality' | 'school' | 'both';
export type IndicatorMethod =
  | 'student_mentees_10_19'
  | 'student_mentors_15_19'
  | 'young_specialist_mentees'
  | 'partner_organizations'
  | 'mentee_satisfaction'
  | 'mentor_satisfaction'
  // issue 18: counted from the mentees' outcomes, entered by hand where a school has no record
  | 'left_profession'
  | 'professional_contests'
  | 'manual';
export type IndicatorDirection = 'higher' | 'lower';
export type SurveyAudience = 'mentor' | 'mentee';

export interface IndicatorsTable {
  id: Generated<number>;
  municipality_id: number;
  code: string;
  name: string;
  unit: IndicatorUnit;
  level: IndicatorLevel;
  method: IndicatorMethod;
  contingent_kind: string | null;
  direction: IndicatorDirection;
  description: string | null;
  source: string | null;
  position: number;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** The department publishes its values on the public pages (0037). */
  is_public: Generated<boolean>;
}

/** Postgres numeric arrives as a string; it is written as a number or a string. */
type Numeric = ColumnType<string, number | string, number | string>;
type NullableNumeric = ColumnType<string | null, number | string | null, number | string | null>;

export interface IndicatorTargetsTable {
  indicator_id: number;
  organization_id: number;
  year: number;
  value: NullableNumeric;
  wording: string | null;
  updated_at: UpdatedAt;
}

export interface ContingentsTable {
  organization_id: number;
  year: number;
  kind: string;
  value: number;
  note: string | null;
  updated_by: number | null;
  updated_at: UpdatedAt;
}

export interface IndicatorManualValuesTable {
  indicator_id: number;
  organization_id: number;
  year: number;
  value: Numeric;
  numerator: number | null;
  denominator: number | null;
  evidence: string;
  evidence_file_id: number | null;
  entered_by: number | null;
  entered_at: UpdatedAt;
}

export interface SurveyTemplatesTable {
  id: Generated<number>;
  municipality_id: number;
  title: string;
  audience: SurveyAudience;
  description: string | null;
  archived_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SurveyQuestionsTable {
  id: Generated<number>;
  template_id: number;
  position: number;
  text: string;
  kind: 'scale' | 'text';
  required: Generated<boolean>;
  counts_for_satisfaction: Generated<boolean>;
}

export interface SurveysTable {
  id: Generated<number>;
  template_id: number;
  municipality_id: number;
  title: string;
  opens_on: CalendarDate;
  closes_on: CalendarDate;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface SurveySchoolsTable {
  survey_id: number;
  organization_id: number;
}

export interface SurveyInvitationsTable {
  id: Generated<number>;
  survey_id: number;
  organization_id: number;
  mentor_id: number | null;
  mentee_id: number | null;
  token_hash: string | null;
  token_created_at: Timestamp | null;
  answered_on: CalendarDate | null;
}

export interface SurveyResponsesTable {
  id: Generated<number>;
  survey_id: number;
  organization_id: number;
  audience: SurveyAudience;
  is_minor: boolean;
  satisfaction: NullableNumeric;
  via: 'account' | 'link';
  submitted_on: CalendarDate;
}

export interface SurveyAnswersTable {
  response_id: number;
  question_id: number;
  score: number | null;
  text: string | null;
}

export type DiagnosticStage = 'before' | 'after';

export interface DiagnosticResponsesTable {
  id: Generated<number>;
  pair_id: number;
  template_id: number;
  mentor_id: number | null;
  mentee_id: number | null;
  stage: DiagnosticStage;
  via: 'account' | 'link';
  submitted_at: Generated<Date>;
}

export interface DiagnosticAnswersTable {
  response_id: number;
  question_id: number;
  score: number | null;
  text: string | null;
}

export type OlympiadLevel = 'school' | 'municipal' | 'regional' | 'federal';
export type OlympiadResult = 'winner' | 'prize_winner' | 'participant';
export type QualificationCategory = 'none' | 'first' | 'highest';

export interface MenteeOutcomesTable {
  pair_id: number;
  mentee_id: number;
  subject: string | null;
  mark_before: number | null;
  mark_after: number | null;
  vpr_passed: Generated<boolean>;
  oge_passed: Generated<boolean>;
  ege_passed: Generated<boolean>;
  olympiad_level: OlympiadLevel | null;
  olympiad_result: OlympiadResult | null;
  projects: string | null;
  stayed_in_profession: boolean | null;
  professional_contest: Generated<boolean>;
  qualification_category: QualificationCategory | null;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
}

export interface AnalyticalReportsTable {
  municipality_id: number;
  year: number;
  conclusions: string;
  updated_by: number | null;
  updated_at: UpdatedAt;
}

export interface IndicatorResultsTable {
  indicator_id: number;
  organization_id: number;
  year: number;
  numerator: NullableNumeric;
  denominator: NullableNumeric;
  value: NullableNumeric;
}

export interface DashboardFactsTable {
  organization_id: number;
  year: number;
  fact: string;
  key: string;
  value: number;
}

export interface IndicatorFreshnessTable {
  municipality_id: number;
  /** bigint arrives as a string. */
  version: ColumnType<string, number | string | undefined, number | string>;
  stale: Generated<boolean>;
  changed_at: Generated<Date>;
  refreshed_at: Timestamp | null;
  /** The first year the municipality counts (periods.ts), set by each recount. */
  first_year: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Each word of the people's search keys once, with its one-letter-less variants (migration 0012): the typo search's dictionary. */
export interface PeopleNameWordsTable {
  word: string;
  variants: string[];
}

export type MonitoringLevel = 'school' | 'municipal' | 'region';
export type MonitoringPeriodKind = 'calendar_year' | 'academic_year' | 'half_year';
export type MonitoringFieldKind = 'indicator' | 'number' | 'percent' | 'text' | 'yes_no' | 'choice' | 'table';
export type MonitoringStatus = 'not_started' | 'filling' | 'sent' | 'approved' | 'returned' | 'accepted';

/** A monitoring campaign of a municipality (0014). */
export interface MonitoringCampaignsTable {
  id: Generated<number>;
  municipality_id: number;
  title: string;
  level: MonitoringLevel;
  period_kind: MonitoringPeriodKind;
  period_start: CalendarDate;
  period_end: CalendarDate;
  period_label: string;
  as_of: CalendarDate;
  opens_on: CalendarDate;
  deadline: CalendarDate;
  all_schools: Generated<boolean>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A field of a campaign's form, in order; `options`: a choice's options or a table's columns (string[]). */
export interface MonitoringFieldsTable {
  id: Generated<number>;
  campaign_id: number;
  position: number;
  kind: MonitoringFieldKind;
  indicator_code: string | null;
  label: string;
  hint: string | null;
  required: Generated<boolean>;
  options: ColumnType<string[], string | undefined, string>;
}

export interface MonitoringDocumentsTable {
  id: Generated<number>;
  campaign_id: number;
  position: number;
  title: string;
  required: Generated<boolean>;
}

/** One school's submission to a campaign. */
export interface MonitoringSubmissionsTable {
  id: Generated<number>;
  campaign_id: number;
  organization_id: number;
  status: Generated<MonitoringStatus>;
  deadline_override: CalendarDate | null;
  updated_at: UpdatedAt;
}

/** A value entered by hand: a number, text, boolean, option or a table's rows; written as a JSON string. */
export interface MonitoringValuesTable {
  submission_id: number;
  field_id: number;
  value: ColumnType<unknown, string, string>;
  updated_by: number | null;
  updated_at: UpdatedAt;
}

export interface MonitoringSubmissionFilesTable {
  id: Generated<number>;
  submission_id: number;
  document_id: number;
  file_id: number;
  created_at: CreatedAt;
}

/** A transition of a submission (history); `field_comments`: field id → the coordinator's comment. */
export interface MonitoringEventsTable {
  id: Generated<number>;
  submission_id: number;
  from_status: MonitoringStatus | null;
  to_status: MonitoringStatus;
  kind: string;
  actor_id: number | null;
  at: CreatedAt;
  comment: string | null;
  field_comments: ColumnType<Record<string, string>, string | undefined, string>;
}

/** The figures of an accepted submission, frozen; `sources`: what they were computed from and when. */
export interface MonitoringSnapshotsTable {
  id: Generated<number>;
  submission_id: number;
  created_at: CreatedAt;
  created_by: number | null;
  figures: ColumnType<unknown, string, string>;
  sources: ColumnType<unknown, string, string>;
  superseded_at: Timestamp | null;
}

export interface MonitoringCampaignSurveysTable {
  campaign_id: number;
  survey_id: number;
  position: number;
}

/** One person told of one event (issue 16); unique by (user_id, event_key). Kinds: modules/notifications/labels.ts. */
export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body: ColumnType<string, string | undefined, string>;
  link: string;
  entity_type: string;
  entity_id: number;
  organization_id: number | null;
  municipality_id: number | null;
  event_key: string;
  created_at: CreatedAt;
  read_at: Timestamp | null;
  /** The mailer's decision (0020): null undecided, `sending` claimed, `sent`, `skipped`. */
  mail_status: MailStatus | null;
  mailed_at: Timestamp | null;
  mail_error: string | null;
}

export type MailStatus = 'sending' | 'sent' | 'skipped';
export type MailMode = 'immediate' | 'digest' | 'off';

/** A link sent to confirm an e-mail address (0020); only its SHA-256 is kept. */
export interface EmailConfirmationsTable {
  id: Generated<number>;
  user_id: number;
  email: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** A person's mail choices (0020); no row reads as immediate mail of every kind. */
export interface MailSettingsTable {
  user_id: number;
  mode: ColumnType<MailMode, MailMode | undefined, MailMode>;
  muted_kinds: ColumnType<string[], string[] | undefined, string[]>;
  unsubscribe_token: string;
  updated_at: UpdatedAt;
}

/** Issue 19: a practice's way from the school's draft to the municipal register and publication. */
export const PRACTICE_STATUSES = ['draft', 'submitted', 'returned', 'accepted', 'published'] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];

/** A school's practice (кейс) of the bank of best practices (0036). */
export interface PracticesTable {
  id: Generated<number>;
  organization_id: number;
  municipality_id: number;
  title: string;
  form: string;
  role_model: string | null;
  year: number;
  authors: string;
  problem: string;
  actions: string;
  results: string;
  evidence: string | null;
  evidence_url: string | null;
  video_url: string | null;
  presented_at: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  status: ColumnType<PracticeStatus, PracticeStatus | undefined, PracticeStatus>;
  review_comment: string | null;
  submitted_at: Date | null;
  accepted_at: Date | null;
  published_at: Date | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Generated by PostgreSQL: the Russian full text of the title, problem, actions and results. */
  search: ColumnType<unknown, never, never>;
}

/** A practice's author from the school's base of mentors (0036). */
export interface PracticeMentorsTable {
  practice_id: number;
  mentor_id: number;
}

/** A practice's author among the school's teacher-mentees, never a student (0039). */
export interface PracticeMenteesTable {
  practice_id: number;
  mentee_id: number;
}

/** A practice's material as a file (0036). */
export interface PracticeFilesTable {
  id: Generated<number>;
  practice_id: number;
  file_id: number;
  title: string;
  created_by: number | null;
  created_at: CreatedAt;
}

/** A held event of the municipality where a practice was presented (0036). */
export interface PracticeEventsTable {
  practice_id: number;
  event_id: number;
}

export interface Database {
  organizations: OrganizationsTable;
  organization_served_schools: OrganizationServedSchoolsTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_tokens: PasswordTokensTable;
  attempt_counters: AttemptCountersTable;
  audit_log: AuditLogTable;
  tags: TagsTable;
  mentors: MentorsTable;
  mentor_trainings: MentorTrainingsTable;
  mentees: MenteesTable;
  mentor_tags: MentorTagsTable;
  mentee_tags: MenteeTagsTable;
  people_name_words: PeopleNameWordsTable;
  import_batches: ImportBatchesTable;
  roadmaps: RoadmapsTable;
  roadmap_items: RoadmapItemsTable;
  roadmap_occurrences: RoadmapOccurrencesTable;
  roadmap_item_addressees: RoadmapItemAddresseesTable;
  roadmap_school_parts: RoadmapSchoolPartsTable;
  roadmap_approvals: RoadmapApprovalsTable;
  roadmap_approval_requests: RoadmapApprovalRequestsTable;
  agreements: AgreementsTable;
  award_nominations: AwardNominationsTable;
  awards: AwardsTable;
  best_mentors: BestMentorsTable;
  public_news: PublicNewsTable;
  centre_agreements: CentreAgreementsTable;
  events: EventsTable;
  event_schools: EventSchoolsTable;
  event_materials: EventMaterialsTable;
  event_files: EventFilesTable;
  event_registrations: EventRegistrationsTable;
  files: FilesTable;
  programmes: ProgrammesTable;
  pair_orders: PairOrdersTable;
  pairs: PairsTable;
  pair_mentors: PairMentorsTable;
  pair_mentees: PairMenteesTable;
  pair_tasks: PairTasksTable;
  meetings: MeetingsTable;
  meeting_feedback: MeetingFeedbackTable;
  indicators: IndicatorsTable;
  indicator_targets: IndicatorTargetsTable;
  contingents: ContingentsTable;
  indicator_manual_values: IndicatorManualValuesTable;
  survey_templates: SurveyTemplatesTable;
  survey_questions: SurveyQuestionsTable;
  surveys: SurveysTable;
  survey_schools: SurveySchoolsTable;
  survey_invitations: SurveyInvitationsTable;
  survey_responses: SurveyResponsesTable;
  survey_answers: SurveyAnswersTable;
  diagnostic_responses: DiagnosticResponsesTable;
  diagnostic_answers: DiagnosticAnswersTable;
  mentee_outcomes: MenteeOutcomesTable;
  analytical_reports: AnalyticalReportsTable;
  indicator_results: IndicatorResultsTable;
  dashboard_facts: DashboardFactsTable;
  indicator_freshness: IndicatorFreshnessTable;
  monitoring_campaigns: MonitoringCampaignsTable;
  monitoring_fields: MonitoringFieldsTable;
  monitoring_documents: MonitoringDocumentsTable;
  monitoring_submissions: MonitoringSubmissionsTable;
  monitoring_values: MonitoringValuesTable;
  monitoring_submission_files: MonitoringSubmissionFilesTable;
  monitoring_events: MonitoringEventsTable;
  monitoring_snapshots: MonitoringSnapshotsTable;
  monitoring_campaign_surveys: MonitoringCampaignSurveysTable;
  notifications: NotificationsTable;
  email_confirmations: EmailConfirmationsTable;
  mail_settings: MailSettingsTable;
  jobs: JobsTable;
  job_runs: JobRunsTable;
  school_documents: SchoolDocumentsTable;
  document_requirements: DocumentRequirementsTable;
  model_documents: ModelDocumentsTable;
  practices: PracticesTable;
  practice_mentors: PracticeMentorsTable;
  practice_mentees: PracticeMenteesTable;
  practice_events: PracticeEventsTable;
  practice_files: PracticeFilesTable;
}

export const SCHOOL_DOCUMENT_TYPES = [
  'implementation_order',
  'regulation',
  'curator_order',
  'mentors_order',
  'pairs_order',
  'roadmap_order',
  'council_minutes',
  'mentor_agreement',
  'consent',
  'other',
] as const;
export type SchoolDocumentType = (typeof SCHOOL_DOCUMENT_TYPES)[number];
export const SCHOOL_DOCUMENT_STATUSES = ['draft', 'active', 'void'] as const;
export type SchoolDocumentStatus = (typeof SCHOOL_DOCUMENT_STATUSES)[number];

/** A document of a school's register (migration 0023). */
export interface SchoolDocumentsTable {
  id: Generated<number>;
  organization_id: number;
  type: SchoolDocumentType;
  number: string | null;
  document_date: CalendarDate | null;
  title: string | null;
  notes: string | null;
  status: Generated<SchoolDocumentStatus>;
  file_id: number | null;
  /** The person or pair the document concerns: at most one of the three. */
  mentor_id: number | null;
  mentee_id: number | null;
  pair_id: number | null;
  /** The order fixing pairs recorded in the pairs module that this entry is (type 'pairs_order'). */
  pair_order_id: number | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** Downloadable from the school's public page (0037); never a document about a person or a pair. */
  is_public: Generated<boolean>;
}

export const PUBLIC_NEWS_STATUSES = ['draft', 'published'] as const;
export type PublicNewsStatus = (typeof PUBLIC_NEWS_STATUSES)[number];

/** A news item of a municipality's or a school's public page (0037). */
export interface PublicNewsTable {
  id: Generated<number>;
  organization_id: number;
  title: string;
  /** Plain text; paragraphs are separated by blank lines. */
  body: string;
  status: Generated<PublicNewsStatus>;
  published_at: Timestamp | null;
  author_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A type of document every school of the municipality must have (the coordinator's package). */
export interface DocumentRequirementsTable {
  municipality_id: number;
  type: SchoolDocumentType;
  created_by: number | null;
  created_at: CreatedAt;
}

export type SchoolDocument = Selectable<SchoolDocumentsTable>;

export const MODEL_DOCUMENT_STATUSES = ['published', 'withdrawn'] as const;
export type ModelDocumentStatus = (typeof MODEL_DOCUMENT_STATUSES)[number];

/** A model document of the municipality's library (migration 0029): the coordinator publishes it, the schools read it. */
export interface ModelDocumentsTable {
  id: Generated<number>;
  municipality_id: number;
  title: string;
  /** The type of the school's document it is a model of. */
  type: SchoolDocumentType;
  description: string | null;
  file_id: number | null;
  status: Generated<ModelDocumentStatus>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type ModelDocument = Selectable<ModelDocumentsTable>;

export type Organization = Selectable<OrganizationsTable>;
export type NewOrganization = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Mentor = Selectable<MentorsTable>;
export type Mentee = Selectable<MenteesTable>;
export type Tag = Selectable<TagsTable>;
export type Roadmap = Selectable<RoadmapsTable>;
export type RoadmapItem = Selectable<RoadmapItemsTable>;
export type RoadmapOccurrence = Selectable<RoadmapOccurrencesTable>;
export type RoadmapSchoolPart = Selectable<RoadmapSchoolPartsTable>;
export type StoredFile = Selectable<FilesTable>;
export type Programme = Selectable<ProgrammesTable>;
export type Pair = Selectable<PairsTable>;
export type PairTask = Selectable<PairTasksTable>;
export type Meeting = Selectable<MeetingsTable>;
export type Indicator = Selectable<IndicatorsTable>;
export type SurveyTemplate = Selectable<SurveyTemplatesTable>;
export type SurveyQuestion = Selectable<SurveyQuestionsTable>;
export type Survey = Selectable<SurveysTable>;

/** Issue 16: a named periodic job's schedule state and lease (migrations/0019_jobs.ts). */
export interface JobsTable {
  name: string;
  next_run_at: Date;
  locked_by: string | null;
  locked_until: Date | null;
  attempt: Generated<number>;
  last_status: 'succeeded' | 'retrying' | 'failed' | null;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_error: string | null;
}

/** One run of a job: its outcome and counts. */
export interface JobRunsTable {
  id: Generated<number>;
  name: string;
  runner: string;
  attempt: number;
  started_at: Date;
  finished_at: Date;
  status: 'succeeded' | 'failed';
  error: string | null;
  result: ColumnType<Record<string, number>, string, string>;
}
