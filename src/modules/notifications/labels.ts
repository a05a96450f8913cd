/**
 * Every kind of notification with its Russian texts (issue 16). A kind is what the list filters by
 * and what a person's settings (and the mailer) will later choose by; the texts are made here from
 * the event's particulars, so that a producer names only what happened.
 */

import { countOf, formatDate, plural } from '../../lib/ru.js';

/** What a text is made of: the object's title (a campaign, a roadmap), the school, a comment. */
export interface NoticeParams {
  /** The campaign's or the roadmap's title. */
  subject: string;
  /** The school's short name, when the object is a school's. */
  school?: string;
  /** The coordinator's comment on a return; the approver's on a roadmap refused, the author's note on one sent. */
  comment?: string | null;
  /** The day something is due by, or the day of a meeting: 'YYYY-MM-DD'. */
  date?: string;
  /** Days left before a deadline, or days without a meeting. */
  days?: number;
  /** How many schools (a campaign's late ones). */
  count?: number;
  /** A roadmap item's number («1.1») and its activity. */
  item?: { number: string | null; activity: string };
  /** Whose turn a school's monitoring report is: the curator fills and sends it, the head approves it. */
  turn?: 'fill' | 'approve';
  /** A municipal item's reminder to a school addressed: the school marks its own part (issue 17). */
  schoolPart?: boolean;
  /** The pair's mentor, as «Павлова Н. И.». */
  mentor?: string;
  /** Whether the pair has met at all: `date` is then its last meeting, else the day it started. */
  met?: boolean;
  /** Issue 17: the subject's grammatical gender when it is not feminine («Документ «…» согласован»). */
  gender?: 'm';
  /** Issue 18: the department's decision on a nomination. */
  decision?: 'supported' | 'refused';
  /** Issue 18: the awarding order, as «№ 15 от 01.12.2026». */
  order?: string;
}

/** The short participle agreeing with the subject: («отправлена», «отправлен»), («возвращена», «возвращён»). */
const agreeing = (p: NoticeParams, feminine: string, masculine: string) => (p.gender === 'm' ? masculine : feminine);
/** «её» or «его». */
const it = (p: NoticeParams) => (p.gender === 'm' ? 'его' : 'её');

/** What a reminder asks of a school addressed by a municipal item. */
const SCHOOL_PART_ASK = 'Ваша школа ещё не отметила свою часть: выполните её и отметьте статус и подтверждение.';
const dayOf = (date: string | undefined) => (date ? formatDate(date) : '');
const itemName = (p: NoticeParams) => (p.item?.number ? `${p.item.number} ` : '');
const lastMet = (p: NoticeParams) =>
  p.met === false ? `Встреч ещё не было с начала работы пары (${dayOf(p.date)}).` : `Последняя встреча — ${dayOf(p.date)}.`;
/** «До срока осталось 5 дней.», or «Срок — сегодня.» */
const timeLeft = (days: number | undefined) =>
  days === undefined || days <= 0
    ? 'Срок — сегодня.'
    : `До срока ${plural(days, ['остался', 'осталось', 'осталось'])} ${countOf(days, ['день', 'дня', 'дней'])}.`;
const daysText = (days: number | undefined) => countOf(days ?? 0, ['день', 'дня', 'дней']);

interface KindText {
  /** The kind in the list's filter. */
  label: string;
  title: (p: NoticeParams) => string;
  body: (p: NoticeParams) => string;
  /** Why the person is told, for mails: the words after «потому что». */
  reason: string;
}

export const NOTIFICATION_KINDS = {
  monitoring_sent: {
    label: 'Мониторинг: отчёт ждёт утверждения',
    title: (p) => `Отчёт по мониторингу «${p.subject}» ждёт вашего утверждения`,
    body: (p) =>
      `Куратор отправил отчёт${p.school ? ` (${p.school})` : ''}. Утвердите его, чтобы методический центр мог его принять.`,
    reason: 'вы утверждаете отчёты своей образовательной организации по мониторингу',
  },
  monitoring_approved: {
    label: 'Мониторинг: отчёт утверждён руководителем',
    title: (p) => `Отчёт по мониторингу «${p.subject}» утверждён руководителем${p.school ? `: ${p.school}` : ''}`,
    body: () => 'Отчёт ждёт приёма методическим центром.',
    reason: 'вы принимаете отчёты образовательных организаций по мониторингу',
  },
  monitoring_returned: {
    label: 'Мониторинг: отчёт возвращён на доработку',
    title: (p) => `Отчёт по мониторингу «${p.subject}» возвращён на доработку`,
    body: (p) => (p.comment ? `Комментарий методического центра: ${p.comment}` : 'Исправьте отчёт и отправьте его снова.'),
    reason: 'вы заполняете отчёт своей образовательной организации по мониторингу',
  },
  monitoring_accepted: {
    label: 'Мониторинг: отчёт принят',
    title: (p) => `Отчёт по мониторингу «${p.subject}» принят`,
    body: () => 'Методический центр принял отчёт; его показатели зафиксированы.',
    reason: 'вы отвечаете за отчёт своей образовательной организации по мониторингу',
  },
  roadmap_approval_needed: {
    label: 'Дорожная карта: нужно утвердить снова',
    title: (p) => `Дорожная карта «${p.subject}» ждёт утверждения`,
    body: () => 'В утверждённую дорожную карту внесены изменения, и утверждение снято. Проверьте изменения и утвердите её снова.',
    reason: 'вы утверждаете эту дорожную карту',
  },
  roadmap_approval_revoked: {
    label: 'Дорожная карта: утверждение отозвано',
    title: (p) => `Утверждение дорожной карты «${p.subject}» отозвано`,
    body: () => 'Утвердивший отозвал утверждение; дорожная карта снова ждёт утверждения.',
    reason: 'вы ведёте эту дорожную карту',
  },
  roadmap_approved: {
    label: 'Дорожная карта: утверждена',
    title: (p) => `Дорожная карта «${p.subject}» утверждена`,
    body: () => 'Мероприятия дорожной карты можно выполнять и отмечать.',
    reason: 'вы ведёте эту дорожную карту',
  },
  roadmap_approval_asked: {
    label: 'Дорожная карта: отправлена на утверждение',
    title: (p) => `Дорожная карта «${p.subject}» отправлена вам на утверждение`,
    body: (p) =>
      `Утвердите дорожную карту или верните её на доработку с комментарием.${p.comment ? ` Примечание к отправке: ${p.comment}` : ''}`,
    reason: 'вы утверждаете эту дорожную карту',
  },
  roadmap_approval_refused: {
    label: 'Дорожная карта: возвращена на доработку',
    title: (p) => `Дорожная карта «${p.subject}» возвращена на доработку`,
    body: (p) =>
      `Доработайте дорожную карту и отправьте её на утверждение снова.${p.comment ? ` Комментарий утверждающего: ${p.comment}` : ''}`,
    reason: 'вы ведёте эту дорожную карту',
  },
  // Issue 17: the coordinator addressed a municipal item to chosen schools (roadmaps/school-parts.ts).
  roadmap_item_addressed: {
    label: 'Дорожная карта: пункт муниципальной дорожной карты адресован школе',
    title: (p) => `Пункт ${itemName(p)}муниципальной дорожной карты адресован вашей школе`,
    body: (p) =>
      `${p.item ? `«${p.item.activity}». ` : ''}Отметьте часть школы: статус и подтверждение. Пункт в целом закроет методический центр.`,
    reason: 'вы куратор школы, которой адресован пункт',
  },
  // Reminders and the remaining events (issue 16; notifications/reminders.ts).
  monitoring_opened: {
    label: 'Мониторинг: открыт приём отчётов',
    title: (p) => `Открыт мониторинг «${p.subject}»`,
    body: (p) =>
      `Заполните отчёт${p.school ? ` (${p.school})` : ''} и отправьте его руководителю на утверждение до ${dayOf(p.date)}.`,
    reason: 'вы отвечаете за отчёт своей образовательной организации по мониторингу',
  },
  monitoring_due: {
    label: 'Мониторинг: приближается срок сдачи',
    title: (p) => `Срок сдачи отчёта по мониторингу «${p.subject}» — ${dayOf(p.date)}`,
    body: (p) =>
      `${timeLeft(p.days)} ${
        p.turn === 'approve'
          ? 'Отчёт отправлен куратором и ждёт вашего утверждения.'
          : 'Отчёт ещё не отправлен: заполните его и отправьте руководителю на утверждение.'
      }`,
    reason: 'следующий шаг по отчёту вашей образовательной организации по мониторингу за вами',
  },
  monitoring_overdue: {
    label: 'Мониторинг: срок сдачи истёк',
    title: (p) => `Истёк срок сдачи отчёта по мониторингу «${p.subject}»`,
    body: (p) =>
      `Срок был ${dayOf(p.date)}, а отчёт${p.school ? ` (${p.school})` : ''} ещё не утверждён руководителем. Завершите его как можно скорее.`,
    reason: 'вы отвечаете за отчёт своей образовательной организации по мониторингу',
  },
  monitoring_schools_late: {
    label: 'Мониторинг: школы не сдали отчёты в срок',
    title: (p) =>
      `«${p.subject}»: ${countOf(p.count ?? 0, ['школа', 'школы', 'школ'])} не ${plural(p.count ?? 0, [
        'сдала отчёт',
        'сдали отчёты',
        'сдали отчёты',
      ])} в срок`,
    body: (p) => `Срок сдачи был ${dayOf(p.date)}. На странице мониторинга видно, чьи отчёты ещё не утверждены.`,
    reason: 'вы принимаете отчёты образовательных организаций по мониторингу',
  },
  roadmap_item_due: {
    label: 'Дорожная карта: приближается срок мероприятия',
    title: (p) => `Срок мероприятия ${itemName(p)}дорожной карты «${p.subject}» — ${dayOf(p.date)}`,
    body: (p) =>
      `«${p.item?.activity ?? ''}». ${timeLeft(p.days)} ${p.schoolPart ? SCHOOL_PART_ASK : 'Когда мероприятие будет выполнено, отметьте это в дорожной карте.'}`,
    reason: 'вы отвечаете за это мероприятие дорожной карты или за часть школы в нём',
  },
  roadmap_item_overdue: {
    label: 'Дорожная карта: мероприятие просрочено',
    title: (p) => `Просрочено мероприятие ${itemName(p)}дорожной карты «${p.subject}»`,
    body: (p) =>
      `«${p.item?.activity ?? ''}». Срок был ${dayOf(p.date)}. ${p.schoolPart ? SCHOOL_PART_ASK : 'Выполните мероприятие и отметьте это в дорожной карте.'}`,
    reason: 'вы отвечаете за это мероприятие дорожной карты или за часть школы в нём',
  },
  pair_quiet_mentor: {
    label: 'Пара: давно нет встреч',
    title: (p) => `В вашей паре нет встреч ${daysText(p.days)}`,
    body: (p) => `Программа «${p.subject}». ${lastMet(p)} Проведите встречу и отметьте её на странице пары.`,
    reason: 'вы наставник этой пары',
  },
  pair_quiet_curator: {
    label: 'Пара: нет встреч больше месяца',
    title: (p) => `В паре наставника ${p.mentor ?? ''} нет встреч ${daysText(p.days)}`,
    body: (p) => `Программа «${p.subject}». ${lastMet(p)} Узнайте у наставника, что мешает работе пары.`,
    reason: 'вы куратор наставничества в образовательной организации этой пары',
  },
  meeting_feedback_waiting: {
    label: 'Встреча: ждёт вашего отзыва',
    title: (p) => `Встреча ${dayOf(p.date)} ждёт вашего отзыва`,
    body: () => 'Откройте страницу пары и расскажите, как прошла встреча: ваш отзыв поможет наставнику.',
    reason: 'вы участник этой пары',
  },
  programme_returned: {
    label: 'Программа: возвращена на доработку',
    title: (p) => `Программа «${p.subject}» возвращена на доработку`,
    body: (p) =>
      p.comment
        ? `Комментарий методического центра: ${p.comment}`
        : 'Методический центр не принял программу в банк. Доработайте её и предложите снова.',
    reason: 'вы ведёте программы наставничества своей образовательной организации',
  },
  programme_accepted: {
    label: 'Программа: принята в банк',
    title: (p) => `Программа «${p.subject}» принята в банк эффективных программ`,
    body: () => 'Теперь её видят и могут взять за основу другие школы муниципалитета.',
    reason: 'вы ведёте программы наставничества своей образовательной организации',
  },
  agreement_created: {
    label: 'Соглашение: внесено методическим центром',
    title: (p) => `Методический центр внёс соглашение школы с ${p.subject}`,
    body: () =>
      'Проверьте номер, срок и предмет соглашения. Пока оно действует, наставники этой организации предлагаются школе как наставники её партнёра.',
    reason: 'вы куратор наставничества в образовательной организации, заключившей соглашение',
  },
  mentor_paired_elsewhere: {
    label: 'Наставник школы: пара в другой школе',
    title: (p) => `Наставник ${p.subject} закреплён за наставляемым другой школы: ${p.school ?? ''}`,
    body: () =>
      'Пара относится к школе наставляемого; в карточке наставника она указана в разделе «Работает также в». Свободные места наставника считаются по всем школам.',
    reason: 'вы куратор или руководитель школы, в базе которой состоит наставник',
  },
  // Issue 17: agreement by the methodological centre. The subject names the object: «Дорожная карта «…»».
  centre_agreement_asked: {
    label: 'Согласование: отправлено в методический центр',
    title: (p) => `${p.subject} ${agreeing(p, 'отправлена', 'отправлен')} на согласование${p.school ? `: ${p.school}` : ''}`,
    body: (p) =>
      `Согласуйте ${it(p)} или верните на доработку с комментарием.${p.comment ? ` Примечание школы: ${p.comment}` : ''}`,
    reason: 'вы согласуете документы школ муниципалитета',
  },
  centre_agreement_given: {
    label: 'Согласование: согласовано методическим центром',
    title: (p) => `${p.subject} ${agreeing(p, 'согласована', 'согласован')} методическим центром`,
    body: (p) =>
      p.comment ? `Комментарий методического центра: ${p.comment}` : `Методический центр согласовал ${it(p)} без замечаний.`,
    reason: 'вы куратор школы и отправляете её документы на согласование',
  },
  centre_agreement_returned: {
    label: 'Согласование: возвращено на доработку',
    title: (p) => `${p.subject} ${agreeing(p, 'возвращена', 'возвращён')} методическим центром на доработку`,
    body: (p) =>
      `${p.comment ? `Комментарий методического центра: ${p.comment} ` : ''}Доработайте и отправьте на согласование снова.`,
    reason: 'вы куратор школы и отправляете её документы на согласование',
  },
  centre_agreement_revoked: {
    label: 'Согласование: снято после изменения',
    title: (p) => `${p.subject} ${agreeing(p, 'изменена', 'изменён')} после согласования${p.school ? `: ${p.school}` : ''}`,
    body: (p) =>
      `Согласование методического центра снято: школа изменила содержание. Когда школа отправит ${it(p)} снова, согласуйте заново.`,
    reason: 'вы согласуете документы школ муниципалитета',
  },
  // Issue 18: events.
  event_registration_opened: {
    label: 'Мероприятия: открыта регистрация',
    title: (p) => `Открыта регистрация на мероприятие «${p.subject}»`,
    body: (p) => `Мероприятие начнётся ${dayOf(p.date)}. Зарегистрируйтесь на его странице, если примете участие.`,
    reason: 'вы входите в число участников, для которых проводится мероприятие',
  },
  // Issue 18, recognition: a nomination's way to an award (modules/recognition/service.ts).
  award_nominated: {
    label: 'Поощрения: наставник выдвинут к награждению',
    title: (p) => `Выдвижение к награждению${p.school ? `: ${p.school}` : ''}`,
    body: (p) =>
      `Наставник: ${p.mentor ?? ''}. Предложено: ${p.subject}. Включите выдвижение в муниципальный список или отклоните его с комментарием.`,
    reason: 'вы составляете муниципальный список к награждению',
  },
  award_list_sent: {
    label: 'Поощрения: список к награждению передан в управление образования',
    title: (p) =>
      `Методический центр передал список к награждению: ${countOf(p.count ?? 0, ['выдвижение', 'выдвижения', 'выдвижений'])}`,
    body: () =>
      'Рассмотрите каждое выдвижение: поддержите его или откажите с комментарием, затем внесите номер и дату приказа о награждении.',
    reason: 'вы принимаете решения о награждении наставников муниципалитета',
  },
  award_decided: {
    label: 'Поощрения: решение управления образования по выдвижению',
    title: (p) =>
      p.decision === 'refused'
        ? 'Управление образования отказало в награждении по выдвижению'
        : 'Выдвижение к награждению поддержано управлением образования',
    body: (p) =>
      `Наставник: ${p.mentor ?? ''}. Предложено: ${p.subject}.${p.comment ? ` Комментарий управления образования: ${p.comment}` : ''}${
        p.decision === 'refused' ? '' : ' Награда будет оформлена приказом управления образования.'
      }`,
    reason: 'вы руководитель или куратор школы, наставник которой выдвинут к награждению',
  },
  award_granted: {
    label: 'Поощрения: награда по приказу управления образования',
    title: (p) => `Награда по приказу управления образования: ${p.subject}`,
    body: (p) => `Наставник: ${p.mentor ?? ''}. Приказ ${p.order ?? ''}. Награда внесена в карточку наставника.`,
    reason: 'вы награждены или руководите наставничеством в школе награждённого наставника',
  },
  // Issue 19, the bank of best practices (modules/practices/service.ts).
  practice_submitted: {
    label: 'Практики: практика направлена на рассмотрение',
    title: (p) => `Практика «${p.subject}» направлена на рассмотрение${p.school ? `: ${p.school}` : ''}`,
    body: () => 'Рассмотрите практику: примите её в муниципальный реестр или верните школе с комментарием.',
    reason: 'вы рассматриваете практики школ муниципалитета',
  },
  practice_returned: {
    label: 'Практики: практика возвращена на доработку',
    title: (p) => `Практика «${p.subject}» возвращена на доработку`,
    body: (p) =>
      `${p.comment ? `Комментарий методического центра: ${p.comment} ` : ''}Исправьте описание и направьте практику на рассмотрение снова.`,
    reason: 'вы куратор школы, подготовившей практику',
  },
  practice_accepted: {
    label: 'Практики: практика принята в муниципальный реестр',
    title: (p) => `Практика «${p.subject}» принята в муниципальный реестр`,
    body: () => 'Методический центр принял практику в муниципальный реестр лучших практик наставничества.',
    reason: 'вы куратор школы, подготовившей практику',
  },
  practice_published: {
    label: 'Практики: практика опубликована',
    title: (p) => `Практика «${p.subject}» опубликована`,
    body: () => 'Методический центр опубликовал практику: её видят наставники муниципалитета и посетители открытых страниц.',
    reason: 'вы куратор школы, подготовившей практику',
  },
} satisfies Record<string, KindText>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export const NOTIFICATION_KIND_LIST = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

export function isNotificationKind(value: string): value is NotificationKind {
  return Object.hasOwn(NOTIFICATION_KINDS, value);
}

/** The kind's label, or the kind itself for a kind no longer in the catalogue. */
export function kindLabel(kind: string): string {
  return isNotificationKind(kind) ? NOTIFICATION_KINDS[kind].label : kind;
}
