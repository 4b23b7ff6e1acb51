import { PROJECT_ROLES, STAFF_ROLES, type ProjectRole, type StaffRole } from '#db/schema/index';
import type { AccessInput, MembershipInput } from './users.server';
import { isUuid } from './users.server';

/**
 * Reads the roles and memberships of the user form: a checkbox `role-<role>` per staff role and a
 * select `membership-<projectId>` per project whose value is `<organisationId>:<role>` (or empty).
 * Returns null when a value was tampered with (not one the form offers).
 */
export function parseAccess(formData: FormData): AccessInput | null {
  const staffRoles: StaffRole[] = STAFF_ROLES.filter((role) => formData.get(`role-${role}`) === 'on');
  const memberships: MembershipInput[] = [];
  for (const [key, value] of formData) {
    if (!key.startsWith('membership-') || typeof value !== 'string' || value === '') continue;
    const projectId = key.slice('membership-'.length);
    const [organisationId, role] = value.split(':');
    if (!isUuid(projectId) || !organisationId || !isUuid(organisationId) || !(PROJECT_ROLES as readonly string[]).includes(role ?? '')) return null;
    memberships.push({ projectId, organisationId, role: role as ProjectRole });
  }
  return { staffRoles, memberships };
}

/** The public base URL for links in e-mails. */
export function baseUrlOf(request: Request, publicUrl: string | undefined) {
  return publicUrl ?? new URL(request.url).origin;
}
