/**
 * «Ответственные» of a roadmap item as people write them («МКУ «ИМЦОУ», ОУ», «Управление
 * образования», «кураторы ОО», «руководители ОУ») linked to the portal's organisations and roles,
 * so that a school finds the municipal items it answers for. Pure. The text itself is always kept
 * and shown; the links are derived from it each time it is written. Names of people («Гармаева Б.Б.»)
 * link to nothing: the item stays the school's own.
 */

export const RESPONSIBLE_LINKS = [
  'department',
  'method_center',
  'schools',
  'curators',
  'school_heads',
  'mentors',
  'partners',
] as const;
export type ResponsibleLink = (typeof RESPONSIBLE_LINKS)[number];

export const RESPONSIBLE_LABELS: Record<ResponsibleLink, string> = {
  department: 'Управление образования',
  method_center: 'Методический центр',
  schools: 'Образовательные организации',
  curators: 'Кураторы школ',
  school_heads: 'Руководители школ',
  mentors: 'Наставники',
  partners: 'Организации-партнёры',
};

/** The links that make a municipal item a school's business. */
export const SCHOOL_LINKS: readonly ResponsibleLink[] = ['schools', 'curators', 'school_heads', 'mentors'];

// Whole words only: «ОУ» must not be found inside «ИМЦОУ». \p{L} keeps Cyrillic word edges right.
const word = (pattern: string) => new RegExp(`(?<![\\p{L}\\d])(?:${pattern})(?![\\p{L}\\d])`, 'iu');

const RULES: Array<[ResponsibleLink, RegExp]> = [
  ['department', word('управлени[ея] образования|отдел[а]? образования|комитет[а]? (?:по )?образовани[яю]|УО|РУО|МОУО')],
  // «МКУ «ИМЦОУ»», with the typos of real documents («ИМПЦОУ»), «КИМЦ», «методический центр».
  ['method_center', word('[КР]?ИМП?Ц(?:ОУ)?|методическ\\p{L}* (?:центр|служб)\\p{L}*|ММС|ММЦ')],
  ['schools', word('ОУ|ОО|школ\\p{L}*|образовательн\\p{L}* (?:организаци|учреждени)\\p{L}*|МБОУ|МАОУ|МОУ|СОШ|ООШ')],
  ['curators', word('куратор\\p{L}*')],
  // «Заместитель директора» is not the head.
  [
    'school_heads',
    word(
      'руководител\\p{L}* (?:ОУ|ОО|школ\\p{L}*|образовательн\\p{L}* (?:организаци|учреждени)\\p{L}*)|(?<!заместител\\p{L}* )директор\\p{L}*',
    ),
  ],
  ['mentors', word('наставник\\p{L}*')],
  ['partners', word('партн[её]р\\p{L}*|предприяти\\p{L}*|работодател\\p{L}*|организаци\\p{L}*-партн[её]р\\p{L}*')],
];

/** The links named in the text, in the order of RESPONSIBLE_LINKS; [] for null or names of people. */
export function responsibleLinks(text: string | null): ResponsibleLink[] {
  if (text === null) return [];
  const normalized = text.replace(/\s+/g, ' ');
  const found = new Set<ResponsibleLink>();
  for (const [link, pattern] of RULES) if (pattern.test(normalized)) found.add(link);
  // «руководители ОУ» names the heads, and through them the schools.
  if (found.has('school_heads') || found.has('curators')) found.add('schools');
  return RESPONSIBLE_LINKS.filter((l) => found.has(l));
}

/** Whether a municipal item with these links is the business of a school. */
export function concernsSchools(links: readonly string[]): boolean {
  return links.some((l) => (SCHOOL_LINKS as readonly string[]).includes(l));
}
