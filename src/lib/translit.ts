/** Russian letters in Latin ones (the passport table, ГОСТ Р 52535.1-2006 without its diacritics): file names, demo e-mails. */
const LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** The Latin letters of one lower-case Russian letter ('' for ъ and ь), or undefined for any other character. */
export function latinOf(letter: string): string | undefined {
  return LATIN[letter];
}

/** Lower-case Latin for Russian text; any character that is not a Russian letter is left out. */
export function transliterate(text: string): string {
  return [...text.toLowerCase()].map((ch) => LATIN[ch] ?? '').join('');
}
