import type { ComponentType } from 'react';
import type { z } from 'zod';
import type { TranslationKey } from '#app/i18n/index';
import type { Locale } from '#app/rules/locale';
import type { ReportSection } from '#app/rules/sections';

/**
 * A report section, defined once (browser and server): its form schema, how its content becomes
 * form values, its blank row, the words of its fields (for the error summary and the conflict
 * panel), and how it is shown read-only — on the check-answers page, in a submitted revision and to
 * the reviewer (with the previous revision beside it). Its server half (`<section>.server.ts`)
 * reads the content (one read, used by the page, the snapshot, the exports and the copy-forward),
 * writes it, and carries it forward to next year.
 *
 * `Part` is the section's content as it stands in the snapshot; `Extra` is what the page needs
 * besides (the project's work packages, a partner's rate and budget…).
 */
export interface SectionDefinition<Part, Extra, Values extends Record<string, unknown>, S extends z.ZodTypeAny = z.ZodTypeAny> {
  section: ReportSection;
  /** Form id: field ids are `<formId>-<field path>`. */
  formId: string;
  titleKey: TranslationKey;
  schema: (locale: Locale, extra: Extra) => S;
  /** Saved content → what the form's fields show (in the page's language). */
  toValues: (part: Part, extra: Extra, locale: Locale) => Values;
  /** A list the user adds to: empty rows offered while the report can be edited. */
  rows?: { key: keyof Values & string; blank: () => Record<string, string>; count: number };
  /** Field paths in the order of the page (the error summary follows it). */
  order: (values: Values, extra: Extra) => string[];
  /** A field path in words ("Rij 2: Bedrag"), for the conflict panel. */
  label: (path: string, extra: Extra, t: (key: TranslationKey, params?: Record<string, string | number>) => string) => string;
}

/** What a section's read-only view gets: its content, optionally the previous revision's, and links. */
export interface SectionViewProps<Part> {
  part: Part;
  /** The same section in the previous revision: the view marks what changed. */
  previous?: Part | null;
  /** Year of the report (budgets are per year). */
  year: number;
  /** Base path for "Wijzig" links (check-answers page). */
  changeBase?: string;
  /** Base path for attachment downloads. */
  attachmentBase?: string;
}

export type SectionView<Part> = ComponentType<SectionViewProps<Part>>;

/** Identity helper that keeps the generic parameters of a definition. */
export function defineSection<Part, Extra, Values extends Record<string, unknown>, S extends z.ZodTypeAny>(
  definition: SectionDefinition<Part, Extra, Values, S>,
) {
  return definition;
}
