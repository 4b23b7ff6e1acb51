import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requirePermission } from '#app/utils/permissions.server';

// Any unknown address: the root error boundary renders the 404 page.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'public');
  notFound();
}

export async function action({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'public');
  notFound();
}

export default function NotFound() {
  return null;
}
