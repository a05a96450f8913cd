import type { Kysely } from 'kysely';

// Issue 14: an organisation's full name in the genitive and the prepositional, as printed documents
// need it («Подготовлена специалистами Муниципального казённого учреждения …», «в Заречном
// муниципальном округе»). The organisation form pre-fills them by a rule (src/lib/declension.ts)
// and a person corrects them; null (organisations saved before) reads as the rule's guess.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organizations')
    .addColumn('full_name_genitive', 'text')
    .addColumn('full_name_prepositional', 'text')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organizations').dropColumn('full_name_genitive').dropColumn('full_name_prepositional').execute();
}
