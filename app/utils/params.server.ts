import { notFound } from './permissions.server';

/**
 * Path parameters are read here, before any query: a value that cannot name a record (a 36-character
 * non-UUID, SQL, an overlong code, a year of five digits) is a 404 — never a database error (500).
 * One pattern per parameter name, so every route with `:reportId` reads it the same way.
 */

type Params = Readonly<Record<string, string | undefined>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** As the database holds it (projects_code_ck: `^[A-Z0-9-]{2,20}$`). */
const PROJECT_CODE = /^[A-Z0-9-]{2,20}$/;
/** Reporting years as the database holds them (reports_year_ck: 2000–2100). */
const YEAR = /^(20[0-9]{2}|2100)$/;
/** A revision number (≥ 1, at most five digits). */
const REVISION = /^[1-9][0-9]{0,4}$/;

const PATTERNS: Record<string, RegExp> = {
  code: PROJECT_CODE,
  year: YEAR,
  revision: REVISION,
  id: UUID,
  reportId: UUID,
  organisationId: UUID,
  attachmentId: UUID,
  // Invitation links: 32 random bytes, base64url (app/models/users.server.ts).
  token: /^[A-Za-z0-9_-]{43}$/,
  kind: /^[a-z]{1,20}$/,
  format: /^[a-z]{1,10}$/,
};

function read(params: Params, name: string, pattern: RegExp): string {
  const value = params[name];
  if (typeof value !== 'string' || !pattern.test(value)) notFound();
  return value;
}

/** A record id (`:reportId`, `:organisationId`, `:id` …): a UUID, else 404. */
export const uuidParam = (params: Params, name: string) => read(params, name, UUID);

/** A project code (`:code`), else 404. */
export const codeParam = (params: Params, name = 'code') => read(params, name, PROJECT_CODE);

/** A reporting year (`:year`) as a number, else 404. */
export const yearParam = (params: Params, name = 'year') => Number(read(params, name, YEAR));

/** A revision number (`:revision`) as a number, else 404. */
export const revisionParam = (params: Params, name = 'revision') => Number(read(params, name, REVISION));

/**
 * Every parameter a route was given, each by the pattern of its name: a 404 for the first that does
 * not fit, and for a name this module does not know (a new route parameter gets a pattern here).
 */
export function checkParams(params: Params): void {
  for (const [name, value] of Object.entries(params)) {
    if (name === '*') continue;
    const pattern = PATTERNS[name];
    if (!pattern || typeof value !== 'string' || !pattern.test(value)) notFound();
  }
}
