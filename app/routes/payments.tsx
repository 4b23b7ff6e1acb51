import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { forwardRef, type SelectHTMLAttributes } from 'react';
import { z } from 'zod';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { ErrorSummary, fieldId, TextField, type FieldErrors } from '#app/components/forms';
import { useValidatedForm } from '#app/components/use-validated-form';
import { useT, type TranslationKey } from '#app/i18n/index';
import {
  changeGrantedAmount,
  findProjectByCode,
  getProgrammeForPayments,
  listPartnerBalances,
  listProjectsForPayments,
  listRecentPayments,
  recordAdvance,
} from '#app/models/payments.server';
import { parseFormData } from '#app/utils/forms';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { formatDate, todayInAmsterdam } from '#app/rules/dates';
import { formatMoney } from '#app/rules/numbers';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  const url = new URL(request.url);
  const db = getDb();
  const programme = await getProgrammeForPayments(db, url.searchParams.get('programma'));
  if (!programme) notFound();
  const projectCode = url.searchParams.get('project');
  const project = projectCode ? await findProjectByCode(db, programme.id, projectCode) : null;
  const [projects, partners, recent] = await Promise.all([
    listProjectsForPayments(db, programme.id),
    project ? listPartnerBalances(db, project.id) : Promise.resolve([]),
    listRecentPayments(db, programme.id, project?.id ?? null),
  ]);
  // A confirmation after a redirect, looked up again (never taken from the URL as text).
  const done = url.searchParams.get('gedaan');
  const reference = url.searchParams.get('kenmerk');
  const recorded = done === 'betaling' && reference ? (recent.find((p) => p.reference === reference) ?? null) : null;
  const changedOrg = done === 'toekenning' ? url.searchParams.get('partner') : null;
  const changed = changedOrg ? (partners.find((p) => p.organisationId === changedOrg) ?? null) : null;
  return {
    programme: { code: programme.code, name: programme.name, capCents: programme.capCents, headroomCents: programme.capCents - programme.grantedCents },
    projects: projects.map((p) => p.code),
    project: project?.code ?? null,
    partners,
    recent,
    recorded,
    changed: changed ? { organisation: changed.name, grantedCents: changed.grantedCents } : null,
  };
}

/** "125.000,50", "125000,50", "125,000.50" or "125000.50" → 12500050 cents; null when not an amount (or ambiguous). */
export function parseEuroCents(input: string): number | null {
  const text = input.replace(/[\s€]/g, '');
  let whole: string;
  let fraction = '';
  let match: RegExpExecArray | null;
  if ((match = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/.exec(text))) {
    whole = match[1]!.replace(/\./g, '');
    fraction = match[2] ?? '';
  } else if ((match = /^(\d{1,3}(?:,\d{3}){2,}|\d{1,3}(?:,\d{3})+(?=\.))(?:\.(\d{1,2}))?$/.exec(text))) {
    // English grouping only when unambiguous: "1,234,567" or "12,345.00" ("12,345" is refused).
    whole = match[1]!.replace(/,/g, '');
    fraction = match[2] ?? '';
  } else if ((match = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(text))) {
    whole = match[1]!;
    fraction = match[2] ?? '';
  } else {
    return null;
  }
  if (whole.length > 12) return null;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

const MAX_CENTS = 100_000_000_000; // € 1 billion

const euro = (required: TranslationKey) =>
  z
    .string({ required_error: required })
    .trim()
    .min(1, required)
    .refine((v) => parseEuroCents(v) !== null, 'errors.dashboard.amount.invalid')
    .transform((v) => parseEuroCents(v) ?? 0)
    .pipe(z.number().max(MAX_CENTS, 'errors.dashboard.amount.tooLarge'));

const isRealDate = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

export const PaymentSchema = z.object({
  intent: z.literal('payment'),
  project: z.string().min(1),
  partner: z.string({ required_error: 'errors.dashboard.partner.required' }).min(1, 'errors.dashboard.partner.required'),
  amount: euro('errors.dashboard.amount.required').pipe(z.number().min(1, 'errors.dashboard.amount.positive')),
  paidOn: z
    .string({ required_error: 'errors.dashboard.paidOn.required' })
    .trim()
    .min(1, 'errors.dashboard.paidOn.required')
    .refine(isRealDate, 'errors.dashboard.paidOn.invalid')
    .refine((v) => v <= todayInAmsterdam(), 'errors.dashboard.paidOn.future'),
  reference: z
    .string({ required_error: 'errors.dashboard.reference.required' })
    .trim()
    .min(1, 'errors.dashboard.reference.required')
    .max(60, 'errors.dashboard.reference.tooLong'),
});
const PAYMENT_FIELDS = ['partner', 'amount', 'paidOn', 'reference'] as const;

export const GrantSchema = z.object({
  intent: z.literal('grant'),
  project: z.string().min(1),
  partner: z.string({ required_error: 'errors.dashboard.partner.required' }).min(1, 'errors.dashboard.partner.required'),
  amount: euro('errors.dashboard.amount.required'),
});
const GRANT_FIELDS = ['partner', 'amount'] as const;

type ActionErrors = { form: 'payment' | 'grant'; errors: FieldErrors };

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const url = new URL(request.url);
  const formData = await request.formData();
  const intent = formData.get('intent') === 'grant' ? 'grant' : 'payment';
  const fail = (errors: FieldErrors, status: number) => data<ActionErrors>({ form: intent, errors }, { status });

  const parsed = intent === 'grant' ? await parseFormData(formData, GrantSchema) : await parseFormData(formData, PaymentSchema);
  if (!parsed.ok) return fail(parsed.errors, 400);
  const db = getDb();
  const programme = await getProgrammeForPayments(db, url.searchParams.get('programma'));
  if (!programme) notFound();
  const project = await findProjectByCode(db, programme.id, parsed.data.project);
  const partners = project ? await listPartnerBalances(db, project.id) : [];
  const partner = partners.find((p) => p.organisationId === parsed.data.partner);
  if (!project || !partner) return fail({ partner: 'errors.dashboard.partner.unknown' }, 400);

  const actor = { ...auditActor(request, principal), userId: principal.user.id };
  const back = new URLSearchParams({ project: project.code });
  if (url.searchParams.get('programma')) back.set('programma', programme.code);
  if (parsed.data.intent === 'payment') {
    const result = await recordAdvance(actor, {
      projectId: project.id,
      organisationId: partner.organisationId,
      amountCents: parsed.data.amount,
      paidOn: parsed.data.paidOn,
      reference: parsed.data.reference,
    });
    if (!result.ok) return fail({ [result.field]: result.error }, result.status);
    back.set('gedaan', 'betaling');
    back.set('kenmerk', parsed.data.reference);
  } else {
    const result = await changeGrantedAmount(actor, { projectId: project.id, organisationId: partner.organisationId, grantedCents: parsed.data.amount });
    if (!result.ok) return fail({ [result.field]: result.error }, result.status);
    back.set('gedaan', 'toekenning');
    back.set('partner', partner.organisationId);
  }
  return redirect(`/beheer/betalingen?${back}`);
}

export const handle: PageHandle = { title: (tr) => tr.t('dashboard.payments.title') };

type SelectFieldProps = {
  formId: string;
  name: string;
  label: string;
  error?: TranslationKey;
  options: Array<{ value: string; label: string }>;
  placeholder: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'name'>;

const SelectField = forwardRef<HTMLSelectElement, SelectFieldProps>(function SelectField(
  { formId, name, label, error, options, placeholder, ...rest },
  ref,
) {
  const { t } = useT();
  const id = fieldId(formId, name);
  return (
    <div className={`form-field${error ? ' has-error' : ''}`}>
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      {error ? (
        <span className="form-error" id={`${id}-error`}>
          <span className="visually-hidden">{t('errors.titlePrefix')}</span>
          {t(error)}
        </span>
      ) : null}
      <select ref={ref} id={id} name={name} className="form-select" aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...rest}>
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
});

export default function Payments() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useT();
  const { programme, project, recent, recorded, changed } = loaderData;
  return (
    <>
      <h1>{t('dashboard.payments.title')}</h1>
      <p className="lead">{t('dashboard.payments.intro')}</p>
      {recorded ? (
        <p className="notice" role="status">
          {t('dashboard.payments.recorded', {
            amount: formatMoney(recorded.amountCents, locale),
            organisation: recorded.organisation,
            project: recorded.projectCode,
            reference: recorded.reference,
          })}
        </p>
      ) : null}
      {changed && project ? (
        <p className="notice" role="status">
          {t('dashboard.payments.grantChanged', { organisation: changed.organisation, project, amount: formatMoney(changed.grantedCents, locale) })}
        </p>
      ) : null}
      <Form method="get" className="filter-form">
        <div className="form-field">
          <label className="form-label" htmlFor="betalingen-project">
            {t('dashboard.filters.project')}
          </label>
          <select id="betalingen-project" name="project" className="form-select" defaultValue={project ?? ''}>
            <option value="">{t('dashboard.filters.all')}</option>
            {loaderData.projects.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-actions">
          <button type="submit" className="button">
            {t('dashboard.project.show')}
          </button>
        </div>
      </Form>
      {project ? (
        <>
          <PartnerTable />
          <PaymentForm serverErrors={actionData?.form === 'payment' ? actionData.errors : undefined} />
          <GrantForm serverErrors={actionData?.form === 'grant' ? actionData.errors : undefined} />
        </>
      ) : null}
      <h2 id="recent-title">{t('dashboard.payments.listTitle')}</h2>
      {recent.length === 0 ? (
        <p>{t('dashboard.payments.none')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="recent-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.payments.table.paidOn')}</th>
                <th scope="col">{t('dashboard.payments.table.project')}</th>
                <th scope="col">{t('dashboard.payments.table.partner')}</th>
                <th scope="col">{t('dashboard.payments.table.reference')}</th>
                <th scope="col" className="num">
                  {t('dashboard.payments.table.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {recent.map((p) => (
                <tr key={p.id}>
                  <td>{formatDate(p.paidOn, locale, 'short')}</td>
                  <td>{p.projectCode}</td>
                  <td>{p.organisation}</td>
                  <th scope="row">{p.reference}</th>
                  <td className="num">{formatMoney(p.amountCents, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">{programme.name}</p>
    </>
  );
}

function PartnerTable() {
  const { partners } = useLoaderData<typeof loader>();
  const { t, locale } = useT();
  return (
    <>
      <h2 id="partners-title">{t('dashboard.payments.partnersTitle')}</h2>
      <div className="table-wrap" role="region" aria-labelledby="partners-title" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.payments.table.partner')}</th>
              <th scope="col" className="num">
                {t('dashboard.payments.table.granted')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.payments.table.paid')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.payments.table.remaining')}
              </th>
            </tr>
          </thead>
          <tbody>
            {partners.map((p) => (
              <tr key={p.organisationId}>
                <th scope="row">{p.name}</th>
                <td className="num">{formatMoney(p.grantedCents, locale)}</td>
                <td className="num">{formatMoney(p.paidCents, locale)}</td>
                <td className="num">{formatMoney(p.remainingCents, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function PaymentForm({ serverErrors }: { serverErrors?: FieldErrors }) {
  const { project, partners } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { t, locale } = useT();
  const formId = 'payment';
  const { form, errors, onSubmit } = useValidatedForm(PaymentSchema, { serverErrors, defaultValues: { intent: 'payment', project: project ?? '' } });
  return (
    <section aria-labelledby="payment-title">
      <h2 id="payment-title">{t('dashboard.payments.recordTitle')}</h2>
      <ErrorSummary formId={formId} errors={errors} order={PAYMENT_FIELDS} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit} id={formId}>
        <input type="hidden" {...form.register('intent')} value="payment" />
        <input type="hidden" {...form.register('project')} value={project ?? ''} />
        <SelectField
          formId={formId}
          label={t('dashboard.payments.partner')}
          placeholder={t('dashboard.payments.choose')}
          error={errors.partner}
          options={partners.map((p) => ({
            value: p.organisationId,
            label: t('dashboard.payments.partnerOption', { project: project ?? '', organisation: p.name, remaining: formatMoney(p.remainingCents, locale) }),
          }))}
          {...form.register('partner')}
        />
        <TextField formId={formId} label={t('dashboard.payments.amount')} hint={t('dashboard.payments.amountHint')} inputMode="decimal" error={errors.amount} {...form.register('amount')} />
        <TextField formId={formId} label={t('dashboard.payments.paidOn')} hint={t('dashboard.payments.paidOnHint')} type="date" error={errors.paidOn} {...form.register('paidOn')} />
        <TextField
          formId={formId}
          label={t('dashboard.payments.reference')}
          hint={t('dashboard.payments.referenceHint')}
          spellCheck={false}
          error={errors.reference}
          {...form.register('reference')}
        />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('dashboard.payments.submit')}
        </button>
      </Form>
    </section>
  );
}

function GrantForm({ serverErrors }: { serverErrors?: FieldErrors }) {
  const { project, partners, programme } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { t, locale } = useT();
  const formId = 'grant';
  const { form, errors, onSubmit } = useValidatedForm(GrantSchema, { serverErrors, defaultValues: { intent: 'grant', project: project ?? '' } });
  return (
    <section aria-labelledby="grant-title">
      <h2 id="grant-title">{t('dashboard.payments.grantTitle')}</h2>
      <p>{t('dashboard.payments.grantIntro', { cap: formatMoney(programme.capCents, locale), headroom: formatMoney(programme.headroomCents, locale) })}</p>
      <ErrorSummary formId={formId} errors={errors} order={GRANT_FIELDS} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit} id={formId}>
        <input type="hidden" {...form.register('intent')} value="grant" />
        <input type="hidden" {...form.register('project')} value={project ?? ''} />
        <SelectField
          formId={formId}
          label={t('dashboard.payments.partner')}
          placeholder={t('dashboard.payments.choose')}
          error={errors.partner}
          options={partners.map((p) => ({ value: p.organisationId, label: `${p.name} (${formatMoney(p.grantedCents, locale)})` }))}
          {...form.register('partner')}
        />
        <TextField formId={formId} label={t('dashboard.payments.newGranted')} hint={t('dashboard.payments.amountHint')} inputMode="decimal" error={errors.amount} {...form.register('amount')} />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('dashboard.payments.grantSubmit')}
        </button>
      </Form>
    </section>
  );
}
