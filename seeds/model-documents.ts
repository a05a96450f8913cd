import { Packer, type Paragraph } from 'docx';
import type { Kysely, Transaction } from 'kysely';
import type { Database, ModelDocumentStatus, SchoolDocumentType } from '../src/db/types.js';
import { para, portraitDocument } from '../src/lib/docx.js';
import type { FileStore } from '../src/lib/uploads.js';
import { storeUploadWith } from '../src/modules/files/service.js';
import {
  buildCuratorOrderModel,
  buildMentorsOrderModel,
  buildRegulationModel,
  type FilledSchool,
  orderDocx,
  regulationDocx,
} from '../src/modules/model-documents/filled-docx.js';
import { MENTORING_FORM_LABELS, MENTORING_FORMS } from '../src/modules/people/labels.js';

/**
 * The demo municipality's library of model documents (issue 17): four published models and one
 * withdrawn. The rows are created with the rest of the demo (seedDemo's transaction); their files —
 * small .docx generated here — are stored by attachDemoModelFiles, called where the portal's file
 * store is known (the server's start with SEED_DEMO, `npm run seed`, the browser tests' demo server).
 */

const BLANK = '______________________________';

/** A school of blanks: a model is filled in by hand, or by the portal for a school. */
const BLANK_SCHOOL: FilledSchool = {
  fullName: '(полное наименование образовательной организации)',
  genitive: BLANK,
  prepositional: BLANK,
  shortName: BLANK,
  municipalityName: '(наименование муниципального образования)',
  headName: null,
  headPosition: null,
};

function consentForm(): Promise<Buffer> {
  const lines: Paragraph[] = [
    para('СОГЛАСИЕ', { center: true, bold: true }),
    para('на обработку персональных данных участника программы наставничества', { center: true, bold: true, after: 240 }),
    para(`Я, ${BLANK}${BLANK}, (фамилия, имя, отчество)`, { justify: true }),
    para(`паспорт ${BLANK}, выдан ${BLANK}${BLANK},`, { justify: true }),
    para(
      'в соответствии со статьёй 9 Федерального закона от 27 июля 2006 г. № 152-ФЗ «О персональных данных» даю согласие ' +
        `${BLANK} (наименование образовательной организации) на обработку моих персональных данных (фамилия, имя, ` +
        'отчество, дата рождения, место работы или учёбы, должность или класс, контактные данные) в целях организации ' +
        'и мониторинга программ наставничества, включая внесение сведений в базу наставников (наставляемых).',
      { justify: true, before: 120 },
    ),
    para('Согласие действует до окончания участия в программе наставничества и может быть отозвано мной письменным заявлением.', {
      justify: true,
      before: 120,
    }),
    para('«__» ______ 20__ г.          ____________ / ____________________', { before: 480 }),
  ];
  return Packer.toBuffer(portraitDocument('Согласие на обработку персональных данных', lines));
}

function implementationOrder(): Promise<Buffer> {
  const lines = [
    para('ПРИКАЗ', { center: true, bold: true, after: 240 }),
    para('О внедрении целевой модели наставничества', { bold: true, after: 240 }),
    para(
      'В соответствии с распоряжением Министерства просвещения Российской Федерации от 25 декабря 2019 г. № Р-145 ' +
        'ПРИКАЗЫВАЮ: 1. Внедрить целевую модель наставничества. 2. Утвердить дорожную карту внедрения. ' +
        '3. Контроль исполнения приказа оставляю за собой.',
      { justify: true },
    ),
  ];
  return Packer.toBuffer(portraitDocument('Приказ о внедрении целевой модели наставничества (редакция 2022 года)', lines));
}

interface ModelSeed {
  title: string;
  type: SchoolDocumentType;
  description: string;
  status: ModelDocumentStatus;
  fileName: string;
  build: () => Promise<Buffer>;
}

export const DEMO_MODELS: ModelSeed[] = [
  {
    title: 'Образец приказа о назначении куратора внедрения целевой модели наставничества',
    type: 'curator_order',
    description:
      'Приказ издаётся до начала учебного года. На портале его можно сразу заполнить данными школы: раздел «Заполнить данными школы».',
    status: 'published',
    fileName: 'Образец приказа о назначении куратора.docx',
    build: () => orderDocx(buildCuratorOrderModel(BLANK_SCHOOL, null)),
  },
  {
    title: 'Образец приказа о назначении наставников',
    type: 'mentors_order',
    description: 'Список наставников — приложение к приказу. Портал заполняет его по базе наставников школы.',
    status: 'published',
    fileName: 'Образец приказа о назначении наставников.docx',
    build: () => orderDocx(buildMentorsOrderModel(BLANK_SCHOOL, [], null)),
  },
  {
    title: 'Примерное положение о наставничестве в образовательной организации',
    type: 'regulation',
    description:
      'Составлено по Положению о муниципальной целевой модели наставничества. Оставьте формы наставничества, которые применяет школа.',
    status: 'published',
    fileName: 'Примерное положение о наставничестве.docx',
    build: () =>
      regulationDocx(
        buildRegulationModel(
          BLANK_SCHOOL,
          MENTORING_FORMS.map((code) => ({ code, label: MENTORING_FORM_LABELS[code] })),
          null,
        ),
      ),
  },
  {
    title: 'Форма согласия на обработку персональных данных участника наставничества',
    type: 'consent',
    description: 'За несовершеннолетнего наставляемого согласие даёт законный представитель.',
    status: 'published',
    fileName: 'Форма согласия.docx',
    build: consentForm,
  },
  {
    title: 'Образец приказа о внедрении целевой модели наставничества (редакция 2022 года)',
    type: 'implementation_order',
    description: 'Заменён новой редакцией муниципального положения.',
    status: 'withdrawn',
    fileName: 'Приказ о внедрении (2022).docx',
    build: implementationOrder,
  },
];

/** The demo library's rows, without their files (seedDemo's transaction has no file store). */
export async function seedDemoModelDocuments(
  trx: Transaction<Database>,
  municipalityId: number,
  coordinatorId: number,
): Promise<void> {
  await trx
    .insertInto('model_documents')
    .values(
      DEMO_MODELS.map((m) => ({
        municipality_id: municipalityId,
        title: m.title,
        type: m.type,
        description: m.description,
        status: m.status,
        created_by: coordinatorId,
      })),
    )
    .execute();
}

/**
 * The files of the demo library's models that have none yet, generated and stored (each with its
 * upload's audit line, by the portal itself); a second call finds nothing to do.
 */
export async function attachDemoModelFiles(db: Kysely<Database>, store: FileStore): Promise<number> {
  const rows = await db
    .selectFrom('model_documents')
    .select(['id', 'title', 'municipality_id'])
    .where('file_id', 'is', null)
    .where(
      'title',
      'in',
      DEMO_MODELS.map((m) => m.title),
    )
    .execute();
  for (const row of rows) {
    const model = DEMO_MODELS.find((m) => m.title === row.title);
    if (!model) continue;
    const upload = {
      organizationId: row.municipality_id,
      purpose: 'model_document' as const,
      fileName: model.fileName,
      data: await model.build(),
    };
    await storeUploadWith(db, store, null, upload, (trx, stored) =>
      trx.updateTable('model_documents').set({ file_id: stored.id }).where('id', '=', row.id).execute(),
    );
  }
  return rows.length;
}
