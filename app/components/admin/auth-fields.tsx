import { forwardRef, type InputHTMLAttributes } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { TextField, type FieldErrors } from '#app/components/form/index';
import { useT, type TranslationKey } from '#app/i18n/index';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '#app/rules/limits';

/** The fields of the sign-in, invitation, account and two-step pages, each written once. */

/**
 * A new password and its repetition (`confirm`), after the account's e-mail address as a hidden
 * username field, so that a password manager stores the new password with the right account.
 */
export function NewPasswordFields({
  formId,
  username,
  label,
  errors,
  password,
  confirm,
}: {
  formId: string;
  username: string;
  label: string;
  errors: FieldErrors;
  password: UseFormRegisterReturn;
  confirm: UseFormRegisterReturn;
}) {
  const { t } = useT();
  return (
    <>
      <input type="email" name="username" autoComplete="username" value={username} readOnly hidden />
      <TextField
        formId={formId}
        label={label}
        hint={t('admin.password.hint', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}
        type="password"
        autoComplete="new-password"
        error={errors[password.name]}
        {...password}
      />
      <TextField formId={formId} label={t('admin.invitation.confirm')} type="password" autoComplete="new-password" error={errors[confirm.name]} {...confirm} />
    </>
  );
}

/** The password someone has now (sign-in, changing it). */
export function CurrentPasswordField({ formId, label, error, field }: { formId: string; label: string; error?: TranslationKey; field: UseFormRegisterReturn }) {
  return <TextField formId={formId} label={label} type="password" autoComplete="current-password" error={error} {...field} />;
}

/** The six-digit code of an authenticator app (sign-in's second step, setting up and changing two-step sign-in). */
export const OneTimeCodeField = forwardRef<
  HTMLInputElement,
  { formId: string; error?: TranslationKey; name?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'>
>(function OneTimeCodeField({ formId, error, name = 'code', ...rest }, ref) {
  const { t } = useT();
  return (
    <TextField
      ref={ref}
      formId={formId}
      name={name}
      label={t('security.mfa.code')}
      inputMode="numeric"
      autoComplete="one-time-code"
      spellCheck={false}
      className="input-short"
      error={error}
      {...rest}
    />
  );
});
