import { Link, useFetcher, useNavigation } from '@remix-run/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { CheckboxField } from '#app/components/form/field';
import { flatten } from '#app/components/form/parse';
import { useT, type TranslationKey } from '#app/i18n/index';
import { formatTime } from '#app/rules/dates';
import type { ReportStatus } from '#app/rules/domain';
import { reportPath } from '#app/rules/sections';
import { DataTable } from '#app/components/table';

/**
 * Debounced autosave of a draft (JavaScript only): a few seconds after the last change the form is
 * posted with intent=autosave; on success the hidden version field takes the new version, so the
 * next save is based on it, and "Opgeslagen om 14:32" is announced politely.
 */
export function useAutosave(formRef: React.RefObject<HTMLFormElement | null>, enabled: boolean, onSaved: (version: number) => void, delayMs = 2500) {
  const fetcher = useFetcher<{ saved?: { version: number; at: string }; conflict?: unknown; errors?: unknown }>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'saved'; at: string } | { kind: 'failed' } | { kind: 'conflict' }>({ kind: 'idle' });
  const schedule = useCallback(() => {
    if (!enabled) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const form = formRef.current;
      if (!form) return;
      const data = new FormData(form);
      data.set('intent', 'autosave');
      fetcher.submit(data, { method: 'post' });
    }, delayMs);
  }, [enabled, formRef, fetcher, delayMs]);
  // A form actually posted on the page (Save, sign off, an answer to a question) supersedes a
  // pending autosave: it would otherwise post the draft again afterwards — and withdraw a sign-off.
  // (A save the browser refuses posts nothing, so the draft is still autosaved.)
  const navigation = useNavigation();
  useEffect(() => {
    if (navigation.state === 'submitting') clearTimeout(timer.current);
  }, [navigation.state]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const result = fetcher.data;
  useEffect(() => {
    if (fetcher.state !== 'idle' || !result) return;
    if (result.saved) {
      onSaved(result.saved.version);
      setState({ kind: 'saved', at: result.saved.at });
    } else if (result.conflict) setState({ kind: 'conflict' });
    else setState({ kind: 'failed' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result, fetcher.state]);
  return { schedule, state, saving: fetcher.state !== 'idle' };
}

export function AutosaveStatus({ state, saving }: ReturnType<typeof useAutosave>) {
  const { t, locale } = useT();
  let text = '';
  if (saving) text = t('report.form.saving');
  else if (state.kind === 'saved')
    text = t('report.form.savedAt', { time: formatTime(new Date(state.at), locale) });
  else if (state.kind === 'failed') text = t('report.form.autosaveFailed');
  else if (state.kind === 'conflict') text = t('report.form.autosaveConflict');
  return (
    <p className="autosave-status" role="status" aria-live="polite">
      {text}
    </p>
  );
}

/** Header of every report page: project, year, status and the way back. */
export function ReportHeader({
  project,
  report,
  title,
  back = true,
}: {
  project: { code: string; name: string };
  report: { year: number; status: ReportStatus };
  title: string;
  back?: boolean;
}) {
  const { t } = useT();
  return (
    <>
      {back ? (
        <p>
          <Link to={reportPath(project.code, report.year)} className="back-link">
            {t('report.back')}
          </Link>
        </p>
      ) : null}
      <p className="muted">
        {project.code} – {t('report.title', { year: report.year })}
      </p>
      <h1>{title}</h1>
    </>
  );
}

/** The conflict page's core: the user's own input next to the content saved now. */
export function ConflictPanel({
  conflict,
  label,
}: {
  conflict: { mine: unknown; current: unknown };
  label: (path: string) => string;
}) {
  const { t } = useT();
  const mine = flatten(conflict.mine);
  const current = flatten(conflict.current);
  const keys = [...new Set([...Object.keys(current), ...Object.keys(mine)])].filter(
    (k) => k !== 'version' && k !== 'intent' && (mine[k] ?? '') !== (current[k] ?? ''),
  );
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="conflict-panel" role="alert" tabIndex={-1} ref={ref} aria-labelledby="conflict-title">
      <h2 id="conflict-title">{t('report.conflict.title')}</h2>
      <p>{t('report.conflict.body')}</p>
      {keys.length === 0 ? (
        <p>{t('report.conflict.noDifferences')}</p>
      ) : (
        <DataTable id="conflict-table" labelledBy="conflict-title" columns={[t('report.conflict.field'), t('report.conflict.mine'), t('report.conflict.current')]}>
          {keys.map((k) => (
            <tr key={k}>
              <th scope="row">{label(k)}</th>
              <td className="pre-wrap">{mine[k] ?? ''}</td>
              <td className="pre-wrap">{current[k] ?? ''}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

/** The end of a section form: "this section is complete", Save, and the autosave status. */
export function SectionSaveControls({
  formId,
  canEdit,
  autosave,
  complete,
  error,
}: {
  formId: string;
  canEdit: boolean;
  autosave: ReturnType<typeof useAutosave>;
  /** `form.register('complete')` of the section's form. */
  complete: UseFormRegisterReturn;
  error?: TranslationKey;
}) {
  const { t } = useT();
  const navigation = useNavigation();
  return (
    <>
      <CheckboxField formId={formId} label={t('report.form.complete')} hint={t('report.form.completeHint')} error={error} {...complete} />
      {canEdit ? (
        <div className="button-row">
          <button type="submit" name="intent" value="save" className="button" disabled={navigation.state === 'submitting'}>
            {t('report.form.save')}
          </button>
          <AutosaveStatus {...autosave} />
        </div>
      ) : null}
    </>
  );
}
