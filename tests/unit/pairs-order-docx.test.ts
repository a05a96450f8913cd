import * as xmldom from '@xmldom/xmldom';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import {
  buildPairsOrderDocx,
  buildPairsOrderModel,
  type PairsOrderInput,
  signatureName,
} from '../../src/modules/pairs/order-docx.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** The little of the DOM used here (typed locally: @xmldom/xmldom's types need the DOM library). */
interface XmlElement {
  readonly textContent: string | null;
  getElementsByTagNameNS(namespace: string, localName: string): ArrayLike<XmlElement>;
}
const { DOMParser } = xmldom as unknown as { DOMParser: new () => { parseFromString(xml: string, type: string): XmlElement } };

const INPUT: PairsOrderInput = {
  schoolFullName: 'Муниципальное бюджетное общеобразовательное учреждение «Увинская средняя общеобразовательная школа № 1»',
  schoolShortName: 'МБОУ «Увинская СОШ № 1»',
  municipalityName: 'Управление образования Администрации муниципального образования «Увинский район»',
  city: 'п. Ува',
  orderNumber: '45-о',
  orderDate: '2026-09-01',
  headName: 'Кузнецова Ольга Петровна',
  headPosition: 'Директор',
  curatorName: 'Иванова Ирина Ивановна',
  curatorPosition: 'заместитель директора по УВР',
  programmeTitle: 'Шаг в профессию',
  pairs: [
    {
      number: 1,
      mentorName: 'Смирнова Анна Сергеевна',
      mentorPosition: 'учитель математики',
      menteeNames: ['Петров Пётр Петрович'],
      menteeDetails: ['учитель информатики'],
      formLabel: 'педагог – педагог',
      startDate: '2026-09-01',
      endDate: '2027-05-31',
    },
    {
      number: 2,
      mentorName: 'Орлов Дмитрий Андреевич',
      mentorPosition: 'обучающийся 10А класса',
      menteeNames: ['Ёлкин Илья Сергеевич', 'Щукина Юлия Эдуардовна'],
      menteeDetails: ['7Б класс', '7А класс'],
      formLabel: 'ученик – ученик',
      startDate: '2026-09-01',
      endDate: '2027-05-31',
    },
    {
      number: 3,
      mentorName: 'Фёдоров Михаил Юрьевич',
      mentorPosition: null,
      menteeNames: ['Жукова Ксения Олеговна'],
      menteeDetails: [''],
      formLabel: 'работодатель – ученик',
      startDate: '2026-10-15',
      endDate: '2027-04-30',
    },
  ],
};

async function unzip(buffer: Buffer) {
  return JSZip.loadAsync(buffer);
}

function texts(node: XmlElement, tag: string): string[] {
  return Array.from(node.getElementsByTagNameNS(W, tag)).map((el) =>
    Array.from(el.getElementsByTagNameNS(W, 't'))
      .map((t) => t.textContent ?? '')
      .join(''),
  );
}

/** The table of pairs: rows of cells of paragraphs' texts. */
async function tableOf(buffer: Buffer) {
  const zip = await unzip(buffer);
  const xml = await zip.file('word/document.xml')!.async('string');
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const tables = Array.from(doc.getElementsByTagNameNS(W, 'tbl'));
  expect(tables).toHaveLength(1);
  const rows = Array.from(tables[0]!.getElementsByTagNameNS(W, 'tr'));
  return {
    xml,
    rows: rows.map((row) => Array.from(row.getElementsByTagNameNS(W, 'tc')).map((cell) => texts(cell, 'p'))),
    headerRepeats: rows.map((row) => row.getElementsByTagNameNS(W, 'tblHeader').length > 0),
  };
}

async function rawText(buffer: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer })).value;
}

describe('the order «о закреплении наставнических пар (групп)»', () => {
  it('is a valid .docx', async () => {
    const buffer = await buildPairsOrderDocx(INPUT);
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const zip = await unzip(buffer);
    expect(zip.file('[Content_Types].xml')).not.toBeNull();
    expect(zip.file('word/document.xml')).not.toBeNull();
    expect(zip.file('word/styles.xml')).not.toBeNull();
  });

  it('has the school, the number and date, the title, the points and the signature', async () => {
    const text = await rawText(await buildPairsOrderDocx(INPUT));
    expect(text).toContain(INPUT.schoolFullName);
    expect(text).toContain(INPUT.municipalityName);
    expect(text).toMatch(/^ПРИКАЗ$/m);
    expect(text).toContain('от 01.09.2026\t№ 45-о');
    expect(text).toContain('п. Ува');
    expect(text).toContain('О закреплении наставнических пар (групп)');
    expect(text).toContain(
      'В соответствии с Положением о системе наставничества педагогических работников и обучающихся в МБОУ «Увинская СОШ № 1»',
    );
    expect(text).toContain('в целях реализации целевой модели наставничества');
    expect(text).toMatch(/^ПРИКАЗЫВАЮ:$/m);
    expect(text).toContain(
      '1. Закрепить наставнические пары (группы) для реализации программы наставничества «Шаг в профессию» в составе и на срок согласно приложению к настоящему приказу.',
    );
    expect(text).toContain(
      '2. Назначить куратором реализации целевой модели наставничества, ответственным за организацию работы ' +
        'наставнических пар (групп), сопровождение и мониторинг их деятельности, заместителя директора по УВР Иванову Ирину Ивановну.',
    );
    expect(text).toContain('3. Контроль исполнения приказа оставляю за собой.');
    expect(text).toContain('Директор\t________________ О. П. Кузнецова');
    expect(text).toContain('Приложение\n\nк приказу МБОУ «Увинская СОШ № 1»\n\nот 01.09.2026 № 45-о');
  });

  it('lists the curator and each mentor under «С приказом ознакомлены»', async () => {
    const text = await rawText(await buildPairsOrderDocx(INPUT));
    const acquainted = text.slice(text.indexOf('С приказом ознакомлены:'), text.indexOf('Приложение'));
    const lines = acquainted.split('\n').filter((l) => l.includes('____________'));
    expect(lines.map((l) => l.split('\t')[0])).toEqual([
      'Иванова Ирина Ивановна',
      'Смирнова Анна Сергеевна',
      'Орлов Дмитрий Андреевич',
      'Фёдоров Михаил Юрьевич',
    ]);
    expect(lines[0]).toBe('Иванова Ирина Ивановна\t____________\t«__» ______ 20__ г.');
  });

  it('leaves blanks for a number and a date not given yet', async () => {
    const buffer = await buildPairsOrderDocx({
      ...INPUT,
      orderNumber: null,
      orderDate: null,
      headName: null,
      city: null,
      programmeTitle: null,
    });
    const text = await rawText(buffer);
    expect(text).toContain('от «__» ______ 20__ г.\t№ ___');
    expect(text).toContain('от «__» ______ 20__ г. № ___'); // the appendix
    expect(text).not.toContain('01.09.2026 №');
    expect(text).not.toContain('п. Ува');
    expect(text).toContain('Директор\t________________ ________________');
    expect(text).toContain(
      '1. Закрепить наставнические пары (группы) в составе и на срок согласно приложению к настоящему приказу.',
    );
  });

  it('tables the pairs: a header row repeated on each page, a group in one row', async () => {
    const { rows, headerRepeats } = await tableOf(await buildPairsOrderDocx(INPUT));
    expect(rows[0]).toEqual([
      ['№'],
      ['Наставник (ФИО, должность)'],
      ['Наставляемый (ФИО, класс/должность)'],
      ['Форма наставничества'],
      ['Срок'],
    ]);
    expect(headerRepeats).toEqual([true, false, false, false]);
    expect(rows.slice(1)).toEqual([
      [
        ['1'],
        ['Смирнова Анна Сергеевна', 'учитель математики'],
        ['Петров Пётр Петрович, учитель информатики'],
        ['педагог – педагог'],
        ['01.09.2026 – 31.05.2027'],
      ],
      [
        ['2'],
        ['Орлов Дмитрий Андреевич', 'обучающийся 10А класса'],
        ['Ёлкин Илья Сергеевич, 7Б класс', 'Щукина Юлия Эдуардовна, 7А класс'],
        ['ученик – ученик'],
        ['01.09.2026 – 31.05.2027'],
      ],
      [['3'], ['Фёдоров Михаил Юрьевич'], ['Жукова Ксения Олеговна'], ['работодатель – ученик'], ['15.10.2026 – 30.04.2027']],
    ]);
  });

  it('is laid out as a Russian order: A4 portrait, margins, Times New Roman 14 pt, the table 12 pt', async () => {
    const buffer = await buildPairsOrderDocx(INPUT);
    const zip = await unzip(buffer);
    const { xml } = await tableOf(buffer);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    const styles = await zip.file('word/styles.xml')!.async('string');
    const defaults = styles.slice(styles.indexOf('<w:docDefaults>'), styles.indexOf('</w:docDefaults>'));
    expect(defaults).toContain('w:ascii="Times New Roman"');
    expect(defaults).toContain('w:hAnsi="Times New Roman"');
    expect(defaults).toContain('<w:sz w:val="28"/>');
    const table = xml.slice(xml.indexOf('<w:tbl>'), xml.indexOf('</w:tbl>'));
    expect(table).toContain('<w:sz w:val="24"/>');
    expect(table).not.toContain('<w:sz w:val="28"/>');
  });

  it('keeps the Russian text intact', async () => {
    const buffer = await buildPairsOrderDocx(INPUT);
    const { xml } = await tableOf(buffer);
    expect(xml.startsWith('<?xml')).toBe(true);
    expect(xml).toContain('Ёлкин Илья Сергеевич');
    expect(xml).toContain('Щукина Юлия Эдуардовна');
    const text = await rawText(buffer);
    expect(text).toContain('Фёдоров Михаил Юрьевич');
    expect(text).not.toMatch(/[ÐÑÃ\uFFFD]/);
  });
});

describe('the order model', () => {
  it('prints a signature as initials and a surname', () => {
    expect(signatureName('Кузнецова Ольга Петровна')).toBe('О. П. Кузнецова');
    expect(signatureName('Кузнецова Ольга')).toBe('О. Кузнецова');
    expect(signatureName('Кузнецова')).toBe('Кузнецова');
  });

  it('gives the same texts to a printable page', () => {
    const model = buildPairsOrderModel({ ...INPUT, curatorPosition: null, headPosition: 'И. о. директора' });
    expect(model.date).toBe('от 01.09.2026');
    expect(model.number).toBe('№ 45-о');
    expect(model.points[1]).toContain('мониторинг их деятельности, Иванову Ирину Ивановну.');
    expect(model.signature).toEqual({ position: 'И. о. директора', name: '________________ О. П. Кузнецова' });
    expect(model.rows[1]?.mentees).toEqual(['Ёлкин Илья Сергеевич, 7Б класс', 'Щукина Юлия Эдуардовна, 7А класс']);
    expect(model.acquainted).toHaveLength(4);
    expect(buildPairsOrderModel({ ...INPUT, headPosition: 'директор' }).signature.position).toBe('Директор');
    const gymnasium = buildPairsOrderModel({ ...INPUT, schoolShortName: 'Гимназия № 4' });
    expect(gymnasium.preamble).toContain('педагогических работников и обучающихся в Гимназии № 4,');
    expect(gymnasium.appendix[1]).toBe('к приказу Гимназии № 4');
  });

  it.each([
    ['Васильева Татьяна Сергеевна', 'Заместитель директора по УВР', 'заместителя директора по УВР Васильеву Татьяну Сергеевну'],
    [
      'Петров-Водкин Кузьма Сергеевич',
      'Учитель изобразительного искусства',
      'учителя изобразительного искусства Петрова-Водкина Кузьму Сергеевича',
    ],
    ['Шевчук Анна Ильинична', 'Педагог-психолог', 'педагога-психолога Шевчук Анну Ильиничну'],
    ['Шевчук Олег Ильич', 'Социальный педагог', 'социального педагога Шевчука Олега Ильича'],
    [
      'Кузьмина-Караваева Елизавета Юрьевна',
      'Учитель русского языка и литературы',
      'учителя русского языка и литературы Кузьмину-Караваеву Елизавету Юрьевну',
    ],
    ['Черных Иван Петрович', 'Старший воспитатель', 'старшего воспитателя Черных Ивана Петровича'],
    ['Шевченко Мария Петровна', 'УВР-методист', 'УВР-методист Шевченко Марию Петровну'],
  ])(
    'names the curator %s with the position in the accusative, the position with a small letter',
    async (name, position, expected) => {
      const model = buildPairsOrderModel({ ...INPUT, curatorName: name, curatorPosition: position });
      expect(model.points[1]).toMatch(new RegExp(`мониторинг их деятельности, ${expected}\\.$`));
      expect(model.acquainted[0]).toBe(name);
      const text = await rawText(await buildPairsOrderDocx({ ...INPUT, curatorName: name, curatorPosition: position }));
      expect(text).toContain(`${expected}.`);
    },
  );
});
