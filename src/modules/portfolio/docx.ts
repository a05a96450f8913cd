/**
 * The mentor's portfolio as a .docx for attestation: the same texts as the printable page
 * (portfolio/print.eta) — the school, «Портфолио наставника», the mentor, the pairs, training,
 * events and awards, the date of the extract and the head's signature — laid out with the
 * portal's document blocks (lib/docx.ts: A4 portrait, Times New Roman). No student is named: the
 * rows use the printable mentee labels.
 */
import { Packer, type Paragraph, type Table } from 'docx';
import { docTable, heading, para, portraitDocument, TABLE_SIZE } from '../../lib/docx.js';
import { countOf, formatDate } from '../../lib/ru.js';
import { EVENT_KIND_LABELS, EVENT_LEVEL_LABELS, EVENT_RESULT_LABELS } from '../events/labels.js';
import { PAIR_STATUS_LABELS } from '../pairs/labels.js';
import { MENTOR_CATEGORY_LABELS, type MentorCategory, MENTORING_FORM_LABELS, type MentoringForm } from '../people/labels.js';
import { AWARD_KIND_LABELS, AWARD_LEVEL_LABELS, fullNameOf } from '../recognition/labels.js';
import type { Portfolio } from './service.js';

const formOf = (f: string) => MENTORING_FORM_LABELS[f as MentoringForm] ?? f;

function pairsTable(p: Portfolio): Table {
  return docTable(
    {
      headers: ['Форма, программа', 'Наставляемые', 'Сроки', 'Статус', 'Встречи', 'Результаты', 'Удовлетворённость наставляемых'],
      rows: p.pairs.map((pr) => {
        const end = pr.completed_on ?? pr.terminated_on;
        const actual = pr.activated_at
          ? `; фактически: с ${formatDate(pr.activated_at)}${end ? ` по ${formatDate(end)}` : ''}`
          : '';
        return [
          `${formOf(pr.form)}${pr.mentees.length > 1 ? ' (группа)' : ''}; ${pr.programme_title}; ${pr.school_short_name}`,
          pr.menteesPrint.join('; ') || '—',
          `по плану: ${formatDate(pr.planned_start)}–${formatDate(pr.planned_end)}${actual}`,
          PAIR_STATUS_LABELS[pr.status],
          `${countOf(pr.meeting_count, ['встреча', 'встречи', 'встреч'])}, ${pr.hours}`,
          pr.results ?? '—',
          `${pr.satisfaction}; ${pr.ratings}`,
        ];
      }),
    },
    [0.16, 0.15, 0.15, 0.1, 0.11, 0.15, 0.18],
    20,
  );
}

export function portfolioDocxChildren(p: Portfolio, today: string): Array<Paragraph | Table> {
  const m = p.mentor;
  const children: Array<Paragraph | Table> = [
    para(m.school_name.toUpperCase(), { bold: true, center: true, after: 240 }),
    para('Портфолио наставника', { bold: true, center: true }),
    para(fullNameOf(m), { center: true, after: 240 }),
    para(`Должность: ${m.position ?? '—'}`),
    para(`Категория наставника: ${MENTOR_CATEGORY_LABELS[m.category as MentorCategory] ?? m.category}`),
    para(`Формы наставничества: ${m.forms.length ? m.forms.map(formOf).join('; ') : '—'}`),
    ...(m.qualification ? [para(`Квалификационная категория: ${m.qualification}`)] : []),
    heading('Наставническая деятельность'),
    para(
      `Пар и групп: ${p.totals.pairs}; проведено встреч: ${p.totals.meetings}, ${p.totals.hours}. ` +
        `Удовлетворённость наставляемых по итогам завершённых пар: ${p.totals.satisfaction}. ` +
        `Оценки встреч наставляемыми: ${p.totals.ratings}.`,
      { justify: true, after: 120 },
    ),
    p.pairs.length ? pairsTable(p) : para('Наставник пока не входит ни в одну пару или группу.'),
    heading('Обучение'),
    ...(p.trainings.length
      ? p.trainings.map((t) =>
          para(
            `${t.course}${t.completed_on ? `, ${formatDate(t.completed_on)}` : ''}${t.hours ? `, ${t.hours} ч` : ''}${t.event_id ? ' (по данным портала)' : ''}`,
          ),
        )
      : [para('Сведений об обучении нет.')]),
    heading('Мероприятия и конкурсы'),
    p.events.length
      ? docTable(
          {
            headers: ['Мероприятие', 'Вид, уровень', 'Дата', 'Результат'],
            rows: p.events.map((ev) => [
              ev.title,
              `${EVENT_KIND_LABELS[ev.kind]}, ${EVENT_LEVEL_LABELS[ev.level]} уровень`,
              formatDate(ev.starts_at),
              ev.result ? EVENT_RESULT_LABELS[ev.result] : 'участие',
            ]),
          },
          [0.46, 0.26, 0.13, 0.15],
          TABLE_SIZE,
        )
      : para('Участия в мероприятиях пока нет.'),
    heading('Награды и поощрения'),
    p.awards.length
      ? docTable(
          {
            headers: ['Награда', 'Уровень', 'Дата', 'Приказ'],
            rows: p.awards.map((a) => [
              AWARD_KIND_LABELS[a.kind],
              AWARD_LEVEL_LABELS[a.level],
              formatDate(a.awarded_on),
              `${a.order_number ? `№ ${a.order_number}${a.order_date ? ` от ${formatDate(a.order_date)}` : ''}` : '—'}${a.issued_by ? `, ${a.issued_by}` : ''}`,
            ]),
          },
          [0.34, 0.18, 0.15, 0.33],
          TABLE_SIZE,
        )
      : para('Наград пока нет.'),
    para(`Дата выписки: ${today}`, { before: 360 }),
    para(`Руководитель ОО ________________ / ${m.head_name ?? '____________________'} /`, { before: 480 }),
    para('М.П.', { before: 120 }),
  ];
  return children;
}

export function buildPortfolioDocx(p: Portfolio, today: string): Promise<Buffer> {
  return Packer.toBuffer(portraitDocument(`Портфолио наставника: ${fullNameOf(p.mentor)}`, portfolioDocxChildren(p, today)));
}
