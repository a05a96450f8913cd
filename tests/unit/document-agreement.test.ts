import { describe, expect, it } from 'vitest';
import { SCHOOL_DOCUMENT_TYPES } from '../../src/db/types.js';
import { AGREEABLE_TYPES, agreementBlocker } from '../../src/modules/documents/service.js';

/** Which of a school's documents are sent to the methodological centre (issue 17, documents/service.ts). */
describe('a school’s document sent for agreement', () => {
  it('the orders, the Положение and the minutes; not consents, additional agreements or other documents', () => {
    expect(SCHOOL_DOCUMENT_TYPES.filter((t) => !AGREEABLE_TYPES.has(t))).toEqual(['mentor_agreement', 'consent', 'other']);
  });

  it('with its file, in force or a draft, not void', () => {
    expect(agreementBlocker({ type: 'regulation', status: 'active', file_id: 1 })).toBeNull();
    expect(agreementBlocker({ type: 'regulation', status: 'draft', file_id: 1 })).toBeNull();
    expect(agreementBlocker({ type: 'regulation', status: 'void', file_id: 1 })).toContain('утратил силу');
    expect(agreementBlocker({ type: 'regulation', status: 'active', file_id: null })).toContain('Приложите файл');
    expect(agreementBlocker({ type: 'consent', status: 'active', file_id: 1 })).toContain(
      'Документ «Согласие на обработку персональных данных (скан)» не отправляют на согласование',
    );
  });
});
