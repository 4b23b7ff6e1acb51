import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';
import { organisations } from './organisations';
import { projectPartners, projects } from './programmes';
import { PROJECT_ROLES, STAFF_ROLES, USER_STATUSES } from '../../app/rules/domain';
import { LOCALES } from '../../app/rules/locale';

export { LOCALES, PROJECT_ROLES, STAFF_ROLES, USER_STATUSES };
export type { ProjectRole, StaffRole, UserStatus } from '../../app/rules/domain';
export type { Locale } from '../../app/rules/locale';

export const locale = pgEnum('locale', LOCALES);

export const userStatus = pgEnum('user_status', USER_STATUSES);

export const staffRole = pgEnum('staff_role', STAFF_ROLES);

export const projectRole = pgEnum('project_role', PROJECT_ROLES);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** argon2id hash; null while an invitation has not been accepted. */
    passwordHash: text('password_hash'),
    locale: locale('locale').notNull().default('nl'),
    status: userStatus('status').notNull().default('active'),
    /** Base32 TOTP secret once multi-factor sign-in is set up. */
    totpSecret: text('totp_secret'),
    mfaEnabledAt: timestamptz('mfa_enabled_at'),
    /** Demo accounts exist only in demo mode; production start refuses to run while any exist. */
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // E-mail addresses are unique regardless of case.
    uniqueIndex('users_email_lower_uq').on(sql`lower(${t.email})`),
    check('users_email_ck', sql`${t.email} ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' and length(${t.email}) <= 254`),
    check('users_active_has_password_ck', sql`${t.status} <> 'active' or ${t.passwordHash} is not null`),
  ],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    role: staffRole('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'user_roles_pk', columns: [t.userId, t.role] })],
);

/**
 * Which organisation a partner user acts for within a project. The composite foreign key makes it
 * impossible to act for an organisation that is not a partner of that project.
 */
export const projectMemberships = pgTable(
  'project_memberships',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    role: projectRole('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'project_memberships_pk', columns: [t.userId, t.projectId] }),
    index('project_memberships_project_idx').on(t.projectId),
    foreignKey({
      name: 'project_memberships_partner_fk',
      columns: [t.projectId, t.organisationId],
      foreignColumns: [projectPartners.projectId, projectPartners.organisationId],
    }),
  ],
);

/**
 * Server-side sessions. The cookie carries a random token; only its SHA-256 is stored here, so a
 * leaked copy of this table cannot be used to sign in.
 */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    lastSeenAt: timestamptz('last_seen_at').notNull().defaultNow(),
    /** Absolute end of the session, whatever the activity. */
    expiresAt: timestamptz('expires_at').notNull(),
    mfaVerified: boolean('mfa_verified').notNull().default(false),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** One-time invitation links (72 hours, single use); only the token's hash is stored. */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
  },
  (t) => [uniqueIndex('invitations_token_hash_uq').on(t.tokenHash)],
);

/** Sign-in attempts, for throttling per account and per IP address (works on PGlite and a server). */
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    emailLower: text('email_lower').notNull(),
    ipAddress: text('ip_address').notNull(),
    succeeded: boolean('succeeded').notNull(),
    attemptedAt: timestamptz('attempted_at').notNull().defaultNow(),
  },
  (t) => [
    index('sign_in_attempts_email_idx').on(t.emailLower, t.attemptedAt),
    index('sign_in_attempts_ip_idx').on(t.ipAddress, t.attemptedAt),
  ],
);
