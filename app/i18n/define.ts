/**
 * One module of UI text per domain (app/i18n/messages/*.ts), each holding Dutch and English side
 * by side. The English object must have exactly the Dutch keys: a key missing in either language
 * fails the typecheck (and test/i18n.test.ts checks it again at run time).
 * `{name}` is replaced by a parameter; keys ending in _one / _other are chosen by a count.
 * Plain B1 Dutch; Dutch is the default language.
 */
export function defineMessages<const T extends Record<string, string>>(messages: {
  nl: T;
  en: { [K in keyof T]: string };
}) {
  return messages;
}
