import { zodResolver } from '@hookform/resolvers/zod';
import { useSubmit } from '@remix-run/react';
import { useEffect, useRef, type FormEvent } from 'react';
import { useForm, type DefaultValues, type FieldValues, type UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import type { FieldErrors } from './field';
import { flattenErrors } from './parse';

/**
 * The one client hook: react-hook-form with the form's zod schema. A valid form is posted as an
 * ordinary form (the action sees the same FormData with or without JavaScript). `errors` come out
 * flat, keyed by field path (`lines.2.amount`, also the field id's suffix), the browser's merged
 * with what the server sent back; the server's stand until the browser has validated again.
 */
export function useValidatedForm<S extends z.ZodType<unknown, z.ZodTypeDef, FieldValues>>(
  schema: S,
  options: { defaultValues?: DefaultValues<z.input<S>>; serverErrors?: FieldErrors; serverValues?: Record<string, unknown> } = {},
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
    const submitter = (event.nativeEvent as SubmitEvent | undefined)?.submitter as HTMLButtonElement | null | undefined;
    void form.handleSubmit(() => submit(submitter ?? formElement, submitter ? undefined : { method: (formElement.getAttribute('method') as 'post' | null) ?? 'post' }))(event);
  };
  return { form, errors, onSubmit };
}

export type ValidatedForm = ReturnType<typeof useValidatedForm>;

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
function useServerRenderedValues(form: UseFormReturn<any, any, any>, values: unknown) {
  const register = useRef(form.register);
  form.register = ((name: string, registerOptions?: object) => {
    const props = register.current(name, registerOptions);
    const value = valueAt(values, name);
    if (typeof value === 'boolean') return { ...props, defaultChecked: value };
    if (value === undefined || value === null) return props;
    return { ...props, defaultValue: String(value) };
  }) as typeof form.register;
}
