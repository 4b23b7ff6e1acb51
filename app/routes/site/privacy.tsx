import type { LoaderFunctionArgs } from '@remix-run/node';
import type { PageHandle } from '#app/components/document-title';
import { useT } from '#app/i18n/index';
import { requirePermission } from '#app/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'public');
  return null;
}

export const handle: PageHandle = { title: (tr) => tr.t('legal.privacy.title') };

const SECTIONS = [
  ['legal.privacy.controller.title', 'legal.privacy.controller.body'],
  ['legal.privacy.purposes.title', 'legal.privacy.purposes.body'],
  ['legal.privacy.basis.title', 'legal.privacy.basis.body'],
  ['legal.privacy.retention.title', 'legal.privacy.retention.body'],
  ['legal.privacy.sharing.title', 'legal.privacy.sharing.body'],
  ['legal.privacy.rights.title', 'legal.privacy.rights.body'],
  ['legal.privacy.contact.title', 'legal.privacy.contact.body'],
] as const;

export default function PrivacyStatement() {
  const { t } = useT();
  return (
    <article className="prose">
      <h1>{t('legal.privacy.title')}</h1>
      <p className="lead">{t('legal.privacy.intro')}</p>
      <h2>{t('legal.privacy.data.title')}</h2>
      <ul>
        <li>{t('legal.privacy.data.account')}</li>
        <li>{t('legal.privacy.data.security')}</li>
        <li>{t('legal.privacy.data.audit')}</li>
        <li>{t('legal.privacy.data.reports')}</li>
      </ul>
      {SECTIONS.map(([title, body]) => (
        <section key={title}>
          <h2>{t(title)}</h2>
          <p>{t(body)}</p>
        </section>
      ))}
    </article>
  );
}
