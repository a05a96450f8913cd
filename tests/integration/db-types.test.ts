import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/**
 * src/db/types.ts is written by hand next to the migrations; this test holds the two together: every
 * table of the migrated schema is in `Database`, with exactly its columns, and a column may hold
 * null in the types exactly when it may in the schema. A migration without its types (or types
 * without their migration) fails here, naming the table and the column.
 */

const TYPES_FILE = path.resolve(import.meta.dirname, '../../src/db/types.ts');

interface DeclaredColumn {
  name: string;
  /** null when the type makes no claim (`unknown`: a jsonb or a date kept as text). */
  nullable: boolean | null;
}

/** Table name → its columns as `interface Database` and the table interfaces declare them. */
function declaredTables(): Map<string, DeclaredColumn[]> {
  const source = ts.createSourceFile(TYPES_FILE, readFileSync(TYPES_FILE, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const aliases = new Map<string, ts.TypeNode>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
    if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, node.type);
  });
  const database = interfaces.get('Database');
  if (!database) throw new Error('src/db/types.ts has no interface Database');
  const tables = new Map<string, DeclaredColumn[]>();
  for (const member of database.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const table = member.name.getText(source);
    const typeName = member.type.getText(source);
    const declaration = interfaces.get(typeName);
    if (!declaration) throw new Error(`Database.${table}: interface ${typeName} not found in src/db/types.ts`);
    const columns: DeclaredColumn[] = [];
    const collect = (node: ts.InterfaceDeclaration) => {
      for (const heritage of node.heritageClauses ?? []) {
        for (const parent of heritage.types) {
          const base = interfaces.get(parent.expression.getText(source));
          if (base) collect(base);
        }
      }
      for (const column of node.members) {
        if (!ts.isPropertySignature(column) || !column.type) continue;
        const read = selectType(column.type, source, aliases);
        columns.push({ name: column.name.getText(source), nullable: read === 'unknown' ? null : /\bnull\b/.test(read) });
      }
    };
    collect(declaration);
    tables.set(table, columns);
  }
  return tables;
}

/**
 * The type a column is read as: the first argument of ColumnType<…>, Generated<…>, through the
 * file's own type aliases (`type NullableNumeric = ColumnType<string | null, …>`), or the type itself.
 */
function selectType(type: ts.TypeNode, source: ts.SourceFile, aliases: Map<string, ts.TypeNode>): string {
  if (ts.isTypeReferenceNode(type)) {
    const name = type.typeName.getText(source);
    if (['ColumnType', 'Generated', 'GeneratedAlways'].includes(name) && type.typeArguments?.[0])
      return selectType(type.typeArguments[0], source, aliases);
    const alias = aliases.get(name);
    if (alias) return selectType(alias, source, aliases);
  }
  return type.getText(source);
}

describe('the database types (src/db/types.ts) and the migrated schema', () => {
  let database: TestDatabase;
  let schema: Map<string, DeclaredColumn[]>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const rows = await sql<{ table_name: string; column_name: string; is_nullable: string }>`
      select table_name, column_name, is_nullable from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely\\_%'
      order by table_name, ordinal_position`.execute(database.db);
    schema = new Map();
    for (const row of rows.rows) {
      const columns = schema.get(row.table_name) ?? [];
      columns.push({ name: row.column_name, nullable: row.is_nullable === 'YES' });
      schema.set(row.table_name, columns);
    }
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('declare every table of the schema, and no other', () => {
    expect([...declaredTables().keys()].sort()).toEqual([...schema.keys()].sort());
  });

  it('declare each table’s columns, each nullable exactly when the schema says so', () => {
    const declared = declaredTables();
    const differences: string[] = [];
    for (const [table, columns] of schema) {
      const own = new Map((declared.get(table) ?? []).map((c) => [c.name, c]));
      for (const column of columns) {
        const mine = own.get(column.name);
        if (!mine) differences.push(`${table}.${column.name}: in the schema, not in the types`);
        else if (mine.nullable !== null && mine.nullable !== column.nullable) {
          differences.push(
            `${table}.${column.name}: ${column.nullable ? 'nullable' : 'not null'} in the schema, ${mine.nullable ? 'nullable' : 'not null'} in the types`,
          );
        }
        own.delete(column.name);
      }
      for (const name of own.keys()) differences.push(`${table}.${name}: in the types, not in the schema`);
    }
    expect(differences).toEqual([]);
  });
});
