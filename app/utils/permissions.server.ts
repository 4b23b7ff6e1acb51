import { redirect } from '@remix-run/node';
import type { ProjectRole, StaffRole } from '#db/schema/index';
import type { Locale } from '#app/i18n/index';
import { loadSession, type SessionOwner, type SessionRow } from './session.server';

/**
 * The one permission helper. Every loader and action calls `requirePermission` (an architecture
 * test checks this), also the public ones, which say so with 'public'.
 *
 * Permissions are `action:entity:access`, where `own` needs a project scope the user belongs to (and,
 * for a partner's part, the user's own organisation), `project` is every organisation's item in a
 * project the user belongs to, and `any` is held by RVO/EZ staff across all projects.
 *
 * A partner's cost part (`report-part`: its lines, rates, wages, budget, explanations) is the
 * partner's own business (issue 14: hourly rates and salaries are commercially sensitive):
 * - read: a contributor only its own organisation's part; the penvoerder every part of its project
 *   (it answers for the whole report), read-only; RVO and EZ staff every part;
 * - update: only the organisation itself (never the penvoerder for another, never staff).
 * A part the caller may not read is a 404, as a project it may not read: its existence and figures
 * are not revealed. `app/report/snapshot-access.server.ts` applies the same rule to what a snapshot
 * or the costs overview shows.
 */
export type Permission =
  | 'read:programme:any'
  | 'read:project:own'
  | 'read:project:any'
  | 'read:report-part:own'
  | 'read:report-part:project'
  | 'read:report-part:any'
  | 'update:report-part:own'
  | 'update:report:own'
  | 'submit:report:own'
  | 'review:report:any'
  | 'approve:report:any'
  | 'export:summary:any'
  | 'manage:programme:any';

type PermissionName = Permission extends `${infer A}:${infer E}:${string}` ? `${A}:${E}` : never;

const STAFF_PERMISSIONS: Record<StaffRole, readonly Permission[]> = {
  reviewer: ['read:programme:any', 'read:project:any', 'read:report-part:any', 'review:report:any', 'approve:report:any', 'export:summary:any'],
  ez_officer: ['read:programme:any', 'read:project:any', 'read:report-part:any', 'export:summary:any'],
  admin: ['read:programme:any', 'read:project:any', 'read:report-part:any', 'export:summary:any', 'manage:programme:any'],
};

const PROJECT_PERMISSIONS: Record<ProjectRole, readonly Permission[]> = {
  contributor: ['read:project:own', 'read:report-part:own', 'update:report-part:own'],
  penvoerder: ['read:project:own', 'read:report-part:project', 'update:report-part:own', 'update:report:own', 'submit:report:own'],
};

export interface Membership {
  projectId: string;
  organisationId: string;
  role: ProjectRole;
}

export interface Principal {
  user: { id: string; email: string; name: string; locale: Locale };
  session: SessionRow;
  staffRoles: ReadonlySet<StaffRole>;
  /** Per project id: the organisation the user acts for and its role there. */
  memberships: ReadonlyMap<string, Membership>;
  /** Unread notifications when the request's session was read (the header's badge). */
  unreadNotifications?: number;
}

export interface Scope {
  projectId?: string;
  /** For a partner's financial part: the organisation whose part it is. */
  organisationId?: string;
}

/** True when the principal holds `permission` for the scope (if any). Pure: used by UI flags too. */
export function can(principal: Principal, permission: PermissionName | Permission, scope: Scope = {}): boolean {
  const [action, entity] = permission.split(':');
  const name = `${action}:${entity}`;
  for (const role of principal.staffRoles) {
    if (STAFF_PERMISSIONS[role].some((p) => p === `${name}:any`)) return true;
  }
  if (!scope.projectId) return false;
  const membership = principal.memberships.get(scope.projectId);
  if (!membership) return false;
  const held = PROJECT_PERMISSIONS[membership.role];
  // Every organisation's item in the member's project (the penvoerder reading all parts).
  if (held.some((p) => p === `${name}:project`)) return true;
  if (!held.some((p) => p === `${name}:own`)) return false;
  // A partner's financial part belongs to its own organisation only.
  if (scope.organisationId && entity === 'report-part' && scope.organisationId !== membership.organisationId) return false;
  return true;
}

/** Project ids the principal may read, or 'all' for staff. */
export function readableProjects(principal: Principal): 'all' | string[] {
  if (can(principal, 'read:project:any')) return 'all';
  return [...principal.memberships.keys()];
}

/** The principal from the session lookup, which read the user, roles and memberships in the same query. */
function toPrincipal(session: SessionRow, owner: SessionOwner): Principal | null {
  if (owner.status !== 'active') return null;
  return {
    user: { id: session.userId, email: owner.email, name: owner.name, locale: owner.locale as Locale },
    session,
    staffRoles: new Set(owner.roles as StaffRole[]),
    memberships: new Map(owner.memberships.map((m) => [m.projectId, { projectId: m.projectId, organisationId: m.organisationId, role: m.role as ProjectRole }])),
    unreadNotifications: owner.unreadNotifications,
  };
}

// One lookup per request, however many times loaders and actions ask.
const principals = new WeakMap<Request, Promise<{ principal: Principal | null; expired: boolean }>>();

export function getPrincipal(request: Request) {
  let pending = principals.get(request);
  if (!pending) {
    pending = (async () => {
      const state = await loadSession(request);
      if (!state.session) return { principal: null, expired: state.expired };
      return { principal: toPrincipal(state.session, state.owner), expired: false };
    })();
    principals.set(request, pending);
  }
  return pending;
}

function signInRedirect(request: Request, expired: boolean) {
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  if (expired) params.set('verlopen', '1');
  return redirect(`/inloggen?${params}`);
}

export function notFound(): never {
  throw new Response('Not Found', { status: 404 });
}

export function forbidden(reason = 'Forbidden'): never {
  throw new Response(reason, { status: 403 });
}

/**
 * Checks, on the server, that the request may go ahead.
 * - 'public': anyone; returns the principal when signed in.
 * - 'signed-in': any signed-in user (redirects to sign-in otherwise).
 * - a Permission: the user must hold it for the scope. Without access to the project at all the
 *   answer is 404 (its existence is not revealed); with access but not this permission, 403 —
 *   except a read of another organisation's part (scope with `organisationId`): 404 as well.
 */
export async function requirePermission(request: Request, need: 'public'): Promise<Principal | null>;
export async function requirePermission(request: Request, need: 'signed-in' | Permission, scope?: Scope): Promise<Principal>;
export async function requirePermission(
  request: Request,
  need: 'public' | 'signed-in' | Permission,
  scope: Scope = {},
): Promise<Principal | null> {
  const { principal, expired } = await getPrincipal(request);
  if (need === 'public') return principal;
  if (!principal) throw signInRedirect(request, expired);
  if (need === 'signed-in') return principal;
  if (can(principal, need, scope)) return principal;
  if (scope.projectId && !can(principal, 'read:project', { projectId: scope.projectId })) notFound();
  if (scope.organisationId && need.startsWith('read:')) notFound();
  forbidden();
}
