import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { guessNameForms } from '../../src/lib/declension.js';
import {
  buildCuratorOrderModel,
  buildMentorsOrderModel,
  buildRegulationModel,
  type FilledSchool,
  orderDocx,
  regulationDocx,
} from '../../src/modules/model-documents/filled-docx.js';

const FULL = 'Муниципальное бюджетное общеобразовательное учреждение «Увинская средняя общеобразовательная школа № 1»';
const forms = guessNameForms(FULL);
const SCHOOL: FilledSchool = {
  fullName: FULL,
  genitive: forms.genitive,
  prepositional: forms.prepositional,
  shortName: 'МБОУ «Увинская СОШ № 1»',
  municipalityName: 'Муниципальный округ Увинский район Удмуртской Республики',
  headName: 'Кузнецова Ольга Петровна',
  headPosition: 'директор',
};
const CURATOR = { name: 'Васильева Татьяна Сергеевна', position: 'Заместитель директора по УВР' };

async function textOf(buffer: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer })).value.replace(/\s+/g, ' ');
}

describe('the order appointing the curator', () => {
  it('names the school in the prepositional and the curator with its position in the accusative', () => {
    const model = buildCuratorOrderModel(SCHOOL, CURATOR);
    expect(model.title).toBe('О назначении куратора внедрения целевой модели наставничества');
    expect(model.points[0]?.text).toBe(
      'Назначить куратором внедрения целевой модели наставничества в Муниципальном бюджетном общеобразовательном учреждении ' +
        '«Увинская средняя общеобразовательная школа № 1» заместителя директора по УВР Васильеву Татьяну Сергеевну.',
    );
    expect(model.points[1]?.list?.length).toBeGreaterThan(3);
    expect(model.signature).toEqual({ position: 'Директор', name: '________________ О. П. Кузнецова' });
    expect(model.acquainted).toEqual(['Васильева Татьяна Сергеевна']);
    expect(model.date).toBe('от «__» ______ 20__ г.');
    expect(model.number).toBe('№ ___');
    expect(model.appendix).toBeNull();
  });

  it('without a curator or a head leaves blanks to fill in by hand', () => {
    const model = buildCuratorOrderModel({ ...SCHOOL, headName: null, headPosition: null }, null);
    expect(model.points[0]?.text).toMatch(/в Муниципальном .* _{10,}\.$/);
    expect(model.signature).toEqual({ position: 'Директор', name: '________________ ________________' });
  });

  it('is a .docx whose text reads as the model says', async () => {
    const buffer = await orderDocx(buildCuratorOrderModel(SCHOOL, CURATOR));
    const zip = await JSZip.loadAsync(buffer);
    expect(zip.file('word/document.xml')).not.toBeNull();
    const text = await textOf(buffer);
    expect(text).toContain('ПРИКАЗ');
    expect(text).toContain('ПРИКАЗЫВАЮ:');
    expect(text).toContain('заместителя директора по УВР Васильеву Татьяну Сергеевну');
    expect(text).toContain('С приказом ознакомлен(а): Васильева Татьяна Сергеевна');
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('w:w="11906"'); // A4
  });
});

describe('the order appointing mentors', () => {
  const mentors = [
    { name: 'Смирнова Анна Игоревна', position: 'учитель математики', forms: 'педагог – педагог' },
    { name: 'Петров Илья Андреевич', position: 'обучающийся', forms: 'ученик – ученик' },
  ];

  it('lists the mentors in the appendix, one row each, and the curator in the dative', () => {
    const model = buildMentorsOrderModel(SCHOOL, mentors, CURATOR);
    expect(model.appendix?.headers).toEqual(['№', 'ФИО наставника', 'Должность', 'Форма наставничества']);
    expect(model.appendix?.rows).toEqual([
      ['1', 'Смирнова Анна Игоревна', 'учитель математики', 'педагог – педагог'],
      ['2', 'Петров Илья Андреевич', 'обучающийся', 'ученик – ученик'],
    ]);
    expect(model.appendix?.caption[1]).toBe(
      'к приказу Муниципального бюджетного общеобразовательного учреждения «Увинская средняя общеобразовательная школа № 1»',
    );
    expect(model.points.map((p) => p.text)).toContain(
      'Куратору внедрения целевой модели наставничества заместителю директора по УВР Васильевой Татьяне Сергеевне ' +
        'обеспечить закрепление наставнических пар (групп), методическое сопровождение и мониторинг деятельности наставников.',
    );
    expect(model.acquainted).toEqual(['Смирнова Анна Игоревна', 'Петров Илья Андреевич']);
  });

  it('without mentors in the base says so in the table; without a curator drops its point', () => {
    const model = buildMentorsOrderModel(SCHOOL, [], null);
    expect(model.appendix?.rows).toEqual([['1', 'Наставники не внесены в базу: заполните список вручную.', '', '']]);
    expect(model.points.some((p) => p.text.startsWith('Куратору'))).toBe(false);
  });

  it('is a .docx with the table', async () => {
    const text = await textOf(await orderDocx(buildMentorsOrderModel(SCHOOL, mentors, CURATOR)));
    expect(text).toContain('Список наставников');
    expect(text).toContain('Петров Илья Андреевич');
  });
});

describe('the Положение о наставничестве', () => {
  const used = [
    { code: 'teacher_teacher', label: 'педагог – педагог' },
    { code: 'student_student', label: 'ученик – ученик' },
  ];

  it('has the sections of the district regulation, numbered, with the school’s name, forms and curator', () => {
    const model = buildRegulationModel(SCHOOL, used, CURATOR);
    expect(model.title).toEqual(['ПОЛОЖЕНИЕ', 'о наставничестве', `в ${forms.prepositional}`]);
    expect(model.sections.map((s) => s.heading)).toEqual([
      'I. Общие положения',
      'II. Цель и задачи наставничества',
      'III. Организация наставничества',
      'IV. Права и обязанности наставника',
      'V. Права и обязанности наставляемого',
      'VI. Формы наставничества',
      'VII. Мониторинг и оценка результатов наставничества',
      'VIII. Мотивация и поощрение наставников',
      'IX. Документы, регламентирующие наставничество',
      'X. Заключительные положения',
    ]);
    const formsSection = model.sections[5]!;
    expect(formsSection.points[0]?.text).toBe('6.1. В образовательной организации применяются следующие формы наставничества:');
    expect(formsSection.points[0]?.list).toHaveLength(2);
    expect(formsSection.points[0]?.list?.[0]).toMatch(/^«педагог – педагог» — предполагает/);
    const organisation = model.sections[2]!.points.map((p) => p.text).join(' ');
    expect(organisation).toContain('является заместитель директора по УВР Васильева Татьяна Сергеевна');
    expect(model.sections[0]!.points[0]?.text).toContain(`Положение о наставничестве в ${forms.prepositional} (далее`);
  });

  it('without a curator says the head appoints one; without forms defers to the programmes', () => {
    const model = buildRegulationModel(SCHOOL, [], null);
    expect(model.sections[2]!.points[1]?.text).toBe(
      '3.2. Куратор внедрения целевой модели наставничества в образовательной организации назначается приказом руководителя образовательной организации из числа её работников.',
    );
    expect(model.sections[5]!.points[0]?.list?.[0]).toMatch(/^формы наставничества определяются программами/);
  });

  it('is a .docx of a few pages', async () => {
    const text = await textOf(await regulationDocx(buildRegulationModel(SCHOOL, used, CURATOR)));
    expect(text).toContain('УТВЕРЖДЕНО');
    expect(text).toContain('Наставник обязан:');
    expect(text.length).toBeGreaterThan(8000);
  });
});
