import type { CurrentUser } from '../../auth/sessions.js';

/**
 * Agreement by the methodological centre (issue 17): a school's roadmap, programme or
 * document is sent by the school's curator to the centre, whose coordinator agrees it or
 * returns it with a comment. The object as the rules see it: its school and municipality.
 */
export interface CentreAgreementRef {
  organization_id: number;
  municipality_id: number | null;
}

/** The school's curator sends its object for agreement (the object's own rule says whether it may be sent at all). */
export function canSendForAgreement(user: CurrentUser, object: CentreAgreementRef): boolean {
  return user.role === 'curator' && user.organizationType === 'school' && object.organization_id === user.organizationId;
}

/** The coordinator of the object's municipality agrees it or returns it. */
export function canAnswerAgreement(user: CurrentUser, object: CentreAgreementRef): boolean {
  return user.role === 'coordinator' && user.municipalityId !== null && object.municipality_id === user.municipalityId;
}

/** Who reads an object's agreement (state, comments, history): its school and its municipality's roles. */
export function seesAgreement(user: CurrentUser, object: CentreAgreementRef): boolean {
  if (user.role === 'curator' || user.role === 'school_head') return object.organization_id === user.organizationId;
  if (user.role === 'coordinator' || user.role === 'department')
    return user.municipalityId !== null && object.municipality_id === user.municipalityId;
  return false;
}

/** The acts of an agreement that tell someone ('revoked': an agreed object's content changed). */
export type AgreementNotice = 'asked' | 'given' | 'returned' | 'revoked';

/**
 * Sent by the school, or its agreement taken back by a change: the coordinator(s) of its
 * municipality, who answer (and agree it again); agreed or returned: the curator(s) of the school,
 * who send it.
 */
export function receivesCentreAgreementNotice(user: CurrentUser, notice: AgreementNotice, object: CentreAgreementRef): boolean {
  return notice === 'asked' || notice === 'revoked' ? canAnswerAgreement(user, object) : canSendForAgreement(user, object);
}

/** Whoever answers the schools' sendings at all: the coordinator of a municipality (its home counts them). */
export function answersAgreements(user: CurrentUser): boolean {
  return user.role === 'coordinator' && user.municipalityId !== null;
}

/** Who reads the list of what waits for the centre's answer: the municipality's coordinator and department. */
export function readsAgreementQueue(user: CurrentUser): boolean {
  return (user.role === 'coordinator' || user.role === 'department') && user.municipalityId !== null;
}

/** The department of a municipality records its approving order for the objects its centre agreed. */
export function canRecordAgreementOrder(user: CurrentUser): boolean {
  return user.role === 'department' && user.municipalityId !== null;
}
