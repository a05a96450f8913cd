import { type Kysely, sql } from 'kysely';

// The typo search of the bases (issue 14). The fallback compared the typed word with the name by
// pg_trgm word similarity: «Павлава» shares only 4 of 12 trigrams with «Павлова» (one vowel changes
// three of them), so the usual typos were missed; and at 50 000 people in a school the planner
// scanned the table (it costs a similarity as a cheap filter), 0.6-2.5 s a page.
//
// The search key folds what people confuse when they type a Russian name: о as а; е, ё, э, ы, й
// as и; ь and ъ left out; a doubled letter written once. «Павлава» and «Павлова» have one key.
// What is left (a letter dropped, added or changed) is looked up in the words of the names, as
// pg_trgm's documentation does for spelling suggestions: people_name_words holds each word of a key
// once with its variants (the word with one letter left out), and a typed word's variants meeting
// a word's mean one edit between them. The few words found are then matched exactly against the
// people's search_words (a GIN index), so a page costs much the same at 50 as at 50 000 people.
// Words are added by the people's inserts and updates and never removed: a word nobody has any
// more finds nobody.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  // people/queries.ts applies the same functions to the typed words.
  await sql`
    create function people_search_key(name text) returns text language sql immutable parallel safe as $$
      select btrim(regexp_replace(translate(lower(name), 'ёеэыйоъь', 'иииииа'), '(.)\\1+', '\\1', 'g'))
    $$
  `.execute(db);
  await sql`
    create function people_search_words(search_key text) returns text[] language sql immutable parallel safe as $$
      select array_remove(regexp_split_to_array(search_key, '[^[:alnum:]]+'), '')
    $$
  `.execute(db);
  // A word and, from four letters on, the word with each one of its letters left out.
  await sql`
    create function people_search_variants(word text) returns text[] language sql immutable parallel safe as $$
      select array_agg(distinct v) from (
        select word as v
        union all
        select left(word, i - 1) || substr(word, i + 1) from generate_series(1, length(word)) i where length(word) >= 4
      ) variants
    $$
  `.execute(db);
  await sql`create table people_name_words (word text primary key, variants text[] not null)`.execute(db);
  await sql`create index people_name_words_variants_idx on people_name_words using gin (variants)`.execute(db);
  await sql`
    create function people_name_words_add() returns trigger language plpgsql as $$
    begin
      insert into people_name_words (word, variants)
        select w, people_search_variants(w) from (select distinct unnest(search_words) as w from new_rows) x
        where not exists (select 1 from people_name_words known where known.word = x.w)
        on conflict do nothing;
      return null;
    end $$
  `.execute(db);
  const key = sql`people_search_key(last_name || ' ' || first_name || ' ' || coalesce(middle_name, ''))`;
  for (const table of ['mentors', 'mentees']) {
    await sql`alter table ${sql.table(table)} add column search_words text[] generated always as (people_search_words(${key})) stored`.execute(
      db,
    );
    await sql`create index ${sql.id(`${table}_search_words_idx`)} on ${sql.table(table)} using gin (search_words)`.execute(db);
    // The list by category (?sort=category) of a school of 50 000: a page read in index order, not
    // all of them sorted (100 ms).
    await sql`create index ${sql.id(`${table}_category_order_idx`)} on ${sql.table(table)} (organization_id, category, search_name, id) where archived_at is null`.execute(
      db,
    );
    for (const event of ['insert', 'update'])
      await sql`create trigger ${sql.id(`${table}_name_words_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
        referencing new table as new_rows for each statement execute function people_name_words_add()`.execute(db);
  }
  await sql`
    insert into people_name_words (word, variants)
      select w, people_search_variants(w) from (
        select unnest(search_words) as w from mentors union select unnest(search_words) from mentees
      ) x
      on conflict do nothing
  `.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['mentors', 'mentees']) {
    for (const event of ['insert', 'update'])
      await sql`drop trigger ${sql.id(`${table}_name_words_${event}`)} on ${sql.table(table)}`.execute(db);
    await sql`drop index ${sql.id(`${table}_category_order_idx`)}`.execute(db);
    await sql`alter table ${sql.table(table)} drop column search_words`.execute(db);
  }
  await sql`drop function people_name_words_add()`.execute(db);
  await sql`drop table people_name_words`.execute(db);
  await sql`drop function people_search_variants(text)`.execute(db);
  await sql`drop function people_search_words(text)`.execute(db);
  await sql`drop function people_search_key(text)`.execute(db);
}
