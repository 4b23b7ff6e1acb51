import { useEffect, useRef } from 'react';
import { useT } from '#app/i18n/index';
import { fieldId, type FieldErrors } from './field';

/**
 * The government error-summary pattern: "Er is een probleem" with a link to each field, in the
 * order of the form. It takes focus when errors are shown after a submit of its form (`id={formId}`)
 * or on first render (errors from the server) — not while the user types and the errors are checked
 * again, which would pull focus out of the field (WCAG 3.2.2). Errors of fields not in `order` come
 * last, so none is ever left out.
 */
export function ErrorSummary({ formId, errors, order = [] }: { formId: string; errors: FieldErrors; order?: readonly string[] }) {
  const { t } = useT();
  const ref = useRef<HTMLDivElement>(null);
  const names = [...order, ...Object.keys(errors).filter((k) => !order.includes(k))];
  const entries = names.filter((name) => errors[name]).map((name) => [name, errors[name]!] as const);
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
