import { describe, expect, it } from 'vitest';
import type { ProjectRole, StaffRole } from '#db/schema/index';
import { can, readableProjects, type Principal } from '#app/utils/permissions.server';

const P1 = 'project-1';
const P2 = 'project-2';
const ORG_A = 'org-a';
const ORG_B = 'org-b';

function principal(staff: StaffRole[], memberships: [string, string, ProjectRole][] = []): Principal {
  return {
    user: { id: 'u', email: 'u@example.test', name: 'U', locale: 'nl' },
    session: { idHash: 'x', userId: 'u', createdAt: new Date(), lastSeenAt: new Date(), expiresAt: new Date() },
    staffRoles: new Set(staff),
    memberships: new Map(memberships.map(([projectId, organisationId, role]) => [projectId, { projectId, organisationId, role }])),
  };
}

describe('can()', () => {
  const contributor = principal([], [[P1, ORG_A, 'contributor']]);
  const penvoerder = principal([], [[P1, ORG_B, 'penvoerder']]);
  const reviewer = principal(['reviewer']);
  const ez = principal(['ez_officer']);
  const admin = principal(['admin']);

  it('lets a partner read only its own project', () => {
    expect(can(contributor, 'read:project', { projectId: P1 })).toBe(true);
    expect(can(contributor, 'read:project', { projectId: P2 })).toBe(false);
    expect(can(contributor, 'read:project')).toBe(false);
    expect(can(contributor, 'read:programme:any')).toBe(false);
  });

  it("lets a partner edit only its own organisation's financial part", () => {
    expect(can(contributor, 'update:report-part', { projectId: P1, organisationId: ORG_A })).toBe(true);
    expect(can(contributor, 'update:report-part', { projectId: P1, organisationId: ORG_B })).toBe(false);
    expect(can(contributor, 'update:report-part', { projectId: P2, organisationId: ORG_A })).toBe(false);
  });

  it('keeps shared sections and submission for the penvoerder', () => {
    expect(can(contributor, 'update:report', { projectId: P1 })).toBe(false);
    expect(can(contributor, 'submit:report', { projectId: P1 })).toBe(false);
    expect(can(penvoerder, 'update:report', { projectId: P1 })).toBe(true);
    expect(can(penvoerder, 'submit:report', { projectId: P1 })).toBe(true);
    expect(can(penvoerder, 'submit:report', { projectId: P2 })).toBe(false);
    // The penvoerder's own organisation part, not another partner's.
    expect(can(penvoerder, 'update:report-part', { projectId: P1, organisationId: ORG_A })).toBe(false);
  });

  it('gives staff read access to every project, and only reviewers review', () => {
    for (const staff of [reviewer, ez, admin]) {
      expect(can(staff, 'read:project', { projectId: P2 })).toBe(true);
      expect(can(staff, 'read:programme:any')).toBe(true);
      expect(readableProjects(staff)).toBe('all');
    }
    expect(can(reviewer, 'review:report:any')).toBe(true);
    expect(can(ez, 'review:report:any')).toBe(false);
    expect(can(admin, 'review:report:any')).toBe(false);
  });

  it('never lets staff edit or submit a project report', () => {
    for (const staff of [reviewer, ez, admin]) {
      expect(can(staff, 'update:report', { projectId: P1 })).toBe(false);
      expect(can(staff, 'update:report-part', { projectId: P1, organisationId: ORG_A })).toBe(false);
      expect(can(staff, 'submit:report', { projectId: P1 })).toBe(false);
    }
  });

  it('lists the readable projects of a partner', () => {
    expect(readableProjects(contributor)).toEqual([P1]);
    expect(readableProjects(principal([]))).toEqual([]);
  });
});
