import { Link } from '@remix-run/react';
import type { ComponentType, ReactNode } from 'react';
import { useT } from '#app/i18n/index';
import { REPORT_SECTIONS, SECTION_SLUGS, type ReportSection } from '#app/rules/sections';
import type { SectionViewProps } from './section';
import type { ReportSnapshot } from './snapshot';
import { AttachmentsView } from './sections/attachments';
import { CostsView } from './sections/costs';
import { IndicatorsView } from './sections/indicators';
import { MilestonesView } from './sections/milestones';
import { ProgressView } from './sections/progress';
import { RisksView } from './sections/risks';
import { SpilloverView } from './sections/spillover';

/** How each section is shown read-only: one view per section, from its definition's module. */
export const SECTION_VIEWS: Record<ReportSection, ComponentType<SectionViewProps<ReportSnapshot>>> = {
  progress: ProgressView,
  milestones: MilestonesView,
  costs: CostsView,
  indicators: IndicatorsView,
  spillover: SpilloverView,
  risks: RisksView,
  attachments: AttachmentsView,
};

/** One section of a report, read-only, under its heading (with a "Wijzig" link on the check page). */
export function SectionBlock({
  section,
  snapshot,
  previous,
  changeBase,
  attachmentBase,
  headingLevel = 2,
  aside,
}: {
  section: ReportSection;
  snapshot: ReportSnapshot;
  previous?: ReportSnapshot | null;
  changeBase?: string;
  attachmentBase?: string;
  headingLevel?: 2 | 3;
  /** Shown beside the heading (e.g. "3 wijzigingen", the reviewer's question button). */
  aside?: ReactNode;
}) {
  const { t } = useT();
  const View = SECTION_VIEWS[section];
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={`summary-${section}`}>
      <div className="summary-heading">
        <Heading id={`summary-${section}`}>{t(`report.section.${section}`)}</Heading>
        {changeBase ? (
          <Link to={`${changeBase}/${SECTION_SLUGS[section]}`}>
            {t('report.check.change')}
            <span className="visually-hidden"> {t(`report.section.${section}`)}</span>
          </Link>
        ) : null}
        {aside}
      </div>
      <View part={snapshot} previous={previous} year={snapshot.report.year} changeBase={changeBase} attachmentBase={attachmentBase} />
    </section>
  );
}

/**
 * The whole report, read-only, from a snapshot: the check-answers page ("Wijzig" links with
 * `changeBase`), the view of a submitted revision, the dossier. Text is rendered as text by React,
 * so script typed into a field shows as typed and never runs.
 */
export function ReportSummary({ snapshot, changeBase, attachmentBase }: { snapshot: ReportSnapshot; changeBase?: string; attachmentBase?: string }) {
  return (
    <div className="report-summary">
      {REPORT_SECTIONS.map((section) => (
        <SectionBlock key={section} section={section} snapshot={snapshot} changeBase={changeBase} attachmentBase={attachmentBase} />
      ))}
    </div>
  );
}
