import { forwardRef, useEffect, useId, type TextareaHTMLAttributes } from 'react';
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

/** Forms on the page that show errors right now (client-side validation or the server's answer). */
const formsWithErrors = new Set<string>();

function applyErrorTitle(prefix: string) {
  const failed = formsWithErrors.size > 0;
  if (failed && !document.title.startsWith(prefix)) document.title = `${prefix}${document.title}`;
  if (!failed && document.title.startsWith(prefix)) document.title = document.title.slice(prefix.length);
}

/**
 * "Fout: " in front of the page title while a form on the page shows errors. Without JavaScript the
 * root layout does this from the action data (`errors`); with JavaScript the browser's own
 * validation never reaches the server, so each form reports its errors here.
 */
export function useErrorTitle(hasErrors: boolean) {
  const { t } = useT();
  const prefix = t('errors.titlePrefix');
  const id = useId();
  useEffect(() => {
    if (hasErrors) formsWithErrors.add(id);
    else formsWithErrors.delete(id);
    applyErrorTitle(prefix);
    return () => {
      formsWithErrors.delete(id);
      applyErrorTitle(prefix);
    };
  }, [hasErrors, id, prefix]);
}
