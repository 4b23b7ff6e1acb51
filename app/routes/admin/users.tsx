import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getDb } from '#db/client';
import { AdminBack } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { listUsers } from '#app/models/users.server';
import { requirePermission } from '#app/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  return { users: await listUsers(getDb()) };
}

export const handle: PageHandle = { title: (tr) => tr.t('admin.users.title') };

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
      <DataTable
        id="users"
        caption={t('admin.users.tableCaption', { count: users.length })}
        columns={[t('admin.users.name'), t('admin.users.email'), t('admin.users.status'), t('admin.users.staffRoles'), t('admin.users.memberships')]}
      >
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
            <td>{user.memberships.length ? user.memberships.map((m) => `${m.projectCode}: ${m.organisationName} (${t(`role.${m.role}`)})`).join('; ') : '–'}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
