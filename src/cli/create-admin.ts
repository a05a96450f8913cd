import { parseArgs } from 'node:util';
import { issuePasswordToken, passwordLinkPath } from '../auth/password-tokens.js';
import { configFromEnvironment, openConfiguredDatabase } from '../bootstrap.js';
import { migrateToLatest } from '../db/migrate.js';

// The first administrator of a production portal (where no demo accounts exist):
//   npm run admin:create -- --login admin --name "Иванова Мария Петровна" --org "Энская область"
const { values } = parseArgs({
  options: { login: { type: 'string' }, name: { type: 'string' }, org: { type: 'string' } },
});
if (!values.login || !values.name || !values.org) {
  console.error(
    'Usage: npm run admin:create -- --login LOGIN --name "Фамилия Имя Отчество" --org "Наименование региона или муниципалитета"',
  );
  process.exit(2);
}
const config = configFromEnvironment();
const database = await openConfiguredDatabase(config);
try {
  await migrateToLatest(database.db);
  const link = await database.db.transaction().execute(async (trx) => {
    let org = await trx
      .selectFrom('organizations')
      .select('id')
      .where('short_name', '=', values.org!)
      .where('type', 'in', ['region', 'municipality', 'department', 'method_center'])
      .executeTakeFirst();
    if (!org) {
      org = await trx
        .insertInto('organizations')
        .values({ type: 'region', full_name: values.org!, short_name: values.org! })
        .returning('id')
        .executeTakeFirstOrThrow();
    }
    const user = await trx
      .insertInto('users')
      .values({ login: values.login!, full_name: values.name!, organization_id: org.id, role: 'admin' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('audit_log')
      .values({
        user_id: null,
        ip: null,
        action: 'create',
        entity_type: 'user',
        entity_id: String(user.id),
        organization_id: org.id,
        changed_fields: ['login', 'full_name', 'role', 'organization_id'],
      })
      .execute();
    return issuePasswordToken(trx, user.id, 'invite', null);
  });
  const base = config.publicUrl ?? `http://localhost:${config.port}`;
  console.log(`Administrator created. Set the password within 72 hours at: ${new URL(passwordLinkPath(link.token), base)}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
