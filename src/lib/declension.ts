/**
 * Declension for the documents the portal prints: a person's full name (lvovich, petrovich-style
 * rules), a position phrase («заместитель директора по УВР» -> «заместителя директора по УВР») and
 * a best-effort guess of an organisation's name in the genitive and prepositional, which the
 * organisation form pre-fills and a person corrects where the rule is wrong.
 */
import { getGender, incline } from 'lvovich';

export type GrammaticalCase = 'genitive' | 'dative' | 'accusative' | 'instrumental' | 'prepositional';
export type Gender = 'male' | 'female';

/** «Фамилия Имя Отчество» split as written; a name of one or two words keeps the parts it has. */
function nameParts(fullName: string): { last: string; first: string | null; middle: string | null; rest: string[] } {
  const [last = '', first = null, middle = null, ...rest] = fullName.trim().split(/\s+/);
  return { last, first, middle, rest };
}

/** The person's gender by the name (the patronymic decides first), or null when the name does not tell. */
export function genderOf(fullName: string): Gender | null {
  const { last, first, middle } = nameParts(fullName);
  const gender = getGender({ last, first, middle });
  return gender === 'male' || gender === 'female' ? gender : null;
}

/**
 * «Васильева Татьяна Сергеевна» in a case: «Васильеву Татьяну Сергеевну» (accusative). Indeclinable
 * surnames stay as they are (Шевчук for a woman, Черных, Шевченко); each part of a double surname
 * declines (Кузьминой-Караваевой). A name that is not three words is declined as far as it goes.
 */
export function personName(fullName: string, grammaticalCase: GrammaticalCase): string {
  const { last, first, middle, rest } = nameParts(fullName);
  if (!last) return fullName.trim();
  const gender = genderOf(fullName);
  const declined = incline({ last, first, middle, gender }, grammaticalCase);
  return [declined.last ?? last, first ? (declined.first ?? first) : null, middle ? (declined.middle ?? middle) : null, ...rest]
    .filter((part): part is string => part !== null)
    .join(' ');
}

// ---------------------------------------------------------------------------------------------
// Phrases: leading adjectives and their head noun decline, the words that depend on them do not.

type Ending = Record<GrammaticalCase, string>;

const ADJECTIVE_ENDINGS: Array<{ pattern: RegExp; forms: Ending }> = [
  // masculine (animate accusative: a position names a person)
  {
    pattern: /([жшчщн])ий$/i,
    forms: { genitive: '$1его', dative: '$1ему', accusative: '$1его', instrumental: '$1им', prepositional: '$1ем' },
  },
  {
    pattern: /([гкх])ий$/i,
    forms: { genitive: '$1ого', dative: '$1ому', accusative: '$1ого', instrumental: '$1им', prepositional: '$1ом' },
  },
  {
    pattern: /([гкх])ой$/i,
    forms: { genitive: '$1ого', dative: '$1ому', accusative: '$1ого', instrumental: '$1им', prepositional: '$1ом' },
  },
  { pattern: /(ы|о)й$/i, forms: { genitive: 'ого', dative: 'ому', accusative: 'ого', instrumental: 'ым', prepositional: 'ом' } },
  // feminine
  {
    pattern: /([жшчщ])ая$/i,
    forms: { genitive: '$1ей', dative: '$1ей', accusative: '$1ую', instrumental: '$1ей', prepositional: '$1ей' },
  },
  { pattern: /ая$/i, forms: { genitive: 'ой', dative: 'ой', accusative: 'ую', instrumental: 'ой', prepositional: 'ой' } },
  { pattern: /яя$/i, forms: { genitive: 'ей', dative: 'ей', accusative: 'юю', instrumental: 'ей', prepositional: 'ей' } },
  // neuter (an organisation: inanimate accusative)
  {
    pattern: /([жшчщ])ее$/i,
    forms: { genitive: '$1его', dative: '$1ему', accusative: '$1ее', instrumental: '$1им', prepositional: '$1ем' },
  },
  { pattern: /ее$/i, forms: { genitive: 'его', dative: 'ему', accusative: 'ее', instrumental: 'им', prepositional: 'ем' } },
  { pattern: /ое$/i, forms: { genitive: 'ого', dative: 'ому', accusative: 'ое', instrumental: 'ым', prepositional: 'ом' } },
];

const NOUN_ENDINGS: Array<{ pattern: RegExp; forms: Ending }> = [
  // neuter: учреждение, управление, министерство, общество
  { pattern: /ие$/i, forms: { genitive: 'ия', dative: 'ию', accusative: 'ие', instrumental: 'ием', prepositional: 'ии' } },
  { pattern: /о$/i, forms: { genitive: 'а', dative: 'у', accusative: 'о', instrumental: 'ом', prepositional: 'е' } },
  // feminine: администрация, школа, гимназия
  { pattern: /ия$/i, forms: { genitive: 'ии', dative: 'ии', accusative: 'ию', instrumental: 'ией', prepositional: 'ии' } },
  {
    pattern: /([гкхжшчщ])а$/i,
    forms: { genitive: '$1и', dative: '$1е', accusative: '$1у', instrumental: '$1ой', prepositional: '$1е' },
  },
  { pattern: /а$/i, forms: { genitive: 'ы', dative: 'е', accusative: 'у', instrumental: 'ой', prepositional: 'е' } },
  { pattern: /я$/i, forms: { genitive: 'и', dative: 'е', accusative: 'ю', instrumental: 'ей', prepositional: 'е' } },
  // masculine: учитель, директор, педагог, центр, округ, колледж
  { pattern: /ь$/i, forms: { genitive: 'я', dative: 'ю', accusative: 'я', instrumental: 'ем', prepositional: 'е' } },
  { pattern: /й$/i, forms: { genitive: 'я', dative: 'ю', accusative: 'я', instrumental: 'ем', prepositional: 'е' } },
  {
    pattern: /([жшчщц])$/i,
    forms: { genitive: '$1а', dative: '$1у', accusative: '$1а', instrumental: '$1ем', prepositional: '$1е' },
  },
  {
    pattern: /([бвгдзклмнпрстфх])$/i,
    forms: { genitive: '$1а', dative: '$1у', accusative: '$1а', instrumental: '$1ом', prepositional: '$1е' },
  },
];

const ADJECTIVE = /(ый|ий|ой|ая|яя|ое|ее)$/i;
/** An abbreviation: two capitals in a row (МБОУ, УВР, ДО) — it does not decline. */
const ABBREVIATION = /^[А-ЯЁA-Z]{2}/;
const PARTICIPLE_NOUN = /(щий|щая|ющий|ющая)$/i;
const CYRILLIC_WORD = /^[а-яё]+(-[а-яё]+)*$/i;

function withEnding(word: string, table: Array<{ pattern: RegExp; forms: Ending }>, grammaticalCase: GrammaticalCase): string {
  for (const { pattern, forms } of table) {
    if (pattern.test(word)) return keepCase(word, word.replace(pattern, forms[grammaticalCase]));
  }
  return word;
}

/** A word in capitals stays in capitals after its ending changes. */
function keepCase(original: string, declined: string): string {
  return original.length > 1 && original === original.toUpperCase() ? declined.toUpperCase() : declined;
}

function declineNoun(word: string, grammaticalCase: GrammaticalCase, inanimate: boolean): string {
  // An inanimate masculine or neuter noun's accusative is its nominative (a feminine one still changes: «школу»).
  if (inanimate && grammaticalCase === 'accusative' && !/[ая]$/i.test(word)) return word;
  const c = grammaticalCase;
  // педагог-психолог, учитель-логопед: both parts; Северо-Западный is an adjective, not this.
  return word
    .split('-')
    .map((part) => withEnding(part, NOUN_ENDINGS, c))
    .join('-');
}

function declineAdjective(word: string, grammaticalCase: GrammaticalCase, inanimate: boolean): string {
  // информационно-методический: only the last part changes.
  const dash = word.lastIndexOf('-');
  const head = dash >= 0 ? word.slice(0, dash + 1) : '';
  const tail = dash >= 0 ? word.slice(dash + 1) : word;
  if (inanimate && grammaticalCase === 'accusative' && /(ый|ий|ой)$/i.test(tail)) return word;
  return head + withEnding(tail, ADJECTIVE_ENDINGS, grammaticalCase);
}

/**
 * The phrase with its leading adjectives and first noun in the case: everything after the head
 * noun (its dependents: «директора по УВР», «Энской области», a name in quotes) stays as written.
 * A phrase that starts with an abbreviation or a quote is returned as it is.
 */
function declineHead(phrase: string, grammaticalCase: GrammaticalCase, inanimate: boolean): string {
  const words = phrase.trim().split(/(\s+)/);
  const out: string[] = [];
  let done = false;
  for (const [i, token] of words.entries()) {
    if (done || /^\s+$/.test(token) || token === '') {
      out.push(token);
      continue;
    }
    if (ABBREVIATION.test(token) || !CYRILLIC_WORD.test(token)) {
      out.push(token);
      done = true;
      continue;
    }
    if (ADJECTIVE.test(token)) {
      out.push(declineAdjective(token, grammaticalCase, inanimate));
      // «заведующий библиотекой», «заведующая отделом»: a participle used as a noun is the head itself
      // when what follows is its instrumental or a preposition («ведущий специалист» goes on).
      const next = words[i + 2] ?? '';
      if (PARTICIPLE_NOUN.test(token) && (next === '' || /(ой|ей|ом|ем|ым|им|ами|ями)$/i.test(next) || next.length <= 3))
        done = true;
      continue;
    }
    out.push(declineNoun(token, grammaticalCase, inanimate));
    done = true;
  }
  return out.join('');
}

/** The first letter small, unless the phrase starts with an abbreviation («УВР», «МБОУ»). */
export function lowerFirst(phrase: string): string {
  const text = phrase.trim();
  if (ABBREVIATION.test(text)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The first letter capital, as a position starts a line of its own (a signature). */
export function upperFirst(phrase: string): string {
  const text = phrase.trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A position inside a sentence, in a case: «Заместитель директора по УВР» -> «заместителя директора
 * по УВР» (genitive or accusative), «педагог-психолог» -> «педагога-психолога»; each of several
 * positions after commas declines too; the first letter small unless it is an abbreviation.
 */
export function positionPhrase(position: string, grammaticalCase: GrammaticalCase | 'nominative'): string {
  const phrase = lowerFirst(position);
  if (grammaticalCase === 'nominative') return phrase;
  // «Заместитель директора по УВР, куратор наставничества»: each position of a list declines.
  return phrase
    .split(/(,\s*)/)
    .map((part, i) => (i % 2 ? part : declineHead(part, grammaticalCase, false)))
    .join('');
}

/** «Заместитель директора по УВР» + «Васильева Татьяна Сергеевна» -> «заместителя директора по УВР Васильеву Татьяну Сергеевну». */
export function positionAndName(position: string | null | undefined, fullName: string, grammaticalCase: GrammaticalCase): string {
  const name = personName(fullName, grammaticalCase);
  const trimmed = position?.trim();
  return trimmed ? `${positionPhrase(trimmed, grammaticalCase)} ${name}` : name;
}

export interface NameForms {
  genitive: string;
  prepositional: string;
}

/**
 * A best-effort guess of an organisation's name in the genitive and prepositional:
 * «Муниципальное казённое учреждение «…»» -> «Муниципального казённого учреждения «…»»,
 * «Заречный муниципальный округ» -> «Заречном муниципальном округе»; an abbreviation
 * («МБОУ «СОШ № 1»») stays as it is. People check and correct it in the organisation's form.
 */
export function guessNameForms(name: string): NameForms {
  const text = name.trim();
  return { genitive: declineHead(text, 'genitive', true), prepositional: declineHead(text, 'prepositional', true) };
}

/** The forms an organisation has stored, or the rule's guess for one saved before they were kept. */
export function nameFormsOf(org: {
  full_name: string;
  full_name_genitive?: string | null;
  full_name_prepositional?: string | null;
}): NameForms {
  const guess = guessNameForms(org.full_name);
  return {
    genitive: org.full_name_genitive?.trim() || guess.genitive,
    prepositional: org.full_name_prepositional?.trim() || guess.prepositional,
  };
}
