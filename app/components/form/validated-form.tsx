import { Form, type FormProps } from '@remix-run/react';
import { forwardRef } from 'react';
import { ErrorSummary } from './error-summary';
import type { FormEvent } from 'react';
import type { FieldErrors } from './field';
import { useReportFormErrors } from './title-errors';

/**
 * The one validated form: the error summary at the top (focus moves to it after a failed submit),
 * "Fout: " in the page title while errors show, the browser's check before posting, and an
 * ordinary POST that works without JavaScript. Field ids are `id-<field path>`.
 */
export const ValidatedForm = forwardRef<
  HTMLFormElement,
  { id: string; state: { errors: FieldErrors; onSubmit: (event: FormEvent<HTMLFormElement>) => void }; order?: readonly string[]; summary?: boolean } & Omit<FormProps, 'id' | 'onSubmit' | 'noValidate'>
>(function ValidatedForm({ id, state, order, summary = true, method = 'post', children, ...rest }, ref) {
  useReportFormErrors(Object.keys(state.errors).length > 0);
  return (
    <>
      {summary ? <ErrorSummary formId={id} errors={state.errors} order={order} /> : null}
      <Form ref={ref} id={id} method={method} noValidate onSubmit={state.onSubmit} {...rest}>
        {children}
      </Form>
    </>
  );
});
