import type { TranslationKey } from '#app/i18n/index';
import { useT } from '#app/i18n/index';

/** Text as typed (React escapes it: script typed into a field shows as typed, never runs). */
export function SectionText({ value }: { value: string }) {
  const { t } = useT();
  return value.trim() ? <p className="pre-wrap">{value}</p> : <p className="muted">{t('report.summary.noText')}</p>;
}

/** "gewijzigd" beside what changed since the previous revision: in words, not only colour. */
export function ChangedMark({ kind = 'changed' }: { kind?: 'changed' | 'added' }) {
  const { t } = useT();
  return <span className="diff-label"> {kind === 'changed' ? t('review.report.changed') : t('review.report.added')}</span>;
}

type T = (key: TranslationKey, params?: Record<string, string | number>) => string;

/** "Rij 2: Bedrag" for a path like `lines.1.amount`, from the field labels of the row. */
export function rowLabel(path: string, labels: Partial<Record<string, TranslationKey>>, t: T) {
  const [, index, field] = path.split('.');
  const key = field ? labels[field] : undefined;
  return `${t('report.form.row', { n: Number(index) + 1 })}: ${key ? t(key) : (field ?? path)}`;
}

/** Field paths of every row of a list, in the page's order (for the error summary). */
export function rowOrder(key: string, rows: readonly unknown[] | undefined, fields: readonly string[]) {
  return (rows ?? []).flatMap((_, i) => fields.map((f) => `${key}.${i}.${f}`));
}

/** The hint above a list with empty rows: fill one in to add, empty one to remove. */
export function RowsHint({ canEdit, before }: { canEdit: boolean; before?: string }) {
  const { t } = useT();
  if (!canEdit && !before) return null;
  return (
    <p className="form-hint">
      {before ? `${before} ` : ''}
      {canEdit ? `${t('report.form.emptyRowsHint')} ${t('report.form.remove')}` : ''}
    </p>
  );
}
