import { zodResolver } from '@hookform/resolvers/zod';
import { Link, useFetcher, useNavigation, useSubmit } from '@remix-run/react';
import { forwardRef, useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useForm, type DefaultValues, type FieldValues, type UseFormRegisterReturn } from 'react-hook-form';
import type { z } from 'zod';
import type { ReportStatus } from '#db/schema/reports';
import { ErrorSummary, fieldId, type FieldErrors } from '#app/components/forms';
import { useServerRenderedValues } from '#app/components/use-validated-form';
import { useT, type TranslationKey } from '#app/i18n/index';
import { flatten, flattenErrors } from './form-data';

/**
 * react-hook-form with a section's zod schema. A valid form is posted as an ordinary form (so the
 * action gets the same FormData with or without JavaScript); errors from the browser and from the
 * server come out flat, keyed by field path (`lines.2.amount`), which is also the field id suffix.
 */
export function useSectionForm<S extends z.ZodType<unknown, z.ZodTypeDef, FieldValues>>(
  schema: S,
  options: { defaultValues: DefaultValues<z.input<S>>; serverErrors?: FieldErrors; serverValues?: Record<string, unknown> },
) {
  const submit = useSubmit();
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema as never),
    defaultValues: options.defaultValues,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    // The error summary takes focus (the government pattern), not the first field.
    shouldFocusError: false,
  });
  // After a conflict the server sends the current version: the next save deliberately replaces it.
  const serverVersion = options.serverValues?.version;
  useEffect(() => {
    if (serverVersion !== undefined) form.setValue('version' as never, String(serverVersion) as never);
  }, [serverVersion, options.serverValues, form]);
  useServerRenderedValues(form, options.defaultValues);
  const clientErrors = flattenErrors(form.formState.errors);
  const submitted = form.formState.submitCount > 0;
  const errors: FieldErrors = submitted && Object.keys(clientErrors).length ? clientErrors : { ...options.serverErrors, ...clientErrors };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const formElement = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void form.handleSubmit(() => submit(submitter ?? formElement, submitter ? undefined : { method: 'post' }))(event);
  };
  return { form, errors, onSubmit };
}

/** "Fout: " before the page title while errors show (with JavaScript; the server does it without). */
export function useErrorTitle(hasErrors: boolean) {
  const { t } = useT();
  useEffect(() => {
    const prefix = t('errors.titlePrefix');
    if (hasErrors && !document.title.startsWith(prefix)) document.title = `${prefix}${document.title}`;
    if (!hasErrors && document.title.startsWith(prefix)) document.title = document.title.slice(prefix.length);
  });
}

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
    text = t('report.form.savedAt', {
      time: new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' }).format(new Date(state.at)),
    });
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
          <Link to={`/projecten/${project.code}/rapporten/${report.year}`} className="back-link">
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

/** Errors at the top of a form: the government pattern, with a form-level error when there is one. */
export function SectionErrors({ formId, errors, order }: { formId: string; errors: FieldErrors; order?: readonly string[] }) {
  const keys = order ? [...order, ...Object.keys(errors).filter((k) => !order.includes(k))] : Object.keys(errors);
  return <ErrorSummary formId={formId} errors={errors} order={keys} />;
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
        <div className="table-wrap" role="region" aria-labelledby="conflict-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('report.conflict.field')}</th>
                <th scope="col">{t('report.conflict.mine')}</th>
                <th scope="col">{t('report.conflict.current')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k}>
                  <th scope="row">{label(k)}</th>
                  <td className="pre-wrap">{mine[k] ?? ''}</td>
                  <td className="pre-wrap">{current[k] ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

type FieldShell = { formId: string; name: string; label: string; hint?: string; error?: TranslationKey; hideLabel?: boolean };

function describedBy(id: string, hint?: string, error?: string) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

function Shell({ id, label, hint, error, hideLabel, children }: { id: string; label: string; hint?: string; error?: TranslationKey; hideLabel?: boolean; children: ReactNode }) {
  const { t } = useT();
  return (
    <div className={`form-field${error ? ' has-error' : ''}`}>
      <label className={hideLabel ? 'visually-hidden' : 'form-label'} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <span className="form-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="form-error" id={`${id}-error`}>
          <span className="visually-hidden">{t('errors.titlePrefix')}</span>
          {t(error)}
        </span>
      ) : null}
      {children}
    </div>
  );
}

export const TextAreaField = forwardRef<HTMLTextAreaElement, FieldShell & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'name'>>(
  function TextAreaField({ formId, name, label, hint, error, hideLabel, className, ...rest }, ref) {
    const id = fieldId(formId, name);
    return (
      <Shell id={id} label={label} hint={hint} error={error} hideLabel={hideLabel}>
        <textarea
          ref={ref}
          id={id}
          name={name}
          rows={5}
          className={`form-input form-textarea${className ? ` ${className}` : ''}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          {...rest}
        />
      </Shell>
    );
  },
);

export const SelectField = forwardRef<
  HTMLSelectElement,
  FieldShell & { options: ReadonlyArray<{ value: string; label: string }>; placeholder?: string } & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'name'>
>(function SelectField({ formId, name, label, hint, error, hideLabel, options, placeholder, ...rest }, ref) {
  const id = fieldId(formId, name);
  return (
    <Shell id={id} label={label} hint={hint} error={error} hideLabel={hideLabel}>
      <select ref={ref} id={id} name={name} className="form-input form-select" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...rest}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
});

export const CheckboxField = forwardRef<HTMLInputElement, FieldShell & React.InputHTMLAttributes<HTMLInputElement>>(function CheckboxField(
  { formId, name, label, hint, error, hideLabel: _hideLabel, ...rest },
  ref,
) {
  const { t } = useT();
  const id = fieldId(formId, name);
  return (
    <div className={`form-field form-checkbox${error ? ' has-error' : ''}`}>
      {error ? (
        <span className="form-error" id={`${id}-error`}>
          <span className="visually-hidden">{t('errors.titlePrefix')}</span>
          {t(error)}
        </span>
      ) : null}
      <input ref={ref} type="checkbox" id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...rest} />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="form-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
});

/** A refusal thrown by a loader or action (409 not editable, 413 too large…), in words. */
export function refusalMessage(error: unknown): TranslationKey | null {
  if (error && typeof error === 'object' && 'data' in error) {
    let data = (error as { data: unknown }).data;
    if (typeof data === 'string') {
      try {
        data = JSON.parse(data);
      } catch {
        return null;
      }
    }
    const key = (data as { messageKey?: unknown } | null)?.messageKey;
    if (typeof key === 'string' && key.startsWith('errors.report.')) return key as TranslationKey;
  }
  return null;
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
