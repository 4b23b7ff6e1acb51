import { forwardRef, useEffect, useRef, type InputHTMLAttributes } from 'react';
import { useT, type TranslationKey } from '#app/i18n/index';

/** Field errors as translation keys, by field name (the same from the browser and the server). */
export type FieldErrors = Partial<Record<string, TranslationKey>>;

/** Deterministic ids, so that server errors, the summary, labels and tests agree. */
export function fieldId(formId: string, name: string) {
  return `${formId}-${name}`;
}

/**
 * The government error-summary pattern: "Er is een probleem" with a link to each field. It takes
 * focus when errors are shown after a submit of its form (`id={formId}`) or on first render (errors
 * from the server) — not while the user types and the errors are checked again, which would pull
 * focus out of the field (WCAG 3.2.2).
 */
export function ErrorSummary({ formId, errors, order }: { formId: string; errors: FieldErrors; order: readonly string[] }) {
  const { t } = useT();
  const ref = useRef<HTMLDivElement>(null);
  const entries = order.filter((name) => errors[name]).map((name) => [name, errors[name]!] as const);
  const signature = entries.map(([n, k]) => `${n}:${k}`).join('|');
  const afterSubmit = useRef(true);
  useEffect(() => {
    const form = document.getElementById(formId);
    if (!form) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onSubmit = () => {
      afterSubmit.current = true;
      // The same errors again: the summary is there already and takes focus once more.
      timer = setTimeout(() => {
        if (afterSubmit.current && ref.current) {
          ref.current.focus();
          afterSubmit.current = false;
        }
      }, 50);
    };
    form.addEventListener('submit', onSubmit);
    return () => {
      clearTimeout(timer);
      form.removeEventListener('submit', onSubmit);
    };
  }, [formId]);
  useEffect(() => {
    if (signature && afterSubmit.current) {
      ref.current?.focus();
      afterSubmit.current = false;
    }
  }, [signature]);
  if (!entries.length) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby={`${formId}-error-summary-title`} tabIndex={-1} ref={ref}>
      <h2 id={`${formId}-error-summary-title`}>{t('errors.summaryTitle')}</h2>
      <ul>
        {entries.map(([name, key]) => (
          <li key={name}>
            <a
              href={`#${fieldId(formId, name)}`}
              onClick={(event) => {
                const field = document.getElementById(fieldId(formId, name));
                if (field) {
                  event.preventDefault();
                  field.focus();
                  field.scrollIntoView({ block: 'center' });
                }
              }}
            >
              {t(key)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

type TextFieldProps = {
  formId: string;
  name: string;
  label: string;
  hint?: string;
  error?: TranslationKey;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'>;

/** A labelled input with hint and inline error, wired with aria-invalid / aria-describedby. */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { formId, name, label, hint, error, className, ...rest },
  ref,
) {
  const { t } = useT();
  const id = fieldId(formId, name);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field${error ? ' has-error' : ''}`}>
      <label className="form-label" htmlFor={id}>
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
      <input
        ref={ref}
        id={id}
        name={name}
        className={`form-input${className ? ` ${className}` : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...rest}
      />
    </div>
  );
});
