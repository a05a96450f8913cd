/**
 * Every kind of notification with its Russian texts (issue 16). A kind is what the list filters by
 * and what a person's settings (and the mailer) will later choose by; the texts are made here from
 * the event's particulars, so that a producer names only what happened.
 */

/** What a text is made of: the object's title (a campaign, a roadmap), the school, a comment. */
export interface NoticeParams {
  /** The campaign's or the roadmap's title. */
  subject: string;
  /** The school's short name, when the object is a school's. */
  school?: string;
  /** The coordinator's comment on a return; the approver's on a roadmap refused, the author's note on one sent. */
  comment?: string | null;
}

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
