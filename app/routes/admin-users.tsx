import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getDb } from '#db/client';
import { useT } from '#app/i18n/index';
import { listUsers } from '#app/models/users.server';
import { pageTitle } from '#app/utils/meta';
import { requirePermission } from '#app/utils/permissions.server';
import { AdminBack } from './admin-shared';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  return { users: await listUsers(getDb()) };
}

export const meta: MetaFunction<typeof loader> = ({ matches }) => pageTitle(matches, (tr) => tr.t('admin.users.title'));

export default function AdminUsers() {
  const { users } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <>
      <AdminBack />
      <h1>{t('admin.users.title')}</h1>
      <p>
        <Link to="/beheer/gebruikers/nieuw" className="button">
          {t('admin.users.invite')}
        </Link>
      </p>
      <div className="table-wrap" role="region" aria-labelledby="users-caption" tabIndex={0}>
        <table>
          <caption id="users-caption">{t('admin.users.tableCaption', { count: users.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.users.name')}</th>
              <th scope="col">{t('admin.users.email')}</th>
              <th scope="col">{t('admin.users.status')}</th>
              <th scope="col">{t('admin.users.staffRoles')}</th>
              <th scope="col">{t('admin.users.memberships')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <th scope="row">
                  <Link to={`/beheer/gebruikers/${user.id}`}>{user.name}</Link>
                </th>
                <td>{user.email}</td>
                <td>
                  <span className={`tag tag-user-${user.status}`}>{t(`admin.userStatus.${user.status}`)}</span>
                </td>
                <td>{user.staffRoles.map((r) => t(`role.${r}`)).join(', ') || '–'}</td>
                <td>
                  {user.memberships.length
                    ? user.memberships.map((m) => `${m.projectCode}: ${m.organisationName} (${t(`role.${m.role}`)})`).join('; ')
                    : '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
