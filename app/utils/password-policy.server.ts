import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#app/rules/limits';

/**
 * The password rules (OWASP ASVS 5.0 V6.2, NIST SP 800-63B): at least 12 and at most 128 characters,
 * no composition rules (no "one digit, one capital"), every character allowed, paste allowed, and
 * refused when the password is on a list of common or breached passwords or is built from words
 * of this service or of the user's own e-mail address.
 *
 * The list is zxcvbn-ts's `passwords-common` (about 49,000 passwords from breach corpora), shipped
 * in the npm package @zxcvbn-ts/language-common; we compare case-insensitively.
 */

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

let commonPasswords: ReadonlySet<string> | undefined;

/** The common/breached password list, lower-cased (loaded once). */
export function commonPasswordList(): ReadonlySet<string> {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return commonPasswords;
}

/** Words that make a password guessable for this particular service (ASVS 6.2.11). */
const CONTEXT_WORDS = ['ipcei', 'rvo', 'voortgang', 'portaal', 'ecofed', 'misd', 'password', 'wachtwoord', 'welkom'];

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common' | 'context';

/** Length in characters as a person counts them (code points, so an emoji is one). */
export function passwordLength(password: string) {
  return [...password].length;
}

/**
 * Returns the first rule the password breaks, or null when it is acceptable.
 * `email` (optional) is the account's address: its local part may not be the bulk of the password.
 */
export function checkPassword(password: string, context: { email?: string } = {}): PasswordProblem | null {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if (length > PASSWORD_MAX_LENGTH) return 'tooLong';
  const lower = password.normalize('NFKC').toLowerCase();
  const list = commonPasswordList();
  // Also the common trick of a common password with digits or punctuation added at the end.
  const stripped = lower.replace(/[\d\W_]+$/u, '');
  if (list.has(lower) || list.has(password.toLowerCase()) || (stripped.length >= 6 && list.has(stripped))) return 'common';
  const words = [...CONTEXT_WORDS];
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4) words.push(...local.split(/[._+-]+/).filter((w) => w.length >= 3));
  // A password made only of these words plus digits/punctuation (e.g. "IPCEI-2024!!") is refused.
  let rest = lower.replace(/[\d\W_]+/gu, '');
  if (!rest) return null;
  for (const word of words.sort((a, b) => b.length - a.length)) rest = rest.replaceAll(word, '');
  return rest.length === 0 ? 'context' : null;
}

/** Translation keys of the problems, for forms (the security message module holds the words). */
export const PASSWORD_PROBLEM_MESSAGE = {
  tooShort: 'errors.security.password.tooShort',
  tooLong: 'errors.security.password.tooLong',
  common: 'errors.security.password.common',
  context: 'errors.security.password.context',
} as const satisfies Record<PasswordProblem, string>;
