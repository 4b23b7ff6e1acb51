import { z } from 'zod';
import { checkbox, version } from '#app/components/form/schema';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { formatBytes } from '#app/rules/numbers';
import { defineSection, type SectionViewProps } from '../section';
import type { AttachmentsPart } from '../snapshot';

/** Attachments (evidence): files are added and removed one by one; the form only marks the section complete. */
export const AttachmentsCompleteSchema = z.object({ version, complete: checkbox });

export const attachments = defineSection({
  section: 'attachments',
  formId: 'attachments-complete',
  titleKey: 'report.attachments.title',
  schema: () => AttachmentsCompleteSchema,
  toValues: (_part: AttachmentsPart, _extra: null) => ({}),
  order: () => ['complete'],
  label: (path, _extra, t) => (path === 'complete' ? t('report.form.complete') : path),
});

export function AttachmentsView({ part, attachmentBase }: SectionViewProps<AttachmentsPart>) {
  const { t, locale } = useT();
  if (part.attachments.length === 0) return <p>{t('report.attachments.none')}</p>;
  return (
    <DataTable
      id="view-attachments"
      caption={t('report.attachments.title')}
      captionHidden
      columns={[t('report.attachments.name'), t('report.attachments.description'), { label: t('report.attachments.size'), numeric: true }]}
    >
      {part.attachments.map((a) => (
        <tr key={a.id}>
          <th scope="row">
            {attachmentBase ? (
              <a href={`${attachmentBase}/${a.id}`} download>
                {a.filename}
              </a>
            ) : (
              a.filename
            )}
          </th>
          <td>{a.description || '—'}</td>
          <td className="num">{formatBytes(a.sizeBytes, locale)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
