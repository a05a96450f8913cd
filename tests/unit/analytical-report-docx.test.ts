import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import type { Counts, MunicipalDashboard } from '../../src/modules/indicators/dashboard.js';
import { period } from '../../src/modules/indicators/periods.js';
import { type AnalyticalSource, analyticalModel, buildAnalyticalDocx } from '../../src/modules/indicators/report-docx.js';

const counts = (rows: Array<[string, number]>): Counts => ({
  total: rows.reduce((sum, [, v]) => sum + v, 0),
  rows: rows.map(([name, value]) => ({ name, value })),
  svg: '<svg></svg>',
});

function source(over: Partial<AnalyticalSource> = {}, dashboard: Partial<MunicipalDashboard> = {}): AnalyticalSource {
  return {
    municipality: { id: 1, name: 'Заречный муниципальный округ' },
    municipalityNames: { full_name: 'Заречный муниципальный округ Энской области' },
    dashboard: {
      municipality: { id: 1, name: 'Заречный муниципальный округ' },
      year: 2026,
      years: [2026],
      period: period(2026),
      choices: [period(2026)],
      lines: [],
      summary: { achieved: 0, close: 0, missed: 0, no_data: 0, no_target: 0 },
      ranking: null,
      rankable: [],
      activity: {
        pairsByForm: counts([['ученик – ученик', 1]]),
        pairsByStatus: counts([['действует', 1]]),
        mentorsByForm: counts([['ученик – ученик', 1]]),
        menteesByForm: counts([['ученик – ученик', 1]]),
        mentors: 1,
        mentees: 1,
      },
      roadmap: null,
      schoolRoadmaps: { withPlan: 1, schools: 1, total: 0, done: 0, overdue: 0 },
      completeness: [],
      ...dashboard,
    },
    matrix: { indicators: [], rows: [] },
    refreshedAt: null,
    saved: null,
    department: { full_name: 'Управление образования Администрации Заречного муниципального округа' },
    center: { full_name: 'Муниципальное казённое учреждение «Информационно-методический центр»' },
    ...over,
  };
}

describe('the analytical report’s texts', () => {
  it('decline the municipality (prepositional) and the centre (genitive), stored forms first', () => {
    const model = analyticalModel(source(), 2026, 'Наставничество', '07.12.2026');
    expect(model.title).toEqual([
      'Аналитическая справка',
      'о реализации целевой модели наставничества',
      'в Заречном муниципальном округе Энской области за 2026 год',
    ]);
    expect(model.subtitle).toBe(
      'Подготовлена специалистами Муниципального казённого учреждения «Информационно-методический центр» по данным портала «Наставничество».',
    );
    const stored = analyticalModel(
      source({
        municipalityNames: { full_name: 'Город Энск', full_name_prepositional: 'городе Энске' },
        center: { full_name: 'МКУ «ИМЦ»', full_name_genitive: 'Муниципального казённого учреждения «ИМЦ»' },
      }),
      2026,
      'Наставничество',
      '07.12.2026',
    );
    expect(stored.title[2]).toBe('в городе Энске за 2026 год');
    expect(stored.subtitle).toContain('Подготовлена специалистами Муниципального казённого учреждения «ИМЦ»');
    expect(analyticalModel(source({ center: null }), 2026, 'Наставничество', '07.12.2026').subtitle).toBe(
      'Подготовлена муниципальным координатором по данным портала «Наставничество».',
    );
  });

  it('agree the numbers: «1 наставник и 1 наставляемый», «у 1 из 1 школы», «из 5 школ», «из 31 мероприятия»', () => {
    const one = analyticalModel(source(), 2026, 'Наставничество', '07.12.2026');
    expect(one.general).toBe(
      'В 2026 году в парах и группах наставничества работали 1 наставник и 1 наставляемый; пар и групп — 1 (действует — 1). Школ в муниципалитете — 0.',
    );
    expect(one.roadmaps).toBe('Муниципальная дорожная карта в портал не внесена. Дорожные карты есть у 1 из 1 школы.');
    const five = analyticalModel(
      source(
        {},
        {
          roadmap: { total: 31, done: 28, overdue: 1 },
          schoolRoadmaps: { withPlan: 2, schools: 5, total: 66, done: 38, overdue: 16 },
        },
      ),
      2026,
      'Наставничество',
      '07.12.2026',
    );
    expect(five.roadmaps).toBe(
      'Муниципальная дорожная карта: выполнено 28 из 31 мероприятия, просрочено — 1. Дорожные карты есть у 2 из 5 школ; выполнено 38 из 66 мероприятий, просрочено — 16.',
    );
  });

  it('as a .docx: the same texts, the conclusions by paragraph, the signature', async () => {
    const model = analyticalModel(
      source({ saved: { conclusions: 'Первое.\n\nВторое.', full_name: 'Кузьмина-Караваева Елизавета Юрьевна', position: null } }),
      2026,
      'Наставничество',
      '07.12.2026',
    );
    const buffer = await buildAnalyticalDocx(model);
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const text = (await mammoth.extractRawText({ buffer })).value;
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    for (const line of [
      'Управление образования Администрации Заречного муниципального округа',
      ...model.title,
      model.subtitle,
      model.general,
      model.roadmaps,
      'Первое.',
      'Второе.',
      'Муниципальный координатор',
      '_______________ Кузьмина-Караваева Елизавета Юрьевна',
      'Сформировано на портале «Наставничество» 07.12.2026.',
    ])
      expect(lines).toContain(line);
  });
});
