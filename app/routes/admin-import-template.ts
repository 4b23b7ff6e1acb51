import type { LoaderFunctionArgs } from '@remix-run/node';
import { IMPORT_KINDS, templateFile, type ImportKind } from '#app/models/import.server';
import { notFound, requirePermission } from '#app/utils/permissions.server';

/** /beheer/sjabloon/:kind/:format — the import template (budgets or milestones) as XLSX or CSV. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  const kind = params.kind as ImportKind;
  const format = params.format;
  if (!IMPORT_KINDS.includes(kind) || (format !== 'xlsx' && format !== 'csv')) notFound();
  const file = await templateFile(kind, format);
  return new Response(Buffer.from(file.body), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
