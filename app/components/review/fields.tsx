import { forwardRef, useEffect, type TextareaHTMLAttributes } from 'react';
import { fieldId } from '#app/components/forms';
import { useT, type TranslationKey } from '#app/i18n/index';

type TextAreaProps = {
  formId: string;
  name: string;
  label: string;
  hint?: string;
  error?: TranslationKey;
} & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'name'>;

/** A labelled textarea with hint and inline error (the TextField pattern for longer text). */
export const TextArea = forwardRef<HTMLTextAreaElement, TextAreaProps>(function TextArea({ formId, name, label, hint, error, ...rest }, ref) {
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
      <textarea ref={ref} id={id} name={name} className="form-input form-textarea" rows={4} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...rest} />
    </div>
  );
});

/**
 * "Fout: " in front of the page title while the page shows form errors. `meta` cannot see action
 * data, so with JavaScript the title is set here; `pageTitle(…, hasErrors)` covers loader-known errors.
 */
export function useErrorTitle(hasErrors: boolean) {
  const { t } = useT();
  const prefix = t('errors.titlePrefix');
  useEffect(() => {
    if (hasErrors && !document.title.startsWith(prefix)) document.title = `${prefix}${document.title}`;
    if (!hasErrors && document.title.startsWith(prefix)) document.title = document.title.slice(prefix.length);
  }, [hasErrors, prefix]);
}
