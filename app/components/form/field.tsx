import {
  forwardRef,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { useT, type TranslationKey } from '#app/i18n/index';

/** Field errors as translation keys, by field name or path (`lines.2.amount`): the same from the browser and the server. */
export type FieldErrors = Partial<Record<string, TranslationKey>>;

/** Deterministic ids (`formId-fieldName`), so that server errors, the summary, labels and tests agree. */
export function fieldId(formId: string, name: string) {
  return `${formId}-${name}`;
}

/** What every control of a field needs: its name, its form (for the id), its words and its error. */
export interface FieldProps {
  formId: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: TranslationKey;
  /** The label is there for assistive technology only (e.g. a column heading says it already). */
  hideLabel?: boolean;
}

/** The attributes that tie a control to its hint and error. */
function describedBy(id: string, hint: unknown, error: unknown) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

/** The inline error under a field: the same words as in the error summary, with a hidden "Fout: ". */
export function FieldError({ id, error }: { id: string; error?: TranslationKey }) {
  const { t } = useT();
  if (!error) return null;
  return (
    <span className="form-error" id={`${id}-error`}>
      <span className="visually-hidden">{t('errors.titlePrefix')}</span>
      {t(error)}
    </span>
  );
}

/**
 * The one field shell: label, hint, inline error, then the control. `control` gets the id and the
 * aria attributes to spread. Checkboxes put their label after the box (`inlineLabel`).
 */
export function FieldShell({
  formId,
  name,
  label,
  hint,
  error,
  hideLabel,
  inlineLabel,
  control,
}: FieldProps & {
  inlineLabel?: boolean;
  control: (attrs: { id: string; name: string; 'aria-invalid': true | undefined; 'aria-describedby': string | undefined }) => ReactNode;
}) {
  const id = fieldId(formId, name);
  const attrs = { id, name, 'aria-invalid': error ? (true as const) : undefined, 'aria-describedby': describedBy(id, hint, error) };
  const labelElement = (
    <label className={hideLabel ? 'visually-hidden' : inlineLabel ? undefined : 'form-label'} htmlFor={id}>
      {label}
    </label>
  );
  const hintElement = hint ? (
    <span className="form-hint" id={`${id}-hint`}>
      {hint}
    </span>
  ) : null;
  if (inlineLabel) {
    return (
      <div className={`form-field form-checkbox${error ? ' has-error' : ''}`}>
        <FieldError id={id} error={error} />
        {control(attrs)}
        {labelElement}
        {hintElement}
      </div>
    );
  }
  return (
    <div className={`form-field${error ? ' has-error' : ''}`}>
      {labelElement}
      {hintElement}
      <FieldError id={id} error={error} />
      {control(attrs)}
    </div>
  );
}

type Without<T> = Omit<T, 'id' | 'name' | keyof FieldProps>;

export const TextField = forwardRef<HTMLInputElement, FieldProps & Without<InputHTMLAttributes<HTMLInputElement>>>(function TextField(
  { formId, name, label, hint, error, hideLabel, className, ...rest },
  ref,
) {
  return (
    <FieldShell
      {...{ formId, name, label, hint, error, hideLabel }}
      control={(attrs) => <input ref={ref} className={`form-input${className ? ` ${className}` : ''}`} {...attrs} {...rest} />}
    />
  );
});

export const TextAreaField = forwardRef<HTMLTextAreaElement, FieldProps & Without<TextareaHTMLAttributes<HTMLTextAreaElement>>>(function TextAreaField(
  { formId, name, label, hint, error, hideLabel, className, rows = 5, ...rest },
  ref,
) {
  return (
    <FieldShell
      {...{ formId, name, label, hint, error, hideLabel }}
      control={(attrs) => <textarea ref={ref} rows={rows} className={`form-input form-textarea${className ? ` ${className}` : ''}`} {...attrs} {...rest} />}
    />
  );
});

export interface Option {
  value: string;
  label: string;
}

export const SelectField = forwardRef<
  HTMLSelectElement,
  FieldProps & { options: readonly Option[]; placeholder?: string } & Without<SelectHTMLAttributes<HTMLSelectElement>>
>(function SelectField({ formId, name, label, hint, error, hideLabel, options, placeholder, className, ...rest }, ref) {
  return (
    <FieldShell
      {...{ formId, name, label, hint, error, hideLabel }}
      control={(attrs) => (
        <select ref={ref} className={`form-input form-select${className ? ` ${className}` : ''}`} {...attrs} {...rest}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
});

export const CheckboxField = forwardRef<HTMLInputElement, FieldProps & Without<InputHTMLAttributes<HTMLInputElement>>>(function CheckboxField(
  { formId, name, label, hint, error, hideLabel, ...rest },
  ref,
) {
  return <FieldShell {...{ formId, name, label, hint, error, hideLabel }} inlineLabel control={(attrs) => <input ref={ref} type="checkbox" {...attrs} {...rest} />} />;
});

/**
 * A group of controls under one legend (checkboxes, radios, a set of selects), with the group's
 * hint and error; the error summary links to the group (`formId-name`, focusable).
 */
export function FieldGroup({ formId, name, legend, hint, error, children }: { formId: string; name: string; legend: ReactNode; hint?: ReactNode; error?: TranslationKey; children: ReactNode }) {
  const id = fieldId(formId, name);
  return (
    <fieldset className={`form-fieldset${error ? ' has-error' : ''}`} id={id} tabIndex={-1} aria-describedby={describedBy(id, hint, error)}>
      <legend className="form-label">{legend}</legend>
      {hint ? (
        <span className="form-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      <FieldError id={id} error={error} />
      {children}
    </fieldset>
  );
}
