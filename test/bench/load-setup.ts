/**
 * What the EU-scale load test (load-test.ts) adds to a copy of the generated database
 * (generate-eu-scale.ts) before the portal starts. Deterministic and idempotent: ids come from md5
 * of fixed strings, every insert is ON CONFLICT DO NOTHING, so running it twice changes nothing.
 *
 * - The portal serves one programme (PROGRAMME_CODE, 'IPCEI-CIS': the HTTP export and the export
 *   page read it); the generator names its twelve 'EU-CIS-01'…'EU-CIS-12'. EU-CIS-01 (250 projects,
 *   2,500 partner parts a year) is renamed to it, so the XLSX export through HTTP is EU-scale.
 * - A second reviewer (four-eyes: who recommended may not approve).
 * - Teams: a team is one set of partner organisations that share projects (the generator puts the
 *   same ten organisations, with the same lead, in five projects). Every organisation of a team gets
 *   one user with a membership of each of those projects: penvoerder for the lead, contributor for
 *   the others. A team works through the draft reports of its projects, year by year.
 * - The generated reports have no section rows and no partner-part rows (openReport makes them for
 *   a report opened through the portal): they are added for the reports the teams will work on, as
 *   openReport adds them (version 0, not started), so a save has a version to bump.
 */
import type postgres from 'postgres';
import { PROGRAMME_CODE } from '#app/models/programme.server';
import { REPORT_SECTIONS } from '#app/rules/sections';
import type { CostMethod } from '#app/rules/domain';

export const REVIEWER_EMAILS = ['bench.reviewer@bench.ipcei.test', 'bench.reviewer2@bench.ipcei.test'] as const;
export const EZ_EMAIL = 'bench.ez@bench.ipcei.test';
/** The generator's programme that becomes the portal's programme. */
export const EU_PROGRAMME = 'EU-CIS-01';

export interface TeamPartner {
  organisationId: string;
  userId: string;
  email: string;
  costMethod: CostMethod;
}

export interface TeamReport {
  id: string;
  projectId: string;
  code: string;
  year: number;
  /** The project's partners in the team's order: the lead (penvoerder) first. */
  partners: TeamPartner[];
}

export interface Team {
  index: number;
  /** The team's draft reports, in the order it works through them. */
  reports: TeamReport[];
  /** Partners per report (the team's size). */
  size: number;
}

export interface LoadPlan {
  teams: Team[];
  reviewers: Array<{ id: string; email: string }>;
  ez: { id: string; email: string };
  /** Project codes of the portal's programme (for the EZ officer's project dashboards). */
  programmeProjects: string[];
}

type Sql = postgres.Sql;

/**
 * Prepares the database for `teams` teams, each with the projects of `groupsPerTeam` organisation
 * sets, and answers the plan. Returns what it added (rows) for the log.
 */
export async function prepareLoad(sql: Sql, options: { teams: number; groupsPerTeam: number }): Promise<{ plan: LoadPlan; added: Record<string, number> }> {
  const added: Record<string, number> = {};
  const count = (name: string, result: { count: number }) => (added[name] = (added[name] ?? 0) + result.count);

  await sql.begin(async (tx) => {
    count(
      'programme renamed',
      await tx`update programmes set code = ${PROGRAMME_CODE} where code = ${EU_PROGRAMME} and not exists (select 1 from programmes where code = ${PROGRAMME_CODE})`,
    );
    const [portal] = await tx<{ n: number }[]>`select count(*)::int as n from programmes where code = ${PROGRAMME_CODE}`;
    if (!portal?.n) throw new Error(`No programme ${PROGRAMME_CODE} or ${EU_PROGRAMME}: is this the EU-scale database (npm run bench:generate)?`);

    count(
      'users',
      await tx`insert into users (id, email, name, password_hash, status)
               values (md5('bench-reviewer-2')::uuid, ${REVIEWER_EMAILS[1]}, 'Bench Reviewer B', '!not-a-password-hash', 'active')
               on conflict do nothing`,
    );
    count('user roles', await tx`insert into user_roles (user_id, role) select id, 'reviewer' from users where email = ${REVIEWER_EMAILS[1]} on conflict do nothing`);

    // The organisation sets: projects grouped by their lead, in project-code order.
    const groups = await tx<{ lead: string; projects: string[] }[]>`
      select lead_organisation_id as lead, array_agg(id order by code) as projects
        from projects group by lead_organisation_id order by min(code) limit ${options.teams * options.groupsPerTeam}`;
    if (groups.length < options.teams) throw new Error(`Only ${groups.length} organisation sets in the database, ${options.teams} teams asked for.`);
    const projectIds = groups.flatMap((g) => g.projects);

    // One user per partner organisation of those projects; memberships with the right role.
    count(
      'users',
      await tx`insert into users (id, email, name, password_hash, status)
               select distinct md5('bench-partner-' || pp.organisation_id)::uuid,
                      'bench.partner.' || o.kvk_number || '@bench.ipcei.test', 'Medewerker ' || o.name, '!not-a-password-hash', 'active'::user_status
                 from project_partners pp join organisations o on o.id = pp.organisation_id
                where pp.project_id = any(${projectIds}::uuid[])
               on conflict do nothing`,
    );
    count(
      'memberships',
      await tx`insert into project_memberships (user_id, project_id, organisation_id, role)
               select md5('bench-partner-' || pp.organisation_id)::uuid, pp.project_id, pp.organisation_id,
                      (case when p.lead_organisation_id = pp.organisation_id then 'penvoerder' else 'contributor' end)::project_role
                 from project_partners pp join projects p on p.id = pp.project_id
                where pp.project_id = any(${projectIds}::uuid[])
               on conflict do nothing`,
    );
    // What openReport makes for a report: its section rows and a part per partner.
    count(
      'report sections',
      await tx`insert into report_sections (report_id, section, status, version)
               select r.id, s.section::report_section, 'not_started'::section_status, 0
                 from reports r cross join unnest(${REPORT_SECTIONS as unknown as string[]}::text[]) s(section)
                where r.project_id = any(${projectIds}::uuid[]) and r.status = 'draft'
               on conflict do nothing`,
    );
    count(
      'partner parts',
      await tx`insert into partner_parts (report_id, project_id, organisation_id)
               select r.id, r.project_id, pp.organisation_id
                 from reports r join project_partners pp on pp.project_id = r.project_id
                where r.project_id = any(${projectIds}::uuid[]) and r.status = 'draft'
               on conflict do nothing`,
    );
  });

  const groups = await sql<{ lead: string; projects: string[] }[]>`
    select lead_organisation_id as lead, array_agg(id order by code) as projects
      from projects group by lead_organisation_id order by min(code) limit ${options.teams * options.groupsPerTeam}`;
  const projectIds = groups.flatMap((g) => g.projects);
  const reports = await sql<{ id: string; project_id: string; code: string; year: number }[]>`
    select r.id, r.project_id, p.code, r.year from reports r join projects p on p.id = r.project_id
     where r.project_id = any(${projectIds}::uuid[]) and r.status = 'draft' order by r.year, p.code`;
  const partners = await sql<{ project_id: string; organisation_id: string; cost_method: CostMethod; user_id: string; email: string; lead: boolean }[]>`
    select pp.project_id, pp.organisation_id, pp.cost_method, u.id as user_id, u.email, p.lead_organisation_id = pp.organisation_id as lead
      from project_partners pp join projects p on p.id = pp.project_id join organisations o on o.id = pp.organisation_id
      join users u on u.id = md5('bench-partner-' || pp.organisation_id)::uuid
     where pp.project_id = any(${projectIds}::uuid[])
     order by pp.project_id, (p.lead_organisation_id = pp.organisation_id) desc, o.kvk_number`;
  const partnersOf = new Map<string, TeamPartner[]>();
  for (const p of partners) {
    const list = partnersOf.get(p.project_id) ?? [];
    list.push({ organisationId: p.organisation_id, userId: p.user_id, email: p.email, costMethod: p.cost_method });
    partnersOf.set(p.project_id, list);
  }
  const teams: Team[] = Array.from({ length: options.teams }, (_, index) => {
    // Team t takes the organisation sets t, t + teams, t + 2·teams…; within them year by year.
    const own = new Set(groups.filter((_, g) => g % options.teams === index).flatMap((g) => g.projects));
    const list = reports
      .filter((r) => own.has(r.project_id))
      .map((r) => ({ id: r.id, projectId: r.project_id, code: r.code, year: r.year, partners: partnersOf.get(r.project_id) ?? [] }));
    return { index, reports: list, size: Math.min(...list.map((r) => r.partners.length)) };
  });

  const staff = await sql<{ id: string; email: string }[]>`select id, email from users where email = any(${[...REVIEWER_EMAILS, EZ_EMAIL]}) order by email`;
  const reviewers = REVIEWER_EMAILS.map((email) => staff.find((s) => s.email === email)).filter((s): s is { id: string; email: string } => Boolean(s));
  const ez = staff.find((s) => s.email === EZ_EMAIL);
  if (reviewers.length < 2 || !ez) throw new Error(`The generated database lacks ${REVIEWER_EMAILS[0]} or ${EZ_EMAIL} (npm run bench:generate makes them).`);
  const programmeProjects = (
    await sql<{ code: string }[]>`select pr.code from projects pr join programmes p on p.id = pr.programme_id where p.code = ${PROGRAMME_CODE} order by pr.code`
  ).map((r) => r.code);
  return { plan: { teams, reviewers, ez, programmeProjects }, added };
}
