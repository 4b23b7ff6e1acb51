import { z } from 'zod';
import { checkbox, choice, rows, text, version } from '#app/components/form/schema';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { RISK_LEVELS, type RiskLevel } from '#app/rules/domain';
import { LIMITS } from '#app/rules/limits';
import { defineSection, type SectionViewProps } from '../section';
import type { RisksPart } from '../snapshot';
import { ChangedMark, rowLabel, rowOrder, SectionText } from './view-parts';

/** Deviations from the plan, and risks with likelihood, impact and mitigation. */
export const RisksSchema = z
  .object({
    version,
    complete: checkbox,
    deviations: text(LIMITS.longText, 'errors.report.text.tooLongLong'),
    risks: rows({
          description: text(LIMITS.mediumText, 'errors.report.text.tooLongMedium'),
          likelihood: choice(RISK_LEVELS, 'errors.report.risks.levelInvalid'),
          impact: choice(RISK_LEVELS, 'errors.report.risks.levelInvalid'),
          mitigation: text(LIMITS.mediumText, 'errors.report.text.tooLongMedium'),
        }, LIMITS.rows),
  })
  .transform((value, ctx) => {
    const risks: Array<{ description: string; likelihood: RiskLevel; impact: RiskLevel; mitigation: string }> = [];
    value.risks.forEach((r, i) => {
      if (!r.description && !r.likelihood && !r.impact && !r.mitigation) return;
      const at = (field: string) => ['risks', i, field];
      if (!r.description) ctx.addIssue({ code: 'custom', path: at('description'), message: 'errors.report.risks.descriptionRequired' });
      if (!r.likelihood) ctx.addIssue({ code: 'custom', path: at('likelihood'), message: 'errors.report.risks.likelihoodRequired' });
      if (!r.impact) ctx.addIssue({ code: 'custom', path: at('impact'), message: 'errors.report.risks.impactRequired' });
      if (!r.mitigation) ctx.addIssue({ code: 'custom', path: at('mitigation'), message: 'errors.report.risks.mitigationRequired' });
      if (r.description && r.likelihood && r.impact && r.mitigation) risks.push({ description: r.description, likelihood: r.likelihood, impact: r.impact, mitigation: r.mitigation });
    });
    if (value.complete && !value.deviations) ctx.addIssue({ code: 'custom', path: ['deviations'], message: 'errors.report.risks.deviationsRequired' });
    return { version: value.version, complete: value.complete, deviations: value.deviations, risks };
  });

const FIELDS = ['description', 'likelihood', 'impact', 'mitigation'] as const;
const LABELS = {
  description: 'report.risks.description',
  likelihood: 'report.risks.likelihood',
  impact: 'report.risks.impact',
  mitigation: 'report.risks.mitigation',
} as const;

export const risks = defineSection({
  section: 'risks',
  formId: 'risks',
  titleKey: 'report.risks.title',
  schema: () => RisksSchema,
  toValues: (part: RisksPart, _extra: null) => ({
    deviations: part.narrative.deviations,
    risks: part.risks.map((r) => ({ description: r.description, likelihood: r.likelihood as '' | RiskLevel, impact: r.impact as '' | RiskLevel, mitigation: r.mitigation })),
  }),
  rows: { key: 'risks', count: 2, blank: () => ({ description: '', likelihood: '', impact: '', mitigation: '' }) },
  order: (values) => ['deviations', ...rowOrder('risks', values.risks, FIELDS)],
  label: (path, _extra, t) => (path === 'deviations' ? t('report.risks.deviations') : rowLabel(path, LABELS, t)),
});

export function RisksView({ part, previous }: SectionViewProps<RisksPart>) {
  const { t } = useT();
  const level = (value: string) => t(`report.riskLevel.${value as RiskLevel}`);
  const known = new Set(previous?.risks.map((r) => r.description));
  return (
    <>
      <h3>
        {t('report.risks.deviations')}
        {previous && previous.narrative.deviations !== part.narrative.deviations ? <ChangedMark /> : null}
      </h3>
      <SectionText value={part.narrative.deviations} />
      <h3>{t('report.risks.list')}</h3>
      {part.risks.length === 0 ? (
        <p>{t('report.risks.none')}</p>
      ) : (
        <DataTable
          id="view-risks"
          caption={t('report.risks.list')}
          captionHidden
          columns={[t('report.risks.description'), t('report.risks.likelihood'), t('report.risks.impact'), t('report.risks.mitigation')]}
        >
          {part.risks.map((r) => (
            <tr key={r.id}>
              <th scope="row" className="pre-wrap">
                {r.description}
                {previous && !known.has(r.description) ? <ChangedMark kind="added" /> : null}
              </th>
              <td>{level(r.likelihood)}</td>
              <td>{level(r.impact)}</td>
              <td className="pre-wrap">{r.mitigation}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
