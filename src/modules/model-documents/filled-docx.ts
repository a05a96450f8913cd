/**
 * The school's documents filled from the models of the library (issue 17), as .docx ready to sign:
 * «Приказ о назначении куратора внедрения целевой модели наставничества», «Приказ о назначении
 * наставников» (the mentors in an appendix table) and «Положение о наставничестве» (its text in
 * regulation-text.ts).
 *
 * Each `build…Model` turns plain input into the document's texts (tested without Word); the layout
 * is the portal's documents' own (lib/docx.ts: A4, Times New Roman 14 pt, ГОСТ Р 7.0.97 margins).
 * Number and date are left blank («от «__» ______ 20__ г.», «№ ___»): the school numbers its orders.
 */
import { AlignmentType, Packer, Paragraph, Tab, type Table, TabStopType, TextRun } from 'docx';
import { positionAndName, positionPhrase, upperFirst } from '../../lib/declension.js';
import { docTable, mm, para, portraitDocument, TABLE_SIZE, TEXT_WIDTH } from '../../lib/docx.js';
import { signatureName } from '../pairs/order-docx.js';
import { REGULATION_TEXT, type RegulationSection, regulationSections } from './regulation-text.js';

// ---------------------------------------------------------------------------------------------
// Input

/** The school as the documents name it; the full name's cases come from the organisation's card. */
export interface FilledSchool {
  fullName: string;
  /** «Муниципального бюджетного общеобразовательного учреждения «…»» */
  genitive: string;
  /** «Муниципальном бюджетном общеобразовательном учреждении «…»» */
  prepositional: string;
  shortName: string;
  /** The municipality's name for the header line. */
  municipalityName: string;
  headName: string | null;
  headPosition: string | null;
}

/** A person named by a document: the curator chosen from the school's accounts or typed in. */
export interface NamedPerson {
  name: string;
  position: string | null;
}

export interface AppointedMentor {
  name: string;
  /** Position, or what the person is (обучающийся, представитель организации-партнёра). */
  position: string;
  /** The forms of mentoring, as printed: «педагог – педагог, педагог – ученик». */
  forms: string;
}

/** A form of mentoring the school uses: its code decides the description. */
export interface SchoolForm {
  code: string;
  label: string;
}

// ---------------------------------------------------------------------------------------------
// Texts

export const FILLED_TEXT = {
  order: 'ПРИКАЗ',
  blankDate: 'от «__» ______ 20__ г.',
  blankNumber: '№ ___',
  blankName: '________________________________',
  signatureBlank: '________________',
  headPosition: 'Директор',
  orders: 'ПРИКАЗЫВАЮ:',
  acquainted: 'С приказом ознакомлены:',
  acquaintedOne: 'С приказом ознакомлен(а):',
  acquaintedSign: '____________',
  acquaintedDate: '«__» ______ 20__ г.',
  basis:
    'В соответствии с распоряжением Министерства просвещения Российской Федерации от 25 декабря 2019 г. № Р-145 ' +
    '«Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, осуществляющих ' +
    'образовательную деятельность по общеобразовательным, дополнительным общеобразовательным и программам среднего ' +
    'профессионального образования, в том числе с применением лучших практик обмена опытом между обучающимися», ' +
    'муниципальными правовыми актами о внедрении целевой модели наставничества',
  control: 'Контроль исполнения приказа оставляю за собой.',
  curatorOrder: {
    documentTitle: 'Приказ о назначении куратора внедрения целевой модели наставничества',
    title: 'О назначении куратора внедрения целевой модели наставничества',
    preamble: (basis: string, school: string) =>
      `${basis}, в целях организации внедрения целевой модели наставничества в ${school}`,
    appoint: (curator: string, school: string) =>
      `Назначить куратором внедрения целевой модели наставничества в ${school} ${curator}.`,
    duties: 'Возложить на куратора внедрения целевой модели наставничества следующие обязанности:',
    dutyList: [
      'формирование и актуализация (не реже двух раз в год) баз наставников и наставляемых;',
      'организация разработки программ наставничества и подготовка проектов приказов о закреплении наставнических пар (групп);',
      'организация обучения наставников, в том числе с привлечением экспертов;',
      'контроль хода реализации программ наставничества и дорожной карты внедрения целевой модели наставничества;',
      'проведение мониторинга и оценки результатов наставничества, представление отчётов в муниципальный методический центр;',
      'размещение сведений о наставничестве на официальном сайте образовательной организации.',
    ],
    guidance: 'Куратору в своей деятельности руководствоваться Положением о наставничестве образовательной организации.',
  },
  mentorsOrder: {
    documentTitle: 'Приказ о назначении наставников',
    title: 'О назначении наставников',
    preamble: (basis: string, school: string) =>
      `${basis}, Положением о наставничестве в ${school}, с письменного согласия лиц, назначаемых наставниками`,
    appoint: 'Назначить наставниками работников и иных лиц согласно приложению к настоящему приказу.',
    duty: (school: string) =>
      `Наставникам осуществлять наставническую деятельность в соответствии с Положением о наставничестве ${school} ` +
      'и программами наставничества, закреплёнными за ними.',
    curator: (curator: string) =>
      `Куратору внедрения целевой модели наставничества ${curator} обеспечить закрепление наставнических пар (групп), ` +
      'методическое сопровождение и мониторинг деятельности наставников.',
    appendix: 'Приложение',
    appendixTo: (school: string) => `к приказу ${school}`,
    tableTitle: 'Список наставников',
    tableHeaders: ['№', 'ФИО наставника', 'Должность', 'Форма наставничества'],
    noMentors: 'Наставники не внесены в базу: заполните список вручную.',
  },
} as const;

// ---------------------------------------------------------------------------------------------
// Models

export interface OrderModel {
  documentTitle: string;
  municipality: string;
  school: string;
  date: string;
  number: string;
  title: string;
  preamble: string;
  points: Array<{ text: string; list?: readonly string[] }>;
  signature: { position: string; name: string };
  acquaintedHeading: string;
  acquainted: string[];
  appendix: { caption: string[]; title: string; headers: readonly string[]; rows: string[][] } | null;
}

function headSignature(school: FilledSchool): { position: string; name: string } {
  const head = school.headName?.trim();
  return {
    position: upperFirst(school.headPosition?.trim() || FILLED_TEXT.headPosition),
    name: `${FILLED_TEXT.signatureBlank} ${head ? signatureName(head) : FILLED_TEXT.signatureBlank}`,
  };
}

function orderHead(school: FilledSchool) {
  return {
    municipality: school.municipalityName,
    school: school.fullName,
    date: FILLED_TEXT.blankDate,
    number: FILLED_TEXT.blankNumber,
  };
}

/** The curator's name in a case with its position, or a blank line to fill in by hand. */
function curatorIn(curator: NamedPerson | null, grammaticalCase: 'accusative' | 'dative'): string {
  return curator?.name.trim() ? positionAndName(curator.position, curator.name.trim(), grammaticalCase) : FILLED_TEXT.blankName;
}

export function buildCuratorOrderModel(school: FilledSchool, curator: NamedPerson | null): OrderModel {
  const t = FILLED_TEXT.curatorOrder;
  return {
    documentTitle: t.documentTitle,
    ...orderHead(school),
    title: t.title,
    preamble: t.preamble(FILLED_TEXT.basis, school.prepositional),
    points: [
      { text: t.appoint(curatorIn(curator, 'accusative'), school.prepositional) },
      { text: t.duties, list: t.dutyList },
      { text: t.guidance },
      { text: FILLED_TEXT.control },
    ],
    signature: headSignature(school),
    acquaintedHeading: FILLED_TEXT.acquaintedOne,
    acquainted: curator?.name.trim() ? [curator.name.trim()] : [FILLED_TEXT.blankName],
    appendix: null,
  };
}

export function buildMentorsOrderModel(
  school: FilledSchool,
  mentors: AppointedMentor[],
  curator: NamedPerson | null,
): OrderModel {
  const t = FILLED_TEXT.mentorsOrder;
  const points: OrderModel['points'] = [{ text: t.appoint }, { text: t.duty(school.genitive) }];
  if (curator?.name.trim()) points.push({ text: t.curator(curatorIn(curator, 'dative')) });
  points.push({ text: FILLED_TEXT.control });
  const rows = mentors.map((m, i) => [String(i + 1), m.name, m.position, m.forms]);
  return {
    documentTitle: t.documentTitle,
    ...orderHead(school),
    title: t.title,
    preamble: t.preamble(FILLED_TEXT.basis, school.prepositional),
    points,
    signature: headSignature(school),
    acquaintedHeading: FILLED_TEXT.acquainted,
    acquainted: [...new Set(mentors.map((m) => m.name))],
    appendix: {
      caption: [t.appendix, t.appendixTo(school.genitive), `${FILLED_TEXT.blankDate} ${FILLED_TEXT.blankNumber}`],
      title: t.tableTitle,
      headers: t.tableHeaders,
      rows: rows.length ? rows : [['1', t.noMentors, '', '']],
    },
  };
}

export interface RegulationModel {
  documentTitle: string;
  approval: readonly string[];
  title: string[];
  sections: RegulationSection[];
}

export function buildRegulationModel(school: FilledSchool, forms: SchoolForm[], curator: NamedPerson | null): RegulationModel {
  return {
    documentTitle: REGULATION_TEXT.documentTitle,
    approval: REGULATION_TEXT.approval,
    title: REGULATION_TEXT.title(school.prepositional),
    sections: regulationSections({
      school: school.prepositional,
      schoolGenitive: school.genitive,
      forms,
      curator: curator?.name.trim()
        ? [curator.position?.trim() ? positionPhrase(curator.position, 'nominative') : '', curator.name.trim()]
            .filter(Boolean)
            .join(' ')
        : null,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Layout

function spread(left: string, right: string, before = 0): Paragraph {
  return new Paragraph({
    children: [new TextRun(left), new TextRun({ children: [new Tab()] }), new TextRun(right)],
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
    spacing: { before, after: 0 },
  });
}

/** A line of the block at the right (approval stamp, the appendix's caption). */
function right(text: string, pageBreakBefore = false): Paragraph {
  return new Paragraph({
    children: [new TextRun(text)],
    indent: { left: mm(100) },
    pageBreakBefore,
    spacing: { before: 0, after: 0 },
  });
}

function orderChildren(model: OrderModel): Array<Paragraph | Table> {
  const children: Array<Paragraph | Table> = [
    para(model.municipality, { center: true, size: TABLE_SIZE }),
    para(model.school, { center: true, bold: true, after: 240 }),
    para(FILLED_TEXT.order, { center: true, bold: true, after: 240 }),
    spread(model.date, model.number),
    para(model.title, { bold: true, before: 360, after: 240 }),
    para(model.preamble, { justify: true }),
    para(FILLED_TEXT.orders, { bold: true, before: 120, after: 120 }),
  ];
  model.points.forEach((point, i) => {
    children.push(para(`${i + 1}. ${point.text}`, { justify: true }));
    for (const item of point.list ?? []) children.push(para(`– ${item}`, { justify: true }));
  });
  children.push(spread(model.signature.position, model.signature.name, 720));
  children.push(para(model.acquaintedHeading, { before: 480, after: 120 }));
  for (const name of model.acquainted) {
    children.push(
      new Paragraph({
        children: [
          new TextRun(name),
          new TextRun({ children: [new Tab()] }),
          new TextRun(FILLED_TEXT.acquaintedSign),
          new TextRun({ children: [new Tab()] }),
          new TextRun(FILLED_TEXT.acquaintedDate),
        ],
        tabStops: [
          { type: TabStopType.LEFT, position: mm(90) },
          { type: TabStopType.RIGHT, position: TEXT_WIDTH },
        ],
        spacing: { before: 0, after: 120 },
      }),
    );
  }
  if (model.appendix) {
    model.appendix.caption.forEach((line, i) => {
      children.push(right(line, i === 0));
    });
    children.push(para(model.appendix.title, { center: true, bold: true, before: 360, after: 240 }));
    children.push(
      docTable({ headers: [...model.appendix.headers], rows: model.appendix.rows }, [0.07, 0.35, 0.3, 0.28], TABLE_SIZE),
    );
  }
  return children;
}

function regulationChildren(model: RegulationModel): Paragraph[] {
  const children: Paragraph[] = model.approval.map((line) => right(line));
  model.title.forEach((line, i) => {
    children.push(
      para(line, { center: true, bold: true, before: i === 0 ? 480 : 0, after: i === model.title.length - 1 ? 240 : 0 }),
    );
  });
  for (const section of model.sections) {
    children.push(
      new Paragraph({
        children: [new TextRun({ text: section.heading, bold: true })],
        alignment: AlignmentType.CENTER,
        spacing: { before: 240, after: 120 },
        keepNext: true,
      }),
    );
    for (const point of section.points) {
      children.push(para(point.text, { justify: true }));
      for (const item of point.list ?? []) children.push(para(`– ${item}`, { justify: true }));
    }
  }
  return children;
}

export function orderDocx(model: OrderModel): Promise<Buffer> {
  return Packer.toBuffer(portraitDocument(model.documentTitle, orderChildren(model)));
}

export function regulationDocx(model: RegulationModel): Promise<Buffer> {
  return Packer.toBuffer(portraitDocument(model.documentTitle, regulationChildren(model)));
}
