/**
 * Questionnaires (templates) and surveys: the coordinator keeps the questionnaires of its
 * municipality and opens a survey with one for a period and a set of schools.
 *
 * Decisions:
 * - A questionnaire already used by a survey keeps its audience and its questions: the answers
 *   given stay comparable with the questions they answered (and survey_answers points at them).
 *   Its title and description may still be corrected. To change the questions, the coordinator
 *   makes a copy (the new-questionnaire form filled from it) and archives the old one.
 * - Opening a survey invites, once, every mentor (or mentee, by the questionnaire's audience) of
 *   the chosen schools' bases who takes part in a pair that is active or completed, and whose
 *   record is neither archived nor erased. People who join pairs later are not added: the survey
 *   measures those who took part by the time it opened. A survey that would invite nobody is refused.
 */

import type { Kysely, Transaction } from 'kysely';
import { surveyKeeperMunicipalityOf } from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { type Actor, type AuditAction, auditActor, recordAudit } from '../audit/service.js';
import {
  findSurvey,
  findTemplate,
  municipalSchools,
  participantsOf,
  type QuestionRow,
  type SurveyRow,
  type TemplateRow,
  templateOptions,
  templateQuestions,
  templateSurveys,
} from './queries.js';
import type { SurveyInput, TemplateInput } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

export type SaveResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };

const COORDINATOR_ONLY = 'Анкеты и опросы ведёт методический центр муниципалитета.';
export const TEMPLATE_IN_USE =
  'По этой анкете уже проводился опрос: её вопросы и адресатов изменить нельзя, чтобы ответы оставались сопоставимыми. Создайте копию анкеты, измените её, а эту перенесите в архив.';

/** The municipality whose questionnaires and surveys the user keeps (the coordinator's); others: 403. */
function keptMunicipalityOf(user: CurrentUser): number {
  const municipalityId = surveyKeeperMunicipalityOf(user);
  if (municipalityId === null) throw new ForbiddenError(COORDINATOR_ONLY);
  return municipalityId;
}

/** A questionnaire of the coordinator's municipality; 404 for anything else. */
async function getTemplate(db: Db, actor: Actor, id: number): Promise<TemplateRow> {
  const template = await findTemplate(db, actor.user, id);
  if (!template) throw new NotFoundError();
  return template;
}

/** A questionnaire of the coordinator's municipality with its questions; 404 for anything else. */
export async function templateWithQuestions(
  db: Db,
  actor: Actor,
  id: number,
): Promise<{ template: TemplateRow; questions: QuestionRow[] }> {
  const template = await getTemplate(db, actor, id);
  return { template, questions: await templateQuestions(db, template.id) };
}

/** A questionnaire to copy into a new one, with its questions; undefined when the user keeps none by that id. */
export async function copySource(
  db: Db,
  actor: Actor,
  id: number,
): Promise<{ template: TemplateRow; questions: QuestionRow[] } | undefined> {
  const template = await findTemplate(db, actor.user, id);
  return template ? { template, questions: await templateQuestions(db, template.id) } : undefined;
}

/** A questionnaire's page: its questions and the surveys opened with it. */
export async function templatePage(db: Db, actor: Actor, id: number) {
  const { template, questions } = await templateWithQuestions(db, actor, id);
  return { template, questions, surveys: await templateSurveys(db, template.id) };
}

/** What the form of a new survey offers: the coordinator's questionnaires in use and its municipality's schools. */
export async function surveyChoices(db: Db, user: CurrentUser) {
  const municipalityId = keptMunicipalityOf(user);
  return { templates: await templateOptions(db, user), schools: await municipalSchools(db, municipalityId) };
}

/** A survey the user reads; 404 outside its scope, whether it exists or not. */
export async function getSurvey(db: Db, actor: Actor, id: number): Promise<SurveyRow> {
  const survey = await findSurvey(db, actor.user, id);
  if (!survey) throw new NotFoundError();
  return survey;
}

async function audit(
  db: Db,
  actor: Actor,
  action: AuditAction,
  entityType: 'survey_template' | 'survey',
  id: number,
  municipalityId: number,
  fields: string[],
) {
  await recordAudit(db as Kysely<Database>, auditActor(actor), {
    action,
    entityType,
    entityId: id,
    organizationId: municipalityId,
    municipalityId,
    changedFields: fields,
  });
}

async function insertQuestions(
  trx: Transaction<Database>,
  templateId: number,
  questions: TemplateInput['questions'],
): Promise<void> {
  if (questions.length === 0) return;
  await trx
    .insertInto('survey_questions')
    .values(questions.map((q, i) => ({ template_id: templateId, position: i + 1, ...q })))
    .execute();
}

export async function createTemplate(db: Kysely<Database>, actor: Actor, input: TemplateInput): Promise<number> {
  const municipalityId = keptMunicipalityOf(actor.user);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('survey_templates')
      .values({ municipality_id: municipalityId, title: input.title, audience: input.audience, description: input.description })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertQuestions(trx, row.id, input.questions);
    const fields = ['title', 'audience', ...(input.description ? ['description'] : []), 'questions'];
    await audit(trx, actor, 'create', 'survey_template', row.id, municipalityId, fields);
    return row.id;
  });
}

function sameQuestions(a: TemplateInput['questions'], b: TemplateInput['questions']): boolean {
  return (
    a.length === b.length &&
    a.every((q, i) => {
      const o = b[i];
      return (
        o !== undefined &&
        q.text === o.text &&
        q.kind === o.kind &&
        q.required === o.required &&
        q.counts_for_satisfaction === o.counts_for_satisfaction
      );
    })
  );
}

/**
 * Saves the questionnaire. `input.questions` undefined: the title and description only (the form
 * of a used questionnaire). Changing the audience or questions of a used one is a 409.
 */
export async function updateTemplate(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: Omit<TemplateInput, 'questions' | 'audience'> & Partial<Pick<TemplateInput, 'questions' | 'audience'>>,
): Promise<void> {
  const municipalityId = keptMunicipalityOf(actor.user);
  await db.transaction().execute(async (trx) => {
    // Locked, so that a survey cannot be opened with it while its questions change.
    const template = await trx
      .selectFrom('survey_templates')
      .selectAll()
      .where('id', '=', id)
      .where('municipality_id', '=', municipalityId)
      .forUpdate()
      .executeTakeFirst();
    if (!template) throw new NotFoundError();
    const used = await trx.selectFrom('surveys').select('id').where('template_id', '=', id).executeTakeFirst();
    const current = await trx
      .selectFrom('survey_questions')
      .select(['text', 'kind', 'required', 'counts_for_satisfaction'])
      .where('template_id', '=', id)
      .orderBy('position')
      .orderBy('id')
      .execute();
    const changed: string[] = [];
    if (template.title !== input.title) changed.push('title');
    if ((template.description ?? null) !== input.description) changed.push('description');
    const audienceChanged = input.audience !== undefined && input.audience !== template.audience;
    const questionsChanged = input.questions !== undefined && !sameQuestions(current, input.questions);
    if ((audienceChanged || questionsChanged) && used) throw new ConflictError(TEMPLATE_IN_USE);
    if (audienceChanged) changed.push('audience');
    if (questionsChanged) changed.push('questions');
    if (changed.length === 0) return;
    await trx
      .updateTable('survey_templates')
      .set({
        title: input.title,
        description: input.description,
        ...(audienceChanged && input.audience ? { audience: input.audience } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    if (questionsChanged && input.questions) {
      await trx.deleteFrom('survey_questions').where('template_id', '=', id).execute();
      await insertQuestions(trx, id, input.questions);
    }
    await audit(trx, actor, 'update', 'survey_template', id, municipalityId, changed);
  });
}

/** The questionnaire leaves the choice of new surveys; surveys made with it keep it. */
export async function archiveTemplate(db: Kysely<Database>, actor: Actor, id: number): Promise<boolean> {
  const municipalityId = keptMunicipalityOf(actor.user);
  const template = await getTemplate(db, actor, id);
  if (template.archived_at !== null) return false;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('survey_templates')
      .set({ archived_at: new Date(), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await audit(trx, actor, 'archive', 'survey_template', id, municipalityId, ['archived_at']);
  });
  return true;
}

const CHUNK = 500;

/**
 * The coordinator opens a survey: the survey, its schools and an invitation for every participant
 * of those schools, in one transaction with its audit line. Returns the survey's id and the number
 * invited, or the form's errors.
 */
export async function openSurvey(
  db: Kysely<Database>,
  actor: Actor,
  input: SurveyInput,
  today: string,
): Promise<{ ok: true; id: number; invited: number } | { ok: false; errors: FieldErrors }> {
  const municipalityId = keptMunicipalityOf(actor.user);
  const errors: FieldErrors = {};
  if (input.closes_on < today) errors.closes_on = 'Дата окончания уже прошла: опрос должен закончиться сегодня или позже';
  const schools = await municipalSchools(db, municipalityId);
  const known = new Set(schools.map((s) => s.id));
  const schoolIds = [...new Set(input.schools)];
  if (schoolIds.some((id) => !known.has(id)))
    errors.schools = 'Отметьте школы из списка: опрос проводится в школах вашего муниципалитета';
  return db.transaction().execute(async (trx) => {
    const template = await trx
      .selectFrom('survey_templates')
      .select(['id', 'audience', 'archived_at'])
      .where('id', '=', input.template_id)
      .where('municipality_id', '=', municipalityId)
      .forShare()
      .executeTakeFirst();
    const hasQuestions = template
      ? await trx.selectFrom('survey_questions').select('id').where('template_id', '=', template.id).executeTakeFirst()
      : undefined;
    if (!template || template.archived_at !== null || !hasQuestions)
      errors.template_id = 'Выберите анкету из списка действующих анкет';
    if (Object.keys(errors).length || !template) return { ok: false as const, errors };
    const people = await participantsOf(trx, template.audience, schoolIds);
    if (people.length === 0) {
      const who = template.audience === 'mentor' ? 'наставников' : 'наставляемых';
      return {
        ok: false as const,
        errors: { schools: `В отмеченных школах нет ${who} в активных или завершённых парах: приглашать в опрос некого` },
      };
    }
    const survey = await trx
      .insertInto('surveys')
      .values({
        template_id: template.id,
        municipality_id: municipalityId,
        title: input.title,
        opens_on: input.opens_on,
        closes_on: input.closes_on,
        created_by: actor.user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('survey_schools')
      .values(schoolIds.map((id) => ({ survey_id: survey.id, organization_id: id })))
      .execute();
    for (let i = 0; i < people.length; i += CHUNK) {
      await trx
        .insertInto('survey_invitations')
        .values(
          people.slice(i, i + CHUNK).map((p) => ({
            survey_id: survey.id,
            organization_id: p.organization_id,
            mentor_id: template.audience === 'mentor' ? p.id : null,
            mentee_id: template.audience === 'mentee' ? p.id : null,
          })),
        )
        .execute();
    }
    await audit(trx, actor, 'create', 'survey', survey.id, municipalityId, [
      'template_id',
      'title',
      'opens_on',
      'closes_on',
      'schools',
      'invitations',
    ]);
    return { ok: true as const, id: survey.id, invited: people.length };
  });
}
