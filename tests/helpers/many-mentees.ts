import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/types.js';

const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров'];
const NAMES = ['Иван', 'Пётр', 'Алексей', 'Дмитрий', 'Сергей', 'Андрей', 'Михаил', 'Никита', 'Артём', 'Кирилл', 'Максим'];
const PATRONYMICS = ['Иванович', 'Петрович', 'Олегович', 'Николаевич', 'Викторович', 'Юрьевич', 'Павлович'];

/** The i-th generated name: 770 distinct ones, each with a number so that every mentee is told apart. */
export function generatedName(i: number): { last_name: string; first_name: string; middle_name: string } {
  return {
    last_name: `${SURNAMES[i % SURNAMES.length]}-${i}`,
    first_name: NAMES[Math.floor(i / SURNAMES.length) % NAMES.length]!,
    middle_name: PATRONYMICS[Math.floor(i / (SURNAMES.length * NAMES.length)) % PATRONYMICS.length]!,
  };
}

/**
 * `count` student mentees of a school, as an import of the school's register leaves them: classes
 * 5А…11Г, consent recorded; inserted in batches (a few seconds for 5 000 on the embedded database).
 */
export async function insertManyMentees(db: Kysely<Database>, schoolId: number, count: number): Promise<void> {
  for (let start = 0; start < count; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      rows.push({
        organization_id: schoolId,
        ...generatedName(i),
        category: 'student' as const,
        class_name: `${5 + (i % 7)}${'АБВГ'[i % 4]}`,
        birth_date: '2012-03-01',
        consent_date: '2026-09-01',
      });
    }
    await db.insertInto('mentees').values(rows).execute();
  }
}
