import { z } from 'zod';
import { checkbox, optionalText } from '../../http/forms.js';

/** The questionnaire attached to a programme; empty detaches it. */
export const attachForm = z.object({
  template_id: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))
    .refine((v) => v === null || /^\d{1,9}$/.test(v), 'Диагностическая анкета: выберите анкету из списка')
    .transform((v) => (v === null ? null : Number(v))),
});

export const stageParam = z.enum(['before', 'after']);

function optionalChoice<T extends string>(values: readonly [T, ...T[]], message: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))
    .refine((v): v is T | null => v === null || (values as readonly string[]).includes(v), message)
    .transform((v) => v as T | null);
}

function optionalMark(label: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v))
    .refine((v) => v === null || /^[2-5]$/.test(v), `${label}: отметка от 2 до 5`)
    .transform((v) => (v === null ? null : Number(v)));
}

/** A pupil's outcomes (the regulation's 7.4): a subject with its marks before and after, exams, olympiads, projects. */
export const studentOutcomeForm = z
  .object({
    subject: optionalText(200, 'Предмет'),
    mark_before: optionalMark('Отметка до'),
    mark_after: optionalMark('Отметка после'),
    vpr_passed: checkbox,
    oge_passed: checkbox,
    ege_passed: checkbox,
    olympiad_level: optionalChoice(['school', 'municipal', 'regional', 'federal'], 'Уровень олимпиады: выберите из списка'),
    olympiad_result: optionalChoice(['winner', 'prize_winner', 'participant'], 'Результат олимпиады: выберите из списка'),
    projects: optionalText(2000, 'Проекты'),
  })
  .superRefine((v, ctx) => {
    const nothing =
      v.subject === null &&
      v.mark_before === null &&
      v.mark_after === null &&
      !v.vpr_passed &&
      !v.oge_passed &&
      !v.ege_passed &&
      v.olympiad_level === null &&
      v.olympiad_result === null &&
      v.projects === null;
    if (nothing) {
      ctx.addIssue({
        code: 'custom',
        path: ['subject'],
        message: 'Предмет: внесите хотя бы один результат — отметки, экзамены, олимпиаду или проекты',
      });
      return;
    }
    if ((v.mark_before !== null || v.mark_after !== null) && v.subject === null)
      ctx.addIssue({ code: 'custom', path: ['subject'], message: 'Предмет: укажите, по какому предмету отметки' });
    if (v.subject !== null && (v.mark_before === null || v.mark_after === null)) {
      const field = v.mark_before === null ? 'mark_before' : 'mark_after';
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message:
          field === 'mark_before' ? 'Отметка до: укажите отметку по предмету' : 'Отметка после: укажите отметку по предмету',
      });
    }
    if ((v.olympiad_level === null) !== (v.olympiad_result === null)) {
      const field = v.olympiad_level === null ? 'olympiad_level' : 'olympiad_result';
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message:
          field === 'olympiad_level'
            ? 'Уровень олимпиады: укажите вместе с результатом'
            : 'Результат олимпиады: укажите вместе с уровнем',
      });
    }
  });
export type StudentOutcomeInput = z.output<typeof studentOutcomeForm>;

/** A young teacher's outcomes (7.5): stayed in the profession, a professional contest, the qualification category. */
export const teacherOutcomeForm = z.object({
  stayed_in_profession: z
    .enum(['yes', 'no'], { error: 'Остался в профессии: выберите «да» или «нет»' })
    .transform((v) => v === 'yes'),
  professional_contest: checkbox,
  qualification_category: optionalChoice(['none', 'first', 'highest'], 'Квалификационная категория: выберите из списка'),
});
export type TeacherOutcomeInput = z.output<typeof teacherOutcomeForm>;
