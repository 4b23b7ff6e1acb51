/**
 * Fills a PostgreSQL database with an EU-scale portfolio for the dashboard benchmark:
 * 12 programmes, 3,000 projects, 30,000 partner participations (6,000 organisations, each in five
 * projects), 8 years × 5 cost categories of budgets (1.2 million rows), 24,000 reports with
 * 1.2 million cost lines, 60,000 milestones with their reported status, and 90,000 payments.
 *
 *   DATABASE_URL=postgres://postgres@localhost:55433/ipcei_bench npm run bench:generate [-- --reset]
 *
 * Everything is generated inside PostgreSQL (INSERT … SELECT over generate_series, deterministic
 * pseudo-random values from hashtext, ids from md5), in one transaction. Triggers and foreign-key
 * checks are switched off for the load (session_replication_role = replica, needs a superuser on
 * the throwaway cluster); the data is consistent by construction and the script checks the
 * invariants the triggers guard afterwards (cap, payments ≤ grant, lead is a partner), then builds
 * the dashboard rollups with dashboard_rebuild_rollups() and runs ANALYZE.
 * Refuses a database that is not on this machine, and one that already has data unless --reset.
 */
import postgres from 'postgres';
import { openPostgres } from '#db/client';
import { migrate } from '#db/migrate';
import { assertSeedTargetIsLocal } from '#db/seed/index';

/** `--scale F` (default 1): projects and organisations × F, so 0.25 is a quarter of the portfolio. */
const scaleArg = process.argv.indexOf('--scale');
const FACTOR = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1;
if (!(FACTOR > 0 && FACTOR <= 4)) {
  console.error('--scale takes a factor between 0 and 4 (0.25 = a quarter of the EU-scale portfolio).');
  process.exit(1);
}

export const SCALE = {
  programmes: 12,
  projectsPerProgramme: Math.max(1, Math.round(250 * FACTOR)),
  partnersPerProject: 10,
  organisations: Math.max(10, Math.round(6000 * FACTOR)),
  firstYear: 2024,
  lastYear: 2031,
  milestonesPerProject: 20,
} as const;

export const BENCH_USER_EMAIL = 'bench.reviewer@bench.ipcei.test';
export const BENCH_EZ_EMAIL = 'bench.ez@bench.ipcei.test';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a throwaway PostgreSQL database on this machine.');
  process.exit(1);
}
assertSeedTargetIsLocal(url, false);
const reset = process.argv.includes('--reset');

const h = (expr: string, mod: number) => `((hashtext(${expr})::bigint + 2147483648) % ${mod})`;
const uid = (prefix: string, expr: string) => `md5('${prefix}-' || ${expr})::uuid`;
const PROJECTS = SCALE.programmes * SCALE.projectsPerProgramme;

const STEPS: Array<[string, string]> = [
  [
    'user',
    `insert into users (id, email, name, password_hash, status)
     values (${uid('user', "'bench'")}, '${BENCH_USER_EMAIL}', 'Bench Reviewer', '!not-a-password-hash', 'active');
     insert into user_roles (user_id, role) values (${uid('user', "'bench'")}, 'reviewer');
     insert into users (id, email, name, password_hash, status)
     values (${uid('user', "'bench-ez'")}, '${BENCH_EZ_EMAIL}', 'Bench EZ Officer', '!not-a-password-hash', 'active');
     insert into user_roles (user_id, role) values (${uid('user', "'bench-ez'")}, 'ez_officer');`,
  ],
  [
    'organisations',
    `insert into organisations (id, name, kvk_number, enterprise_type, nuts2_region, nace_code)
     select ${uid('org', 'o::text')}, 'Organisatie ' || o, lpad((20000000 + o)::text, 8, '0'),
            (array['sme','large','research'])[1 + ${h("'et' || o", 3)}]::enterprise_type,
            (array['NL11','NL21','NL22','NL31','NL32','NL33','NL41','NL42'])[1 + ${h("'nuts' || o", 8)}], '62.0'
       from generate_series(1, ${SCALE.organisations}) o`,
  ],
  [
    'programmes',
    `insert into programmes (id, code, name, subsidy_cap_cents, first_reporting_year, last_reporting_year, granting_authority)
     select ${uid('prog', 'p::text')}, 'EU-CIS-' || lpad(p::text, 2, '0'), 'EU-schaal programma ' || p,
            500000000000, ${SCALE.firstYear}, ${SCALE.lastYear}, 'Ministerie van Economische Zaken'
       from generate_series(1, ${SCALE.programmes}) p`,
  ],
  [
    'projects',
    `insert into projects (id, programme_id, code, name, aid_basis, lead_organisation_id, grant_decision_reference,
                           grant_decision_date, aid_measure_number, aid_objective, start_date, end_date)
     select ${uid('proj', 'j::text')}, ${uid('prog', `((j - 1) / ${SCALE.projectsPerProgramme} + 1)::text`)},
            'P-' || lpad(j::text, 4, '0'), 'Project ' || j,
            (case when ${h("'aid' || j", 4)} = 0 then 'ipcei_communication' else 'gber' end)::aid_basis,
            ${uid('org', `(((j - 1) * ${SCALE.partnersPerProject}) % ${SCALE.organisations} + 1)::text`)},
            'EZ/BENCH/' || j, date '2023-12-15', 'SA.100000', 'Benchmark', date '2024-01-01', date '2031-12-31'
       from generate_series(1, ${PROJECTS}) j`,
  ],
  [
    'project_partners',
    `insert into project_partners (project_id, organisation_id, granted_cents, granted_on, enterprise_type_at_grant, cost_method, hourly_rate_cents)
     select ${uid('proj', 'j::text')}, ${uid('org', `(((j - 1) * ${SCALE.partnersPerProject} + k) % ${SCALE.organisations} + 1)::text`)},
            -- half of the partner's total budget (8 years × its annual budget, see partner_budgets)
            (${SCALE.lastYear - SCALE.firstYear + 1} * (20000000 + ${h("'b' || j || '-' || k", 300)} * 100000)) / 2,
            date '2023-12-15', 'large', 'wage_plus_overhead', 8000 + ${h("'r' || j || '-' || k", 50)} * 100
       from generate_series(1, ${PROJECTS}) j, generate_series(0, ${SCALE.partnersPerProject - 1}) k`,
  ],
  [
    'partner_budgets',
    `insert into partner_budgets (project_id, organisation_id, year, category, amount_cents)
     select ${uid('proj', 'j::text')}, ${uid('org', `(((j - 1) * ${SCALE.partnersPerProject} + k) % ${SCALE.organisations} + 1)::text`)}, y, c.category::cost_category,
            (20000000 + ${h("'b' || j || '-' || k", 300)} * 100000) * c.share / 100
       from generate_series(1, ${PROJECTS}) j, generate_series(0, ${SCALE.partnersPerProject - 1}) k,
            generate_series(${SCALE.firstYear}, ${SCALE.lastYear}) y,
            (values ('personnel', 60), ('equipment', 15), ('materials', 10), ('third_party', 10), ('other', 5)) c(category, share)`,
  ],
  [
    'reports',
    // Status by year: older years mostly approved, the middle years mixed, the last years drafts.
    `insert into reports (id, project_id, year, status, due_date, version, current_revision, submitted_at, submitted_by,
                          submitted_late, recommended_at, recommended_by, approved_at, approved_by)
     select ${uid('rep', "j || '-' || y")}, ${uid('proj', 'j::text')}, y, s.status::report_status, make_date(y + 1, 2, 1), 1,
            case when s.status = 'draft' then 0 else 1 end,
            case when s.status = 'draft' then null else make_date(y + 1, 2, 1) - (${h("'sub' || j || '-' || y", 25)} - 4)::int end,
            case when s.status = 'draft' then null else ${uid('user', "'bench'")} end,
            s.status <> 'draft' and ${h("'sub' || j || '-' || y", 25)} < 4,
            case when s.status in ('recommended', 'approved') then make_date(y + 1, 3, 1)::timestamptz end,
            case when s.status in ('recommended', 'approved') then ${uid('user', "'bench'")} end,
            case when s.status = 'approved' then make_date(y + 1, 3, 15)::timestamptz end,
            case when s.status = 'approved' then ${uid('user', "'bench'")} end
       from generate_series(1, ${PROJECTS}) j, generate_series(${SCALE.firstYear}, ${SCALE.lastYear}) y,
            lateral (select case
              when y <= 2025 then (case when ${h("'st' || j || '-' || y", 100)} < 85 then 'approved'
                                        when ${h("'st' || j || '-' || y", 100)} < 90 then 'recommended'
                                        when ${h("'st' || j || '-' || y", 100)} < 95 then 'submitted' else 'changes_requested' end)
              when y <= 2028 then (case when ${h("'st' || j || '-' || y", 100)} < 50 then 'approved'
                                        when ${h("'st' || j || '-' || y", 100)} < 65 then 'submitted'
                                        when ${h("'st' || j || '-' || y", 100)} < 70 then 'recommended'
                                        when ${h("'st' || j || '-' || y", 100)} < 75 then 'changes_requested' else 'draft' end)
              else 'draft' end as status) s`,
  ],
  [
    'cost_lines',
    // One line per report, partner and category: the budget × a per-partner-year factor (0.70–1.34)
    // × a small per-category factor; personnel as hours × the partner's rate.
    `insert into cost_lines (report_id, project_id, organisation_id, category, description, hours, hourly_rate_cents, amount_cents, position)
     select r.id, r.project_id, b.organisation_id, b.category, 'Kosten ' || b.category,
            case when b.category = 'personnel' then round(b.amount_cents * x.f / pp.hourly_rate_cents)::int end,
            case when b.category = 'personnel' then pp.hourly_rate_cents end,
            case when b.category = 'personnel' then round(b.amount_cents * x.f / pp.hourly_rate_cents)::bigint * pp.hourly_rate_cents
                 else round(b.amount_cents * x.f)::bigint end,
            0
       from reports r
       join partner_budgets b on b.project_id = r.project_id and b.year = r.year
       join project_partners pp on pp.project_id = b.project_id and pp.organisation_id = b.organisation_id
       cross join lateral (select (70 + ${h("r.id::text || b.organisation_id::text", 65)}) / 100.0
                                  * (97 + ${h("r.id::text || b.organisation_id::text || b.category::text", 7)}) / 100.0 as f) x`,
  ],
  [
    'milestones',
    `insert into milestones (id, project_id, code, title, planned_date, position)
     select ${uid('ms', "j || '-' || m")}, ${uid('proj', 'j::text')}, 'M' || lpad(m::text, 2, '0'), 'Mijlpaal ' || m,
            date '2024-03-31' + ((m - 1) * 140 + ${h("'md' || j || '-' || m", 60)})::int, m
       from generate_series(1, ${PROJECTS}) j, generate_series(1, ${SCALE.milestonesPerProject}) m`,
  ],
  [
    'milestone_updates',
    `insert into milestone_updates (report_id, project_id, milestone_id, status, achieved_date, forecast_date, explanation)
     select r.id, r.project_id, m.id, s.status::milestone_status,
            case when s.status = 'achieved' then m.planned_date + ${h("'ad' || m.id || r.year", 40)}::int end,
            case when s.status in ('delayed', 'at_risk') then m.planned_date + 120 end, ''
       from reports r join milestones m on m.project_id = r.project_id and m.planned_date < make_date(r.year + 1, 4, 1)
       cross join lateral (select case
            when m.planned_date < make_date(r.year, 7, 1) and ${h("'ms' || m.id || r.year", 100)} < 80 then 'achieved'
            when ${h("'ms' || m.id || r.year", 100)} < 86 then 'delayed'
            when ${h("'ms' || m.id || r.year", 100)} < 90 then 'at_risk'
            when ${h("'ms' || m.id || r.year", 100)} < 92 then 'cancelled'
            else 'on_track' end as status) s
      where r.status <> 'draft'`,
  ],
  [
    'payments',
    `insert into payments (project_id, organisation_id, kind, amount_cents, paid_on, reference, created_by)
     select pp.project_id, pp.organisation_id, 'advance', pp.granted_cents * a.percent / 100, a.paid_on,
            'EU-' || pp.project_id || '-' || pp.organisation_id || '-' || a.n, ${uid('user', "'bench'")}
       from project_partners pp,
            (values (1, 30, date '2024-02-15'), (2, 20, date '2025-03-15'), (3, 15, date '2026-03-15')) a(n, percent, paid_on)`,
  ],
];

async function main() {
  const started = Date.now();
  const client = postgres(url!, { max: 1, onnotice: () => {} });
  if (reset) {
    await client.unsafe('drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public;');
  }
  // Two connections: migrate() holds its advisory lock on a reserved one and migrates on the other.
  const database = await openPostgres(url!, { max: 2 });
  await migrate(database);
  await database.close();
  const [row] = await client.unsafe<{ n: number }[]>("select count(*)::int as n from programmes");
  const n = row?.n ?? 0;
  if (n > 0) {
    console.error('This database already holds programmes. Use a fresh database, or pass --reset to wipe it.');
    await client.end();
    process.exit(1);
  }
  console.log(`migrated in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  await client.begin(async (tx) => {
    await tx.unsafe('set local session_replication_role = replica');
    await tx.unsafe('set local work_mem = \'256MB\'');
    for (const [name, statement] of STEPS) {
      const t0 = Date.now();
      await tx.unsafe(statement);
      console.log(`${name.padEnd(18)} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    const t0 = Date.now();
    await tx.unsafe('select dashboard_rebuild_rollups()');
    console.log(`${'rollups'.padEnd(18)} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // The invariants the (switched-off) triggers and foreign keys guard.
    const [check] = await tx.unsafe<{ over_cap: number; over_grant: number; lead_missing: number }[]>(`
      select (select count(*)::int from programmes p where (select sum(pp.granted_cents) from project_partners pp join projects pr on pr.id = pp.project_id where pr.programme_id = p.id) > p.subsidy_cap_cents) as over_cap,
             (select count(*)::int from (select p.project_id, p.organisation_id, sum(p.amount_cents) s from payments p group by 1, 2) x
                join project_partners pp on pp.project_id = x.project_id and pp.organisation_id = x.organisation_id where x.s > pp.granted_cents) as over_grant,
             (select count(*)::int from projects pr where not exists (select 1 from project_partners pp where pp.project_id = pr.id and pp.organisation_id = pr.lead_organisation_id)) as lead_missing`);
    if (check!.over_cap || check!.over_grant || check!.lead_missing) throw new Error(`generated data breaks an invariant: ${JSON.stringify(check)}`);
  });
  const t0 = Date.now();
  await client.unsafe('vacuum analyze');
  console.log(`${'vacuum analyze'.padEnd(18)} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const counts = await client.unsafe(`
    select (select count(*) from programmes) programmes, (select count(*) from projects) projects,
           (select count(*) from project_partners) partners, (select count(*) from partner_budgets) budgets,
           (select count(*) from reports) reports, (select count(*) from cost_lines) cost_lines,
           (select count(*) from milestones) milestones, (select count(*) from milestone_updates) milestone_updates,
           (select count(*) from payments) payments, (select count(*) from report_partner_costs) rollup_report_partner,
           (select count(*) from partner_year_budgets) rollup_partner_year,
           pg_size_pretty(pg_database_size(current_database())) size`);
  console.log(counts[0]);
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await client.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
