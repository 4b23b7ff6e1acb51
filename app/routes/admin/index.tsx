import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link } from '@remix-run/react';
import type { PageHandle } from '#app/components/document-title';
import { useT, type TranslationKey } from '#app/i18n/index';
import { requirePermission } from '#app/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  return null;
}

export const handle: PageHandle = { title: (tr) => tr.t('admin.title') };

const SECTIONS: { to: string; title: TranslationKey; body: TranslationKey }[] = [
  { to: '/beheer/gebruikers', title: 'admin.users.title', body: 'admin.overview.users' },
  { to: '/beheer/programma', title: 'admin.programme.title', body: 'admin.overview.programme' },
  { to: '/beheer/projecten', title: 'admin.projects.title', body: 'admin.overview.projects' },
  { to: '/beheer/kalender', title: 'admin.calendar.title', body: 'admin.overview.calendar' },
  { to: '/beheer/audit', title: 'admin.audit.title', body: 'admin.overview.audit' },
];

export default function AdminOverview() {
  const { t } = useT();
  return (
    <>
      <h1>{t('admin.title')}</h1>
      <p className="lead">{t('admin.intro')}</p>
      <ul className="admin-sections">
        {SECTIONS.map((section) => (
          <li key={section.to}>
            <h2>
              <Link to={section.to}>{t(section.title)}</Link>
            </h2>
            <p>{t(section.body)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
