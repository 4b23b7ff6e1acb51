import { Secret, TOTP } from 'otpauth';
import type { ProjectRole, StaffRole } from '#db/schema/index';
import type { OrgKey, ProjectCode } from './demo-data';

/**
 * Demo accounts. They exist only in demo mode (users.is_demo = true) and all share one published
 * password, so they must never reach a shared or production database (see assertSeedTargetIsLocal).
 * The domain demo.ipcei.test is reserved (RFC 2606 .test): no mail can ever be delivered to it.
 */
export const DEMO_PASSWORD = 'ipcei-demo-voortgang';

export const DEMO_EMAIL_DOMAIN = 'demo.ipcei.test';

export interface DemoMembership {
  project: ProjectCode;
  /** Organisation key from demo-data.ts (e.g. 'tno'), not a KvK number. */
  organisation: OrgKey;
  role: ProjectRole;
}

export interface DemoAccount {
  email: string;
  name: string;
  staffRoles: StaffRole[];
  memberships: DemoMembership[];
  /** English, one line, for the README and the start-up print. */
  description: string;
  /**
   * Staff accounts (MFA is mandatory for them): a fixed, published TOTP secret (base32), so people
   * and browser tests can compute the code (`demoTotpCode`). Demo only, like the password.
   */
  totpSecret?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  // --- RVO / EZ staff ---
  {
    email: 'admin@demo.ipcei.test',
    name: 'Marieke Jansen',
    staffRoles: ['admin'],
    memberships: [],
    description: 'RVO functional administrator: programme, projects, budgets, payments and users',
    totpSecret: 'IPCEIDEMOADMINQQQQQQQQQQQQQQQQQQ',
  },
  {
    email: 'reviewer.a@demo.ipcei.test',
    name: 'Daan Visser',
    staffRoles: ['reviewer'],
    memberships: [],
    description: 'RVO reviewer A: recommended ECOFED 2024, asked questions on ECC 2024 (first pair of eyes)',
    totpSecret: 'IPCEIDEMOREVIEWERAQQQQQQQQQQQQQQ',
  },
  {
    email: 'reviewer.b@demo.ipcei.test',
    name: 'Sophie Mulder',
    staffRoles: ['reviewer'],
    memberships: [],
    description: 'RVO reviewer B: approved ECOFED 2024 (second pair of eyes); assigned to MISD 2024',
    totpSecret: 'IPCEIDEMOREVIEWERBQQQQQQQQQQQQQQ',
  },
  {
    email: 'ez@demo.ipcei.test',
    name: 'Pieter de Boer',
    staffRoles: ['ez_officer'],
    memberships: [],
    description: 'EZ policy officer: dashboards and exports (Commission, parliament), read-only',
    totpSecret: 'IPCEIDEMOEZOFFICERQQQQQQQQQQQQQQ',
  },

  // --- Penvoerders (lead partners; the choice of lead organisation is illustrative) ---
  {
    email: 'penvoerder.ecofed@demo.ipcei.test',
    name: 'Eva van Dijk',
    staffRoles: [],
    memberships: [{ project: 'ECOFED', organisation: 'tno', role: 'penvoerder' }],
    description: 'Penvoerder of ECOFED for TNO (lead partner illustrative); submits the ECOFED report',
  },
  {
    email: 'penvoerder.misd@demo.ipcei.test',
    name: 'Ruben Smit',
    staffRoles: [],
    memberships: [{ project: 'MISD', organisation: 'asperitas', role: 'penvoerder' }],
    description: 'Penvoerder of MISD for Asperitas (lead partner illustrative); submits the MISD report',
  },
  {
    email: 'penvoerder.ecc@demo.ipcei.test',
    name: 'Lotte Meijer',
    staffRoles: [],
    memberships: [{ project: 'ECC', organisation: 'leaseweb', role: 'penvoerder' }],
    description: 'Penvoerder of ECC for Leaseweb (single-partner project: also fills in its own costs)',
  },

  // --- Partner contributors: one per organisation per project ---
  {
    email: 'partner.tno.ecofed@demo.ipcei.test',
    name: 'Thomas de Groot',
    staffRoles: [],
    memberships: [{ project: 'ECOFED', organisation: 'tno', role: 'contributor' }],
    description: 'Contributor for TNO in ECOFED: fills in and signs off TNO’s financial part',
  },
  {
    email: 'partner.infosupport@demo.ipcei.test',
    name: 'Noor Bos',
    staffRoles: [],
    memberships: [{ project: 'ECOFED', organisation: 'infosupport', role: 'contributor' }],
    description: 'Contributor for Info Support in ECOFED',
  },
  {
    email: 'partner.i3d@demo.ipcei.test',
    name: 'Jasper Vos',
    staffRoles: [],
    memberships: [{ project: 'ECOFED', organisation: 'i3d', role: 'contributor' }],
    description: 'Contributor for i3D.net in ECOFED',
  },
  {
    email: 'partner.bit@demo.ipcei.test',
    name: 'Femke Peters',
    staffRoles: [],
    memberships: [{ project: 'ECOFED', organisation: 'bit', role: 'contributor' }],
    description: 'Contributor for BIT in ECOFED',
  },
  {
    email: 'partner.amsix@demo.ipcei.test',
    name: 'Bram Hendriks',
    staffRoles: [],
    memberships: [{ project: 'ECOFED', organisation: 'amsix', role: 'contributor' }],
    description: 'Contributor for AMS-IX in ECOFED',
  },
  {
    email: 'partner.asperitas@demo.ipcei.test',
    name: 'Lisa van Leeuwen',
    staffRoles: [],
    memberships: [{ project: 'MISD', organisation: 'asperitas', role: 'contributor' }],
    description: 'Contributor for Asperitas in MISD (its 2024 equipment costs deviate >25%, explained)',
  },
  {
    email: 'partner.betterbe@demo.ipcei.test',
    name: 'Sem Dekker',
    staffRoles: [],
    memberships: [{ project: 'MISD', organisation: 'betterbe', role: 'contributor' }],
    description: 'Contributor for BetterBe in MISD',
  },
  {
    email: 'partner.deerns@demo.ipcei.test',
    name: 'Julia Brouwer',
    staffRoles: [],
    memberships: [{ project: 'MISD', organisation: 'deerns', role: 'contributor' }],
    description: 'Contributor for Deerns in MISD',
  },
  {
    email: 'partner.eurofiber@demo.ipcei.test',
    name: 'Lucas de Wit',
    staffRoles: [],
    memberships: [{ project: 'MISD', organisation: 'eurofiber', role: 'contributor' }],
    description: 'Contributor for Eurofiber in MISD',
  },
  {
    email: 'partner.nbip@demo.ipcei.test',
    name: 'Emma Dijkstra',
    staffRoles: [],
    memberships: [{ project: 'MISD', organisation: 'nbip', role: 'contributor' }],
    description: 'Contributor for NBIP in MISD',
  },
  {
    email: 'partner.tno.misd@demo.ipcei.test',
    name: 'Tim Smeets',
    staffRoles: [],
    memberships: [{ project: 'MISD', organisation: 'tno', role: 'contributor' }],
    description: 'Contributor for TNO in MISD',
  },
  {
    email: 'partner.utwente@demo.ipcei.test',
    name: 'Iris de Graaf',
    staffRoles: [],
    memberships: [{ project: 'MISD', organisation: 'utwente', role: 'contributor' }],
    description: 'Contributor for the University of Twente in MISD',
  },
  {
    email: 'partner.tno@demo.ipcei.test',
    name: 'Koen van der Meer',
    staffRoles: [],
    memberships: [
      { project: 'ECOFED', organisation: 'tno', role: 'contributor' },
      { project: 'MISD', organisation: 'tno', role: 'contributor' },
    ],
    description: 'Contributor for TNO in both ECOFED and MISD (one organisation, two projects)',
  },
];

/** The current MFA code of a staff demo account (for tests and for the demo sign-in page). */
export function demoTotpCode(email: string, at = Date.now()): string {
  const account = DEMO_ACCOUNTS.find((a) => a.email.toLowerCase() === email.toLowerCase());
  if (!account?.totpSecret) throw new Error(`${email} is not a demo account with MFA`);
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(account.totpSecret) }).generate({ timestamp: at });
}

/** The account that fills in and signs off an organisation's part of a project's report. */
export function signingAccount(project: ProjectCode, organisation: OrgKey): DemoAccount | undefined {
  const holds = (a: DemoAccount, role: ProjectRole) =>
    a.memberships.length === 1 &&
    a.memberships.some((m) => m.project === project && m.organisation === organisation && m.role === role);
  return DEMO_ACCOUNTS.find((a) => holds(a, 'contributor')) ?? DEMO_ACCOUNTS.find((a) => holds(a, 'penvoerder'));
}

/** The penvoerder account of a project. */
export function penvoerderAccount(project: ProjectCode): DemoAccount | undefined {
  return DEMO_ACCOUNTS.find((a) => a.memberships.some((m) => m.project === project && m.role === 'penvoerder'));
}
