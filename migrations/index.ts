import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_people.js';
import * as m0003 from './0003_roadmaps.js';
import * as m0004 from './0004_roadmap_tracking.js';
import * as m0005 from './0005_pairs.js';
import * as m0006 from './0006_indicators.js';
import * as m0007 from './0007_session_context.js';
import * as m0008 from './0008_attempt_counters.js';
import * as m0009 from './0009_municipal_lists.js';
import * as m0010 from './0010_municipal_time_zone.js';
import * as m0011 from './0011_name_forms.js';
import * as m0012 from './0012_search_keys.js';
import * as m0013 from './0013_roadmap_approvals.js';
import * as m0014 from './0014_monitoring.js';
import * as m0015 from './0015_indicator_periods.js';
import * as m0016 from './0016_region_role.js';
import * as m0017 from './0017_monitoring_questionnaire.js';
import * as m0018 from './0018_notifications.js';
import * as m0019 from './0019_jobs.js';
import * as m0020 from './0020_mail.js';
import * as m0021 from './0021_roadmap_approval_requests.js';
import * as m0022 from './0022_roadmap_school_parts.js';
import * as m0023 from './0023_school_documents.js';
import * as m0024 from './0024_agreements.js';
import * as m0025 from './0025_centre_agreements.js';
import * as m0026 from './0026_shared_mentors.js';
import * as m0027 from './0027_resource_centres.js';
import * as m0029 from './0029_model_documents.js';
import * as m0030 from './0030_school_part_occurrences.js';
import * as m0031 from './0031_events.js';
import * as m0032 from './0032_recognition.js';
import * as m0033 from './0033_event_training.js';
import * as m0034 from './0034_satisfaction_recount.js';
import * as m0035 from './0035_impact.js';
import * as m0036 from './0036_practices.js';
import * as m0037 from './0037_public_pages.js';
import * as m0038 from './0038_event_categories.js';
import * as m0039 from './0039_practice_extras.js';

/**
 * Every migration, by name. A static list rather than a folder scan, so that the same code
 * runs from TypeScript sources (tests, `npm run dev`) and from the compiled build;
 * tests/unit/migrations.test.ts fails when a file in this folder is missing here.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_people': m0002,
  '0003_roadmaps': m0003,
  '0004_roadmap_tracking': m0004,
  '0005_pairs': m0005,
  '0006_indicators': m0006,
  '0007_session_context': m0007,
  '0008_attempt_counters': m0008,
  '0009_municipal_lists': m0009,
  '0010_municipal_time_zone': m0010,
  '0011_name_forms': m0011,
  '0012_search_keys': m0012,
  '0013_roadmap_approvals': m0013,
  '0014_monitoring': m0014,
  '0015_indicator_periods': m0015,
  '0016_region_role': m0016,
  '0017_monitoring_questionnaire': m0017,
  '0018_notifications': m0018,
  '0019_jobs': m0019,
  '0020_mail': m0020,
  '0021_roadmap_approval_requests': m0021,
  '0022_roadmap_school_parts': m0022,
  '0023_school_documents': m0023,
  '0024_agreements': m0024,
  '0025_centre_agreements': m0025,
  '0026_shared_mentors': m0026,
  '0027_resource_centres': m0027,
  '0029_model_documents': m0029,
  '0030_school_part_occurrences': m0030,
  '0031_events': m0031,
  '0032_recognition': m0032,
  '0033_event_training': m0033,
  '0034_satisfaction_recount': m0034,
  '0035_impact': m0035,
  '0036_practices': m0036,
  '0037_public_pages': m0037,
  '0038_event_categories': m0038,
  '0039_practice_extras': m0039,
};
