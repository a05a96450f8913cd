import type { Kysely } from 'kysely';
import { hashPassword } from '../src/auth/passwords.js';
import type { Database, NewOrganization, Role } from '../src/db/types.js';
import { innWithCheckDigit } from '../src/lib/inn.js';
import type { FileStore } from '../src/lib/uploads.js';
import { todayIso } from '../src/modules/people/rules.js';
import { nameFormsToSave } from '../src/modules/organizations/service.js';
import { seedDemoAgreementFiles } from './agreement-files.js';
import { seedDemoPracticePictures } from './practice-pictures.js';
import { seedDemoAgreements } from './agreements.js';
import { seedDemoImpact } from './impact.js';
import { seedDemoIndicators } from './indicators.js';
import { seedDemoMonitoring } from './monitoring.js';
import { seedDemoDocuments } from './documents.js';
import { seedDemoModelDocuments } from './model-documents.js';
import { seedDemoResourceCentres } from './resource-centres.js';
import { seedDemoEvents } from './events.js';
import { seedDemoMail } from './mail.js';
import { seedDemoNotifications } from './notifications.js';
import { seedDemoPairs } from './pairs.js';
import { seedDemoPeople } from './people.js';
import { seedDemoPractices } from './practices.js';
import { seedDemoPublicPages } from './public-pages.js';
import { seedDemoRecognition } from './recognition.js';
import { seedDemoSchoolParts } from './roadmap-school-parts.js';
import { seedDemoSharedMentors } from './shared-mentors.js';
import { seedDemoRoadmaps } from './roadmaps.js';
import { seedDemoSurveys } from './surveys.js';

/**
 * The demo municipality: fictional organisations and people, modelled on the documents in
 * shared/domain. Idempotent: does nothing when the demo municipality already exists.
 * Never run in production unless asked (SEED_DEMO=true or `npm run seed`).
 */

export const DEMO_PASSWORD = 'demo-nastavnik';
export const DEMO_MUNICIPALITY = 'Заречный муниципальный округ';

type OrgSeed = Omit<NewOrganization, 'parent_id' | 'municipality_id'>;

const REGION: OrgSeed = {
  type: 'region',
  full_name: 'Министерство образования Энской области',
  full_name_genitive: 'Министерства образования Энской области',
  full_name_prepositional: 'Министерстве образования Энской области',
  short_name: 'Энская область',
};

const MUNICIPALITY: OrgSeed = {
  type: 'municipality',
  full_name: 'Заречный муниципальный округ Энской области',
  full_name_genitive: 'Заречного муниципального округа Энской области',
  full_name_prepositional: 'Заречном муниципальном округе Энской области',
  short_name: DEMO_MUNICIPALITY,
  address: '427000, Энская область, г. Заречный, ул. Советская, д. 10',
  // Its «today» (migration 0010): Moscow's, the zone the browser tests' own dates are computed in.
  time_zone: 'Europe/Moscow',
};

const MUNICIPAL_BODIES: OrgSeed[] = [
  {
    type: 'department',
    full_name: 'Управление образования Администрации Заречного муниципального округа',
    full_name_genitive: 'Управления образования Администрации Заречного муниципального округа',
    full_name_prepositional: 'Управлении образования Администрации Заречного муниципального округа',
    short_name: 'Управление образования',
    inn: innWithCheckDigit('183700101'),
    address: '427000, Энская область, г. Заречный, ул. Советская, д. 10',
    head_name: 'Лебедева Ирина Александровна',
    head_position: 'Начальник управления образования',
    phone: '+7 (34100) 2-10-01',
    email: 'uo@zarechny.example.ru',
  },
  {
    type: 'method_center',
    full_name: 'Муниципальное казённое учреждение «Информационно-методический центр образовательных учреждений»',
    full_name_genitive: 'Муниципального казённого учреждения «Информационно-методический центр образовательных учреждений»',
    full_name_prepositional: 'Муниципальном казённом учреждении «Информационно-методический центр образовательных учреждений»',
    short_name: 'МКУ «ИМЦОУ»',
    inn: innWithCheckDigit('183700102'),
    address: '427000, Энская область, г. Заречный, ул. Школьная, д. 3',
    head_name: 'Соколова Марина Юрьевна',
    head_position: 'Директор',
    phone: '+7 (34100) 2-15-40',
    email: 'imcou@zarechny.example.ru',
  },
];

const SCHOOLS: OrgSeed[] = [
  [
    'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»',
    'МБОУ «СОШ № 1»',
    'general',
    true,
    'Орлов Денис Викторович',
  ],
  [
    'Муниципальное бюджетное общеобразовательное учреждение «Лицей № 2»',
    'МБОУ «Лицей № 2»',
    'general',
    false,
    'Фёдорова Анна Михайловна',
  ],
  [
    'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 3»',
    'МБОУ «СОШ № 3»',
    'general',
    false,
    'Никитин Сергей Павлович',
  ],
  [
    'Муниципальное бюджетное общеобразовательное учреждение «Гимназия № 4»',
    'МБОУ «Гимназия № 4»',
    'general',
    false,
    'Зайцева Людмила Петровна',
  ],
  [
    'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа с. Берёзовка»',
    'МБОУ «СОШ с. Берёзовка»',
    'general',
    false,
    'Григорьев Олег Иванович',
  ],
  [
    'Муниципальное бюджетное общеобразовательное учреждение «Основная общеобразовательная школа д. Луговая»',
    'МБОУ «ООШ д. Луговая»',
    'general',
    false,
    'Тарасова Вера Николаевна',
  ],
  [
    'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7»',
    'МБОУ «СОШ № 7»',
    'general',
    false,
    'Белова Светлана Андреевна',
  ],
  [
    'Муниципальное бюджетное учреждение дополнительного образования «Дом детского творчества»',
    'МБУ ДО «ДДТ»',
    'additional',
    false,
    'Комарова Юлия Сергеевна',
  ],
].map(([full, short, kind, rc, head], i) => ({
  type: 'school' as const,
  full_name: full as string,
  short_name: short as string,
  school_kind: kind as 'general' | 'additional',
  is_resource_center: rc as boolean,
  inn: innWithCheckDigit(`18370020${i + 1}`),
  address: `427000, Энская область, г. Заречный, ул. Ленина, д. ${10 + i * 2}`,
  head_name: head as string,
  head_position: 'Директор',
  phone: `+7 (34100) 3-0${i + 1}-00`,
  email: `school${i + 1}@zarechny.example.ru`,
}));

const PARTNERS: OrgSeed[] = [
  ['Общество с ограниченной ответственностью «Заречный механический завод»', 'ООО «Заречный механический завод»', 'enterprise'],
  [
    'Государственное автономное профессиональное образовательное учреждение Энской области «Заречный политехнический колледж»',
    'ГАПОУ «Заречный политехнический колледж»',
    'college',
  ],
  [
    'Филиал федерального государственного бюджетного образовательного учреждения высшего образования «Энский государственный университет» в г. Заречном',
    'Филиал ЭГУ в г. Заречном',
    'university',
  ],
  ['Муниципальное бюджетное учреждение культуры «Центр культуры и досуга»', 'МБУК «ЦКД»', 'culture'],
].map(([full, short, kind], i) => ({
  type: 'partner' as const,
  full_name: full as string,
  short_name: short as string,
  partner_kind: kind as 'enterprise' | 'college' | 'university' | 'culture',
  inn: innWithCheckDigit(`18370030${i + 1}`),
  address: `427000, Энская область, г. Заречный, ул. Заводская, д. ${i + 1}`,
}));

interface UserSeed {
  login: string;
  full_name: string;
  position: string;
  role: Role;
  /** Which demo organisation: 'region', 'department', 'method_center' or a school's short name. */
  org: string;
}

/** The demo school where head, curator, mentor and mentee work together. */
export const DEMO_SCHOOL = 'МБОУ «СОШ № 1»';

const USERS: UserSeed[] = [
  { login: 'admin', full_name: 'Ершов Павел Геннадьевич', position: 'Администратор портала', role: 'admin', org: 'region' },
  {
    login: 'department',
    full_name: 'Смирнова Елена Викторовна',
    position: 'Главный специалист управления образования',
    role: 'department',
    org: 'department',
  },
  {
    login: 'coordinator',
    full_name: 'Кузнецова Ольга Павловна',
    position: 'Методист, муниципальный координатор наставничества',
    role: 'coordinator',
    org: 'method_center',
  },
  { login: 'head', full_name: 'Орлов Денис Викторович', position: 'Директор', role: 'school_head', org: DEMO_SCHOOL },
  {
    login: 'curator',
    full_name: 'Васильева Татьяна Сергеевна',
    position: 'Заместитель директора по УВР, куратор наставничества',
    role: 'curator',
    org: DEMO_SCHOOL,
  },
  { login: 'mentor', full_name: 'Павлова Наталья Игоревна', position: 'Учитель математики', role: 'mentor', org: DEMO_SCHOOL },
  {
    login: 'mentee',
    full_name: 'Белов Кирилл Андреевич',
    position: 'Учитель информатики (молодой специалист)',
    role: 'mentee',
    org: DEMO_SCHOOL,
  },
  {
    login: 'curator.lyceum2',
    full_name: 'Андреева Марина Олеговна',
    position: 'Заместитель директора по УВР',
    role: 'curator',
    org: 'МБОУ «Лицей № 2»',
  },
  {
    login: 'region',
    full_name: 'Фомина Светлана Александровна',
    position: 'Консультант регионального центра наставничества',
    role: 'region',
    org: 'region',
  },
];

/**
 * Creates the demo municipality; returns false when it is already there. With `files` (the portal's
 * file store), the demo's stored documents are written too (the agreements' scans).
 */
export async function seedDemo(db: Kysely<Database>, options: { files?: FileStore } = {}): Promise<boolean> {
  const existing = await db
    .selectFrom('organizations')
    .select('id')
    .where('type', '=', 'municipality')
    .where('short_name', '=', DEMO_MUNICIPALITY)
    .executeTakeFirst();
  if (existing) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await db.transaction().execute(async (trx) => {
    const ids = new Map<string, number>();
    const insert = async (org: OrgSeed, parentId: number | null, municipalityId: number | null) => {
      const row = await trx
        .insertInto('organizations')
        // Schools' and partners' names follow the rule the organisation form pre-fills with (checked: all read right).
        .values({
          ...nameFormsToSave({ full_name_genitive: null, full_name_prepositional: null, ...org }),
          ...org,
          parent_id: parentId,
          municipality_id: municipalityId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    };
    let regionId = (
      await trx
        .selectFrom('organizations')
        .select('id')
        .where('type', '=', 'region')
        .where('short_name', '=', REGION.short_name)
        .executeTakeFirst()
    )?.id;
    regionId ??= await insert(REGION, null, null);
    ids.set('region', regionId);
    const municipalityId = await insert(MUNICIPALITY, regionId, null);
    await trx.updateTable('organizations').set({ municipality_id: municipalityId }).where('id', '=', municipalityId).execute();
    for (const org of [...MUNICIPAL_BODIES, ...SCHOOLS, ...PARTNERS]) {
      const id = await insert(org, municipalityId, municipalityId);
      ids.set(org.type === 'department' || org.type === 'method_center' ? org.type : org.short_name, id);
    }
    const now = new Date();
    for (const user of USERS) {
      const organizationId = ids.get(user.org);
      if (organizationId === undefined) throw new Error(`demo seed: unknown organisation ${user.org}`);
      // Logins are unique portal-wide: an existing account (say, a real admin) is left alone.
      const taken = await trx.selectFrom('users').select('id').where('login', '=', user.login).executeTakeFirst();
      if (taken) continue;
      await trx
        .insertInto('users')
        .values({
          login: user.login,
          full_name: user.full_name,
          position: user.position,
          role: user.role,
          organization_id: organizationId,
          password_hash: passwordHash,
          password_changed_at: now,
        })
        .execute();
    }
    // The bases of mentors and mentees; the demo school (DEMO_SCHOOL) comes first.
    const idOf = (name: string) => ids.get(name)!;
    await seedDemoPeople(
      trx,
      municipalityId,
      SCHOOLS.map((s) => idOf(s.short_name)),
      PARTNERS.map((p) => idOf(p.short_name)),
      todayIso(),
    );
    await seedDemoRoadmaps(trx, municipalityId, todayIso());
    // The schools' parts of the municipal roadmap's items addressed to them (issue 17).
    await seedDemoSchoolParts(trx, municipalityId, idOf(DEMO_SCHOOL), todayIso());
    // Programmes, pairs and meetings; the demo accounts `mentor` and `mentee` are linked to their records.
    const schoolIds = SCHOOLS.map((s) => idOf(s.short_name));
    const curators = await trx
      .selectFrom('users')
      .select(['id', 'organization_id'])
      .where('role', '=', 'curator')
      .where('organization_id', 'in', schoolIds)
      .execute();
    const account = async (login: string) =>
      (await trx.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow()).id;
    await seedDemoPairs(
      trx,
      schoolIds,
      new Map(curators.map((c) => [c.organization_id, c.id])),
      { mentor: await account('mentor'), mentee: await account('mentee') },
      todayIso(),
    );
    // Agreements of the demo school with partners, a college and a school (issue 17): its partners in the proposals.
    await seedDemoAgreements(trx, ids, DEMO_SCHOOL, await account('curator'), todayIso());
    // The resource centre and the mentor school, their direction and the schools they serve (issue 17).
    await seedDemoResourceCentres(trx, ids, await account('coordinator'));
    // A partner's mentor opened to the municipality, with pairs in the demo school and the lyceum (issue 17).
    await seedDemoSharedMentors(
      trx,
      {
        homeSchool: idOf(DEMO_SCHOOL),
        otherSchool: idOf('МБОУ «Лицей № 2»'),
        coordinator: await account('coordinator'),
      },
      new Map(curators.map((c) => [c.organization_id, c.id])),
      todayIso(),
    );
    // Questionnaires and surveys: last year's monitoring answered, this year's waiting for the demo accounts.
    await seedDemoSurveys(trx, municipalityId, schoolIds, todayIso());
    // Indicators with the documents' targets, the contingent behind them, values entered by hand.
    await seedDemoIndicators(trx, municipalityId, schoolIds, idOf(DEMO_SCHOOL), todayIso());
    // Monitoring: last year's campaign accepted everywhere, this year's with a submission in every state.
    await seedDemoMonitoring(trx, municipalityId, schoolIds, todayIso());
    // Notifications of the acts above, by the portal's own producers: the old ones read, the recent ones not.
    await seedDemoNotifications(trx, municipalityId);
    // E-mail addresses, confirmed and not, and the mail settings of a few demo accounts.
    await seedDemoMail(trx);
    // The register of the schools' documents and the required package (issue 17).
    await seedDemoDocuments(trx, municipalityId, schoolIds, await account('mentor'), {
      curator: await account('curator'),
      coordinator: await account('coordinator'),
      today: todayIso(),
    });
    // The library of model documents (issue 17); their files: attachDemoModelFiles (seeds/model-documents.ts).
    await seedDemoModelDocuments(trx, municipalityId, await account('coordinator'));
    // Events (issue 18): last year's seminar and contest with their results, this year's plan, a school's event.
    await seedDemoEvents(
      trx,
      municipalityId,
      idOf(DEMO_SCHOOL),
      { coordinator: await account('coordinator'), curator: await account('curator'), mentor: await account('mentor') },
      todayIso(),
    );
    // Recognition (issue 18): last year's awarding order, a nomination waiting for the department, a best mentor.
    await seedDemoRecognition(
      trx,
      municipalityId,
      schoolIds,
      {
        head: await account('head'),
        coordinator: await account('coordinator'),
        department: await account('department'),
        mentor: await account('mentor'),
      },
      todayIso(),
    );
    // Impact (issue 18): the demo school's programmes take a diagnostic, answered before and after; a few outcomes.
    await seedDemoImpact(trx, municipalityId, idOf(DEMO_SCHOOL), {
      curator: await account('curator'),
      mentor: await account('mentor'),
    });
    // The bank of best practices (issue 19): published practices of three schools, one waiting, one returned, one draft.
    await seedDemoPractices(
      trx,
      municipalityId,
      schoolIds,
      { curator: await account('curator'), mentor: await account('mentor') },
      todayIso(),
    );
    // Public pages (issue 19): news, the events and documents shown to anyone, the best mentor's consent.
    await seedDemoPublicPages(
      trx,
      municipalityId,
      idOf(DEMO_SCHOOL),
      { coordinator: await account('coordinator'), curator: await account('curator') },
      todayIso(),
    );
  });
  if (options.files) await seedDemoAgreementFiles(db, options.files);
  if (options.files) await seedDemoPracticePictures(db, options.files);
  return true;
}
