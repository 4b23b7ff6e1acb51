import { admin } from './admin';
import { checks } from './checks';
import { costImport } from './cost-import';
import { costPart } from './cost-part';
import { core } from './core';
import { dashboard } from './dashboard';
import { legal } from './legal';
import { exportMessages } from './export';
import { report } from './report';
import { review } from './review';
import { security } from './security';

/** Every message module; add a new domain's module here. Keys must not repeat across modules. */
export const MODULES = { core, admin, checks, costPart, costImport, review, security, dashboard, export: exportMessages, report, legal } as const;

type Modules = typeof MODULES;
export type TranslationKey = { [M in keyof Modules]: keyof Modules[M]['nl'] }[keyof Modules] & string;

function merge(language: 'nl' | 'en'): Record<TranslationKey, string> {
  return Object.assign({}, ...Object.values(MODULES).map((m) => m[language])) as Record<TranslationKey, string>;
}

export const nl = merge('nl');
export const en = merge('en');
