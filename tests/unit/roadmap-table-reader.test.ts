import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeadline } from '../../src/modules/roadmaps/deadline.js';
import {
  type ReadResult,
  type ReadRow,
  readPastedTable,
  STANDARD_MAPPING,
  detectColumns,
  toJsonLine,
} from '../../src/modules/roadmaps/table-reader.js';

const period = { periodFrom: 2022, periodTo: 2024 };
const domain = path.resolve(import.meta.dirname, '../fixtures/domain');

function load(name: string): string {
  return readFileSync(path.join(domain, name), 'utf8');
}

/** The school roadmap: from its header row to just before the indicators table. */
function schoolTable(): string {
  const text = load('school-roadmap-and-indicators.txt');
  const start = text.indexOf('№ п/п\tНаименование мероприятий');
  const end = text.indexOf('**Планируемые результаты');
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return text.slice(start, end);
}

/** The district roadmap: from its header row to the end of the table (the end of the file). */
function districtTable(): string {
  const text = load('uva-district-regulation-and-roadmap.txt');
  const start = text.indexOf('№п/п\tНаименование мероприятия\tСрок реализации');
  expect(start).toBeGreaterThan(0);
  return text.slice(start);
}

function row(result: ReadResult, number: string): ReadRow {
  const found = result.rows.filter((r) => r.number === number);
  expect(found, `row ${number}`).toHaveLength(1);
  return found[0]!;
}

/** Texts the parser deliberately leaves null; each one is explained in the deadline tests. */
const UNPARSED_ALLOWED = new Set(['наставничества']);

function expectDeadlinesRead(result: ReadResult): void {
  for (const r of result.rows) {
    if (r.deadlineText === null) continue;
    if (UNPARSED_ALLOWED.has(r.deadlineText)) {
      expect(r.deadline, r.deadlineText).toBeNull();
    } else {
      expect(r.deadline, `${r.number}: ${r.deadlineText}`).not.toBeNull();
    }
  }
}

describe('readPastedTable: the school roadmap', () => {
  const result = readPastedTable(schoolTable(), period);

  it('detects the standard columns from the header', () => {
    expect(result.columns).toEqual(STANDARD_MAPPING);
  });

  it('reads the items in order, keeping the jump from 2.1 to 2.3', () => {
    expect(result.rows.map((r) => r.number)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '1.4',
      '1.5',
      '1.6',
      '1.7',
      '2.1',
      '2.3',
      '2.4',
      '2.5',
      '2.6',
      '2.7',
      '2.8',
      '3.1',
      '3.2',
      '3.3',
      '3.4',
      '3.5',
      '3.6',
      '3.7',
      '4.1',
      '4.2',
      '4.3',
      '5.1',
      '5.2',
      '5.3',
      '5.4',
      '5.5',
      '6.1',
      '6.1.1',
      '6.2',
      '6.2.1',
    ]);
  });

  it('reads the sections, with «1.» and «2» alike', () => {
    expect(result.sections.map((s) => [s.number, s.title.split(' ').slice(0, 3).join(' ')])).toEqual([
      ['1', 'Нормативное правовое регулирование'],
      ['2', 'Организационная, методическая, экспертно-консультационная,'],
      ['3', 'Внедрение целевой модели'],
      ['4', 'Содействие распространению и'],
      ['5', 'Мониторинг и оценка'],
      ['6', 'Координация и управление'],
    ]);
    expect(row(result, '1.1').section).toBe(
      '1. Нормативное правовое регулирование целевой модели наставничества обучающихся и молодых педагогов (далее - целевая модель наставничества, ЦМН)',
    );
    expect(row(result, '6.2.1').section).toBe('6. Координация и управление реализацией внедрения целевой модели наставничества');
  });

  it('reads full rows exactly', () => {
    expect(row(result, '1.1')).toEqual({
      line: 4, // header, the «1 2 3 4 5» row, section 1, then 1.1
      number: '1.1',
      section: row(result, '1.1').section,
      activity: 'Утверждение состава рабочей группы по внедрению целевой модели наставничества в 2022 – 2024 уч. г.',
      result: 'Решение педагогического Совета',
      deadlineText: 'до 30.08.2022',
      responsible: 'Цыриторов Б.Д. Гармаева Б.Б.',
      expected: null,
      deadline: { kind: 'date', date: '2022-08-30' },
    });
    const r35 = row(result, '3.5');
    expect([r35.activity, r35.deadlineText, r35.responsible, r35.result]).toEqual([
      'Формирование наставнических пар или групп',
      '31 мая по 30 августа ежегодно (в период с 2020 по 2024 г.г.)',
      'Гармаева Б.Б. Тумурова Н.В.',
      'Сформированные наставнические пары или группы, готовые продолжить работу в рамках программ',
    ]);
    const r34 = row(result, '3.4');
    expect([r34.activity, r34.deadlineText, r34.responsible, r34.result]).toEqual([
      'Обучение наставников',
      'по отдельному графику',
      'Гармаева Б.Б. Тумурова Н.В.',
      null,
    ]);
    const r61 = row(result, '6.1');
    expect([r61.activity, r61.deadlineText, r61.responsible, r61.result]).toEqual([
      'Контроль реализации мероприятий по внедрению целевой модели наставничества:',
      null,
      null,
      null,
    ]);
  });

  it('merges continuation lines into the right row and cell, without HTML', () => {
    expect(row(result, '1.6').activity).toBe(
      'Разработка и утверждение распорядительных актов о внедрении ЦМН на уровне школы, включающие: - сроки внедрения ЦМН в образовательной организации; ' +
        '- назначение куратора, ответственного за внедрение и реализацию ЦМН в образовательной организации с описанием их обязанностей; ' +
        '- сроки проведения мониторинга эффективности программ наставничества; - планируемые результаты внедрения ЦМН в образовательной организации;',
    );
    expect(row(result, '1.6').result).toBe('Приказы ОО');
    expect(row(result, '1.7').activity).toMatch(/^Разработка и утверждение системы мотивации/);
    expect(row(result, '2.4').result).toBe(
      'Базы наставников, которые потенциально могут участвовать в программах наставничества, включая: - базы учеников для формы наставничества «ученик-ученик»; - базы выпускников; - базы наставников от предприятий и организаций;',
    );
    expect(row(result, '3.7').result).toBe(
      'Фиксация результатов и организация комфортного выхода наставника и наставляемого из программы с перспективой продолжения цикла',
    );
    expect(row(result, '3.7').activity).not.toContain('наставляемого из программы');
    expect(row(result, '5.1').result).toBe(
      'Сформированы первичные данные для проведения оценки вовлеченности обучающихся в различные формы наставничества',
    );
    expect(row(result, '6.1.1').activity).toBe(
      'на уровне школы: - контроль процедуры внедрения целевой модели наставничества; - контроль проведения программ наставничества.',
    );
    expect(row(result, '6.1.1').result).toBeNull();
    for (const r of result.rows) expect(`${r.activity} ${r.result ?? ''}`).not.toMatch(/[<>]|&[a-z]+;/);
  });

  it('parses every deadline', () => {
    expectDeadlinesRead(result);
    expect(row(result, '5.2').deadline).toEqual({
      kind: 'recurring',
      occurrences: [
        { type: 'month', month: 12 },
        { type: 'month', month: 6 },
      ],
      fromYear: 2022,
      toYear: 2024,
    });
  });

  it('reports the gap and the deadlines outside the period, and nothing for group rows 6.1 and 6.2', () => {
    expect(result.problems).toEqual([
      { line: 15, message: 'После пункта 2.1 идёт 2.3 — пропущен номер?' },
      { line: 23, message: 'Пункт 3.1: срок «август 2020 г» выходит за период дорожной карты (2022–2024)' },
      {
        line: 28,
        message:
          'Пункт 3.5: срок «31 мая по 30 августа ежегодно (в период с 2020 по 2024 г.г.)» выходит за период дорожной карты (2022–2024)',
      },
    ]);
  });

  it('stops at the indicators table when the whole document is pasted', () => {
    const whole = readPastedTable(load('school-roadmap-and-indicators.txt'), period);
    expect(whole.rows.map((r) => r.number)).toEqual(result.rows.map((r) => r.number));
    expect(whole.sections).toHaveLength(6);
    expect(whole.problems.map((p) => p.message)).toContain(
      'Строка 63: найден заголовок другой таблицы — чтение остановлено на этой строке',
    );
  });
});

describe('readPastedTable: the district roadmap', () => {
  const result = readPastedTable(districtTable(), period);
  /** Line numbers of the slice → lines of the file (the header is line 478). */
  const fileLine = (line: number) => line + 477;

  it('reads the items in order, including the unnumbered one after 5.5', () => {
    expect(result.rows.map((r) => r.number)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '1.4',
      '2.1',
      '2.2',
      '2.3',
      '3.1',
      '3.2',
      '3.3',
      '3.4',
      '3.5',
      '3.6',
      '3.7',
      '3.8',
      '4.1',
      '4.2',
      '4.3',
      '4.4',
      '4.5',
      '5.1',
      '5.2',
      '5.3',
      '5.4',
      '5.5',
      '',
      '6.1',
      '6.2',
      '6.3',
      '6.4',
      '6.5',
    ]);
  });

  it('reads sections written as «1. Title» with or without empty cells', () => {
    expect(result.sections.map((s) => [s.number, s.title.split(' ').slice(0, 2).join(' ')])).toEqual([
      ['1', 'Нормативное обеспечение'],
      ['2', 'Обеспечение внедрения'],
      ['3', 'Внедрение МЦМН'],
      ['4', 'Организационная, методическая,'],
      ['5', 'Содействие распространению'],
      ['6', 'Мониторинг и'],
    ]);
    expect(result.sections[0]?.title).toBe(
      'Нормативное обеспечение внедрения и реализации Муниципальной целевой модели наставничества (далее МЦМН)',
    );
    expect(row(result, '4.1').section).toMatch(/^4\. Организационная, методическая/);
    expect(row(result, '6.5').section).toBe('6. Мониторинг и оценка результатов внедрения МЦМН');
  });

  it('reads full rows exactly', () => {
    const r12 = row(result, '1.2');
    expect(fileLine(r12.line)).toBe(481);
    expect([r12.activity, r12.deadlineText, r12.responsible, r12.result]).toEqual([
      'Разработка и утверждение распорядительных актов образовательных учреждений о внедрении МЦМН в образовательных учреждениях',
      'до 15 марта 2022 г.',
      'МКУ «ИМЦОУ», ОУ',
      'Утвержденные распорядительные акты',
    ]);
    expect(r12.deadline).toEqual({ kind: 'date', date: '2022-03-15' });
    const r21 = row(result, '2.1');
    expect([r21.deadlineText, r21.deadline]).toEqual([
      'март – май 2022 г.',
      { kind: 'range', from: '2022-03-01', to: '2022-05-31' },
    ]);
    const r42 = row(result, '4.2');
    expect([r42.deadlineText, r42.responsible, r42.result]).toEqual([
      'в течение всего периода реализации МПМН',
      null,
      'Составление заявки на представление в рамках вебинаров опыта работы муниципального координатора, кураторов и наставников ОУ по направлению «Наставничество»',
    ]);
    const r52 = row(result, '5.2');
    expect([r52.activity, r52.deadlineText, r52.responsible, r52.result]).toEqual([
      'Организация и проведение для молодых специалистов тематических встреч с педагогами-наставниками',
      'сентябрь',
      'МКУ ИМЦОУ», ОУ',
      'Проведение тематических встреч, листы регистрации',
    ]);
  });

  it('merges the spilled line of 1.4 by position', () => {
    const r14 = row(result, '1.4');
    expect(r14.activity).toBe(
      'Разработка и согласование разработанного «Положения о системе наставничества педагогических работников и обучающихся в образовательном учреждении», Плана мероприятий (дорожную карту) и Программы наставничества',
    );
    expect(r14.result).toBe(
      'Пакет положения и дорожные карты в ОУ Приказ Управления об утверждении Положений, дорожных карт, программ наставничества',
    );
    expect(r14.deadlineText).toBe('до 06 апреля 2022 г.');
    expect(r14.responsible).toBe('ОУ');
  });

  it('drops the stray empty cell of 3.7 and 3.8 so that the result lands in the result column', () => {
    const r37 = row(result, '3.7');
    expect(r37.responsible).toBeNull();
    expect(r37.result).toBe(
      'Заключены договоры о сотрудничестве школ с низкими образовательными результатами со школами с высокими результатами обучения в рамках реализации муниципальной проекта',
    );
    expect(row(result, '3.8').result).toBe(
      'Заключены договоры о партнерских отношениях между ОО с высокими результатами обучения',
    );
  });

  it('keeps the unnumbered row after 5.5 as its own item', () => {
    const r55 = row(result, '5.5');
    expect(r55.activity).toBe('Участие в конкурсе программ наставничества');
    expect(r55.deadlineText).toBe('в течение всего периода реализации МЦМН');
    const unnumbered = row(result, '');
    expect(fileLine(unnumbered.line)).toBe(518);
    expect(unnumbered.section).toMatch(/^5\. Содействие/);
    expect(unnumbered.activity).toBe(
      'Участие в конкурсах профессионального педагогического мастерства на муниципальном, региональном, федеральном уровнях',
    );
    expect(unnumbered.responsible).toBe('МКУ ИМЦОУ», ОУ');
  });

  it('skips the line of dashes between 5.1 and 5.2', () => {
    expect(row(result, '5.1').result).toBe('Поддержка программ наставничества посредством интернет-сайтов и сообществ');
    expect(row(result, '5.1').deadline).toEqual({ kind: 'date', date: '2022-04-24' });
  });

  it('parses every deadline but the stray word of 3.6', () => {
    expectDeadlinesRead(result);
    expect(row(result, '3.6').deadlineText).toBe('наставничества');
    expect(row(result, '3.3').deadline).toEqual({ kind: 'continuous', note: 'по отдельному плану' });
  });

  it('skips the regulation above the table when the whole document is pasted', () => {
    const whole = readPastedTable(load('uva-district-regulation-and-roadmap.txt'), period);
    expect(whole.rows.map((r) => [r.number, r.activity, r.deadlineText, r.responsible, r.result])).toEqual(
      result.rows.map((r) => [r.number, r.activity, r.deadlineText, r.responsible, r.result]),
    );
    expect(whole.sections).toEqual(result.sections);
    expect(whole.problems[0]?.message).toMatch(/^Строки 5–476: текст до начала таблицы пропущен/);
  });

  it('reports the oddities', () => {
    expect(result.problems.map((p) => [fileLine(p.line), p.message])).toEqual([
      [497, 'Пункт 3.6: срок «наставничества» не распознан — укажите его вручную'],
      [
        498,
        'Пункт 3.7: в строке больше ячеек, чем столбцов (6 вместо 5); лишние пустые ячейки убраны — проверьте, что текст попал в нужные столбцы',
      ],
      [
        499,
        'Пункт 3.8: в строке больше ячеек, чем столбцов (6 вместо 5); лишние пустые ячейки убраны — проверьте, что текст попал в нужные столбцы',
      ],
      [
        518,
        'Строка 41: мероприятие без номера («Участие в конкурсах профессионального педагогического масте…») — добавлено отдельным пунктом, проверьте нумерацию',
      ],
    ]);
  });
});

describe('readPastedTable: layouts', () => {
  it('follows the header when the columns are in another order', () => {
    const text = [
      'Срок реализации\tНаименование мероприятия\tРезультат\t№ п/п\tОтветственный исполнитель',
      '\tНормативное обеспечение\t\t1.\t',
      'до 30.08.2022\tИздание приказа\tПриказ\t1.1.\tДиректор',
      'сентябрь\tНазначение куратора\t\t1.2.\tЗаместитель',
      '\t(с описанием обязанностей)\tПриказ ОО\t\t',
    ].join('\n');
    const result = readPastedTable(text, period);
    expect(result.columns).toEqual({ number: 3, activity: 1, deadline: 0, responsible: 4, result: 2, expected: null });
    expect(result.sections).toEqual([{ number: '1', title: 'Нормативное обеспечение' }]);
    expect(result.rows.map((r) => [r.number, r.activity, r.deadlineText, r.responsible, r.result])).toEqual([
      ['1.1', 'Издание приказа', 'до 30.08.2022', 'Директор', 'Приказ'],
      ['1.2', 'Назначение куратора (с описанием обязанностей)', 'сентябрь', 'Заместитель', 'Приказ ОО'],
    ]);
    expect(result.rows[1]?.deadline).toEqual({ kind: 'range', from: '2022-09-01', to: '2022-09-30' });
    expect(result.problems).toEqual([]);
  });

  it('reads 4 columns without a result column', () => {
    const text = [
      '№\tМероприятие\tСроки\tОтветственные',
      '1\tПодготовка\t\t',
      '1.1\tИзучение потребности\tмарт – май 2022 г.\tМКУ «ИМЦОУ»',
      '1.2\tОбучение наставников\tпо отдельному плану\tОУ',
    ].join('\n');
    const result = readPastedTable(text, period);
    expect(result.columns).toEqual({ number: 0, activity: 1, deadline: 2, responsible: 3, result: null, expected: null });
    expect(result.rows.map((r) => [r.number, r.section, r.activity, r.deadlineText, r.responsible, r.result])).toEqual([
      ['1.1', '1. Подготовка', 'Изучение потребности', 'март – май 2022 г.', 'МКУ «ИМЦОУ»', null],
      ['1.2', '1. Подготовка', 'Обучение наставников', 'по отдельному плану', 'ОУ', null],
    ]);
    expect(result.problems).toEqual([]);
  });

  it('falls back to the standard order without a header, and says so', () => {
    const text = [
      '1\tНормативное обеспечение\t\t\t',
      '1.1\tИздание приказа\tдо 15 марта 2022 г.\tУправление образования\tПриказ',
      '1.2.\tПоложение\tмарт 2022 г.\tОУ\tПоложение',
    ].join('\n');
    const result = readPastedTable(text, period);
    expect(result.columns).toEqual(STANDARD_MAPPING);
    expect(result.rows.map((r) => [r.number, r.activity, r.deadlineText, r.responsible, r.result])).toEqual([
      ['1.1', 'Издание приказа', 'до 15 марта 2022 г.', 'Управление образования', 'Приказ'],
      ['1.2', 'Положение', 'март 2022 г.', 'ОУ', 'Положение'],
    ]);
    expect(result.problems).toEqual([
      {
        line: 2,
        message: 'Строка заголовка не найдена — столбцы взяты по порядку: №, мероприятие, срок, ответственный, результат',
      },
    ]);
  });

  it('uses the mapping given in the options over the header', () => {
    const text = ['№\tМероприятие\tСрок\tОтветственный\tРезультат', '1.1\tИздание приказа\tПриказ\tдо 30.08.2022\tДиректор'].join(
      '\n',
    );
    const mapping = { number: 0, activity: 1, deadline: 3, responsible: 4, result: 2, expected: null };
    const result = readPastedTable(text, { ...period, mapping });
    expect(result.columns).toEqual(mapping);
    expect(result.rows.map((r) => [r.activity, r.deadlineText, r.responsible, r.result])).toEqual([
      ['Издание приказа', 'до 30.08.2022', 'Директор', 'Приказ'],
    ]);
  });

  it('reads a column «Ожидаемые результаты» apart from the result', () => {
    const text = [
      '№ п/п\tНаименование мероприятия\tСрок реализации\tОтветственный исполнитель\tОжидаемые результаты\tВид документа',
      '1.\tОрганизация\t\t\t\t',
      '1.1.\tФормирование пар\tв течение года\tОУ\tПары сформированы\tПриказ',
      '1.2.\tМониторинг\tЕжегодно, не позднее 15 декабря\tКуратор\t\t',
    ].join('\n');
    const result = readPastedTable(text, period);
    expect(result.columns).toEqual({ number: 0, activity: 1, deadline: 2, responsible: 3, result: 5, expected: 4 });
    expect(result.rows.map((r) => [r.number, r.expected, r.result])).toEqual([
      ['1.1', 'Пары сформированы', 'Приказ'],
      ['1.2', null, null],
    ]);
    expect(result.rows[1]?.deadline).toEqual({
      kind: 'recurring',
      occurrences: [{ type: 'by', month: 12, day: 15 }],
      fromYear: 2022,
      toYear: 2024,
    });
  });

  it('reads CRLF line endings like LF', () => {
    const lf = schoolTable();
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(crlf).toContain('\r\n');
    const a = readPastedTable(lf, period);
    const b = readPastedTable(crlf, period);
    expect(b).toEqual(a);
    expect(b.rows.every((r) => !/\r/.test(JSON.stringify(r)))).toBe(true);
  });

  it('reads a header whose cells spill onto the next line', () => {
    const text = [
      '№ п/п\tНаименование\tСрок реализации\tОтветственный\tРезультат,',
      '\tмероприятия\t\tисполнитель\tвид документа',
      '1.1.\tИздание приказа\tдо 30.08.2022\tДиректор\tПриказ',
    ].join('\n');
    const result = readPastedTable(text, period);
    expect(result.columns).toEqual(STANDARD_MAPPING);
    expect(result.rows.map((r) => [r.number, r.activity, r.result])).toEqual([['1.1', 'Издание приказа', 'Приказ']]);
    expect(result.problems).toEqual([]);
  });

  it('keeps duplicated numbers and reports them', () => {
    const text = [
      '№ п/п\tНаименование мероприятия\tСрок реализации\tОтветственный исполнитель\tРезультат',
      '2.1\tПервое\tсентябрь\tОУ\tПриказ',
      '2.1\tВторое\tоктябрь\tОУ\tПриказ',
      '2.2.\tТретье\tноябрь 2022 г.\tОУ\tПриказ',
    ].join('\n');
    const result = readPastedTable(text, period);
    expect(result.rows.map((r) => [r.number, r.activity])).toEqual([
      ['2.1', 'Первое'],
      ['2.1', 'Второе'],
      ['2.2', 'Третье'],
    ]);
    expect(result.problems).toEqual([{ line: 3, message: 'Номер 2.1 повторяется (строки 2 и 3)' }]);
  });

  it('skips the column numbers row and a repeated header, strips HTML and entities', () => {
    const text = [
      'Наименование мероприятия\t№\tСрок\tОтветственный',
      '1 2 3 4',
      '<p>Нормативное&nbsp;обеспечение</p>\t1\t\t',
      'Издание &laquo;приказа&raquo;\t1.1\t<p>до 30.08.2022</p>\tДиректор',
      '<ul style="list-style-type: none"><li>и положения</li></ul>\t\t\t',
      'Наименование мероприятия\t№\tСрок\tОтветственный',
      'Назначение куратора\t1.2\tдо&#160;31.08.2022\tДиректор',
    ].join('\n');
    const result = readPastedTable(text, period);
    expect(result.columns).toEqual({ number: 1, activity: 0, deadline: 2, responsible: 3, result: null, expected: null });
    expect(result.sections).toEqual([{ number: '1', title: 'Нормативное обеспечение' }]);
    expect(result.rows.map((r) => [r.number, r.activity, r.deadlineText])).toEqual([
      ['1.1', 'Издание «приказа» и положения', 'до 30.08.2022'],
      ['1.2', 'Назначение куратора', 'до 31.08.2022'],
    ]);
    expect(result.problems).toEqual([]);
  });

  it('appends a continuation line without tabs to the activity, and a wrapped section title to the title', () => {
    const text = [
      '№ п/п\tНаименование мероприятия\tСрок реализации\tОтветственный исполнитель\tРезультат',
      '1\tНормативное обеспечение внедрения\t\t\t',
      'целевой модели наставничества',
      '1.1\tИздание приказа о внедрении\tдо 15 марта 2022 г.\tОУ\tПриказ',
      'целевой модели наставничества',
      '2. Оценка результатов',
      '2.1\tМониторинг\tпостоянно\tОУ\tСправка',
    ].join('\n');
    const result = readPastedTable(text, period);
    expect(result.sections).toEqual([
      { number: '1', title: 'Нормативное обеспечение внедрения целевой модели наставничества' },
      { number: '2', title: 'Оценка результатов' },
    ]);
    expect(result.rows.map((r) => [r.number, r.section, r.activity])).toEqual([
      [
        '1.1',
        '1. Нормативное обеспечение внедрения целевой модели наставничества',
        'Издание приказа о внедрении целевой модели наставничества',
      ],
      ['2.1', '2. Оценка результатов', 'Мониторинг'],
    ]);
  });

  it('does not take a numbered list inside a cell for a section', () => {
    const text = [
      '№ п/п\tНаименование мероприятия\tСрок реализации\tОтветственный исполнитель\tРезультат',
      '3\tВнедрение\t\t\t',
      '3.1\tРазработка документов:\tдо 15 марта 2022 г.\tОУ\tПриказ',
      '1. Положение о наставничестве',
      '2. Программа наставничества',
    ].join('\n');
    const result = readPastedTable(text, period);
    expect(result.sections).toEqual([{ number: '3', title: 'Внедрение' }]);
    expect(result.rows[0]?.activity).toBe('Разработка документов: 1. Положение о наставничестве 2. Программа наставничества');
  });

  it('reports unreadable and missing deadlines, items outside their section and text before the table', () => {
    const text = [
      'План мероприятий',
      '№ п/п\tНаименование мероприятия\tСрок реализации\tОтветственный исполнитель\tРезультат',
      '1\tРаздел\t\t\t',
      '1.1\tПервое\tкогда-нибудь\tОУ\tПриказ',
      '2.1\tВторое\t\tОУ\tПриказ',
    ].join('\n');
    const result = readPastedTable(text, period);
    expect(result.rows.map((r) => [r.number, r.deadline])).toEqual([
      ['1.1', null],
      ['2.1', null],
    ]);
    expect(result.problems).toEqual([
      { line: 1, message: 'Строка 1: текст до начала таблицы пропущен («План мероприятий»)' },
      { line: 4, message: 'Пункт 1.1: срок «когда-нибудь» не распознан — укажите его вручную' },
      { line: 5, message: 'Пункт 2.1 стоит в разделе 1' },
      { line: 5, message: 'Пункт 2.1: не указан срок' },
    ]);
  });

  it('reads an empty text as nothing', () => {
    expect(readPastedTable('', period)).toEqual({ columns: STANDARD_MAPPING, rows: [], sections: [], problems: [] });
    expect(readPastedTable('\n\t\t\n', period).rows).toEqual([]);
  });
});

describe('detectColumns', () => {
  it('recognises the headers of both documents and rejects data rows', () => {
    expect(
      detectColumns([
        '№п/п',
        'Наименование мероприятия',
        'Срок реализации',
        'Ответственный исполнитель',
        'Результат, вид документа',
      ]),
    ).toEqual(STANDARD_MAPPING);
    expect(
      detectColumns([
        '№ п/п',
        'Наименование мероприятий',
        'Срок реализации',
        'Ответственный исполнитель',
        'Результат. Вид документа',
      ]),
    ).toEqual(STANDARD_MAPPING);
    expect(
      detectColumns([
        '4.1',
        'Участие в тематических мероприятиях',
        'в течение всего периода внедрения ЦМН',
        'Гармаева Б.Б.',
        'Утвержден комплекс',
      ]),
    ).toBeNull();
    expect(detectColumns(['№ п/п', 'Наименование показателя', '2022 г.', '2023 г.', '2024 г.'])).toBeNull();
  });
});

describe('toJsonLine', () => {
  it('writes exactly the CLI keys in order', () => {
    const result = readPastedTable(districtTable(), period);
    const line = toJsonLine(row(result, '1.2'));
    expect(Object.keys(JSON.parse(line))).toEqual([
      'number',
      'section',
      'activity',
      'result',
      'deadlineText',
      'deadline',
      'responsible',
    ]);
    expect(line).toBe(
      JSON.stringify({
        number: '1.2',
        section: '1. Нормативное обеспечение внедрения и реализации Муниципальной целевой модели наставничества (далее МЦМН)',
        activity:
          'Разработка и утверждение распорядительных актов образовательных учреждений о внедрении МЦМН в образовательных учреждениях',
        result: 'Утвержденные распорядительные акты',
        deadlineText: 'до 15 марта 2022 г.',
        deadline: parseDeadline('до 15 марта 2022 г.', period),
        responsible: 'МКУ «ИМЦОУ», ОУ',
      }),
    );
    expect(line).not.toContain('\n');
  });
});
