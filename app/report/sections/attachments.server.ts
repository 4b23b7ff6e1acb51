import { asc, eq } from 'drizzle-orm';
import { attachments as attachmentTable } from '#db/schema/index';
import { defineSectionServer, sectionAction } from '../engine.server';
import { attachments } from './attachments';

export const attachmentsServer = defineSectionServer({
  definition: attachments,
  async read(db, scope) {
    const rows = await db
      .select({
        id: attachmentTable.id,
        filename: attachmentTable.filename,
        contentType: attachmentTable.contentType,
        sizeBytes: attachmentTable.sizeBytes,
        sha256: attachmentTable.sha256,
        description: attachmentTable.description,
      })
      .from(attachmentTable)
      .where(eq(attachmentTable.reportId, scope.reportId))
      .orderBy(asc(attachmentTable.uploadedAt), asc(attachmentTable.id));
    return { attachments: rows };
  },
  extra: async () => null,
  // The files are written by the upload and delete (same save path: saveVersioned); this form only marks the section.
  write: async () => {},
});

/** "This section is complete" of the attachments page. */
export const completeAttachments = sectionAction(attachmentsServer);
