import { zodResolver } from '@hookform/resolvers/zod';
import { useSubmit } from '@remix-run/react';
import { useRef, type FormEvent } from 'react';
import { useForm, type DefaultValues, type FieldValues, type UseFormReturn } from 'react-hook-form';
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

/** The value at a field path such as `lines.2.amount`, in nested values or flat ones. */
function valueAt(values: unknown, path: string): unknown {
  if (!values || typeof values !== 'object') return undefined;
  const flat = (values as Record<string, unknown>)[path];
  if (flat !== undefined) return flat;
  let current: unknown = values;
  for (const part of path.split('.')) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * react-hook-form's register() gives no value, so the server would render every field empty: a
 * user without JavaScript would see (and could save over) blank fields. This makes each registered
 * field carry its value as defaultValue/defaultChecked, from the values this render was given
 * (what was saved, or what the user sent when the server refused it).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useServerRenderedValues(form: UseFormReturn<any, any, any>, values: unknown) {
  const register = useRef(form.register);
  form.register = ((name: string, registerOptions?: object) => {
    const props = register.current(name, registerOptions);
    const value = valueAt(values, name);
    if (typeof value === 'boolean') return { ...props, defaultChecked: value };
    if (value === undefined || value === null) return props;
    return { ...props, defaultValue: String(value) };
  }) as typeof form.register;
}
