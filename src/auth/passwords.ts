import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { MIN_SCORE, passwordStrength } from './password-strength.js';

// OWASP's Argon2id baseline; the same on every machine, so hashes move between them.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Common passwords (49 000 from zxcvbn's list) plus what people here type first. */
const commonPasswords = new Set<string>([
  ...dictionary['passwords-common'],
  'йцукенгшщз',
  'йцукенгшщзхъ',
  'qwertyuiop',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'пароль1234',
  'парольпароль',
  'наставник',
  'наставник123',
  'наставничество',
  'nastavnik123',
  'nastavnichestvo',
  'demo-nastavnik',
]);

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing in particular, verified against when the login is unknown so timing tells nothing. */
let dummyHash: Promise<string> | null = null;
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('dummy password that matches nothing');
  await verifyPassword(await dummyHash, password);
}

/** Whose password it is: a password made of these words is refused. */
export interface PasswordContext {
  login: string;
  /** The person's name, organisation, municipality … */
  personal?: readonly string[];
}

/** The Russian reason a new password is refused, or null when it is acceptable. */
export function checkNewPassword(password: string, context: PasswordContext): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `Пароль должен содержать не менее ${PASSWORD_MIN_LENGTH} символов`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `Пароль должен содержать не более ${PASSWORD_MAX_LENGTH} символов`;
  }
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower) || /^(.)\1+$/.test(password) || /^(0123456789|1234567890)+$/.test(password)) {
    return 'Этот пароль слишком распространён и легко подбирается — выберите другой';
  }
  if (context.login && lower.includes(context.login.toLowerCase())) {
    return 'Пароль не должен содержать логин';
  }
  const strength = passwordStrength(password, [context.login, ...(context.personal ?? [])]);
  if (strength.score < MIN_SCORE) {
    return `Пароль легко подобрать. ${strength.advice || 'Составьте его из трёх-четырёх слов, которые не связаны между собой.'}`.trim();
  }
  return null;
}
