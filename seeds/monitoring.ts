import type { Transaction } from 'kysely';
import type { Database, MonitoringStatus } from '../src/db/types.js';
import { computeYears } from '../src/modules/indicators/compute.js';
import { type CountsPeriod, schoolCounts } from '../src/modules/monitoring/counts.js';
import { campaignPeriod } from '../src/modules/monitoring/period.js';
import { liveQuestionnaires, writeSurveys } from '../src/modules/monitoring/questionnaire.js';
import type { FrozenFigures, FrozenSources } from '../src/modules/monitoring/submission.js';
import { Rng } from './people.js';

/**
 * The demo monitoring (issue 15): last year's municipal monitoring, finished, every school's
 * submission accepted with its frozen figures; and this year's, its common deadline two days past,
 * with a submission in every state: the demo school's «заполняется» (its deadline extended, so the
 * demo curator fills it in), others sent, approved by the head, returned with comments, accepted,
 * and one not started (просрочен); and the schools' internal monitoring of the running academic
 * year, just opened, whose computed figures are those of the academic year. Deterministic for the same `today`.
 */

type Trx = Transaction<Database>;

const shift = (day: string, days: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

const INDICATOR_CODES = ['Ш1', 'Ш3', 'Ш5', 'Ш6'];

interface Staff {
  coordinator: number | null;
  curators: Map<number, number>;
  heads: Map<number, number>;
}

async function staffOf(trx: Trx, schoolIds: readonly number[]): Promise<Staff> {
  const users = await trx
    .selectFrom('users')
    .select(['id', 'role', 'organization_id'])
    .where((eb) => eb.or([eb('organization_id', 'in', [...schoolIds]), eb('role', '=', 'coordinator')]))
    .orderBy('id')
    .execute();
  const curators = new Map<number, number>();
  const heads = new Map<number, number>();
  for (const u of users) {
    if (u.role === 'curator' && !curators.has(u.organization_id)) curators.set(u.organization_id, u.id);
    if (u.role === 'school_head' && !heads.has(u.organization_id)) heads.set(u.organization_id, u.id);
  }
  return { coordinator: users.find((u) => u.role === 'coordinator')?.id ?? null, curators, heads };
}

/** A campaign with its form: the school indicators, three hand fields, an optional document. */
async function campaign(
  trx: Trx,
  municipalityId: number,
  createdBy: number | null,
  values: { title: string; year: number; as_of: string; opens_on: string; deadline: string; academic?: boolean },
) {
  const period = campaignPeriod(values.academic ? 'academic_year' : 'calendar_year', values.year);
  const row = await trx
    .insertInto('monitoring_campaigns')
    .values({
      municipality_id: municipalityId,
      title: values.title,
      level: values.academic ? 'school' : 'municipal',
      period_kind: period.kind,
      period_start: period.start,
      period_end: period.end,
      period_label: period.label,
      as_of: values.as_of,
      opens_on: values.opens_on,
      deadline: values.deadline,
      all_schools: true,
      created_by: createdBy,
      created_at: at(values.opens_on, 6),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const indicators = await trx
    .selectFrom('indicators')
    .select(['code', 'name'])
    .where('municipality_id', '=', municipalityId)
    .where('code', 'in', INDICATOR_CODES)
    .orderBy('position')
    .execute();
  const fields = await trx
    .insertInto('monitoring_fields')
    .values(
      [
        ...indicators.map((i) => ({ kind: 'indicator' as const, indicator_code: i.code, label: i.name, required: false })),
        {
          kind: 'number' as const,
          indicator_code: null,
          label: 'Число педагогов-наставников',
          hint: 'По приказу о закреплении наставников',
          required: true,
        },
        { kind: 'yes_no' as const, indicator_code: null, label: 'Положение о наставничестве утверждено', required: true },
        {
          kind: 'table' as const,
          indicator_code: null,
          label: 'Мероприятия программы наставничества',
          required: false,
          options: JSON.stringify(['Мероприятие', 'Дата', 'Участников']),
        },
        {
          kind: 'choice' as const,
          indicator_code: null,
          label: 'Основная форма наставничества в школе',
          required: false,
          options: JSON.stringify(DEMO_FORMS),
        },
        { kind: 'text' as const, indicator_code: null, label: 'Трудности и предложения', required: false },
      ].map((f, i) => ({ ...f, campaign_id: row.id, position: i + 1 })),
    )
    .returning(['id', 'kind', 'indicator_code', 'label'])
    .execute();
  const document = await trx
    .insertInto('monitoring_documents')
    .values({ campaign_id: row.id, position: 1, title: 'Фотоотчёт о мероприятиях', required: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The questionnaire block: the demo surveys (seeds/surveys.ts) that run within the campaign's period.
  const surveys = await trx
    .selectFrom('surveys')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('opens_on', '<=', period.end)
    .where('closes_on', '>=', period.start)
    .orderBy('id')
    .execute();
  await writeSurveys(
    trx,
    row.id,
    surveys.map((x) => x.id),
  );
  return { id: row.id, fields, documentId: document.id, period: { period_start: period.start, period_end: period.end } };
}

type Field = Awaited<ReturnType<typeof campaign>>['fields'][number];

function answersFor(rng: Rng, fields: readonly Field[], year: number) {
  const answers = new Map<number, unknown>();
  for (const f of fields) {
    if (f.kind === 'number') answers.set(f.id, String(rng.int(3, 14)));
    if (f.kind === 'yes_no') answers.set(f.id, rng.chance(0.85) ? 'yes' : 'no');
    if (f.kind === 'table')
      answers.set(f.id, [
        ['Педагогический совет «Наставничество в школе»', `15.10.${year}`, String(rng.int(20, 45))],
        ['Открытые уроки молодых педагогов', `20.11.${year}`, String(rng.int(8, 20))],
      ]);
  }
  // The choice and the text follow from the number drawn above (no draw of their own, so the other answers stay as they were).
  const n = Number(answers.get(fields.find((f) => f.kind === 'number')?.id ?? -1) ?? 0);
  for (const f of fields) {
    if (f.kind === 'choice') answers.set(f.id, DEMO_FORMS[n % DEMO_FORMS.length]);
    if (f.kind === 'text') answers.set(f.id, n % 2 === 0 ? (DEMO_DIFFICULTIES[n % DEMO_DIFFICULTIES.length] ?? '') : '');
  }
  return answers;
}

const DEMO_FORMS = ['учитель — учитель', 'ученик — ученик', 'педагог — ученик'];
const DEMO_DIFFICULTIES = [
  'Наставникам не хватает времени: просим учесть наставничество в нагрузке.',
  'Нужен семинар для наставников по индивидуальному плану развития.',
  'Молодые педагоги просят больше открытых уроков в других школах.',
];

export async function seedDemoMonitoring(
  trx: Trx,
  municipalityId: number,
  schoolIds: readonly number[],
  today: string,
): Promise<void> {
  const staff = await staffOf(trx, schoolIds);
  const year = Number(today.slice(0, 4));
  const rng = new Rng(15_2026);
  const results = await computeYears(trx, municipalityId, [year - 1, year]);
  const codes = new Map(
    (
      await trx.selectFrom('indicators').select(['id', 'code', 'unit']).where('municipality_id', '=', municipalityId).execute()
    ).map((i) => [i.code, i]),
  );

  const addEvent = (
    submissionId: number,
    from: MonitoringStatus | null,
    to: MonitoringStatus,
    kind: string,
    actor: number | null,
    when: Date,
    comment: string | null = null,
    fieldComments: Record<string, string> = {},
  ) =>
    trx
      .insertInto('monitoring_events')
      .values({
        submission_id: submissionId,
        from_status: from,
        to_status: to,
        kind,
        actor_id: actor,
        at: when,
        comment,
        field_comments: JSON.stringify(fieldComments),
      })
      .execute();

  const snapshot = async (
    submissionId: number,
    schoolId: number,
    documentId: number,
    fields: readonly Field[],
    answers: Map<number, unknown>,
    asOf: string,
    when: Date,
    campaignId: number,
    period: CountsPeriod,
  ) => {
    const indicatorYear = Number(asOf.slice(0, 4));
    const computed: FrozenFigures['computed'] = fields
      .filter((f) => f.indicator_code !== null)
      .map((f) => {
        const indicator = codes.get(String(f.indicator_code));
        const r = results.find(
          (x) => x.indicatorId === indicator?.id && x.organizationId === schoolId && x.year === indicatorYear,
        );
        return {
          field_id: f.id,
          code: String(f.indicator_code),
          label: f.label,
          unit: indicator?.unit ?? null,
          value: r?.value == null ? null : String(r.value),
          numerator: r?.numerator == null ? null : String(r.numerator),
          denominator: r?.denominator == null ? null : String(r.denominator),
        };
      });
    const figures: FrozenFigures = {
      computed,
      entered: fields
        .filter((f) => f.kind !== 'indicator')
        .map((f) => ({ field_id: f.id, label: f.label, kind: f.kind, value: (answers.get(f.id) ?? '') as string })),
      documents: [{ document_id: documentId, title: 'Фотоотчёт о мероприятиях', files: [] }],
      questionnaire: await liveQuestionnaires(trx, campaignId, schoolId),
      // The participants, pairs and programmes of the period as the acceptance takes them (counts.ts).
      counts: await schoolCounts(trx, period, schoolId),
    };
    const sources: FrozenSources = {
      computed_at: when.toISOString(),
      as_of: asOf,
      indicator_year: indicatorYear,
      data_version: 'demo',
      data_refreshed_at: null,
      from: `показатели портала (базы наставников и наставляемых, пары, анкеты) за ${indicatorYear} год`,
    };
    await trx
      .insertInto('monitoring_snapshots')
      .values({
        submission_id: submissionId,
        created_at: when,
        created_by: staff.coordinator,
        figures: JSON.stringify(figures),
        sources: JSON.stringify(sources),
      })
      .execute();
  };

  /** A submission taken through its states up to `status`, with its answers, events and (accepted) snapshot. */
  const submission = async (
    c: { id: number; fields: Field[]; documentId: number; period: CountsPeriod },
    schoolId: number,
    status: MonitoringStatus,
    dates: { start: string; asOf: string; year: number },
    extra: { deadline_override?: string; returnComment?: string } = {},
  ) => {
    const row = await trx
      .insertInto('monitoring_submissions')
      .values({
        campaign_id: c.id,
        organization_id: schoolId,
        status,
        deadline_override: extra.deadline_override ?? null,
        updated_at: at(dates.start, 9),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (status === 'not_started') return;
    const answers = answersFor(rng, c.fields, dates.year);
    await trx
      .insertInto('monitoring_values')
      .values(
        [...answers].map(([field_id, value]) => ({
          submission_id: row.id,
          field_id,
          value: JSON.stringify(value),
          updated_by: staff.curators.get(schoolId) ?? null,
        })),
      )
      .execute();
    const curator = staff.curators.get(schoolId) ?? null;
    const head = staff.heads.get(schoolId) ?? staff.coordinator;
    const chain: Array<[MonitoringStatus, MonitoringStatus, string, number | null]> = [
      ['not_started', 'filling', 'start', curator],
    ];
    if (status !== 'filling') chain.push(['filling', 'sent', 'send', curator]);
    if (status === 'approved' || status === 'accepted' || status === 'returned')
      chain.push(['sent', 'approved', 'approve', head]);
    if (status === 'accepted') chain.push(['approved', 'accepted', 'accept', staff.coordinator]);
    if (status === 'returned') chain.push(['approved', 'returned', 'return', staff.coordinator]);
    let day = dates.start;
    for (const [from, to, kind, actor] of chain) {
      day = shift(day, 1);
      const numberField = c.fields.find((f) => f.kind === 'number');
      const isReturn = kind === 'return';
      await addEvent(
        row.id,
        from,
        to,
        kind,
        actor,
        at(day, 10),
        isReturn ? (extra.returnComment ?? null) : null,
        isReturn && numberField ? { [String(numberField.id)]: 'Число не совпадает с приказом о закреплении наставников' } : {},
      );
      if (kind === 'accept')
        await snapshot(row.id, schoolId, c.documentId, c.fields, answers, dates.asOf, at(day, 10), c.id, c.period);
    }
    await trx
      .updateTable('monitoring_submissions')
      .set({ updated_at: at(day, 10) })
      .where('id', '=', row.id)
      .execute();
    if (extra.deadline_override) {
      const until = extra.deadline_override.split('-').reverse().join('.');
      await addEvent(row.id, status, status, 'extend', staff.coordinator, at(shift(today, -1), 11), `Срок продлён до ${until}`);
    }
  };

  // Last year's: 1 November – 25 December, every school accepted.
  const past = await campaign(trx, municipalityId, staff.coordinator, {
    title: `Мониторинг реализации целевой модели наставничества за ${year - 1} год`,
    year: year - 1,
    as_of: `${year - 1}-12-01`,
    opens_on: `${year - 1}-11-01`,
    deadline: `${year - 1}-12-25`,
  });
  for (const [i, schoolId] of schoolIds.entries())
    await submission(past, schoolId, 'accepted', {
      start: `${year - 1}-11-${String(3 + i).padStart(2, '0')}`,
      asOf: `${year - 1}-12-01`,
      year: year - 1,
    });

  // This year's: opened three weeks ago, its common deadline two days past.
  const opens = shift(today, -21);
  const current = await campaign(trx, municipalityId, staff.coordinator, {
    title: `Мониторинг реализации целевой модели наставничества за ${year} год`,
    year,
    as_of: shift(today, -21),
    opens_on: opens,
    deadline: shift(today, -2),
  });
  const states: MonitoringStatus[] = ['filling', 'sent', 'approved', 'accepted', 'returned', 'not_started', 'accepted', 'sent'];
  for (const [i, schoolId] of schoolIds.entries()) {
    const status = states[i % states.length] as MonitoringStatus;
    await submission(
      current,
      schoolId,
      status,
      { start: shift(opens, i), asOf: shift(today, -21), year },
      {
        deadline_override: status === 'filling' || status === 'returned' ? shift(today, 7) : undefined,
        returnComment: 'Уточните число наставников и приложите фотоотчёт о мероприятиях.',
      },
    );
  }

  // The schools' internal monitoring of the running academic year (December), just opened: not started anywhere yet.
  const academicYear = today.slice(5) >= '09-01' ? year : year - 1;
  const internal = await campaign(trx, municipalityId, staff.coordinator, {
    title: `Внутренний мониторинг наставничества за ${campaignPeriod('academic_year', academicYear).label} (полугодие)`,
    year: academicYear,
    academic: true,
    as_of: shift(today, -1),
    opens_on: shift(today, -1),
    deadline: shift(today, 14),
  });
  for (const schoolId of schoolIds)
    await submission(internal, schoolId, 'not_started', { start: shift(today, -1), asOf: shift(today, -1), year });
}
