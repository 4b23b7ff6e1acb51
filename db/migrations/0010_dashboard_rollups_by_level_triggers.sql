-- Dashboard rollups by level (db/schema/dashboard.ts): partner-year → partner → project (and
-- project-year) → programme and aid basis (and programme-year), so that a programme view reads a
-- handful of rows per level instead of every partner-year of the programme.
--
-- The partner-year rows are recomputed from the base tables (as before, now with the partner's grant
-- and whole budget, which its subsidy share needs). Every level above is kept by ADDING the change of
-- the rows below it (new minus old, statement triggers with transition tables): under READ COMMITTED
-- an `x = x + delta` upsert waits for and re-reads a concurrent writer's row, so two transactions
-- changing different partners of one programme can never overwrite each other's totals. Rows are
-- locked in one order (the partner's advisory lock, partner-years, the project's rollup row,
-- project-years, programme-years, partners, programmes; each level ordered by key), so concurrent
-- writers queue instead of deadlocking.
-- dashboard_rebuild_rollups() recomputes everything from scratch (the EU-scale generator, this
-- migration); while it runs, the delta triggers stand aside (setting dashboard.rebuilding).

-- One writer per partner at a time. The base rollups (a partner's costs in a report, its budget per
-- year) and its partner-years are recomputed from the base tables, so a second transaction changing
-- the same partner (an advance recorded while the partner saves its costs) must read the base
-- tables after the first has committed, not before, or its older picture would overwrite the first
-- one's figures. In READ COMMITTED each statement after the lock reads what is committed by then.
-- Transaction-level advisory locks, taken in one order (by key); not during a rebuild, which holds
-- every partner at once.
CREATE FUNCTION dashboard_lock_partners(project_ids uuid[], organisation_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('dashboard.rebuilding', true), '') = 'on' THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('dashboard_partner'), k.lock_key)
     FROM (SELECT DISTINCT hashtext(p.project_id::text || '/' || p.organisation_id::text) AS lock_key
             FROM unnest(project_ids, organisation_ids) AS p(project_id, organisation_id)
            WHERE p.project_id IS NOT NULL AND p.organisation_id IS NOT NULL) k
    ORDER BY k.lock_key;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dashboard_refresh_report_partner_costs(report_ids uuid[], organisation_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_lock_partners(array_agg(r.project_id), array_agg(k.organisation_id))
     FROM unnest(report_ids, organisation_ids) AS k(report_id, organisation_id) JOIN reports r ON r.id = k.report_id;
  WITH keys AS (
    SELECT DISTINCT k.report_id, k.organisation_id FROM unnest(report_ids, organisation_ids) AS k(report_id, organisation_id)
  ), sums AS (
    SELECT c.report_id, c.organisation_id, sum(c.amount_cents)::bigint AS amount_cents
      FROM keys k JOIN cost_lines c ON c.report_id = k.report_id AND c.organisation_id = k.organisation_id
     GROUP BY c.report_id, c.organisation_id
  )
  INSERT INTO report_partner_costs AS t (report_id, organisation_id, project_id, year, amount_cents)
  SELECT s.report_id, s.organisation_id, r.project_id, r.year, s.amount_cents
    FROM sums s JOIN reports r ON r.id = s.report_id
   ORDER BY s.report_id, s.organisation_id
  ON CONFLICT (report_id, organisation_id) DO UPDATE SET amount_cents = EXCLUDED.amount_cents
   WHERE t.amount_cents IS DISTINCT FROM EXCLUDED.amount_cents;

  DELETE FROM report_partner_costs rpc
   USING unnest(report_ids, organisation_ids) AS k(report_id, organisation_id)
   WHERE rpc.report_id = k.report_id AND rpc.organisation_id = k.organisation_id
     AND NOT EXISTS (SELECT 1 FROM cost_lines c WHERE c.report_id = k.report_id AND c.organisation_id = k.organisation_id);
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dashboard_refresh_partner_year_budgets(project_ids uuid[], organisation_ids uuid[], years integer[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_lock_partners(project_ids, organisation_ids);
  WITH keys AS (
    SELECT DISTINCT k.project_id, k.organisation_id, k.year FROM unnest(project_ids, organisation_ids, years) AS k(project_id, organisation_id, year)
  )
  INSERT INTO partner_year_budgets AS t (project_id, organisation_id, year, amount_cents)
  SELECT b.project_id, b.organisation_id, b.year, sum(b.amount_cents)::bigint
    FROM keys k JOIN partner_budgets b ON b.project_id = k.project_id AND b.organisation_id = k.organisation_id AND b.year = k.year
   GROUP BY b.project_id, b.organisation_id, b.year
   ORDER BY b.project_id, b.organisation_id, b.year
  ON CONFLICT (project_id, organisation_id, year) DO UPDATE SET amount_cents = EXCLUDED.amount_cents
   WHERE t.amount_cents IS DISTINCT FROM EXCLUDED.amount_cents;

  DELETE FROM partner_year_budgets pyb
   USING unnest(project_ids, organisation_ids, years) AS k(project_id, organisation_id, year)
   WHERE pyb.project_id = k.project_id AND pyb.organisation_id = k.organisation_id AND pyb.year = k.year
     AND NOT EXISTS (SELECT 1 FROM partner_budgets b WHERE b.project_id = k.project_id AND b.organisation_id = k.organisation_id AND b.year = k.year);
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dashboard_refresh_partner_years(project_ids uuid[], organisation_ids uuid[], years integer[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_lock_partners(project_ids, organisation_ids);
  -- Every year of each partner named: the year's subsidy share depends on the partner's whole budget
  -- and its grant, so a change in one year's budget (or the grant) moves the shares of all its years.
  WITH named AS (
    SELECT k.project_id, k.organisation_id, k.year
      FROM unnest(project_ids, organisation_ids, years) AS k(project_id, organisation_id, year)
     WHERE k.project_id IS NOT NULL AND k.organisation_id IS NOT NULL
  ),
  partners AS (SELECT DISTINCT project_id, organisation_id FROM named),
  keys AS (
    SELECT project_id, organisation_id, year FROM named WHERE year IS NOT NULL
    UNION SELECT b.project_id, b.organisation_id, b.year FROM partner_year_budgets b JOIN partners p USING (project_id, organisation_id)
    UNION SELECT d.project_id, d.organisation_id, d.year FROM dashboard_partner_years d JOIN partners p USING (project_id, organisation_id)
  ),
  totals AS (
    SELECT p.project_id, p.organisation_id, coalesce(pp.granted_cents, 0) AS granted,
           coalesce((SELECT sum(b.amount_cents) FROM partner_year_budgets b
                      WHERE b.project_id = p.project_id AND b.organisation_id = p.organisation_id), 0)::bigint AS budget
      FROM partners p
      LEFT JOIN project_partners pp ON pp.project_id = p.project_id AND pp.organisation_id = p.organisation_id
  )
  INSERT INTO dashboard_partner_years AS t (programme_id, project_id, organisation_id, year, budget_cents, approved_cents, pending_cents,
                                            paid_cents, reported, partner_granted_cents, partner_budget_cents)
  SELECT pr.programme_id, k.project_id, k.organisation_id, k.year,
         coalesce(b.amount_cents, 0),
         coalesce(CASE WHEN r.status = 'approved' THEN c.amount_cents END, 0),
         coalesce(CASE WHEN r.status IN ('submitted', 'recommended') THEN c.amount_cents END, 0),
         coalesce((SELECT sum(p.amount_cents) FROM payments p
                    WHERE p.project_id = k.project_id AND p.organisation_id = k.organisation_id
                      AND p.paid_on >= make_date(k.year, 1, 1) AND p.paid_on < make_date(k.year + 1, 1, 1)), 0),
         coalesce(r.status IN ('submitted', 'recommended', 'approved'), false),
         tt.granted, tt.budget
    FROM keys k
    JOIN totals tt ON tt.project_id = k.project_id AND tt.organisation_id = k.organisation_id
    JOIN projects pr ON pr.id = k.project_id
    LEFT JOIN partner_year_budgets b ON b.project_id = k.project_id AND b.organisation_id = k.organisation_id AND b.year = k.year
    LEFT JOIN reports r ON r.project_id = k.project_id AND r.year = k.year
    LEFT JOIN report_partner_costs c ON c.report_id = r.id AND c.organisation_id = k.organisation_id
   ORDER BY k.project_id, k.organisation_id, k.year
  ON CONFLICT (project_id, organisation_id, year) DO UPDATE SET
    programme_id = EXCLUDED.programme_id, budget_cents = EXCLUDED.budget_cents, approved_cents = EXCLUDED.approved_cents,
    pending_cents = EXCLUDED.pending_cents, paid_cents = EXCLUDED.paid_cents, reported = EXCLUDED.reported,
    partner_granted_cents = EXCLUDED.partner_granted_cents, partner_budget_cents = EXCLUDED.partner_budget_cents
  -- A row that does not change is not written: no lock, no trigger work, no contention on the levels above.
  WHERE (t.programme_id, t.budget_cents, t.approved_cents, t.pending_cents, t.paid_cents, t.reported, t.partner_granted_cents, t.partner_budget_cents)
        IS DISTINCT FROM
        (EXCLUDED.programme_id, EXCLUDED.budget_cents, EXCLUDED.approved_cents, EXCLUDED.pending_cents, EXCLUDED.paid_cents, EXCLUDED.reported,
         EXCLUDED.partner_granted_cents, EXCLUDED.partner_budget_cents);
END;
$$;
--> statement-breakpoint

-- Partner-year changes (one row per change; removals negative) into project-years, programme-years
-- and partners. The aid basis and programme come from dashboard_projects.
CREATE FUNCTION dashboard_apply_partner_year_deltas(
  project_ids uuid[], organisation_ids uuid[], years integer[], approved bigint[], pending bigint[], paid bigint[], budget bigint[],
  share_approved bigint[], share_pending bigint[], deviating integer[]
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- The project rows first: a project moving to another aid basis (or programme) at the same moment
  -- waits, or is waited for, so each change is added to the bucket the project is in when it commits.
  PERFORM 1 FROM dashboard_projects WHERE project_id = ANY (project_ids) ORDER BY project_id FOR NO KEY UPDATE;
  INSERT INTO dashboard_project_years AS t (project_id, year, programme_id, approved_cents, pending_cents, paid_cents, share_approved_cents, share_pending_cents)
  SELECT d.project_id, d.year, dp.programme_id, sum(d.a), sum(d.p), sum(d.pd), sum(d.sa), sum(d.sp)
    FROM unnest(project_ids, organisation_ids, years, approved, pending, paid, budget, share_approved, share_pending, deviating)
         AS d(project_id, organisation_id, year, a, p, pd, b, sa, sp, dv)
    JOIN dashboard_projects dp ON dp.project_id = d.project_id
   GROUP BY d.project_id, d.year, dp.programme_id
  HAVING sum(d.a) <> 0 OR sum(d.p) <> 0 OR sum(d.pd) <> 0 OR sum(d.sa) <> 0 OR sum(d.sp) <> 0
   ORDER BY d.project_id, d.year
  ON CONFLICT (project_id, year) DO UPDATE SET
    approved_cents = t.approved_cents + EXCLUDED.approved_cents, pending_cents = t.pending_cents + EXCLUDED.pending_cents,
    paid_cents = t.paid_cents + EXCLUDED.paid_cents, share_approved_cents = t.share_approved_cents + EXCLUDED.share_approved_cents,
    share_pending_cents = t.share_pending_cents + EXCLUDED.share_pending_cents;

  INSERT INTO dashboard_programme_years AS t (programme_id, aid_basis, year, approved_cents, pending_cents, paid_cents,
                                              share_approved_cents, share_pending_cents, deviation_count)
  SELECT dp.programme_id, dp.aid_basis, d.year, sum(d.a), sum(d.p), sum(d.pd), sum(d.sa), sum(d.sp), sum(d.dv)
    FROM unnest(project_ids, organisation_ids, years, approved, pending, paid, budget, share_approved, share_pending, deviating)
         AS d(project_id, organisation_id, year, a, p, pd, b, sa, sp, dv)
    JOIN dashboard_projects dp ON dp.project_id = d.project_id
   GROUP BY dp.programme_id, dp.aid_basis, d.year
  HAVING sum(d.a) <> 0 OR sum(d.p) <> 0 OR sum(d.pd) <> 0 OR sum(d.sa) <> 0 OR sum(d.sp) <> 0 OR sum(d.dv) <> 0
   ORDER BY dp.programme_id, dp.aid_basis, d.year
  ON CONFLICT (programme_id, aid_basis, year) DO UPDATE SET
    approved_cents = t.approved_cents + EXCLUDED.approved_cents, pending_cents = t.pending_cents + EXCLUDED.pending_cents,
    paid_cents = t.paid_cents + EXCLUDED.paid_cents, share_approved_cents = t.share_approved_cents + EXCLUDED.share_approved_cents,
    share_pending_cents = t.share_pending_cents + EXCLUDED.share_pending_cents, deviation_count = t.deviation_count + EXCLUDED.deviation_count;

  INSERT INTO dashboard_partners AS t (programme_id, project_id, organisation_id, granted_cents, budget_cents, approved_cents, pending_cents, paid_cents)
  SELECT dp.programme_id, d.project_id, d.organisation_id, coalesce(max(pp.granted_cents), 0), sum(d.b), sum(d.a), sum(d.p), sum(d.pd)
    FROM unnest(project_ids, organisation_ids, years, approved, pending, paid, budget, share_approved, share_pending, deviating)
         AS d(project_id, organisation_id, year, a, p, pd, b, sa, sp, dv)
    JOIN dashboard_projects dp ON dp.project_id = d.project_id
    LEFT JOIN project_partners pp ON pp.project_id = d.project_id AND pp.organisation_id = d.organisation_id
   GROUP BY dp.programme_id, d.project_id, d.organisation_id
  HAVING sum(d.a) <> 0 OR sum(d.p) <> 0 OR sum(d.pd) <> 0 OR sum(d.b) <> 0
   ORDER BY d.project_id, d.organisation_id
  ON CONFLICT (project_id, organisation_id) DO UPDATE SET
    budget_cents = t.budget_cents + EXCLUDED.budget_cents, approved_cents = t.approved_cents + EXCLUDED.approved_cents,
    pending_cents = t.pending_cents + EXCLUDED.pending_cents, paid_cents = t.paid_cents + EXCLUDED.paid_cents;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION dashboard_partner_years_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('dashboard.rebuilding', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM dashboard_apply_partner_year_deltas(array_agg(project_id), array_agg(organisation_id), array_agg(year), array_agg(approved_cents),
              array_agg(pending_cents), array_agg(paid_cents), array_agg(budget_cents), array_agg(share_approved_cents),
              array_agg(share_pending_cents), array_agg(deviates::int))
       FROM changed_new;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dashboard_apply_partner_year_deltas(array_agg(project_id), array_agg(organisation_id), array_agg(year), array_agg(-approved_cents),
              array_agg(-pending_cents), array_agg(-paid_cents), array_agg(-budget_cents), array_agg(-share_approved_cents),
              array_agg(-share_pending_cents), array_agg(-(deviates::int)))
       FROM changed_old;
  ELSE
    PERFORM dashboard_apply_partner_year_deltas(array_agg(project_id), array_agg(organisation_id), array_agg(year), array_agg(a), array_agg(p),
              array_agg(pd), array_agg(b), array_agg(sa), array_agg(sp), array_agg(dv))
       FROM (SELECT project_id, organisation_id, year, approved_cents AS a, pending_cents AS p, paid_cents AS pd, budget_cents AS b,
                    share_approved_cents AS sa, share_pending_cents AS sp, deviates::int AS dv FROM changed_new
             UNION ALL
             SELECT project_id, organisation_id, year, -approved_cents, -pending_cents, -paid_cents, -budget_cents,
                    -share_approved_cents, -share_pending_cents, -(deviates::int) FROM changed_old) d;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dashboard_partner_years_ins AFTER INSERT ON dashboard_partner_years
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_partner_years_changed();
--> statement-breakpoint
CREATE TRIGGER dashboard_partner_years_del AFTER DELETE ON dashboard_partner_years
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_partner_years_changed();
--> statement-breakpoint
CREATE TRIGGER dashboard_partner_years_upd AFTER UPDATE ON dashboard_partner_years
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_partner_years_changed();
--> statement-breakpoint

-- Partner changes into projects and programmes.
CREATE FUNCTION dashboard_apply_partner_deltas(
  project_ids uuid[], granted bigint[], approved bigint[], pending bigint[], paid bigint[], earned bigint[], share_pending bigint[], ahead integer[]
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM dashboard_projects WHERE project_id = ANY (project_ids) ORDER BY project_id FOR NO KEY UPDATE;
  INSERT INTO dashboard_projects AS t (project_id, programme_id, code, aid_basis, granted_cents, approved_cents, pending_cents, paid_cents,
                                       earned_cents, share_pending_cents)
  SELECT d.project_id, pr.programme_id, pr.code, pr.aid_basis, sum(d.g), sum(d.a), sum(d.p), sum(d.pd), sum(d.e), sum(d.sp)
    FROM unnest(project_ids, granted, approved, pending, paid, earned, share_pending, ahead) AS d(project_id, g, a, p, pd, e, sp, ah)
    JOIN projects pr ON pr.id = d.project_id
   GROUP BY d.project_id, pr.programme_id, pr.code, pr.aid_basis
  HAVING sum(d.g) <> 0 OR sum(d.a) <> 0 OR sum(d.p) <> 0 OR sum(d.pd) <> 0 OR sum(d.e) <> 0 OR sum(d.sp) <> 0
   ORDER BY d.project_id
  ON CONFLICT (project_id) DO UPDATE SET
    granted_cents = t.granted_cents + EXCLUDED.granted_cents, approved_cents = t.approved_cents + EXCLUDED.approved_cents,
    pending_cents = t.pending_cents + EXCLUDED.pending_cents, paid_cents = t.paid_cents + EXCLUDED.paid_cents,
    earned_cents = t.earned_cents + EXCLUDED.earned_cents, share_pending_cents = t.share_pending_cents + EXCLUDED.share_pending_cents;

  INSERT INTO dashboard_programmes AS t (programme_id, aid_basis, granted_cents, approved_cents, pending_cents, paid_cents, earned_cents,
                                         share_pending_cents, ahead_count)
  SELECT dp.programme_id, dp.aid_basis, sum(d.g), sum(d.a), sum(d.p), sum(d.pd), sum(d.e), sum(d.sp), sum(d.ah)
    FROM unnest(project_ids, granted, approved, pending, paid, earned, share_pending, ahead) AS d(project_id, g, a, p, pd, e, sp, ah)
    JOIN dashboard_projects dp ON dp.project_id = d.project_id
   GROUP BY dp.programme_id, dp.aid_basis
  HAVING sum(d.g) <> 0 OR sum(d.a) <> 0 OR sum(d.p) <> 0 OR sum(d.pd) <> 0 OR sum(d.e) <> 0 OR sum(d.sp) <> 0 OR sum(d.ah) <> 0
   ORDER BY dp.programme_id, dp.aid_basis
  ON CONFLICT (programme_id, aid_basis) DO UPDATE SET
    granted_cents = t.granted_cents + EXCLUDED.granted_cents, approved_cents = t.approved_cents + EXCLUDED.approved_cents,
    pending_cents = t.pending_cents + EXCLUDED.pending_cents, paid_cents = t.paid_cents + EXCLUDED.paid_cents,
    earned_cents = t.earned_cents + EXCLUDED.earned_cents, share_pending_cents = t.share_pending_cents + EXCLUDED.share_pending_cents,
    ahead_count = t.ahead_count + EXCLUDED.ahead_count;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION dashboard_partners_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('dashboard.rebuilding', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM dashboard_apply_partner_deltas(array_agg(project_id), array_agg(granted_cents), array_agg(approved_cents), array_agg(pending_cents),
              array_agg(paid_cents), array_agg(earned_cents), array_agg(share_pending_cents), array_agg((ahead_cents > 0 AND paid_cents > 0)::int))
       FROM changed_new;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dashboard_apply_partner_deltas(array_agg(project_id), array_agg(-granted_cents), array_agg(-approved_cents), array_agg(-pending_cents),
              array_agg(-paid_cents), array_agg(-earned_cents), array_agg(-share_pending_cents), array_agg(-((ahead_cents > 0 AND paid_cents > 0)::int)))
       FROM changed_old;
  ELSE
    PERFORM dashboard_apply_partner_deltas(array_agg(project_id), array_agg(g), array_agg(a), array_agg(p), array_agg(pd), array_agg(e),
              array_agg(sp), array_agg(ah))
       FROM (SELECT project_id, granted_cents AS g, approved_cents AS a, pending_cents AS p, paid_cents AS pd, earned_cents AS e,
                    share_pending_cents AS sp, (ahead_cents > 0 AND paid_cents > 0)::int AS ah FROM changed_new
             UNION ALL
             SELECT project_id, -granted_cents, -approved_cents, -pending_cents, -paid_cents, -earned_cents, -share_pending_cents,
                    -((ahead_cents > 0 AND paid_cents > 0)::int) FROM changed_old) d;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dashboard_partners_ins AFTER INSERT ON dashboard_partners
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_partners_changed();
--> statement-breakpoint
CREATE TRIGGER dashboard_partners_del AFTER DELETE ON dashboard_partners
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_partners_changed();
--> statement-breakpoint
CREATE TRIGGER dashboard_partners_upd AFTER UPDATE ON dashboard_partners
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_partners_changed();
--> statement-breakpoint

-- The grant of a partner: the partner row holds it, and every year's subsidy share depends on it.
CREATE FUNCTION dashboard_from_project_partners() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  project_ids uuid[];
  organisation_ids uuid[];
BEGIN
  IF current_setting('dashboard.rebuilding', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(project_id), array_agg(organisation_id) INTO project_ids, organisation_ids FROM changed_new;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(project_id), array_agg(organisation_id) INTO project_ids, organisation_ids FROM changed_old;
  ELSE
    SELECT array_agg(project_id), array_agg(organisation_id) INTO project_ids, organisation_ids
      FROM (SELECT project_id, organisation_id FROM changed_new UNION SELECT project_id, organisation_id FROM changed_old) k;
  END IF;
  -- The partner lock before any rollup row (the order every writer keeps; see dashboard_lock_partners).
  PERFORM dashboard_lock_partners(project_ids, organisation_ids);
  INSERT INTO dashboard_partners AS t (programme_id, project_id, organisation_id, granted_cents)
  SELECT dp.programme_id, k.project_id, k.organisation_id, coalesce(pp.granted_cents, 0)
    FROM (SELECT DISTINCT project_id, organisation_id FROM unnest(project_ids, organisation_ids) AS k(project_id, organisation_id)) k
    JOIN dashboard_projects dp ON dp.project_id = k.project_id
    LEFT JOIN project_partners pp ON pp.project_id = k.project_id AND pp.organisation_id = k.organisation_id
   ORDER BY k.project_id, k.organisation_id
  ON CONFLICT (project_id, organisation_id) DO UPDATE SET granted_cents = EXCLUDED.granted_cents
   WHERE t.granted_cents IS DISTINCT FROM EXCLUDED.granted_cents;
  PERFORM dashboard_refresh_partner_years(project_ids, organisation_ids, NULL::integer[]);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dashboard_project_partners_ins AFTER INSERT ON project_partners
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_from_project_partners();
--> statement-breakpoint
CREATE TRIGGER dashboard_project_partners_del AFTER DELETE ON project_partners
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_from_project_partners();
--> statement-breakpoint
CREATE TRIGGER dashboard_project_partners_upd AFTER UPDATE ON project_partners
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_from_project_partners();
--> statement-breakpoint

-- Projects: a new project gets its (empty) row; a changed aid basis or programme moves the project's
-- figures from one programme bucket to the other; a removed project takes its figures with it.
CREATE FUNCTION dashboard_move_projects(project_ids uuid[], sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Adds (sign 1) or removes (sign -1) the projects' figures to/from their programme bucket, by
  -- the programme and aid basis dashboard_projects holds for them now.
  INSERT INTO dashboard_programme_years AS t (programme_id, aid_basis, year, approved_cents, pending_cents, paid_cents, share_approved_cents,
                                              share_pending_cents, deviation_count)
  SELECT dp.programme_id, dp.aid_basis, y.year, sign * sum(y.approved_cents), sign * sum(y.pending_cents), sign * sum(y.paid_cents),
         sign * sum(y.share_approved_cents), sign * sum(y.share_pending_cents),
         sign * coalesce(sum((SELECT count(*) FROM dashboard_partner_years x WHERE x.project_id = y.project_id AND x.year = y.year AND x.deviates)), 0)
    FROM dashboard_projects dp JOIN dashboard_project_years y ON y.project_id = dp.project_id
   WHERE dp.project_id = ANY (project_ids)
   GROUP BY dp.programme_id, dp.aid_basis, y.year
   ORDER BY dp.programme_id, dp.aid_basis, y.year
  ON CONFLICT (programme_id, aid_basis, year) DO UPDATE SET
    approved_cents = t.approved_cents + EXCLUDED.approved_cents, pending_cents = t.pending_cents + EXCLUDED.pending_cents,
    paid_cents = t.paid_cents + EXCLUDED.paid_cents, share_approved_cents = t.share_approved_cents + EXCLUDED.share_approved_cents,
    share_pending_cents = t.share_pending_cents + EXCLUDED.share_pending_cents, deviation_count = t.deviation_count + EXCLUDED.deviation_count;
  INSERT INTO dashboard_programmes AS t (programme_id, aid_basis, projects, granted_cents, approved_cents, pending_cents, paid_cents, earned_cents,
                                         share_pending_cents, ahead_count)
  SELECT dp.programme_id, dp.aid_basis, sign * count(*), sign * sum(dp.granted_cents), sign * sum(dp.approved_cents), sign * sum(dp.pending_cents),
         sign * sum(dp.paid_cents), sign * sum(dp.earned_cents), sign * sum(dp.share_pending_cents),
         sign * coalesce(sum((SELECT count(*) FROM dashboard_partners x WHERE x.project_id = dp.project_id AND x.ahead_cents > 0 AND x.paid_cents > 0)), 0)
    FROM dashboard_projects dp WHERE dp.project_id = ANY (project_ids)
   GROUP BY dp.programme_id, dp.aid_basis
   ORDER BY dp.programme_id, dp.aid_basis
  ON CONFLICT (programme_id, aid_basis) DO UPDATE SET
    projects = t.projects + EXCLUDED.projects, granted_cents = t.granted_cents + EXCLUDED.granted_cents,
    approved_cents = t.approved_cents + EXCLUDED.approved_cents, pending_cents = t.pending_cents + EXCLUDED.pending_cents,
    paid_cents = t.paid_cents + EXCLUDED.paid_cents, earned_cents = t.earned_cents + EXCLUDED.earned_cents,
    share_pending_cents = t.share_pending_cents + EXCLUDED.share_pending_cents, ahead_count = t.ahead_count + EXCLUDED.ahead_count;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION dashboard_from_projects() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved uuid[];
BEGIN
  IF current_setting('dashboard.rebuilding', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO dashboard_projects (project_id, programme_id, code, aid_basis)
    SELECT id, programme_id, code, aid_basis FROM changed_new ORDER BY id ON CONFLICT (project_id) DO NOTHING;
    INSERT INTO dashboard_programmes AS t (programme_id, aid_basis, projects)
    SELECT programme_id, aid_basis, count(*) FROM changed_new GROUP BY programme_id, aid_basis ORDER BY programme_id, aid_basis
    ON CONFLICT (programme_id, aid_basis) DO UPDATE SET projects = t.projects + EXCLUDED.projects;
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(n.id) INTO moved FROM changed_new n JOIN changed_old o ON o.id = n.id
     WHERE (n.programme_id, n.aid_basis) IS DISTINCT FROM (o.programme_id, o.aid_basis);
    -- Lock the projects' rollup rows before reading their figures: a partner's change in flight
    -- commits first (and is moved along), or waits for the move and lands in the new bucket.
    PERFORM 1 FROM dashboard_projects dp JOIN changed_new n ON n.id = dp.project_id ORDER BY dp.project_id FOR UPDATE OF dp;
    IF moved IS NOT NULL THEN
      PERFORM dashboard_move_projects(moved, -1);
    END IF;
    UPDATE dashboard_projects dp SET programme_id = n.programme_id, code = n.code, aid_basis = n.aid_basis
      FROM changed_new n WHERE dp.project_id = n.id AND (dp.programme_id, dp.code, dp.aid_basis) IS DISTINCT FROM (n.programme_id, n.code, n.aid_basis);
    IF moved IS NOT NULL THEN
      UPDATE dashboard_project_years y SET programme_id = dp.programme_id FROM dashboard_projects dp
       WHERE dp.project_id = y.project_id AND y.project_id = ANY (moved) AND y.programme_id <> dp.programme_id;
      UPDATE dashboard_partners x SET programme_id = dp.programme_id FROM dashboard_projects dp
       WHERE dp.project_id = x.project_id AND x.project_id = ANY (moved) AND x.programme_id <> dp.programme_id;
      UPDATE dashboard_partner_years x SET programme_id = dp.programme_id FROM dashboard_projects dp
       WHERE dp.project_id = x.project_id AND x.project_id = ANY (moved) AND x.programme_id <> dp.programme_id;
      UPDATE dashboard_milestones x SET programme_id = dp.programme_id FROM dashboard_projects dp
       WHERE dp.project_id = x.project_id AND x.project_id = ANY (moved) AND x.programme_id <> dp.programme_id;
      PERFORM dashboard_move_projects(moved, 1);
    END IF;
  ELSE
    SELECT array_agg(id) INTO moved FROM changed_old;
    PERFORM 1 FROM dashboard_projects WHERE project_id = ANY (moved) ORDER BY project_id FOR UPDATE;
    PERFORM dashboard_move_projects(moved, -1);
    PERFORM set_config('dashboard.rebuilding', 'on', true);
    DELETE FROM dashboard_partner_years WHERE project_id = ANY (moved);
    DELETE FROM dashboard_partners WHERE project_id = ANY (moved);
    DELETE FROM dashboard_project_years WHERE project_id = ANY (moved);
    DELETE FROM dashboard_milestones WHERE project_id = ANY (moved);
    DELETE FROM dashboard_projects WHERE project_id = ANY (moved);
    PERFORM set_config('dashboard.rebuilding', 'off', true);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dashboard_projects_ins AFTER INSERT ON projects
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_from_projects();
--> statement-breakpoint
CREATE TRIGGER dashboard_projects_del AFTER DELETE ON projects
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_from_projects();
--> statement-breakpoint
CREATE TRIGGER dashboard_projects_upd AFTER UPDATE ON projects
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_from_projects();
--> statement-breakpoint

-- Payments: the grant check (payments_within_grant, migration 0008) locks the partner's
-- project_partners row, and a grant change holds that row before it reaches the partner lock; this
-- trigger fires first (triggers fire by name), so it takes the row the same way before the partner
-- lock, and the two never wait for each other in opposite order.
CREATE OR REPLACE FUNCTION dashboard_py_from_payments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM 1 FROM project_partners pp JOIN (SELECT DISTINCT project_id, organisation_id FROM changed_new) k
         ON k.project_id = pp.project_id AND k.organisation_id = pp.organisation_id
      ORDER BY pp.project_id, pp.organisation_id FOR NO KEY UPDATE OF pp;
    PERFORM dashboard_refresh_partner_years(array_agg(project_id), array_agg(organisation_id), array_agg(extract(year FROM paid_on)::int)) FROM changed_new;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dashboard_refresh_partner_years(array_agg(project_id), array_agg(organisation_id), array_agg(extract(year FROM paid_on)::int)) FROM changed_old;
  ELSE
    PERFORM 1 FROM project_partners pp JOIN (SELECT DISTINCT project_id, organisation_id FROM changed_new) k
         ON k.project_id = pp.project_id AND k.organisation_id = pp.organisation_id
      ORDER BY pp.project_id, pp.organisation_id FOR NO KEY UPDATE OF pp;
    PERFORM dashboard_refresh_partner_years(array_agg(project_id), array_agg(organisation_id), array_agg(y))
       FROM (SELECT project_id, organisation_id, extract(year FROM paid_on)::int AS y FROM changed_new
             UNION SELECT project_id, organisation_id, extract(year FROM paid_on)::int FROM changed_old) k;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Rebuild everything from scratch: the base rollups and partner-years as before, then each level
-- from the one below in one pass (the delta triggers stand aside meanwhile).
CREATE OR REPLACE FUNCTION dashboard_rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('dashboard.rebuilding', 'on', true);
  DELETE FROM report_partner_costs;
  INSERT INTO report_partner_costs (report_id, organisation_id, project_id, year, amount_cents)
  SELECT c.report_id, c.organisation_id, r.project_id, r.year, sum(c.amount_cents)::bigint
    FROM cost_lines c JOIN reports r ON r.id = c.report_id
   GROUP BY c.report_id, c.organisation_id, r.project_id, r.year;
  DELETE FROM partner_year_budgets;
  INSERT INTO partner_year_budgets (project_id, organisation_id, year, amount_cents)
  SELECT project_id, organisation_id, year, sum(amount_cents)::bigint
    FROM partner_budgets GROUP BY project_id, organisation_id, year;
  DELETE FROM dashboard_partner_years;
  PERFORM dashboard_refresh_partner_years(array_agg(project_id), array_agg(organisation_id), array_agg(year))
     FROM (SELECT project_id, organisation_id, year FROM partner_year_budgets
           UNION SELECT project_id, organisation_id, year FROM report_partner_costs
           UNION SELECT project_id, organisation_id, extract(year FROM paid_on)::int FROM payments
           UNION SELECT project_id, organisation_id, NULL FROM project_partners) k;
  DELETE FROM dashboard_milestones;
  PERFORM dashboard_refresh_milestones(array_agg(id)) FROM milestones;

  DELETE FROM dashboard_partners;
  INSERT INTO dashboard_partners (programme_id, project_id, organisation_id, granted_cents, budget_cents, approved_cents, pending_cents, paid_cents)
  SELECT pr.programme_id, k.project_id, k.organisation_id, coalesce(pp.granted_cents, 0), coalesce(s.budget, 0), coalesce(s.approved, 0),
         coalesce(s.pending, 0), coalesce(s.paid, 0)
    FROM (SELECT project_id, organisation_id FROM dashboard_partner_years UNION SELECT project_id, organisation_id FROM project_partners) k
    JOIN projects pr ON pr.id = k.project_id
    LEFT JOIN project_partners pp ON pp.project_id = k.project_id AND pp.organisation_id = k.organisation_id
    LEFT JOIN (SELECT project_id, organisation_id, sum(budget_cents) AS budget, sum(approved_cents) AS approved, sum(pending_cents) AS pending,
                      sum(paid_cents) AS paid
                 FROM dashboard_partner_years GROUP BY project_id, organisation_id) s
      ON s.project_id = k.project_id AND s.organisation_id = k.organisation_id;

  DELETE FROM dashboard_projects;
  INSERT INTO dashboard_projects (project_id, programme_id, code, aid_basis, granted_cents, approved_cents, pending_cents, paid_cents, earned_cents, share_pending_cents)
  SELECT pr.id, pr.programme_id, pr.code, pr.aid_basis, coalesce(s.granted, 0), coalesce(s.approved, 0), coalesce(s.pending, 0),
         coalesce(s.paid, 0), coalesce(s.earned, 0), coalesce(s.share_pending, 0)
    FROM projects pr
    LEFT JOIN (SELECT project_id, sum(granted_cents) AS granted, sum(approved_cents) AS approved, sum(pending_cents) AS pending,
                      sum(paid_cents) AS paid, sum(earned_cents) AS earned, sum(share_pending_cents) AS share_pending
                 FROM dashboard_partners GROUP BY project_id) s ON s.project_id = pr.id;

  DELETE FROM dashboard_project_years;
  INSERT INTO dashboard_project_years (project_id, year, programme_id, approved_cents, pending_cents, paid_cents, share_approved_cents, share_pending_cents)
  SELECT d.project_id, d.year, dp.programme_id, sum(d.approved_cents), sum(d.pending_cents), sum(d.paid_cents), sum(d.share_approved_cents),
         sum(d.share_pending_cents)
    FROM dashboard_partner_years d JOIN dashboard_projects dp ON dp.project_id = d.project_id
   GROUP BY d.project_id, d.year, dp.programme_id;

  DELETE FROM dashboard_programmes;
  INSERT INTO dashboard_programmes (programme_id, aid_basis, projects, granted_cents, approved_cents, pending_cents, paid_cents, earned_cents,
                                    share_pending_cents, ahead_count)
  SELECT dp.programme_id, dp.aid_basis, count(*), sum(dp.granted_cents), sum(dp.approved_cents), sum(dp.pending_cents), sum(dp.paid_cents),
         sum(dp.earned_cents), sum(dp.share_pending_cents),
         coalesce(sum((SELECT count(*) FROM dashboard_partners x WHERE x.project_id = dp.project_id AND x.ahead_cents > 0 AND x.paid_cents > 0)), 0)
    FROM dashboard_projects dp GROUP BY dp.programme_id, dp.aid_basis;

  DELETE FROM dashboard_programme_years;
  INSERT INTO dashboard_programme_years (programme_id, aid_basis, year, approved_cents, pending_cents, paid_cents, share_approved_cents,
                                         share_pending_cents, deviation_count)
  SELECT dp.programme_id, dp.aid_basis, d.year, sum(d.approved_cents), sum(d.pending_cents), sum(d.paid_cents), sum(d.share_approved_cents),
         sum(d.share_pending_cents), count(*) FILTER (WHERE d.deviates)
    FROM dashboard_partner_years d JOIN dashboard_projects dp ON dp.project_id = d.project_id
   GROUP BY dp.programme_id, dp.aid_basis, d.year;
  PERFORM set_config('dashboard.rebuilding', 'off', true);
END;
$$;
--> statement-breakpoint
SELECT dashboard_rebuild_rollups();
