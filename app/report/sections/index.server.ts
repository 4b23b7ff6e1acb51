import type { Queryable, Tx } from '#db/client';
import type { ReportSection } from '#app/rules/sections';
import type { ReportScope } from '../engine.server';
import type { SectionParts } from '../snapshot';
import { attachmentsServer } from './attachments.server';
import { readCosts } from './costs.server';
import { indicatorsServer } from './indicators.server';
import { milestonesServer } from './milestones.server';
import { progressServer } from './progress.server';
import { risksServer } from './risks.server';
import { spilloverServer } from './spillover.server';

/** The server half of every section: its one read, its write, its copy-forward. */
export const SECTION_SERVERS = {
  progress: progressServer,
  milestones: milestonesServer,
  indicators: indicatorsServer,
  spillover: spilloverServer,
  risks: risksServer,
  attachments: attachmentsServer,
} as const;

/** Every section's content of one report, each through its own read. */
export async function readSections(db: Queryable, scope: ReportScope): Promise<SectionParts> {
  const [progress, milestones, costs, indicators, spillover, risks, attachments] = await Promise.all([
    progressServer.read(db, scope),
    milestonesServer.read(db, scope),
    readCosts(db, scope),
    indicatorsServer.read(db, scope),
    spilloverServer.read(db, scope),
    risksServer.read(db, scope),
    attachmentsServer.read(db, scope),
  ]);
  return { progress, milestones, costs, indicators, spillover, risks, attachments } satisfies Record<ReportSection, unknown>;
}

/**
 * Copies last year's content into a new report, section by section (each one that has a
 * `carryForward`): rows copied per section.
 */
export async function carryForward(tx: Tx, fromReportId: string, to: ReportScope) {
  const copied: Partial<Record<ReportSection, number>> = {};
  for (const [section, server] of Object.entries(SECTION_SERVERS) as Array<[ReportSection, (typeof SECTION_SERVERS)[keyof typeof SECTION_SERVERS]]>) {
    if ('carryForward' in server && server.carryForward) copied[section] = await server.carryForward(tx, fromReportId, to);
  }
  return copied;
}
