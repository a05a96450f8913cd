import { describe, expect, it } from 'vitest';
import { signedIn, textOf } from '../helpers/app.js';
import { addCampaign } from '../helpers/monitoring.js';
import { daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';
import { campaignPeriod } from '../../src/modules/monitoring/period.js';

const t = useWorld();

/** The value of the form's input (or the selected option, or the checkbox) named `name`. */
function inputOf(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  if (input) {
    if (/type="checkbox"/.test(input)) return /\schecked/.test(input) ? 'on' : undefined;
    return /value="([^"]*)"/.exec(input)?.[1];
  }
  const select = new RegExp(`<select[^>]*name="${name}"[\\s\\S]*?</select>`).exec(html)?.[0];
  return select && /<option value="([^"]*)"[^>]*selected/.exec(select)?.[1];
}

async function lastYearCampaign() {
  return addCampaign(t.database.db, 'coordinator', {
    title: 'Мониторинг наставничества за 2025/26 учебный год',
    level: 'school',
    period: campaignPeriod('academic_year', 2025),
    as_of: daysAgo(40),
    opens_on: daysAgo(40),
    deadline: daysAgo(20),
    fields: [
      { kind: 'number', label: 'Число педагогов-наставников', hint: 'На конец года', required: true, options: [] },
      { kind: 'choice', label: 'Форма отчёта', hint: null, required: false, options: ['очная', 'заочная'] },
      { kind: 'table', label: 'Пары', hint: null, required: true, options: ['Наставник', 'Наставляемый'] },
    ],
    documents: [
      { title: 'Приказ о закреплении наставников', required: true },
      { title: 'Фотоотчёт', required: false },
    ],
  });
}

describe('copying a campaign form', () => {
  it('the campaign page offers the copy to the coordinator and the department, not to a school', async () => {
    const id = await lastYearCampaign();
    for (const login of ['coordinator', 'department']) {
      const user = await signedIn(t.app, login, PASSWORD);
      expect((await user.get(`/monitoring/${id}`)).body).toContain(`href="/monitoring/new?from=${id}"`);
    }
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    const page = await head.get(`/monitoring/${id}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).not.toContain('Новый мониторинг по этой форме');
  });

  it('pre-fills the new form: title and period a year on, the form rows, the dates empty; saving makes an independent campaign', async () => {
    const id = await lastYearCampaign();
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const response = await coordinator.get(`/monitoring/new?from=${id}`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(textOf(html)).toContain('Форма скопирована из мониторинга «Мониторинг наставничества за 2025/26 учебный год»');
    expect(inputOf(html, 'title')).toBe('Мониторинг наставничества за 2026/27 учебный год');
    expect(inputOf(html, 'level')).toBe('school');
    expect(inputOf(html, 'period_kind')).toBe('academic_year');
    expect(inputOf(html, 'period_year')).toBe('2026');
    for (const name of ['as_of', 'opens_on', 'deadline']) expect(inputOf(html, name) ?? '').toBe('');
    expect(inputOf(html, 'field_1_label')).toBe('Число педагогов-наставников');
    expect(inputOf(html, 'field_1_kind')).toBe('number');
    expect(inputOf(html, 'field_1_hint')).toBe('На конец года');
    expect(inputOf(html, 'field_1_required')).toBe('on');
    expect(inputOf(html, 'field_2_kind')).toBe('choice');
    expect(inputOf(html, 'field_2_options')).toBe('очная; заочная');
    expect(inputOf(html, 'field_2_required')).toBeUndefined();
    expect(inputOf(html, 'field_3_kind')).toBe('table');
    expect(inputOf(html, 'field_3_options')).toBe('Наставник; Наставляемый');
    expect(inputOf(html, 'doc_1_title')).toBe('Приказ о закреплении наставников');
    expect(inputOf(html, 'doc_1_required')).toBe('on');
    expect(inputOf(html, 'doc_2_title')).toBe('Фотоотчёт');
    expect(inputOf(html, 'doc_2_required')).toBeUndefined();
    expect(html).toContain('action="/monitoring"');

    const names = [...html.matchAll(/<(?:input|select)[^>]*name="([^"]+)"/g)].map((m) => m[1] as string);
    const values: Record<string, string> = {};
    for (const name of new Set(names)) {
      if (name === '_csrf' || name === 'schools' || name === 'indicators') continue;
      const value = inputOf(html, name);
      if (value !== undefined && !(name === 'all_schools')) values[name] = value;
    }
    values.all_schools = 'all';
    Object.assign(values, { as_of: daysAgo(-1), opens_on: daysAgo(-3), deadline: daysAgo(-30) });
    const saved = await coordinator.post('/monitoring', values);
    expect(saved.statusCode, textOf(saved.body).slice(0, 500)).toBe(303);
    const copyId = Number(/\/monitoring\/(\d+)$/.exec(String(saved.headers.location))?.[1]);
    expect(copyId).not.toBe(id);

    const edit = await coordinator.post(`/monitoring/${copyId}/edit`, {
      ...values,
      field_1_label: 'Число наставников из числа педагогов',
      doc_2_title: '',
    });
    expect(edit.statusCode, textOf(edit.body).slice(0, 500)).toBe(303);
    const db = t.database.db;
    const labels = async (campaign: number) =>
      (
        await db.selectFrom('monitoring_fields').select('label').where('campaign_id', '=', campaign).orderBy('position').execute()
      ).map((f) => f.label);
    expect(await labels(id)).toEqual(['Число педагогов-наставников', 'Форма отчёта', 'Пары']);
    expect(await labels(copyId)).toEqual(['Число наставников из числа педагогов', 'Форма отчёта', 'Пары']);
    const docs = await db
      .selectFrom('monitoring_documents')
      .select('campaign_id')
      .where('campaign_id', 'in', [id, copyId])
      .execute();
    expect(docs.filter((d) => d.campaign_id === id)).toHaveLength(2);
    expect(docs.filter((d) => d.campaign_id === copyId)).toHaveLength(1);
    const original = await db.selectFrom('monitoring_campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(original.title).toBe('Мониторинг наставничества за 2025/26 учебный год');
    expect(original.period_start).toBe('2025-09-01');
  });

  it("another municipality's campaign is not copied (404); a malformed `from` gives the empty form", async () => {
    const id = await lastYearCampaign();
    const other = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await other.get(`/monitoring/new?from=${id}`)).statusCode).toBe(404);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    for (const from of ['abc', '-1', '99999999999']) {
      const page = await coordinator.get(`/monitoring/new?from=${from}`);
      expect(page.statusCode).toBe(200);
      expect(textOf(page.body)).not.toContain('Форма скопирована');
      expect(inputOf(page.body, 'field_1_label') ?? '').toBe('');
    }
    expect((await coordinator.get('/monitoring/new?from=999999')).statusCode).toBe(404);
  });
});
