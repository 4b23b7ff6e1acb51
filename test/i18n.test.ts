import { describe, expect, it } from 'vitest';
import { createTranslator } from '#app/i18n/index';
import { en, MODULES, nl } from '#app/i18n/messages/index';

describe('translations', () => {
  it('have the same keys in Dutch and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
  });

  it('define every key in one module only, in both languages', () => {
    const seen = new Map<string, string>();
    for (const [name, module] of Object.entries(MODULES)) {
      expect(Object.keys(module.en).sort(), name).toEqual(Object.keys(module.nl).sort());
      for (const key of Object.keys(module.nl)) {
        expect(seen.get(key), `${key} is defined in ${seen.get(key)} and ${name}`).toBeUndefined();
        seen.set(key, name);
      }
    }
  });

  it('have no empty texts and the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(nl) as (keyof typeof nl)[]) {
      expect(nl[key].trim(), key).not.toBe('');
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(nl[key]));
    }
  });

  it('interpolates and picks plural forms', () => {
    const t = createTranslator('nl');
    expect(t.t('layout.signedInAs', { name: 'Daan' })).toBe('Ingelogd als Daan');
    expect(t.tn('common.count.partners', 1)).toBe('1 partner');
    expect(t.tn('common.count.partners', 7)).toBe('7 partners');
    expect(createTranslator('en').t('signIn.title')).toBe('Sign in');
  });
});
