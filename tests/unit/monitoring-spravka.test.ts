import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import {
  answerText,
  buildSpravkaDocx,
  computedText,
  type SpravkaSource,
  spravkaModel,
} from '../../src/modules/monitoring/spravka.js';

const source = (over: Partial<SpravkaSource> = {}): SpravkaSource => ({
  campaign: { title: 'Мониторинг наставничества за 2025 год', period_label: '2025 год', as_of: '2025-12-01' },
  school: {
    full_name: 'Муниципальное автономное общеобразовательное учреждение «Гимназия № 2»',
    short_name: 'МАОУ «Гимназия № 2»',
    full_name_genitive: null,
    full_name_prepositional: null,
    head_name: null,
    head_position: null,
  },
  head: undefined,
  figures: {
    computed: [
      {
        field_id: 1,
        code: 'Ш3',
        label: 'Доля молодых педагогов',
        unit: 'percent',
        value: '83.3',
        numerator: '5',
        denominator: '6',
      },
    ],
    entered: [
      { field_id: 2, label: 'Положение утверждено', kind: 'yes_no', value: 'no' },
      { field_id: 3, label: 'Практики', kind: 'table', value: [['Клуб', '12']] },
    ],
    documents: [{ document_id: 1, title: 'Приказ', files: [] }],
  },
  sources: {
    computed_at: '2025-11-07T10:00:00.000Z',
    as_of: '2025-12-01',
    indicator_year: 2025,
    data_version: '1',
    data_refreshed_at: null,
    from: 'показатели портала за 2025 год',
  },
  acceptedAt: new Date('2025-11-07T10:00:00.000Z'),
  columns: new Map([[3, ['Практика', 'Участников']]]),
  ...over,
});

describe('the справка’s texts', () => {
  it('values as printed: percentages with %, yes/no as да/нет, empty named', () => {
    expect(computedText('83.3', 'percent')).toBe('83,3 %');
    expect(computedText('12', 'count')).toBe('12');
    expect(computedText(null, 'percent')).toBe('нет данных');
    expect(answerText('yes_no', 'yes')).toBe('да');
    expect(answerText('yes_no', 'no')).toBe('нет');
    expect(answerText('percent', '37,5')).toBe('37,5 %');
    expect(answerText('number', '')).toBe('не заполнено');
  });

  it('the school in the prepositional in the title and in the genitive in the sentence of acceptance', () => {
    const m = spravkaModel(source(), 'Наставничество', '07.12.2026');
    expect(m.title[2]).toBe('в Муниципальном автономном общеобразовательном учреждении «Гимназия № 2»');
    expect(m.accepted).toMatch(
      /^Отчёт Муниципального автономного общеобразовательного учреждения «Гимназия № 2» принят методическим центром/,
    );
    expect(m.subtitle).toBe('Период: 2025 год; по состоянию на 01.12.2025.');
    expect(m.documents).toEqual(['Приказ: не приложен']);
    expect(m.tables[0]?.table).toEqual({ headers: ['Практика', 'Участников'], rows: [['Клуб', '12']] });
    // No head on the portal and none in the school's card: the position in general terms and a blank for the name.
    expect(m.signature).toEqual({ position: 'Руководитель образовательной организации', name: '' });
  });

  it('the .docx has the same texts', async () => {
    const m = spravkaModel(
      source({ head: { full_name: 'Орлова Анна Петровна', position: 'Директор' } }),
      'Наставничество',
      '07.12.2026',
    );
    const text = (await mammoth.extractRawText({ buffer: await buildSpravkaDocx(m) })).value;
    for (const part of [
      m.title[2],
      '83,3 %',
      '5 из 6',
      'нет',
      'Клуб',
      'Практика',
      'Приказ: не приложен',
      'Директор',
      'Орлова Анна Петровна',
    ])
      expect(text).toContain(part);
  });
});
