/**
 * The school's справка of an accepted submission: a printable A4 page and a .docx ready to sign,
 * made only from the current (not superseded) snapshot, so later changes of the data never change it.
 * Without an accepted snapshot there is no справка (409: it appears once the submission is accepted).
 * `spravkaModel` is pure: the page and the .docx lay out the same texts.
 */
import { Packer, type Paragraph, type Table } from 'docx';
import type { Kysely } from 'kysely';
import { canViewSubmissionDocuments } from '../../access/policy.js';
import type { Database } from '../../db/types.js';
import { ConflictError, NotFoundError } from '../../http/errors.js';
import { nameFormsOf } from '../../lib/declension.js';
import { type DocTable, docTable, heading, para, portraitDocument, TABLE_SIZE } from '../../lib/docx.js';
import { formatDate, formatDateTime } from '../../lib/ru.js';
import type { Actor } from '../audit/service.js';
import type { Answer } from './answers.js';
import { questionnaireLines } from './questionnaire.js';
import { campaignFields, type SpravkaSchool, schoolHeadUser, spravkaSchool, submissionSnapshots } from './queries.js';
import { type FrozenFigures, type FrozenSources, loadSubmission } from './submission.js';

export const NO_SPRAVKA =
  'Справка появится, когда отчёт школы будет принят методическим центром: она составляется только из принятых, зафиксированных данных.';

export type SpravkaTable = DocTable;

export interface SpravkaModel {
  organization: string;
  title: string[];
  subtitle: string;
  accepted: string;
  computed: SpravkaTable;
  /** The school's participants, pairs and programmes of the period in one sentence; null for a snapshot without counts. */
  counts: string | null;
  entered: SpravkaTable;
  tables: Array<{ label: string; table: SpravkaTable }>;
  /** The school's results of the campaign's surveys, briefly: a title and a few lines each. */
  questionnaires: Array<{ title: string; lines: string[] }>;
  documents: string[];
  sources: string;
  signature: { position: string; name: string };
  footer: string;
}

export interface SpravkaSource {
  campaign: { title: string; period_label: string; as_of: string };
  school: SpravkaSchool;
  head: { full_name: string; position: string | null } | undefined;
  figures: FrozenFigures;
  sources: FrozenSources;
  acceptedAt: Date;
  /** The column headings of the table fields, by field id (the form is fixed once the campaign opens). */
  columns: Map<number, string[]>;
}

const decimal = (value: string) => value.replace('.', ',');

/** A computed value as the справка prints it: «40 %», «12», «нет данных». */
export function computedText(value: string | null, unit: string | null): string {
  if (value === null) return 'нет данных';
  return `${decimal(String(Number(value)))}${unit === 'percent' ? ' %' : ''}`;
}

/** An entered answer as the справка prints it: yes/no as «да»/«нет», percentages with «%». */
export function answerText(kind: string, value: Answer): string {
  if (Array.isArray(value)) return value.length === 0 ? 'нет строк' : `${value.length} стр.`;
  if (value === '') return 'не заполнено';
  if (kind === 'yes_no') return value === 'yes' ? 'да' : value === 'no' ? 'нет' : value;
  if (kind === 'percent') return `${value} %`;
  return value;
}

/** The frozen counts in one sentence, for the справка. */
export function countsText(counts: FrozenFigures['counts']): string | null {
  if (!counts) return null;
  return (
    `За период ${formatDate(counts.period_start)} — ${formatDate(counts.period_end)}: наставников — ${counts.mentors}, ` +
    `наставляемых — ${counts.mentees}, пар и групп — ${counts.pairs} (из них групп — ${counts.groups}), ` +
    `программ наставничества — ${counts.programmes}.`
  );
}

export function spravkaModel(s: SpravkaSource, portalName: string, printedOn: string): SpravkaModel {
  const names = nameFormsOf(s.school);
  const scalar = s.figures.entered.filter((e) => e.kind !== 'table');
  const tables = s.figures.entered.filter((e) => e.kind === 'table');
  const position = s.head?.position?.trim() || s.school.head_position?.trim() || 'Руководитель образовательной организации';
  return {
    organization: s.school.full_name,
    title: ['Справка', `о результатах мониторинга «${s.campaign.title}»`, `в ${names.prepositional}`],
    subtitle: `Период: ${s.campaign.period_label}; по состоянию на ${formatDate(s.campaign.as_of)}.`,
    accepted: `Отчёт ${names.genitive} принят методическим центром ${formatDateTime(s.acceptedAt)}; сведения справки — данные, зафиксированные при приёме.`,
    computed: {
      headers: ['Показатель', 'Значение', 'Расчёт'],
      rows: s.figures.computed.map((c) => [
        `${c.code}. ${c.label}`,
        computedText(c.value, c.unit),
        c.numerator !== null && c.denominator !== null ? `${decimal(c.numerator)} из ${decimal(c.denominator)}` : '—',
      ]),
    },
    counts: countsText(s.figures.counts),
    entered: { headers: ['Сведение', 'Значение'], rows: scalar.map((e) => [e.label, answerText(e.kind, e.value)]) },
    tables: tables.map((e) => ({
      label: e.label,
      table: {
        headers: s.columns.get(e.field_id) ?? (Array.isArray(e.value) ? (e.value[0] ?? []).map((_, i) => `Графа ${i + 1}`) : []),
        rows: Array.isArray(e.value) ? e.value : [],
      },
    })),
    questionnaires: (s.figures.questionnaire ?? []).map((q) => ({
      title: `${q.title} (${formatDate(q.opens_on)} — ${formatDate(q.closes_on)})`,
      lines: questionnaireLines(q),
    })),
    documents: s.figures.documents.map((d) => `${d.title}: ${d.files.length ? d.files.join(', ') : 'не приложен'}`),
    sources:
      `Показатели рассчитаны порталом ${formatDateTime(new Date(s.sources.computed_at))}: ${s.sources.from}` +
      (s.sources.data_refreshed_at ? `; данные портала обновлены ${formatDateTime(new Date(s.sources.data_refreshed_at))}` : '') +
      '.',
    signature: { position, name: s.head?.full_name ?? s.school.head_name ?? '' },
    footer: `Сформировано на портале «${portalName}» ${printedOn}.`,
  };
}

/** The справка's source for a user who may see the submission; 409 without an accepted snapshot. */
export async function spravkaSource(
  db: Kysely<Database>,
  actor: Actor,
  campaignId: number,
  organizationId: number,
): Promise<SpravkaSource> {
  const { campaign, submission, ref } = await loadSubmission(db, actor, campaignId, organizationId);
  // The справка names the school's head and its documents: not the region's (it reads the snapshot's figures).
  if (!canViewSubmissionDocuments(actor.user, ref)) throw new NotFoundError();
  const snapshots = await submissionSnapshots(db, submission.id);
  const current = snapshots.find((x) => x.superseded_at === null);
  if (submission.status !== 'accepted' || !current) throw new ConflictError(NO_SPRAVKA);
  const [school, head, fields] = await Promise.all([
    spravkaSchool(db, organizationId),
    schoolHeadUser(db, organizationId),
    campaignFields(db, campaignId),
  ]);
  if (!school) throw new ConflictError(NO_SPRAVKA);
  return {
    campaign,
    school,
    head,
    figures: current.figures as FrozenFigures,
    sources: current.sources as FrozenSources,
    acceptedAt: current.created_at,
    columns: new Map(fields.filter((f) => f.kind === 'table').map((f) => [f.id, f.options])),
  };
}

// ---------------------------------------------------------------------------------------------
// The .docx: A4 portrait, Times New Roman 14 pt (tables 12 pt), margins left 30 mm, right 15 mm, top and bottom 20 mm.

const SMALL = TABLE_SIZE;
const table = (data: SpravkaTable, shares: number[]): Table => docTable(data, shares, SMALL);

export const SPRAVKA_HEADINGS = {
  computed: '1. Показатели, рассчитанные порталом',
  entered: '2. Сведения, внесённые образовательной организацией',
  questionnaire: '3. Результаты анкетирования',
  documents: '4. Приложенные документы',
  sources: '5. Источники данных',
} as const;

export function buildSpravkaDocx(m: SpravkaModel): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    para(m.organization, { center: true, after: 240 }),
    ...m.title.map((line, i) => para(line, { bold: true, center: true, after: i === m.title.length - 1 ? 120 : 0 })),
    para(m.subtitle, { center: true, size: SMALL, after: 120 }),
    para(m.accepted, { size: SMALL, after: 120 }),
    heading(SPRAVKA_HEADINGS.computed),
    m.computed.rows.length ? table(m.computed, [0.6, 0.2, 0.2]) : para('Показателей, рассчитываемых порталом, в форме нет.'),
    ...(m.counts ? [para(m.counts, { size: SMALL, before: 120 })] : []),
    heading(SPRAVKA_HEADINGS.entered),
    m.entered.rows.length ? table(m.entered, [0.6, 0.4]) : para('Сведений, вносимых вручную, в форме нет.'),
  ];
  for (const t of m.tables) {
    children.push(para(t.label, { bold: true, before: 120, after: 60 }));
    if (t.table.rows.length && t.table.headers.length) {
      children.push(
        table(
          t.table,
          t.table.headers.map(() => 1 / t.table.headers.length),
        ),
      );
    } else children.push(para('нет строк'));
  }
  children.push(heading(SPRAVKA_HEADINGS.questionnaire));
  if (m.questionnaires.length === 0) children.push(para('Анкетирование в форму мониторинга не включалось.'));
  for (const q of m.questionnaires)
    children.push(para(q.title, { bold: true, before: 120, after: 60 }), ...q.lines.map((line) => para(line, { size: SMALL })));
  children.push(
    heading(SPRAVKA_HEADINGS.documents),
    ...(m.documents.length ? m.documents.map((d) => para(`— ${d}`)) : [para('Документы не запрашивались.')]),
    heading(SPRAVKA_HEADINGS.sources),
    para(m.sources),
    para(m.signature.position, { before: 480 }),
    para(`_______________ ${m.signature.name || '_______________________'}`),
    para('«___» ____________ 20___ г.', { before: 120 }),
    para(m.footer, { size: 20, before: 360 }),
  );
  const doc = portraitDocument(m.title.join(' '), children);
  return Packer.toBuffer(doc);
}
