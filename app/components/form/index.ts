/**
 * The form system: one field shell and one control per type (field.tsx), the error summary, the
 * validated form (summary + title prefix + POST), one client hook (use-form.ts), one parser for
 * browser and server (parse.ts) and the schema building blocks (schema.ts). See ADR 007.
 */
export { CheckboxField, FieldError, FieldGroup, FieldShell, fieldId, SelectField, TextAreaField, TextField, type FieldErrors, type FieldProps, type Option } from './field';
export { ErrorSummary } from './error-summary';
export { ValidatedForm } from './validated-form';
export { useValidatedForm, type ValidatedForm as ValidatedFormState } from './use-form';
export { useFormsShowErrors, useReportFormErrors } from './title-errors';
export { flatten, flattenErrors, formToObject, issuesToFieldErrors, parseForm, type Parsed } from './parse';
