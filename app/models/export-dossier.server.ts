import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import yazl from 'yazl';
import type { Queryable } from '#db/client';
import { attachments, COST_CATEGORIES, projects, reportRevisions, reports, type ReportStatus } from '#db/schema/index';
import { createTranslator, type Locale, type TranslationKey, type Translator } from '#app/i18n/index';
import type { PrintDoc, PrintSection, PrintTable } from '#app/components/export/print-document';
import { canonicalJson } from '#app/utils/canonical-json';
import { htmlToPdf, PdfUnavailableError } from '#app/utils/pdf.server';
import { projectScope } from './programme.server';
import type { Principal } from '#app/utils/permissions.server';
import type { ReportSnapshot } from '#app/report/snapshot';
import { snapshotFor, type ReaderSnapshot } from '#app/report/snapshot-access.server';
import { snapshotHash } from './report-snapshot.server';
import { printHtml } from './export-files.server';
import type { Approval } from './export-schema.server';
import { formatDate, formatDateTime, todayInAmsterdam } from '#app/rules/dates';
import { deviationShare } from '#app/rules/limits';
import { formatMoney, formatNumber, formatShare, formatTenths } from '#app/rules/numbers';

/**
 * The report dossier: one submitted revision as a PDF (printed from its stored, immutable snapshot,
 * never from the live tables), the snapshot itself, its attachments, and a manifest with the SHA-256
 * of every file — what an auditor or the penvoerder archives. Everything in it is deterministic except
 * the PDF bytes (Chromium stamps a creation date); ZIP timestamps are fixed.
 */

const ZIP_MTIME = new Date(Date.UTC(2000, 0, 1));
export const DOSSIER_FORMAT_ID = 'ipcei-report-dossier';

export class DossierIntegrityError extends Error {}

export interface DossierRevision {
  reportId: string;
  projectId: string;
  projectCode: string;
  year: number;
  reportStatus: ReportStatus;
  currentRevision: number;
  approvedAt: Date | null;
  revision: number;
  reference: string;
  sha256: string;
  /** The stored snapshot, whole: what `sha256` is the hash of (verify this, never `view`). */
  snapshot: ReportSnapshot;
  /**
   * The snapshot as the principal may read it (app/report/snapshot-access.server.ts): the stored one
   * itself for the penvoerder and staff; for a contributor a copy without the other partners'
   * figures. Everything the dossier prints or packs is read from this.
   */
  view: ReaderSnapshot;
}

/**
 * A report's revision (the current one unless `revision` is given), only when the principal may
 * read the report's project; null otherwise (→ 404) or when nothing was ever submitted.
 */
export async function findDossierRevision(db: Queryable, principal: Principal, reportId: string, revision?: number): Promise<DossierRevision | null> {
  if (!/^[0-9a-f-]{36}$/i.test(reportId)) return null;
  const [report] = await db
    .select({
      id: reports.id,
      projectId: reports.projectId,
      projectCode: projects.code,
      year: reports.year,
      status: reports.status,
      currentRevision: reports.currentRevision,
      approvedAt: reports.approvedAt,
    })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(and(eq(reports.id, reportId), projectScope(principal)));
  if (!report || report.currentRevision === 0) return null;
  const wanted = revision ?? report.currentRevision;
  const [row] = await db
    .select({ revision: reportRevisions.revision, reference: reportRevisions.reference, sha256: reportRevisions.sha256, snapshot: reportRevisions.snapshot })
    .from(reportRevisions)
    .where(and(eq(reportRevisions.reportId, report.id), eq(reportRevisions.revision, wanted)));
  if (!row) return null;
  return {
    reportId: report.id,
    projectId: report.projectId,
    projectCode: report.projectCode,
    year: report.year,
    reportStatus: report.status,
    currentRevision: report.currentRevision,
    approvedAt: report.approvedAt,
    revision: row.revision,
    reference: row.reference,
    sha256: row.sha256,
    snapshot: row.snapshot as ReportSnapshot,
    view: snapshotFor(principal, row.snapshot as ReportSnapshot),
  };
}

/** Approved only when the report is approved and this is the revision that was approved. */
export function dossierApproval(d: Pick<DossierRevision, 'reportStatus' | 'currentRevision' | 'revision'>): Approval {
  return d.reportStatus === 'approved' && d.revision === d.currentRevision ? 'approved' : 'not_yet_approved';
}

export function dossierFilename(d: Pick<DossierRevision, 'reference'>) {
  return `dossier-${d.reference.replace(/[^A-Za-z0-9._-]+/g, '_')}.zip`;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** "report.pdf"-safe file names inside the ZIP: ASCII letters, digits, dot, dash, underscore. */
export function safeEntryName(name: string) {
  const cleaned = name.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return (cleaned || 'file').slice(-100);
}

export interface DossierFile {
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * The dossier as a streamed ZIP. Attachments are read from the database one at a time, as the ZIP
 * reaches them, and checked against the checksums in the snapshot. Without Chromium the revision is
 * included as its accessible HTML print view instead of a PDF (the manifest says so).
 */
/** True when the stored snapshot still hashes to the SHA-256 recorded at submission. */
export function verifyDossierRevision(d: Pick<DossierRevision, 'snapshot' | 'sha256'>) {
  return snapshotHash(d.snapshot) === d.sha256;
}

export async function dossierZip(db: Queryable, d: DossierRevision, locale: Locale): Promise<{ stream: Readable; filename: string; pdf: boolean }> {
  if (!verifyDossierRevision(d)) throw new DossierIntegrityError(`revision ${d.reference}: snapshot does not match its SHA-256`);
  const tr = createTranslator(locale);
  const html = printHtml(dossierPrintDoc(d, tr));
  let document: { name: string; content: Buffer };
  let pdf = true;
  try {
    const bytes = await htmlToPdf(html, { footerText: `${d.reference} – SHA-256 ${d.sha256.slice(0, 16)}…` });
    document = { name: `${safeEntryName(d.reference)}.pdf`, content: bytes };
  } catch (error) {
    if (!(error instanceof PdfUnavailableError)) throw error;
    pdf = false;
    document = { name: `${safeEntryName(d.reference)}.html`, content: Buffer.from(html, 'utf8') };
  }
  // The reader's copy: for a contributor it lacks the other partners' figures, so it no longer hashes
  // to snapshotSha256 (the manifest says so with `snapshotWithheld`).
  const snapshotText = Buffer.from(canonicalJson(d.view), 'utf8');

  const files: DossierFile[] = [];
  const attachmentStatus: Array<{ id: string; filename: string; path: string | null; sha256: string; status: 'ok' | 'missing' | 'checksum_mismatch' }> = [];
  const zip = new yazl.ZipFile();
  const addBuffer = (content: Buffer, path: string) => {
    files.push({ path, sha256: sha256(content), bytes: content.length });
    zip.addBuffer(content, path, { mtime: ZIP_MTIME });
  };
  addBuffer(document.content, document.name);
  addBuffer(snapshotText, 'snapshot.json');

  d.view.attachments.forEach((listed, index) => {
    const path = `attachments/${String(index + 1).padStart(2, '0')}-${safeEntryName(listed.filename)}`;
    const status = { id: listed.id, filename: listed.filename, path: path as string | null, sha256: listed.sha256, status: 'ok' as 'ok' | 'missing' | 'checksum_mismatch' };
    attachmentStatus.push(status);
    zip.addReadStreamLazy(path, { mtime: ZIP_MTIME }, (cb) => {
      db.select({ content: attachments.content })
        .from(attachments)
        .where(and(eq(attachments.id, listed.id), eq(attachments.reportId, d.reportId)))
        .then(([row]) => {
          const content = row ? Buffer.from(row.content) : Buffer.alloc(0);
          const actual = sha256(content);
          if (!row) status.status = 'missing';
          else if (actual !== listed.sha256) status.status = 'checksum_mismatch';
          files.push({ path, sha256: actual, bytes: content.length });
          cb(null, Readable.from([content]));
        }, (error: unknown) => cb(error, Readable.from([])));
    });
  });

  const approval = dossierApproval(d);
  // The manifest comes last, when every file before it has been hashed.
  zip.addReadStreamLazy('manifest.json', { mtime: ZIP_MTIME }, (cb) => {
    const manifest = {
      format: DOSSIER_FORMAT_ID,
      version: 1,
      reference: d.reference,
      programme: d.view.programme.code,
      project: d.projectCode,
      year: d.year,
      revision: d.revision,
      reportStatus: d.reportStatus,
      approval,
      approvedOn: approval === 'approved' && d.approvedAt ? todayInAmsterdam(d.approvedAt) : null,
      snapshotSha256: d.sha256,
      // Partners whose figures this copy leaves out (a contributor's dossier); empty: snapshot.json is the
      // stored snapshot, byte for byte, and hashes to snapshotSha256.
      snapshotWithheld: (d.view.withheld ?? []).map((p) => ({ organisationId: p.organisation.id, name: p.organisation.name })),
      document: pdf ? 'pdf' : 'html (Chromium not available)',
      attachments: attachmentStatus,
      files,
    };
    cb(null, Readable.from([Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8')]));
  });
  zip.addReadStreamLazy('SHA256SUMS', { mtime: ZIP_MTIME }, (cb) => {
    cb(null, Readable.from([Buffer.from(files.map((f) => `${f.sha256}  ${f.path}\n`).join(''), 'utf8')]));
  });
  zip.end();
  const out = new PassThrough();
  zip.on('error', (error: Error) => out.destroy(error));
  (zip.outputStream as Readable).on('error', (error) => out.destroy(error)).pipe(out);
  return { stream: out, filename: dossierFilename(d), pdf };
}

// ---------------------------------------------------------------------------------------------

const money = (tr: Translator, cents: number | null | undefined) => (cents === null || cents === undefined ? '—' : formatMoney(cents, tr.locale));
const date = (tr: Translator, value: string | null | undefined) => (value ? formatDate(value, tr.locale, 'short') : '—');
const code = (tr: Translator, prefix: string, value: string) => tr.t(`${prefix}.${value}` as TranslationKey);
const count = (tr: Translator, value: number | null | undefined) => (value === null || value === undefined ? '—' : formatNumber(value, tr.locale));

const signOff = (tr: Translator, p: { signedOffAt: string | null; signedOffBy: { name: string } | null }) =>
  p.signedOffAt && p.signedOffBy
    ? tr.t('export.dossier.signedOff', { name: p.signedOffBy.name, date: formatDateTime(new Date(p.signedOffAt), tr.locale) })
    : tr.t('export.dossier.notSignedOff');

/** The snapshot's order of partners: Dutch collation of their names (app/report/sections/costs.server.ts). */
const collator = new Intl.Collator('nl', { sensitivity: 'base' });

function simpleTable(caption: string, headers: Array<[string, boolean]>, rows: string[][]): PrintTable {
  return { caption, headers: headers.map(([label, numeric]) => ({ label, numeric })), rows };
}

/** The print view of one revision, from its stored snapshot as the reader may see it (`view`). */
export function dossierPrintDoc(d: DossierRevision, tr: Translator): PrintDoc {
  const s = d.view;
  const approval = dossierApproval(d);
  const banner =
    approval === 'approved'
      ? undefined
      : d.reportStatus === 'approved'
        ? tr.t('export.dossier.superseded')
        : `${tr.t('export.doc.notYetApproved')}: ${tr.t('export.doc.notYetApprovedNote')}`;
  const col = (key: string) => tr.t(`export.col.${key}` as TranslationKey);

  const costRows = COST_CATEGORIES.map((c) => {
    const costs = s.totals.costsCents[c];
    const budget = s.totals.budgetCents[c];
    // As the report's own pages show it (formatShare: "+27 %"; "—" when spending without a budget).
    return [code(tr, 'export.category', c), money(tr, costs), money(tr, budget), budget === 0 ? '—' : formatShare(deviationShare(costs, budget), tr.locale)];
  });
  costRows.push([tr.t('export.category.total'), money(tr, s.totals.costTotalCents), money(tr, s.totals.budgetTotalCents), '']);

  const partnerSections: PrintSection[] = s.partners.map((p) => ({
    id: `partner-${p.organisation.id}`,
    heading: `${p.organisation.name}${p.isLead ? ` (${col('isLead').toLowerCase()})` : ''}`,
    facts: [
      [col('kvkNumber'), p.organisation.kvkNumber],
      [col('grantedCents'), money(tr, p.grantedCents)],
      [col('costsYearCents'), money(tr, p.totalCents)],
      [col('budgetYearCents'), money(tr, p.budgetTotalCents)],
      [tr.t('export.col.status'), signOff(tr, p)],
      ...Object.entries(p.deviationExplanations)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([category, text]): [string, string] => [
          `${tr.t('export.dossier.deviationExplanation')} (${COST_CATEGORIES.includes(category as never) ? code(tr, 'export.category', category) : category})`,
          text,
        ]),
    ],
    tables: [
      simpleTable(
        `${tr.t('export.dossier.lines')} – ${p.organisation.name}`,
        [
          [col('category'), false],
          [col('description'), false],
          [tr.t('export.dossier.hours'), true],
          [tr.t('export.dossier.rate'), true],
          [tr.t('export.dossier.amount'), true],
        ],
        p.costLines.map((l) => [
          code(tr, 'export.category', l.category),
          l.description || '—',
          count(tr, l.hours),
          money(tr, l.hourlyRateCents),
          money(tr, l.amountCents),
        ]),
      ),
    ],
  }));
  // A partner whose figures this reader may not see: its name and the state of its part only, in
  // the snapshot's order of partners (Dutch collation of the names, then id).
  const withheld = s.withheld ?? [];
  if (withheld.length) {
    for (const p of withheld) {
      partnerSections.push({
        id: `partner-${p.organisation.id}`,
        heading: `${p.organisation.name}${p.isLead ? ` (${col('isLead').toLowerCase()})` : ''}`,
        facts: [[tr.t('export.col.status'), signOff(tr, p)]],
      });
    }
    const orgOf = new Map([...s.partners, ...withheld].map((p) => [`partner-${p.organisation.id}`, p.organisation]));
    const order = (a: PrintSection, b: PrintSection) => {
      const [x, y] = [orgOf.get(a.id)!, orgOf.get(b.id)!];
      return collator.compare(x.name, y.name) || (x.id < y.id ? -1 : 1);
    };
    partnerSections.sort(order);
  }

  const indicators = s.indicators;
  const sections: PrintSection[] = [
    {
      id: 'progress',
      heading: tr.t('export.doc.progress'),
      paragraphs: [s.narrative.progressSummary || tr.t('export.doc.none')],
      tables: [
        simpleTable(
          tr.t('export.dossier.workPackages'),
          [
            [col('workPackageCode'), false],
            [col('title'), false],
            [col('explanation'), false],
          ],
          s.workPackages.map((wp) => [wp.code, wp.title, wp.narrative || '—']),
        ),
        simpleTable(
          tr.t('export.part.milestones'),
          [
            [col('milestoneCode'), false],
            [col('title'), false],
            [col('plannedDate'), false],
            [col('status'), false],
            [col('achievedDate'), false],
            [col('forecastDate'), false],
            [col('explanation'), false],
          ],
          s.milestones.map((m) => [
            m.code,
            m.title,
            date(tr, m.plannedDate),
            code(tr, 'export.milestoneStatus', m.status),
            date(tr, m.achievedDate),
            date(tr, m.forecastDate),
            m.explanation || '—',
          ]),
        ),
      ],
    },
    {
      id: 'costs',
      heading: tr.t('export.part.costs'),
      // The totals over all partners only in a copy that holds every part (see snapshot-access).
      tables: withheld.length ? [] : [
        simpleTable(
          tr.t('export.part.costs'),
          [
            [col('category'), false],
            [col('costsYearCents'), true],
            [col('budgetYearCents'), true],
            [col('deviationPercent'), true],
          ],
          costRows,
        ),
      ],
      sections: [{ id: 'partners', heading: tr.t('export.dossier.partners'), sections: partnerSections }],
    },
    {
      id: 'indicators',
      heading: tr.t('export.part.indicators'),
      facts: indicators
        ? [
            [col('fte'), formatTenths(indicators.fteTenths, tr.locale)],
            [col('jobsCreated'), count(tr, indicators.jobsCreated)],
            [col('smesInvolved'), count(tr, indicators.smesInvolved)],
            [col('publications'), count(tr, indicators.publications)],
            [col('openSourceReleases'), count(tr, indicators.openSourceReleases)],
            [col('patentApplications'), count(tr, indicators.patentApplications)],
            [col('standardisationContributions'), count(tr, indicators.standardisationContributions)],
          ]
        : undefined,
      paragraphs: indicators ? undefined : [tr.t('export.doc.none')],
    },
    {
      id: 'spillover',
      heading: tr.t('export.part.spillover'),
      paragraphs: s.spillover.length ? undefined : [tr.t('export.doc.none')],
      tables: [
        simpleTable(
          tr.t('export.part.spillover'),
          [
            [col('title'), false],
            [col('type'), false],
            [col('activityDate'), false],
            [col('audience'), false],
            [col('reach'), true],
            [col('url'), false],
          ],
          s.spillover.map((a) => [
            a.title,
            code(tr, 'export.spilloverType', a.type),
            date(tr, a.activityDate),
            a.audience || '—',
            count(tr, a.reach),
            a.url ?? '—',
          ]),
        ),
      ],
    },
    {
      id: 'risks',
      heading: tr.t('export.doc.deviationsRisks'),
      paragraphs: [s.narrative.deviations || tr.t('export.doc.none')],
      tables: [
        simpleTable(
          tr.t('export.part.risks'),
          [
            [col('description'), false],
            [col('likelihood'), false],
            [col('impact'), false],
            [col('mitigation'), false],
          ],
          s.risks.map((r) => [r.description, code(tr, 'export.risk', r.likelihood), code(tr, 'export.risk', r.impact), r.mitigation]),
        ),
      ],
    },
    {
      id: 'attachments',
      heading: tr.t('export.dossier.attachments'),
      paragraphs: s.attachments.length ? undefined : [tr.t('export.doc.none')],
      tables: [
        simpleTable(
          tr.t('export.dossier.attachments'),
          [
            [tr.t('export.dossier.filename'), false],
            [col('description'), false],
            [tr.t('export.dossier.size'), true],
            ['SHA-256', false],
          ],
          s.attachments.map((a) => [a.filename, a.description || '—', count(tr, a.sizeBytes), a.sha256]),
        ),
      ],
    },
  ];

  return {
    lang: tr.locale,
    title: tr.t('export.dossier.heading', { project: `${s.project.code} – ${s.project.name}`, year: s.report.year }),
    facts: [
      [tr.t('export.doc.programme'), s.programme.name],
      [col('revisionReference'), tr.t('export.dossier.revision', { revision: d.revision, reference: d.reference })],
      [col('submittedOn'), s.submittedAt ? tr.t('export.dossier.submitted', { date: formatDateTime(new Date(s.submittedAt), tr.locale), name: s.submittedBy?.name ?? '—' }) : '—'],
      [col('approval'), tr.t(`export.approval.${approval}`)],
      ...(approval === 'approved' && d.approvedAt ? [[col('approvedOn'), formatDate(d.approvedAt, tr.locale)] as [string, string]] : []),
      [col('aidBasis'), code(tr, 'export.aidBasis', s.project.aidBasis)],
      ['SHA-256', d.sha256],
    ],
    warning: banner,
    notices: [],
    sections,
  };
}
