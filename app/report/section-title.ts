import type { Translator, TranslationKey } from '#app/i18n/index';

/**
 * The title of a report page: "<page> – <project> – Voortgangsrapport <year>", so the cost part of
 * TNO in ECOFED and in MISD are told apart in tabs, history and screen-reader page lists.
 */
export function reportPageTitle(tr: Translator, page: string, data: { project: { code: string }; report: { year: number } } | undefined) {
  return data ? `${page} – ${data.project.code} – ${tr.t('report.title', { year: data.report.year })}` : page;
}

/** `handle.title` of a section page. */
export function sectionTitle(key: TranslationKey) {
  return (tr: Translator, data: { project: { code: string }; report: { year: number } } | undefined) => reportPageTitle(tr, tr.t(key), data);
}
