import { zodResolver } from '@hookform/resolvers/zod';
import { useSubmit } from '@remix-run/react';
import type { FormEvent } from 'react';
import { useForm, type DefaultValues, type FieldValues } from 'react-hook-form';
import type { z } from 'zod';
import type { TranslationKey } from '#app/i18n/index';
import type { FieldErrors } from './forms';

/**
 * react-hook-form with the route's zod schema in the browser. A valid form is submitted as a
 * normal Remix form post (so the action sees the same FormData as without JavaScript); the
 * returned `errors` merge the browser's errors with those the server sent back.
 */
export function useValidatedForm<S extends z.ZodType<FieldValues, z.ZodTypeDef, FieldValues>>(
  schema: S,
  options: { serverErrors?: FieldErrors; defaultValues?: DefaultValues<z.input<S>> } = {},
) {
  const submit = useSubmit();
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema),
    defaultValues: options.defaultValues,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    // The error summary takes focus (ErrorSummary); its links move focus to the fields.
    shouldFocusError: false,
  });
  const clientErrors: FieldErrors = {};
  for (const [name, error] of Object.entries(form.formState.errors)) {
    const message = (error as { message?: unknown } | undefined)?.message;
    if (typeof message === 'string') clientErrors[name] = message as TranslationKey;
  }
  const submitted = form.formState.submitCount > 0;
  // Server errors stand until the browser has validated again.
  const errors: FieldErrors = submitted && Object.keys(clientErrors).length ? clientErrors : { ...options.serverErrors, ...clientErrors };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const formElement = event.currentTarget;
    void form.handleSubmit(() => submit(formElement))(event);
  };
  return { form, errors, onSubmit };
}
