import type { LoaderFunctionArgs } from '@remix-run/node';
import { templateFile } from '#app/models/import.server';
import { resolveLocale } from '#app/utils/locale.server';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { IMPORT_KINDS, isOneOf } from '#app/rules/domain';

/** /beheer/sjabloon/:kind/:format — the import template (budgets or milestones) as XLSX or CSV. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const { kind, format } = params;
  if (!isOneOf(IMPORT_KINDS, kind) || (format !== 'xlsx' && format !== 'csv')) notFound();
  const file = await templateFile(kind, format, resolveLocale(request, principal));
  return new Response(Buffer.from(file.body), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
