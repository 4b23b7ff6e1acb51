import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useMemo } from 'react';
import { z } from 'zod';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { FilterForm, valueOptions } from '#app/components/filters';
import { parseForm, SelectField, TextField, useValidatedForm, ValidatedForm, type FieldErrors } from '#app/components/form/index';
import { requiredDate, requiredMoney, requiredText, text } from '#app/components/form/schema';
import { Outcome } from '#app/components/status';
import { DataTable } from '#app/components/table';
import { useT, type Locale } from '#app/i18n/index';
import {
  changeGrantedAmount,
  findProjectByCode,
  getProgrammeForPayments,
  listPartnerBalances,
  listProjectsForPayments,
  listRecentPayments,
  recordAdvance,
} from '#app/models/payments.server';
import { resolveLocale } from '#app/utils/locale.server';
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
    /** The programme asked for in the address, kept when the project filter is applied. */
    programmeParam: url.searchParams.get('programma') ? programme.code : null,
    projects: projects.map((p) => p.code),
    project: project?.code ?? null,
    partners,
    recent,
    recorded,
    changed: changed ? { organisation: changed.name, grantedCents: changed.grantedCents } : null,
  };
}

/**
 * The payment and grant forms. Amounts are read by the one money reader (app/rules/numbers) in the
 * page's language, so a schema is made per language: the browser passes useT().locale, the action
 * the language of the request.
 */
export function paymentSchema(locale: Locale) {
  return z.object({
    project: text(20, 'errors.dashboard.partner.unknown'),
    partner: requiredText(64, 'errors.dashboard.partner.required', 'errors.dashboard.partner.unknown'),
    amount: requiredMoney(locale).pipe(z.number().min(1, 'errors.dashboard.amount.positive')),
    paidOn: requiredDate('errors.dashboard.paidOn.required', 'errors.dashboard.paidOn.invalid').refine((v) => v <= todayInAmsterdam(), 'errors.dashboard.paidOn.future'),
    reference: requiredText(60, 'errors.dashboard.reference.required', 'errors.dashboard.reference.tooLong'),
  });
}
const PAYMENT_FIELDS = ['partner', 'amount', 'paidOn', 'reference'] as const;

export function grantSchema(locale: Locale) {
  return z.object({
    project: text(20, 'errors.dashboard.partner.unknown'),
    partner: requiredText(64, 'errors.dashboard.partner.required', 'errors.dashboard.partner.unknown'),
    amount: requiredMoney(locale),
  });
}
const GRANT_FIELDS = ['partner', 'amount'] as const;

type ActionErrors = { form: 'payment' | 'grant'; errors: FieldErrors; values: Record<string, unknown> };
const refuse = (form: ActionErrors['form'], errors: FieldErrors, values: Record<string, unknown>, status: number) => data<ActionErrors>({ form, errors, values }, { status });

/** The project and partner a form names, looked up again in the programme (never trusted from the form). */
async function findPartnerOf(url: URL, input: { project: string; partner: string }) {
  const db = getDb();
  const programme = await getProgrammeForPayments(db, url.searchParams.get('programma'));
  if (!programme) notFound();
  const project = await findProjectByCode(db, programme.id, input.project);
  const partner = project ? (await listPartnerBalances(db, project.id)).find((p) => p.organisationId === input.partner) : undefined;
  if (!project || !partner) return null;
  const back = new URLSearchParams({ project: project.code });
  if (url.searchParams.get('programma')) back.set('programma', programme.code);
  return { projectId: project.id, organisationId: partner.organisationId, back };
}

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const url = new URL(request.url);
  const formData = await request.formData();
  const locale = resolveLocale(request, principal);
  const actor = { ...auditActor(request, principal), userId: principal.user.id };

  if (formData.get('intent') === 'grant') {
    const parsed = await parseForm(formData, grantSchema(locale));
    if (!parsed.ok) return refuse('grant', parsed.errors, parsed.raw, 400);
    const target = await findPartnerOf(url, parsed.data);
    if (!target) return refuse('grant', { partner: 'errors.dashboard.partner.unknown' }, parsed.raw, 400);
    const result = await changeGrantedAmount(actor, { projectId: target.projectId, organisationId: target.organisationId, grantedCents: parsed.data.amount });
    if (!result.ok) return refuse('grant', { [result.field]: result.error }, parsed.raw, result.status);
    target.back.set('gedaan', 'toekenning');
    target.back.set('partner', target.organisationId);
    return redirect(`/beheer/betalingen?${target.back}`);
  }

  const parsed = await parseForm(formData, paymentSchema(locale));
  if (!parsed.ok) return refuse('payment', parsed.errors, parsed.raw, 400);
  const target = await findPartnerOf(url, parsed.data);
  if (!target) return refuse('payment', { partner: 'errors.dashboard.partner.unknown' }, parsed.raw, 400);
  const { amount, paidOn, reference } = parsed.data;
  const result = await recordAdvance(actor, { projectId: target.projectId, organisationId: target.organisationId, amountCents: amount, paidOn, reference });
  if (!result.ok) return refuse('payment', { [result.field]: result.error }, parsed.raw, result.status);
  target.back.set('gedaan', 'betaling');
  target.back.set('kenmerk', reference);
  return redirect(`/beheer/betalingen?${target.back}`);
}

export const handle: PageHandle = { title: (tr) => tr.t('dashboard.payments.title') };

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Payments() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useT();
  const { programme, project, recent, recorded, changed } = loaderData;
  const sent = (form: 'payment' | 'grant') => (actionData?.form === form ? actionData : undefined);
  return (
    <>
      <h1>{t('dashboard.payments.title')}</h1>
      <p className="lead">{t('dashboard.payments.intro')}</p>
      <Outcome>
        {recorded
          ? t('dashboard.payments.recorded', {
              amount: formatMoney(recorded.amountCents, locale),
              organisation: recorded.organisation,
              project: recorded.projectCode,
              reference: recorded.reference,
            })
          : null}
      </Outcome>
      <Outcome>
        {changed && project ? t('dashboard.payments.grantChanged', { organisation: changed.organisation, project, amount: formatMoney(changed.grantedCents, locale) }) : null}
      </Outcome>
      <FilterForm
        label={t('dashboard.filters.title')}
        hidden={{ programma: loaderData.programmeParam }}
        filters={[{ type: 'select', name: 'project', label: t('dashboard.filters.project'), options: valueOptions(loaderData.projects), value: project, any: t('dashboard.filters.all') }]}
        apply={t('dashboard.project.show')}
      />
      {project ? (
        <>
          <PartnerTable data={loaderData} />
          <PaymentForm data={loaderData} sent={sent('payment')} />
          <GrantForm data={loaderData} sent={sent('grant')} />
        </>
      ) : null}
      <h2 id="recent-title">{t('dashboard.payments.listTitle')}</h2>
      {recent.length === 0 ? (
        <p>{t('dashboard.payments.none')}</p>
      ) : (
        <DataTable
          id="recent"
          labelledBy="recent-title"
          columns={[
            t('dashboard.payments.table.paidOn'),
            t('dashboard.payments.table.project'),
            t('dashboard.payments.table.partner'),
            t('dashboard.payments.table.reference'),
            { label: t('dashboard.payments.table.amount'), numeric: true },
          ]}
        >
          {recent.map((p) => (
            <tr key={p.id}>
              <td>{formatDate(p.paidOn, locale, 'short')}</td>
              <td>{p.projectCode}</td>
              <td>{p.organisation}</td>
              <th scope="row">{p.reference}</th>
              <td className="num">{formatMoney(p.amountCents, locale)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <p className="muted">{programme.name}</p>
    </>
  );
}

function PartnerTable({ data }: { data: Data }) {
  const { t, locale } = useT();
  return (
    <>
      <h2 id="partners-title">{t('dashboard.payments.partnersTitle')}</h2>
      <DataTable
        id="partners"
        labelledBy="partners-title"
        columns={[
          t('dashboard.payments.table.partner'),
          { label: t('dashboard.payments.table.granted'), numeric: true },
          { label: t('dashboard.payments.table.paid'), numeric: true },
          { label: t('dashboard.payments.table.remaining'), numeric: true },
        ]}
      >
        {data.partners.map((p) => (
          <tr key={p.organisationId}>
            <th scope="row">{p.name}</th>
            <td className="num">{formatMoney(p.grantedCents, locale)}</td>
            <td className="num">{formatMoney(p.paidCents, locale)}</td>
            <td className="num">{formatMoney(p.remainingCents, locale)}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

/** What the action sent back for one of the two forms: its errors and the values to show again. */
type Sent = { errors: FieldErrors; values: Record<string, unknown> } | undefined;

/** The partner select both forms start with. */
function PartnerSelect({ formId, error, options, registered }: { formId: string; error?: FieldErrors[string]; options: { value: string; label: string }[]; registered: object }) {
  const { t } = useT();
  return <SelectField formId={formId} name="partner" label={t('dashboard.payments.partner')} placeholder={t('dashboard.payments.choose')} error={error} options={options} {...registered} />;
}

function PaymentForm({ data, sent }: { data: Data; sent: Sent }) {
  const { project, partners } = data;
  const navigation = useNavigation();
  const { t, locale } = useT();
  const formId = 'payment';
  const schema = useMemo(() => paymentSchema(locale), [locale]);
  const state = useValidatedForm(schema, { serverErrors: sent?.errors, defaultValues: sent?.values });
  const { form, errors } = state;
  return (
    <section aria-labelledby="payment-title">
      <h2 id="payment-title">{t('dashboard.payments.recordTitle')}</h2>
      <ValidatedForm id={formId} state={state} order={PAYMENT_FIELDS} className="form">
        <input type="hidden" name="intent" value="payment" />
        <input type="hidden" name="project" value={project ?? ''} />
        <PartnerSelect
          formId={formId}
          error={errors.partner}
          options={partners.map((p) => ({
            value: p.organisationId,
            label: t('dashboard.payments.partnerOption', { project: project ?? '', organisation: p.name, remaining: formatMoney(p.remainingCents, locale) }),
          }))}
          registered={form.register('partner')}
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
      </ValidatedForm>
    </section>
  );
}

function GrantForm({ data, sent }: { data: Data; sent: Sent }) {
  const { project, partners, programme } = data;
  const navigation = useNavigation();
  const { t, locale } = useT();
  const formId = 'grant';
  const schema = useMemo(() => grantSchema(locale), [locale]);
  const state = useValidatedForm(schema, { serverErrors: sent?.errors, defaultValues: sent?.values });
  const { form, errors } = state;
  return (
    <section aria-labelledby="grant-title">
      <h2 id="grant-title">{t('dashboard.payments.grantTitle')}</h2>
      <p>{t('dashboard.payments.grantIntro', { cap: formatMoney(programme.capCents, locale), headroom: formatMoney(programme.headroomCents, locale) })}</p>
      <ValidatedForm id={formId} state={state} order={GRANT_FIELDS} className="form">
        <input type="hidden" name="intent" value="grant" />
        <input type="hidden" name="project" value={project ?? ''} />
        <PartnerSelect
          formId={formId}
          error={errors.partner}
          options={partners.map((p) => ({ value: p.organisationId, label: `${p.name} (${formatMoney(p.grantedCents, locale)})` }))}
          registered={form.register('partner')}
        />
        <TextField formId={formId} label={t('dashboard.payments.newGranted')} hint={t('dashboard.payments.amountHint')} inputMode="decimal" error={errors.amount} {...form.register('amount')} />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('dashboard.payments.grantSubmit')}
        </button>
      </ValidatedForm>
    </section>
  );
}
