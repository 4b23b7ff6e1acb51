import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getDb } from '#db/client';
import { useT } from '#app/i18n/index';
import { listProjects } from '#app/models/admin-programme.server';
import { formatMoney } from '#app/utils/format';
import { pageTitle } from '#app/utils/meta';
import { requirePermission } from '#app/utils/permissions.server';
import { AdminBack } from './admin-shared';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  return { projects: await listProjects(getDb()) };
}

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, (tr) => tr.t('admin.projects.title'));

export default function AdminProjects() {
  const { projects } = useLoaderData<typeof loader>();
  const { t, locale } = useT();
  return (
    <>
      <AdminBack />
      <h1>{t('admin.projects.title')}</h1>
      <p>{t('admin.projects.intro')}</p>
      <div className="table-wrap" role="region" aria-labelledby="projects-caption" tabIndex={0}>
        <table>
          <caption id="projects-caption">{t('admin.projects.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.projects.code')}</th>
              <th scope="col">{t('admin.projects.name')}</th>
              <th scope="col">{t('admin.programme.code')}</th>
              <th scope="col">{t('admin.projects.aidBasis')}</th>
              <th scope="col">{t('admin.projects.lead')}</th>
              <th scope="col">{t('admin.programme.granted')}</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={`/beheer/projecten/${encodeURIComponent(p.code)}`}>{p.code}</Link>
                </th>
                <td lang="en">{p.name}</td>
                <td>{p.programmeCode}</td>
                <td>{t(`aidBasis.${p.aidBasis}`)}</td>
                <td>{p.leadName}</td>
                <td>{formatMoney(p.grantedCents, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
