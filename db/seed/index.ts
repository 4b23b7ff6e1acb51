import { createHash, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '#db/client';
import { STARTUP_LOCKS } from '#db/migrate';
import {
  reportingPeriods,
  attachments,
  costLines,
  milestones,
  milestoneUpdates,
  organisations,
  partnerBudgets,
  partnerParts,
  payments,
  programmes,
  projectMemberships,
  projectPartners,
  projects,
  REPORT_SECTIONS,
  reportIndicators,
  reportNarratives,
  reportRevisions,
  reports,
  reportSections,
  reviewComments,
  reviewDecisions,
  risks,
  spilloverActivities,
  userRoles,
  users,
  workPackageProgress,
  workPackages,
  type ReportSection,
  type SectionStatus,
} from '#db/schema/index';
import { appendAudit } from '#app/models/audit.server';
import { buildReportSnapshot, snapshotHash } from '#app/models/report-snapshot.server';
import { hashPassword } from '#app/utils/password.server';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, penvoerderAccount, signingAccount } from './demo-accounts';
import {
  DEMO_BUDGETS,
  DEMO_ORGANISATIONS,
  DEMO_PAYMENTS,
  DEMO_PROGRAMME,
  DEMO_PROJECTS,
  DEMO_REPORTS,
  ILLUSTRATIVE_NOTE,
  demoProject,
  revisionReference,
  type DemoReport,
  type OrgKey,
  type ProjectCode,
} from './demo-data';

export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts';
export { ILLUSTRATIVE_NOTE } from './demo-data';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/**
 * The demo seed creates accounts with a published password: it may only ever run against a database
 * on this machine. PGlite (no DATABASE_URL) is always fine. Throws unless every host in the URL is
 * localhost, 127.0.0.1, ::1 or a Unix socket, or `force` is set.
 */
export function assertSeedTargetIsLocal(url: string | undefined, force: boolean): void {
  if (url === undefined || url.trim() === '' || force) return;
  // Parsed by hand: `new URL` rejects forms that libpq and postgres.js accept, such as
  // postgres://user@/db?host=/var/run/postgresql (a Unix socket) or several comma-separated hosts.
  const match = /^postgres(?:ql)?:\/\/([^/?#]*)([^#]*)/i.exec(url.trim());
  if (!match) throw new Error('Refusing to seed demo data: DATABASE_URL is not a postgres:// or postgresql:// URL.');
  const authority = match[1] ?? '';
  const hostList = authority.slice(authority.lastIndexOf('@') + 1);
  const hostParam = /[?&]host=([^&]*)/.exec(match[2] ?? '')?.[1];
  // A `host` parameter (host name or socket directory) overrides the host in the authority.
  const hostSpec = safeDecode(hostParam ?? hostList);
  const hosts = hostSpec === '' ? [process.env.PGHOST ?? ''] : hostSpec.split(',');
  const remote = hosts
    .map((h) => h.trim())
    .filter((h) => h !== '' && !h.startsWith('/') && !LOCAL_HOSTS.has(stripPort(h).toLowerCase()));
  if (remote.length > 0) {
    throw new Error(
      `Refusing to seed demo data: DATABASE_URL points at ${remote.map(stripPort).join(', ')}, which is not this ` +
        'machine (localhost, 127.0.0.1, ::1 or a Unix socket). The demo accounts share a published password and ' +
        'must never reach a shared or production database. If this really is a throw-away database, seed with --force.',
    );
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function stripPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const parts = host.split(':');
  return parts.length === 2 ? (parts[0] ?? host) : host; // a bare IPv6 address has several colons
}

async function findProgramme(db: Queryable): Promise<string | undefined> {
  const [row] = await db.select({ id: programmes.id }).from(programmes).where(eq(programmes.code, DEMO_PROGRAMME.code)).limit(1);
  return row?.id;
}

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * Seeds the demo programme, organisations, projects, budgets, payments and reports (and, when
 * `accounts` is set, the demo accounts) in one transaction. Does nothing when the programme exists.
 *
 * Without accounts no user exists to stamp, pay or upload with: then the 2024 reports are drafts
 * (content filled in, nothing signed off, no attachments) and no payments are recorded, because
 * `payments.created_by` must name a user.
 *
 * `today` is the moment used for "work in progress" stamps (default: now).
 */
export async function seedDemo(db: Db, options: { accounts: boolean; today?: Date }): Promise<{ created: boolean }> {
  if (await findProgramme(db)) return { created: false };
  const today = options.today ?? new Date();
  // argon2 is deliberately slow: hash once, outside the transaction, and share the hash.
  const passwordHash = options.accounts ? await hashPassword(DEMO_PASSWORD) : null;

  return db.transaction(async (tx) => {
    // Processes started together on an empty database: one seeds, the others wait and find it done.
    await tx.execute(sql`select pg_advisory_xact_lock(${STARTUP_LOCKS.seed})`);
    if (await findProgramme(tx)) return { created: false };
    const seeder = new Seeder(tx, today, passwordHash);
    const counts = await seeder.run();
    await appendAudit(
      tx,
      { userId: null, email: 'system' },
      {
        action: 'seed.demo',
        entityType: 'programme',
        entityId: seeder.programmeId,
        details: { ...counts, accounts: options.accounts, note: ILLUSTRATIVE_NOTE },
      },
    );
    return { created: true };
  });
}

type Counts = Record<string, number>;

class Seeder {
  readonly programmeId = randomUUID();
  private readonly orgIds = new Map<OrgKey, string>();
  private readonly projectIds = new Map<ProjectCode, string>();
  /** Keyed `${project}/${code}`. */
  private readonly wpIds = new Map<string, string>();
  private readonly milestoneIds = new Map<string, string>();
  private readonly userIds = new Map<string, string>();
  private readonly counts: Counts = {};

  constructor(
    private readonly tx: Tx,
    private readonly today: Date,
    private readonly passwordHash: string | null,
  ) {}

  private get accounts() {
    return this.passwordHash !== null;
  }

  private count(table: string, n: number) {
    this.counts[table] = (this.counts[table] ?? 0) + n;
  }

  private org(key: OrgKey) {
    const id = this.orgIds.get(key);
    if (!id) throw new Error(`Demo organisation ${key} was not seeded`);
    return id;
  }

  private orgEnterpriseType(key: OrgKey) {
    const organisation = DEMO_ORGANISATIONS.find((o) => o.key === key);
    if (!organisation) throw new Error(`Demo organisation ${key} is not defined`);
    return organisation.enterpriseType;
  }

  private project(code: ProjectCode) {
    const id = this.projectIds.get(code);
    if (!id) throw new Error(`Demo project ${code} was not seeded`);
    return id;
  }

  private user(email: string) {
    const id = this.userIds.get(email);
    if (!id) throw new Error(`Demo account ${email} was not seeded`);
    return id;
  }

  async run(): Promise<Counts> {
    await this.seedProgramme();
    await this.seedOrganisations();
    await this.seedProjects();
    if (this.passwordHash !== null) {
      await this.seedAccounts(this.passwordHash);
      await this.seedPayments();
    }
    for (const report of DEMO_REPORTS) await this.seedReport(report);
    return this.counts;
  }

  private async seedProgramme() {
    await this.tx.insert(programmes).values({ id: this.programmeId, ...DEMO_PROGRAMME });
    this.count('programmes', 1);
    // The years whose reports exist are open in the reporting calendar.
    const years = [...new Set(DEMO_REPORTS.map((r) => r.year))];
    await this.tx.insert(reportingPeriods).values(years.map((year) => ({ programmeId: this.programmeId, year })));
    this.count('reporting_periods', years.length);
  }

  private async seedOrganisations() {
    const rows = DEMO_ORGANISATIONS.map((o) => {
      const id = randomUUID();
      this.orgIds.set(o.key, id);
      return { id, name: o.name, kvkNumber: o.kvkNumber, enterpriseType: o.enterpriseType, nuts2Region: o.nuts2Region, naceCode: o.naceCode };
    });
    await this.tx.insert(organisations).values(rows);
    this.count('organisations', rows.length);
  }

  private async seedProjects() {
    for (const p of DEMO_PROJECTS) {
      const projectId = randomUUID();
      this.projectIds.set(p.code, projectId);
      // The lead-is-partner foreign key is deferred to commit, so the project can come first.
      await this.tx.insert(projects).values({
        id: projectId,
        programmeId: this.programmeId,
        code: p.code,
        name: p.name,
        description: p.description,
        aidBasis: p.aidBasis,
        leadOrganisationId: this.org(p.lead),
        grantDecisionReference: p.grantDecisionReference,
        grantDecisionDate: p.grantDecisionDate,
        aidMeasureNumber: p.aidMeasureNumber,
        aidObjective: p.aidObjective,
        startDate: p.startDate,
        endDate: p.endDate,
      });
      await this.tx.insert(projectPartners).values(
        p.partners.map((partner) => ({
          projectId,
          organisationId: this.org(partner.organisation),
          grantedCents: partner.grantedCents,
          grantedOn: partner.grantedOn,
          enterpriseTypeAtGrant: this.orgEnterpriseType(partner.organisation),
          costMethod: partner.costMethod,
          hourlyRateCents: partner.hourlyRateCents,
        })),
      );
      this.count('projects', 1);
      this.count('project_partners', p.partners.length);

      const budgets = DEMO_BUDGETS.filter((b) => b.project === p.code).map((b) => ({
        projectId,
        organisationId: this.org(b.organisation),
        year: b.year,
        category: b.category,
        amountCents: b.amountCents,
      }));
      await this.tx.insert(partnerBudgets).values(budgets);
      this.count('partner_budgets', budgets.length);

      const wpRows: Array<typeof workPackages.$inferInsert> = [];
      const msRows: Array<typeof milestones.$inferInsert> = [];
      p.workPackages.forEach((wp, i) => {
        const wpId = randomUUID();
        this.wpIds.set(`${p.code}/${wp.code}`, wpId);
        wpRows.push({ id: wpId, projectId, code: wp.code, title: wp.title, description: wp.description, position: i + 1 });
        for (const ms of wp.milestones) {
          const msId = randomUUID();
          this.milestoneIds.set(`${p.code}/${ms.code}`, msId);
          msRows.push({ id: msId, projectId, workPackageId: wpId, code: ms.code, title: ms.title, plannedDate: ms.plannedDate, position: msRows.length + 1 });
        }
      });
      await this.tx.insert(workPackages).values(wpRows);
      await this.tx.insert(milestones).values(msRows);
      this.count('work_packages', wpRows.length);
      this.count('milestones', msRows.length);
    }
  }

  private async seedAccounts(passwordHash: string) {
    const userRows = DEMO_ACCOUNTS.map((a) => {
      const id = randomUUID();
      this.userIds.set(a.email, id);
      const mfa = a.totpSecret ? { totpSecret: a.totpSecret, mfaEnabledAt: this.today } : {};
      return { id, email: a.email, name: a.name, passwordHash, locale: 'nl' as const, status: 'active' as const, isDemo: true, ...mfa };
    });
    await this.tx.insert(users).values(userRows);
    const roleRows = DEMO_ACCOUNTS.flatMap((a) => a.staffRoles.map((role) => ({ userId: this.user(a.email), role })));
    if (roleRows.length > 0) await this.tx.insert(userRoles).values(roleRows);
    const membershipRows = DEMO_ACCOUNTS.flatMap((a) =>
      a.memberships.map((m) => ({
        userId: this.user(a.email),
        projectId: this.project(m.project),
        organisationId: this.org(m.organisation),
        role: m.role,
      })),
    );
    if (membershipRows.length > 0) await this.tx.insert(projectMemberships).values(membershipRows);
    this.count('users', userRows.length);
    this.count('user_roles', roleRows.length);
    this.count('project_memberships', membershipRows.length);
  }

  private async seedPayments() {
    const admin = DEMO_ACCOUNTS.find((a) => a.staffRoles.includes('admin'));
    if (!admin) throw new Error('The demo accounts need an administrator to record payments');
    const rows = DEMO_PAYMENTS.map((p) => ({
      projectId: this.project(p.project),
      organisationId: this.org(p.organisation),
      kind: p.kind,
      amountCents: p.amountCents,
      paidOn: p.paidOn,
      reference: p.reference,
      createdBy: this.user(admin.email),
      createdAt: new Date(`${p.paidOn}T09:00:00+01:00`),
    }));
    await this.tx.insert(payments).values(rows);
    this.count('payments', rows.length);
  }

  private async seedReport(report: DemoReport) {
    const tx = this.tx;
    const project = demoProject(report.project);
    const projectId = this.project(report.project);
    const reportId = randomUUID();
    // Without accounts nobody can have submitted or reviewed: every report stays a draft.
    const wf = this.accounts ? report.workflow : null;
    const penvoerder = this.accounts ? penvoerderAccount(report.project) : undefined;
    const penvoerderId = penvoerder ? this.user(penvoerder.email) : null;

    const lastChange = wf ? (wf.approvedAt ?? lastOf(wf.decisions.map((d) => d.at)) ?? wf.submittedAt) : this.today;
    await tx.insert(reports).values({
      id: reportId,
      projectId,
      year: report.year,
      status: wf?.status ?? 'draft',
      dueDate: report.dueDate,
      version: 1 + (wf?.statusChanges ?? 0),
      currentRevision: wf ? 1 : 0,
      assignedReviewerId: wf ? this.user(wf.assignedReviewer) : null,
      submittedAt: wf?.submittedAt ?? null,
      submittedBy: wf ? this.user(wf.submittedBy) : null,
      submittedLate: wf?.submittedLate ?? false,
      recommendedAt: wf?.recommendedAt ?? null,
      recommendedBy: wf?.recommendedBy ? this.user(wf.recommendedBy) : null,
      approvedAt: wf?.approvedAt ?? null,
      approvedBy: wf?.approvedBy ? this.user(wf.approvedBy) : null,
      createdAt: wf ? new Date(`${report.year}-12-01T09:00:00+01:00`) : this.today,
      updatedAt: lastChange,
    });
    this.count('reports', 1);

    // Sections: all completed once submitted; otherwise as the demo data says.
    const sectionStatus = (s: ReportSection): SectionStatus => (wf ? 'completed' : report.draftSections[s]);
    const sectionRows = REPORT_SECTIONS.map((section) => {
      const status = sectionStatus(section);
      const touched = status !== 'not_started';
      return {
        reportId,
        section,
        status,
        version: touched ? 1 : 0,
        updatedAt: touched ? (wf?.sectionsCompletedAt ?? this.today) : null,
        updatedBy: touched ? penvoerderId : null,
      };
    });
    await tx.insert(reportSections).values(sectionRows);
    this.count('report_sections', sectionRows.length);

    if (report.narrative) {
      await tx.insert(reportNarratives).values({ reportId, ...report.narrative });
      this.count('report_narratives', 1);
    }

    const wpProgress = report.workPackageProgress.map((w) => ({
      reportId,
      projectId,
      workPackageId: this.wpId(report.project, w.workPackage),
      narrative: w.narrative,
    }));
    if (wpProgress.length > 0) await tx.insert(workPackageProgress).values(wpProgress);
    this.count('work_package_progress', wpProgress.length);

    // Every milestone planned up to the end of the year needs an update in a filled-in report.
    if (report.milestoneUpdates.length > 0) {
      const due = project.workPackages.flatMap((wp) => wp.milestones).filter((m) => m.plannedDate <= `${report.year}-12-31`);
      const missing = due.filter((m) => !report.milestoneUpdates.some((u) => u.milestone === m.code));
      if (missing.length > 0) throw new Error(`${report.project} ${report.year}: no update for ${missing.map((m) => m.code).join(', ')}`);
    }
    const msUpdates = report.milestoneUpdates.map((u) => ({
      reportId,
      projectId,
      milestoneId: this.milestoneId(report.project, u.milestone),
      status: u.status,
      achievedDate: u.achievedDate ?? null,
      forecastDate: u.forecastDate ?? null,
      explanation: u.explanation,
    }));
    if (msUpdates.length > 0) await tx.insert(milestoneUpdates).values(msUpdates);
    this.count('milestone_updates', msUpdates.length);

    const parts = report.partnerParts.map((part) => {
      const signer = wf ? signingAccount(report.project, part.organisation) : undefined;
      if (wf && !signer) throw new Error(`${report.project}: no demo account signs off for ${part.organisation}`);
      const signerId = signer ? this.user(signer.email) : null;
      return {
        reportId,
        projectId,
        organisationId: this.org(part.organisation),
        version: 1,
        deviationExplanations: part.deviationExplanations,
        signedOffAt: signerId ? part.signedOffAt : null,
        signedOffBy: signerId,
        updatedAt: signerId ? part.signedOffAt : this.today,
        updatedBy: signerId,
      };
    });
    if (parts.length > 0) await tx.insert(partnerParts).values(parts);
    this.count('partner_parts', parts.length);

    const lines = report.partnerParts.flatMap((part) =>
      part.costLines.map((line, i) => ({
        reportId,
        projectId,
        organisationId: this.org(part.organisation),
        category: line.category,
        description: line.description,
        employeeRef: line.employeeRef,
        hours: line.hours,
        hourlyRateCents: line.hourlyRateCents,
        annualWageCents: line.annualWageCents,
        amountCents: line.amountCents,
        position: i + 1,
      })),
    );
    if (lines.length > 0) await tx.insert(costLines).values(lines);
    this.count('cost_lines', lines.length);

    if (report.indicators) {
      await tx.insert(reportIndicators).values({ reportId, ...report.indicators });
      this.count('report_indicators', 1);
    }
    const spillover = report.spillover.map((s, i) => ({ reportId, ...s, position: i + 1 }));
    if (spillover.length > 0) await tx.insert(spilloverActivities).values(spillover);
    this.count('spillover_activities', spillover.length);
    const riskRows = report.risks.map((r, i) => ({ reportId, ...r, position: i + 1 }));
    if (riskRows.length > 0) await tx.insert(risks).values(riskRows);
    this.count('risks', riskRows.length);

    // Attachments need an uploader, so they exist only with accounts.
    const files = this.accounts
      ? report.attachments.map((a) => {
          const content = new Uint8Array(Buffer.from(a.content, 'utf8'));
          return {
            id: randomUUID(),
            reportId,
            filename: a.filename,
            contentType: a.contentType,
            sizeBytes: content.byteLength,
            sha256: sha256Hex(content),
            content,
            description: a.description,
            uploadedBy: this.user(a.uploadedBy),
            uploadedAt: a.uploadedAt,
          };
        })
      : [];
    if (files.length > 0) await tx.insert(attachments).values(files);
    this.count('attachments', files.length);

    if (!wf) return;

    // The submitted revision: an immutable snapshot (the one builder the portal uses) and its SHA-256.
    const snapshot = await buildReportSnapshot(tx, reportId);
    await tx.insert(reportRevisions).values({
      reportId,
      revision: 1,
      snapshot,
      sha256: snapshotHash(snapshot),
      reference: revisionReference(report.project, report.year, 1),
      submittedBy: this.user(wf.submittedBy),
      submittedAt: wf.submittedAt,
    });
    this.count('report_revisions', 1);

    const decisions = wf.decisions.map((d) => ({
      reportId,
      revision: 1,
      decision: d.decision,
      decidedBy: this.user(d.by),
      reason: d.reason,
      decidedAt: d.at,
    }));
    if (decisions.length > 0) await tx.insert(reviewDecisions).values(decisions);
    this.count('review_decisions', decisions.length);

    const comments = wf.comments.map((c) => ({
      reportId,
      revision: 1,
      section: c.section,
      authorId: this.user(c.by),
      body: c.body,
      createdAt: c.at,
    }));
    if (comments.length > 0) await tx.insert(reviewComments).values(comments);
    this.count('review_comments', comments.length);
  }

  private wpId(project: ProjectCode, code: string) {
    const id = this.wpIds.get(`${project}/${code}`);
    if (!id) throw new Error(`Unknown work package ${project}/${code}`);
    return id;
  }

  private milestoneId(project: ProjectCode, code: string) {
    const id = this.milestoneIds.get(`${project}/${code}`);
    if (!id) throw new Error(`Unknown milestone ${project}/${code}`);
    return id;
  }
}

function lastOf(dates: Date[]): Date | undefined {
  return dates.reduce<Date | undefined>((latest, d) => (!latest || d > latest ? d : latest), undefined);
}
