import type { ReportSection } from '#db/schema/reports';

/** Dutch URL slug of each section (/projecten/ECOFED/rapporten/2025/<slug>). Safe for the browser. */
export const SECTION_SLUGS: Record<ReportSection, string> = {
  progress: 'voortgang',
  milestones: 'mijlpalen',
  costs: 'kosten',
  indicators: 'indicatoren',
  spillover: 'spillover',
  risks: 'risicos',
  attachments: 'bijlagen',
};

export function reportPath(code: string, year: number, rest = '') {
  return `/projecten/${encodeURIComponent(code)}/rapporten/${year}${rest ? `/${rest}` : ''}`;
}
