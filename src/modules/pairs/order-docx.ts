/**
 * «Приказ о закреплении наставнических пар (групп)» as a .docx ready to sign.
 *
 * `buildPairsOrderModel` turns the input into the order's texts (header, points, signature,
 * the appendix table); `buildPairsOrderDocx` lays them out as a Russian order: A4 portrait,
 * Times New Roman 14 pt (the table 12 pt), margins left 30 mm, right 15 mm, top and bottom 20 mm.
 * The printable HTML version can render the same model.
 *
 * The pairs are listed in the appendix (a new page), one row per pair or group: a group's
 * mentees one per paragraph in one cell; the table's header row repeats on every page.
 * An order not yet numbered or dated gets blanks to fill in by hand: «от «__» ______ 20__ г.», «№ ___».
 */
import {
  AlignmentType,
  Document,
  HeightRule,
  Packer,
  PageOrientation,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { guessNameForms, positionAndName, upperFirst } from '../../lib/declension.js';
import { formatDate } from '../../lib/ru.js';
import { A4, BODY_SIZE, DOC_FONT, MARGIN, mm, TABLE_SIZE, TEXT_WIDTH } from '../../lib/docx.js';

// ---------------------------------------------------------------------------------------------
// Texts

export const ORDER_TEXT = {
  documentTitle: 'Приказ о закреплении наставнических пар (групп)',
  creator: 'Портал «Наставничество»',
  order: 'ПРИКАЗ',
  title: 'О закреплении наставнических пар (групп)',
  blankDate: 'от «__» ______ 20__ г.',
  blankNumber: '№ ___',
  preamble: (school: string) =>
    `В соответствии с Положением о системе наставничества педагогических работников и обучающихся в ${school}, ` +
    'в целях реализации целевой модели наставничества, с письменного согласия участников наставнической деятельности',
  orders: 'ПРИКАЗЫВАЮ:',
  pointPairs: (programme: string | null) =>
    'Закрепить наставнические пары (группы)' +
    (programme ? ` для реализации программы наставничества «${programme}»` : '') +
    ' в составе и на срок согласно приложению к настоящему приказу.',
  /** `curator`: the position and the name in the accusative, «заместителя директора по УВР Васильеву Татьяну Сергеевну». */
  pointCurator: (curator: string) =>
    'Назначить куратором реализации целевой модели наставничества, ответственным за организацию работы ' +
    `наставнических пар (групп), сопровождение и мониторинг их деятельности, ${curator}.`,
  pointControl: 'Контроль исполнения приказа оставляю за собой.',
  headPosition: 'Директор',
  signatureBlank: '________________',
  acquainted: 'С приказом ознакомлены:',
  acquaintedSign: '____________',
  acquaintedDate: '«__» ______ 20__ г.',
  appendix: 'Приложение',
  appendixTo: (school: string) => `к приказу ${school}`,
  tableTitle: 'Наставнические пары (группы)',
  tableHeaders: ['№', 'Наставник (ФИО, должность)', 'Наставляемый (ФИО, класс/должность)', 'Форма наставничества', 'Срок'],
} as const;

// The page, the font and the sizes are the portal's documents' own (lib/docx.ts); the order's small print is 12 pt.
const FONT = DOC_FONT;
const SMALL_SIZE = TABLE_SIZE;
const FIRST_LINE_INDENT = mm(12.5);
/** Shares of the text width: №, mentor, mentees, form, term. */
const COLUMN_SHARES = [0.06, 0.25, 0.28, 0.23, 0.18];

// ---------------------------------------------------------------------------------------------
// Input and model

export interface OrderPair {
  number: number;
  mentorName: string;
  mentorPosition: string | null;
  menteeNames: string[];
  /** Class or position of each mentee, in the order of `menteeNames`. */
  menteeDetails: string[];
  formLabel: string;
  /** 'YYYY-MM-DD' */
  startDate: string;
  endDate: string;
}

export interface PairsOrderInput {
  schoolFullName: string;
  schoolShortName: string;
  municipalityName: string;
  /** As it is printed: «г. Энск», «п. Ува». */
  city?: string | null;
  orderNumber?: string | null;
  /** 'YYYY-MM-DD' */
  orderDate?: string | null;
  headName?: string | null;
  headPosition?: string | null;
  curatorName: string;
  curatorPosition?: string | null;
  programmeTitle?: string | null;
  pairs: OrderPair[];
}

export interface OrderRow {
  number: string;
  mentor: string[];
  mentees: string[];
  form: string;
  term: string;
}

/** The order's texts, for the .docx and for a printable HTML page. */
export interface PairsOrderModel {
  municipality: string;
  school: string;
  order: string;
  date: string;
  number: string;
  city: string | null;
  title: string;
  preamble: string;
  orders: string;
  points: string[];
  signature: { position: string; name: string };
  acquainted: string[];
  appendix: string[];
  tableTitle: string;
  tableHeaders: readonly string[];
  rows: OrderRow[];
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** «Иванов Иван Иванович» -> «И. И. Иванов», as a signature is printed. */
export function signatureName(fullName: string): string {
  const [last, ...rest] = fullName.trim().split(/\s+/);
  if (!last || rest.length === 0) return fullName.trim();
  return `${rest.map((part) => `${part.charAt(0)}.`).join(' ')} ${last}`;
}

export function orderTerm(startDate: string, endDate: string): string {
  return `${formatDate(startDate)} – ${formatDate(endDate)}`;
}

function orderRow(pair: OrderPair): OrderRow {
  const position = text(pair.mentorPosition);
  return {
    number: String(pair.number),
    mentor: position ? [pair.mentorName, position] : [pair.mentorName],
    mentees: pair.menteeNames.map((name, i) => {
      const detail = text(pair.menteeDetails[i]);
      return detail ? `${name}, ${detail}` : name;
    }),
    form: pair.formLabel,
    term: orderTerm(pair.startDate, pair.endDate),
  };
}

/** Everyone who signs «С приказом ознакомлены»: the curator, then each mentor once. */
function acquaintedNames(input: PairsOrderInput): string[] {
  const names = [input.curatorName, ...input.pairs.map((p) => p.mentorName)].map((n) => n.trim()).filter((n) => n !== '');
  return [...new Set(names)];
}

export function buildPairsOrderModel(input: PairsOrderInput): PairsOrderModel {
  const date = text(input.orderDate) ? `от ${formatDate(input.orderDate)}` : ORDER_TEXT.blankDate;
  const number = text(input.orderNumber) ? `№ ${text(input.orderNumber)}` : ORDER_TEXT.blankNumber;
  const curator = positionAndName(text(input.curatorPosition), input.curatorName, 'accusative');
  // «в МБОУ «СОШ № 1»» stays; a short name that is not an abbreviation declines: «в Гимназии № 4», «к приказу Гимназии № 4».
  const school = guessNameForms(input.schoolShortName);
  const headName = text(input.headName);
  return {
    municipality: input.municipalityName,
    school: input.schoolFullName,
    order: ORDER_TEXT.order,
    date,
    number,
    city: text(input.city),
    title: ORDER_TEXT.title,
    preamble: ORDER_TEXT.preamble(school.prepositional),
    orders: ORDER_TEXT.orders,
    points: [ORDER_TEXT.pointPairs(text(input.programmeTitle)), ORDER_TEXT.pointCurator(curator), ORDER_TEXT.pointControl],
    signature: {
      position: upperFirst(text(input.headPosition) ?? ORDER_TEXT.headPosition),
      name: `${ORDER_TEXT.signatureBlank} ${headName ? signatureName(headName) : ORDER_TEXT.signatureBlank}`,
    },
    acquainted: acquaintedNames(input),
    appendix: [ORDER_TEXT.appendix, ORDER_TEXT.appendixTo(school.genitive), `${date} ${number}`],
    tableTitle: ORDER_TEXT.tableTitle,
    tableHeaders: ORDER_TEXT.tableHeaders,
    rows: input.pairs.map(orderRow),
  };
}

// ---------------------------------------------------------------------------------------------
// Layout

interface LineOptions {
  bold?: boolean;
  size?: number;
  align?: (typeof AlignmentType)[keyof typeof AlignmentType];
  indent?: boolean;
  before?: number;
  after?: number;
  pageBreakBefore?: boolean;
  keepNext?: boolean;
}

function run(value: string, options: { bold?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text: value, bold: options.bold, size: options.size });
}

function line(value: string, options: LineOptions = {}): Paragraph {
  return new Paragraph({
    children: [run(value, options)],
    alignment: options.align ?? AlignmentType.LEFT,
    indent: options.indent ? { firstLine: FIRST_LINE_INDENT } : undefined,
    spacing: { before: options.before ?? 0, after: options.after ?? 0 },
    pageBreakBefore: options.pageBreakBefore,
    keepNext: options.keepNext,
  });
}

/** A line with text at the left margin and text at the right one. */
function spread(left: string, right: string, options: LineOptions = {}): Paragraph {
  return new Paragraph({
    children: [run(left, options), new TextRun({ children: [new Tab()] }), run(right, options)],
    tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
    spacing: { before: options.before ?? 0, after: options.after ?? 0 },
    keepNext: options.keepNext,
  });
}

function headerBlock(model: PairsOrderModel): Paragraph[] {
  const block = [
    line(model.municipality, { align: AlignmentType.CENTER, size: SMALL_SIZE }),
    line(model.school, { align: AlignmentType.CENTER, bold: true, after: 240 }),
    line(model.order, { align: AlignmentType.CENTER, bold: true, after: 240 }),
    spread(model.date, model.number),
  ];
  if (model.city) block.push(line(model.city, { align: AlignmentType.CENTER, before: 120 }));
  block.push(line(model.title, { bold: true, before: 360, after: 240 }));
  return block;
}

function bodyBlock(model: PairsOrderModel): Paragraph[] {
  return [
    line(model.preamble, { align: AlignmentType.JUSTIFIED, indent: true }),
    line(model.orders, { bold: true, before: 120, after: 120 }),
    ...model.points.map((point, i) => line(`${i + 1}. ${point}`, { align: AlignmentType.JUSTIFIED, indent: true })),
  ];
}

function signatureBlock(model: PairsOrderModel): Paragraph[] {
  return [spread(model.signature.position, model.signature.name, { before: 720 })];
}

function acquaintedBlock(model: PairsOrderModel): Paragraph[] {
  const tabs = [
    { type: TabStopType.LEFT, position: mm(78) },
    { type: TabStopType.RIGHT, position: TEXT_WIDTH },
  ];
  return [
    line(ORDER_TEXT.acquainted, { before: 480, after: 120, keepNext: true }),
    ...model.acquainted.map(
      (name) =>
        new Paragraph({
          children: [
            run(name),
            new TextRun({ children: [new Tab()] }),
            run(ORDER_TEXT.acquaintedSign),
            new TextRun({ children: [new Tab()] }),
            run(ORDER_TEXT.acquaintedDate),
          ],
          tabStops: tabs,
          spacing: { before: 0, after: 120 },
        }),
    ),
  ];
}

function cell(paragraphs: string[], width: number, options: { bold?: boolean; center?: boolean } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.TOP,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: (paragraphs.length ? paragraphs : ['']).map((value) =>
      line(value, { size: TABLE_SIZE, bold: options.bold, align: options.center ? AlignmentType.CENTER : AlignmentType.LEFT }),
    ),
  });
}

function pairsTable(model: PairsOrderModel): Table {
  const widths = COLUMN_SHARES.map((share) => Math.round(TEXT_WIDTH * share));
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    height: { value: 400, rule: HeightRule.ATLEAST },
    children: model.tableHeaders.map((title, i) => cell([title], widths[i]!, { bold: true, center: true })),
  });
  const rows = model.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell([row.number], widths[0]!, { center: true }),
          cell(row.mentor, widths[1]!),
          cell(row.mentees, widths[2]!),
          cell([row.form], widths[3]!),
          cell([row.term], widths[4]!),
        ],
      }),
  );
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [header, ...rows],
  });
}

function appendixBlock(model: PairsOrderModel): Array<Paragraph | Table> {
  const indent = mm(100);
  const caption = model.appendix.map(
    (value, i) =>
      new Paragraph({
        children: [run(value)],
        indent: { left: indent },
        pageBreakBefore: i === 0,
        spacing: { before: 0, after: 0 },
      }),
  );
  return [
    ...caption,
    line(model.tableTitle, { align: AlignmentType.CENTER, bold: true, before: 360, after: 240 }),
    pairsTable(model),
  ];
}

export function pairsOrderDocument(model: PairsOrderModel): Document {
  return new Document({
    title: ORDER_TEXT.documentTitle,
    creator: ORDER_TEXT.creator,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: BODY_SIZE, language: { value: 'ru-RU' } },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.PORTRAIT, width: A4.width, height: A4.height },
            margin: {
              top: MARGIN.top,
              bottom: MARGIN.bottom,
              left: MARGIN.left,
              right: MARGIN.right,
            },
          },
        },
        children: [
          ...headerBlock(model),
          ...bodyBlock(model),
          ...signatureBlock(model),
          ...acquaintedBlock(model),
          ...appendixBlock(model),
        ],
      },
    ],
  });
}

/** The order as the bytes of a .docx file. */
export function buildPairsOrderDocx(input: PairsOrderInput): Promise<Buffer> {
  return Packer.toBuffer(pairsOrderDocument(buildPairsOrderModel(input)));
}
