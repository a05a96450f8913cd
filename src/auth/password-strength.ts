import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/**
 * How hard a new password is to guess: zxcvbn (the estimator of the password crackers' methods) with
 * its common and English dictionaries, plus what a Russian user types: Russian words, names and
 * places in Cyrillic, in Latin transliteration and typed on the Latin layout («gfhjkm» for «пароль»),
 * and keyboard runs on the Russian layout («йцукен»). A score of 3 of 4 («safely unguessable: ~10⁸
 * guesses») is asked for, as issue 12 did; the reason is told in Russian.
 */

export const MIN_SCORE = 3;

/**
 * Words people here build passwords from (lower case, Cyrillic; their other spellings are derived),
 * in three small dictionaries: zxcvbn counts a word's guesses by its rank in its dictionary, and a
 * place name with a year («Moskva2025!») must stay as cheap to guess as it is.
 */
const RUSSIAN_WORDS = [
  'пароль', 'привет', 'любовь', 'солнце', 'солнышко', 'котик', 'зайка', 'рыбка', 'ангел', 'мама', 'папа', 'семья',
  'счастье', 'свобода', 'победа', 'родина', 'дружба', 'мечта', 'весна', 'лето', 'осень', 'зима', 'природа',
  'спартак', 'зенит', 'динамо', 'цска', 'локомотив', 'хоккей', 'футбол', 'россия', 'рф', 'русский', 'ура',
  'школа', 'учитель', 'учительница', 'ученик', 'ученица', 'директор', 'завуч', 'класс', 'урок', 'гимназия', 'лицей',
  'наставник', 'наставничество', 'наставляемый', 'куратор', 'методист', 'педагог', 'образование', 'управление',
  'портал', 'работа', 'компьютер', 'информатика', 'математика', 'физика', 'история', 'литература', 'русскийязык',
];

const RUSSIAN_NAMES = [
  'александр', 'алексей', 'андрей', 'антон', 'артём', 'артем', 'борис', 'вадим', 'валентин', 'василий', 'виктор',
  'владимир', 'владислав', 'вячеслав', 'геннадий', 'георгий', 'григорий', 'даниил', 'денис', 'дмитрий', 'евгений',
  'егор', 'иван', 'игорь', 'илья', 'кирилл', 'константин', 'лев', 'максим', 'михаил', 'никита', 'николай', 'олег',
  'павел', 'пётр', 'петр', 'роман', 'руслан', 'сергей', 'станислав', 'степан', 'тимур', 'фёдор', 'федор', 'юрий',
  'ярослав', 'саша', 'серёжа', 'сережа', 'дима', 'вова', 'коля', 'миша', 'женя', 'паша',
  'александра', 'алина', 'алла', 'анастасия', 'анна', 'валентина', 'валерия', 'вера', 'виктория', 'галина', 'дарья',
  'диана', 'евгения', 'екатерина', 'елена', 'елизавета', 'жанна', 'зоя', 'ирина', 'карина', 'кристина', 'ксения',
  'лариса', 'лидия', 'любовь', 'людмила', 'маргарита', 'марина', 'мария', 'надежда', 'наталья', 'наталия', 'нина',
  'оксана', 'ольга', 'полина', 'раиса', 'светлана', 'софия', 'софья', 'тамара', 'татьяна', 'ульяна', 'юлия', 'яна',
  'аня', 'катя', 'лена', 'маша', 'настя', 'наташа', 'оля', 'света', 'таня', 'юля',
  'иванов', 'смирнов', 'кузнецов', 'попов', 'васильев', 'петров', 'соколов', 'михайлов', 'новиков', 'федоров',
  'морозов', 'волков', 'алексеев', 'лебедев', 'семенов', 'егоров', 'павлов', 'козлов', 'степанов', 'николаев',
  'иванова', 'смирнова', 'кузнецова', 'попова', 'васильева', 'петрова', 'соколова', 'михайлова', 'новикова',
];

const RUSSIAN_PLACES = [
  'москва', 'санктпетербург', 'петербург', 'питер', 'ленинград', 'новосибирск', 'екатеринбург', 'казань',
  'нижнийновгород', 'челябинск', 'самара', 'омск', 'ростов', 'уфа', 'красноярск', 'воронеж', 'пермь', 'волгоград',
  'краснодар', 'саратов', 'тюмень', 'тольятти', 'ижевск', 'барнаул', 'ульяновск', 'иркутск', 'хабаровск',
  'ярославль', 'владивосток', 'махачкала', 'томск', 'оренбург', 'кемерово', 'новокузнецк', 'рязань', 'астрахань',
  'пенза', 'липецк', 'киров', 'чебоксары', 'тула', 'калининград', 'курск', 'ставрополь', 'сочи', 'тверь', 'магнитогорск',
  'иваново', 'брянск', 'белгород', 'сургут', 'владимир', 'архангельск', 'чита', 'калуга', 'смоленск', 'волжский',
  'курган', 'орёл', 'орел', 'череповец', 'вологда', 'саранск', 'мурманск', 'якутск', 'тамбов', 'грозный', 'стерлитамак',
  'кострома', 'петрозаводск', 'нижневартовск', 'новороссийск', 'йошкарола', 'сыктывкар', 'уфа', 'абакан', 'кызыл',
  'сибирь', 'урал', 'кубань', 'поволжье', 'подмосковье', 'крым', 'байкал', 'волга', 'дон', 'енисей', 'обь',
  'заречный', 'энск', 'энская', 'область', 'район', 'округ', 'город', 'село', 'посёлок', 'поселок',
];

const LATIN_OF: Record<string, [string, string]> = {
  а: ['a', 'a'], б: ['b', 'b'], в: ['v', 'v'], г: ['g', 'g'], д: ['d', 'd'], е: ['e', 'e'], ё: ['e', 'yo'],
  ж: ['zh', 'zh'], з: ['z', 'z'], и: ['i', 'i'], й: ['y', 'j'], к: ['k', 'k'], л: ['l', 'l'], м: ['m', 'm'],
  н: ['n', 'n'], о: ['o', 'o'], п: ['p', 'p'], р: ['r', 'r'], с: ['s', 's'], т: ['t', 't'], у: ['u', 'u'],
  ф: ['f', 'f'], х: ['kh', 'h'], ц: ['ts', 'c'], ч: ['ch', 'ch'], ш: ['sh', 'sh'], щ: ['shch', 'sch'], ъ: ['', ''],
  ы: ['y', 'y'], ь: ['', ''], э: ['e', 'e'], ю: ['iu', 'yu'], я: ['ia', 'ya'],
};

/** The Russian ЙЦУКЕН layout key by key over QWERTY: what a word typed with the wrong layout becomes. */
const QWERTY_OF: Record<string, string> = {
  й: 'q', ц: 'w', у: 'e', к: 'r', е: 't', н: 'y', г: 'u', ш: 'i', щ: 'o', з: 'p', х: '[', ъ: ']',
  ф: 'a', ы: 's', в: 'd', а: 'f', п: 'g', р: 'h', о: 'j', л: 'k', д: 'l', ж: ';', э: "'",
  я: 'z', ч: 'x', с: 'c', м: 'v', и: 'b', т: 'n', ь: 'm', б: ',', ю: '.', ё: '`',
};
const CYRILLIC_OF = Object.fromEntries(Object.entries(QWERTY_OF).map(([cyrillic, latin]) => [latin, cyrillic]));

/** A Russian word with its two transliterations and its wrong-layout typing (all lower case). */
export function spellings(word: string): string[] {
  const lower = word.toLowerCase();
  const forms = [0, 1].map((variant) => [...lower].map((ch) => LATIN_OF[ch]?.[variant] ?? ch).join(''));
  // «Заречный», «Юрий»: the endings are written every which way (zarechny, zarechnyi, yuri, yuriy).
  const endings = /(ый|ий|ой)$/.test(lower) ? ['y', 'i', 'iy', 'yi', 'ij'].map((end) => forms[1]!.replace(/(yj|ij|oj)$/, '') + end) : [];
  const typed = [...lower].map((ch) => QWERTY_OF[ch] ?? ch).join('');
  return [...new Set([lower, ...forms, ...endings, typed])].filter((form) => form.length > 0);
}

type Graph = Record<string, Array<string | null>>;

/** The QWERTY adjacency graph with its letters put through the Russian layout: runs like «йцукен». */
function jcukenGraph(qwerty: Graph): Graph {
  const map = (text: string) =>
    [...text]
      .map((ch) => {
        const cyrillic = CYRILLIC_OF[ch.toLowerCase()];
        if (cyrillic === undefined) return ch;
        return ch === ch.toLowerCase() ? cyrillic : cyrillic.toUpperCase();
      })
      .join('');
  const graph: Graph = {};
  for (const [key, neighbours] of Object.entries(qwerty)) graph[map(key)] = neighbours.map((n) => (n === null ? null : map(n)));
  return graph;
}

const RUSSIAN = {
  warnings: {
    straightRow: 'Ряд клавиш подряд легко подобрать.',
    keyPattern: 'Короткую комбинацию соседних клавиш легко подобрать.',
    simpleRepeat: 'Повторы одного символа, как «ааа», легко подобрать.',
    extendedRepeat: 'Повторы одной группы символов, как «абвабв», легко подобрать.',
    sequences: 'Последовательности вроде «абв» или «123» легко подобрать.',
    recentYears: 'Недавние годы легко подобрать.',
    dates: 'Даты легко подобрать.',
    topTen: 'Это один из самых распространённых паролей.',
    topHundred: 'Это очень распространённый пароль.',
    common: 'Это распространённый пароль.',
    similarToCommon: 'Пароль похож на распространённый.',
    wordByItself: 'Одно слово легко подобрать.',
    namesByThemselves: 'Имя или фамилию легко подобрать.',
    commonNames: 'Распространённые имена и фамилии легко подобрать.',
    userInputs: 'Пароль не должен содержать ваше имя, логин или название организации.',
    pwned: 'Этот пароль уже публиковался после утечки данных.',
  },
  suggestions: {
    l33t: 'Замена букв похожими символами («@» вместо «a») пароль не усложняет.',
    reverseWords: 'Слово, написанное задом наперёд, подбирается так же легко.',
    allUppercase: 'Сделайте заглавными некоторые буквы, но не все.',
    capitalization: 'Заглавная только первая буква почти не помогает.',
    dates: 'Не используйте даты и годы, связанные с вами.',
    recentYears: 'Не используйте недавние годы.',
    associatedYears: 'Не используйте годы, связанные с вами.',
    sequences: 'Избегайте последовательностей символов.',
    repeated: 'Избегайте повторов слов и символов.',
    longerKeyboardPattern: 'Избегайте рядов соседних клавиш.',
    anotherWord: 'Добавьте ещё одно-два редких слова.',
    useWords: 'Составьте пароль из нескольких слов, не из устойчивого выражения.',
    noNeed: 'Надёжный пароль можно составить и без цифр, символов и заглавных букв: из нескольких слов.',
    pwned: 'Если вы используете этот пароль где-то ещё, смените его и там.',
  },
  timeEstimation: {
    ltSecond: 'меньше секунды',
    second: '{base} с',
    seconds: '{base} с',
    minute: '{base} мин',
    minutes: '{base} мин',
    hour: '{base} ч',
    hours: '{base} ч',
    day: '{base} дн.',
    days: '{base} дн.',
    month: '{base} мес.',
    months: '{base} мес.',
    year: '{base} г.',
    years: '{base} лет',
    centuries: 'столетия',
  },
};

let factory: ZxcvbnFactory | null = null;

/** Built once, when first needed (the dictionaries take a moment to rank). */
function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: {
      ...common.dictionary,
      ...english.dictionary,
      russianWords: [...new Set(RUSSIAN_WORDS.flatMap(spellings))],
      russianNames: [...new Set(RUSSIAN_NAMES.flatMap(spellings))],
      russianPlaces: [...new Set(RUSSIAN_PLACES.flatMap(spellings))],
    },
    graphs: { ...common.adjacencyGraphs, jcuken: jcukenGraph(common.adjacencyGraphs.qwerty as Graph) },
    translations: RUSSIAN,
  });
  return factory;
}

export interface Strength {
  score: number;
  /** Why it is weak and what to do, in Russian; empty when strong enough. */
  advice: string;
}

/**
 * The score (0–4) of a new password and the advice when it is below MIN_SCORE. `personal` are the
 * user's own words (login, name, organisation, municipality): a password built from them is weak.
 */
export function passwordStrength(password: string, personal: readonly string[]): Strength {
  const inputs = [...new Set(personal.flatMap((text) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3).flatMap(spellings))];
  const result = estimator().check(password, inputs);
  if (result.score >= MIN_SCORE) return { score: result.score, advice: '' };
  const parts = [result.feedback.warning, ...result.feedback.suggestions].filter((text): text is string => Boolean(text));
  return { score: result.score, advice: parts.join(' ') };
}
