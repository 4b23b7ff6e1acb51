-- Dashboard totals (db/schema/dashboard.ts): per partner-year figures and each milestone's latest
-- reported status, kept by statement-level triggers in the same transaction as every change.

CREATE INDEX IF NOT EXISTS milestone_updates_milestone_idx ON milestone_updates (milestone_id);
--> statement-breakpoint
CREATE FUNCTION dashboard_refresh_partner_years(project_ids uuid[], organisation_ids uuid[], years integer[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH keys AS (
    SELECT DISTINCT k.project_id, k.organisation_id, k.year
      FROM unnest(project_ids, organisation_ids, years) AS k(project_id, organisation_id, year)
     WHERE k.year IS NOT NULL
  )
  INSERT INTO dashboard_partner_years (programme_id, project_id, organisation_id, year, budget_cents, approved_cents, pending_cents, paid_cents, reported)
  SELECT pr.programme_id, k.project_id, k.organisation_id, k.year,
         coalesce(b.amount_cents, 0),
         coalesce(CASE WHEN r.status = 'approved' THEN c.amount_cents END, 0),
         coalesce(CASE WHEN r.status IN ('submitted', 'recommended') THEN c.amount_cents END, 0),
         coalesce((SELECT sum(p.amount_cents) FROM payments p
                    WHERE p.project_id = k.project_id AND p.organisation_id = k.organisation_id
                      AND p.paid_on >= make_date(k.year, 1, 1) AND p.paid_on < make_date(k.year + 1, 1, 1)), 0),
         coalesce(r.status IN ('submitted', 'recommended', 'approved'), false)
    FROM keys k
    JOIN projects pr ON pr.id = k.project_id
    LEFT JOIN partner_year_budgets b ON b.project_id = k.project_id AND b.organisation_id = k.organisation_id AND b.year = k.year
    LEFT JOIN reports r ON r.project_id = k.project_id AND r.year = k.year
    LEFT JOIN report_partner_costs c ON c.report_id = r.id AND c.organisation_id = k.organisation_id
   ORDER BY k.project_id, k.organisation_id, k.year
  ON CONFLICT (project_id, organisation_id, year) DO UPDATE SET
    budget_cents = EXCLUDED.budget_cents, approved_cents = EXCLUDED.approved_cents, pending_cents = EXCLUDED.pending_cents,
    paid_cents = EXCLUDED.paid_cents, reported = EXCLUDED.reported;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION dashboard_refresh_milestones(milestone_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dashboard_milestones (milestone_id, programme_id, project_id, planned_date, status, forecast_date)
  SELECT m.id, pr.programme_id, m.project_id, m.planned_date, l.status, l.forecast_date
    FROM (SELECT DISTINCT id FROM unnest(milestone_ids) AS k(id)) k
    JOIN milestones m ON m.id = k.id
    JOIN projects pr ON pr.id = m.project_id
    LEFT JOIN LATERAL (
      SELECT mu.status, mu.forecast_date FROM milestone_updates mu JOIN reports r ON r.id = mu.report_id
       WHERE mu.milestone_id = m.id AND r.status IN ('submitted', 'recommended', 'approved', 'changes_requested')
       ORDER BY r.year DESC LIMIT 1) l ON true
   ORDER BY m.id
  ON CONFLICT (milestone_id) DO UPDATE SET
    planned_date = EXCLUDED.planned_date, status = EXCLUDED.status, forecast_date = EXCLUDED.forecast_date;
  DELETE FROM dashboard_milestones d USING unnest(milestone_ids) AS k(id)
   WHERE d.milestone_id = k.id AND NOT EXISTS (SELECT 1 FROM milestones m WHERE m.id = k.id);
END;
$$;
--> statement-breakpoint

-- Partner-year sources: the per-report costs, the per-year budgets, payments, report status.
CREATE FUNCTION dashboard_py_from_costs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dashboard_refresh_partner_years(array_agg(project_id), array_agg(organisation_id), array_agg(year)) FROM changed_new;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dashboard_refresh_partner_years(array_agg(project_id), array_agg(organisation_id), array_agg(year)) FROM changed_old;
  ELSE
    PERFORM dashboard_refresh_partner_years(array_agg(project_id), array_agg(organisation_id), array_agg(year))
       FROM (SELECT project_id, organisation_id, year FROM changed_new UNION SELECT project_id, organisation_id, year FROM changed_old) k;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dashboard_py_costs_ins AFTER INSERT ON report_partner_costs
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_py_from_costs();
--> statement-breakpoint
CREATE TRIGGER dashboard_py_costs_del AFTER DELETE ON report_partner_costs
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_py_from_costs();
--> statement-breakpoint
CREATE TRIGGER dashboard_py_costs_upd AFTER UPDATE ON report_partner_costs
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_py_from_costs();
--> statement-breakpoint
CREATE TRIGGER dashboard_py_budgets_ins AFTER INSERT ON partner_year_budgets
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_py_from_costs();
--> statement-breakpoint
CREATE TRIGGER dashboard_py_budgets_del AFTER DELETE ON partner_year_budgets
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_py_from_costs();
--> statement-breakpoint
CREATE TRIGGER dashboard_py_budgets_upd AFTER UPDATE ON partner_year_budgets
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_py_from_costs();
--> statement-breakpoint
CREATE FUNCTION dashboard_py_from_payments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dashboard_refresh_partner_years(array_agg(project_id), array_agg(organisation_id), array_agg(extract(year FROM paid_on)::int)) FROM changed_new;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dashboard_refresh_partner_years(array_agg(project_id), array_agg(organisation_id), array_agg(extract(year FROM paid_on)::int)) FROM changed_old;
  ELSE
    PERFORM dashboard_refresh_partner_years(array_agg(project_id), array_agg(organisation_id), array_agg(y))
       FROM (SELECT project_id, organisation_id, extract(year FROM paid_on)::int AS y FROM changed_new
             UNION SELECT project_id, organisation_id, extract(year FROM paid_on)::int FROM changed_old) k;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dashboard_py_payments_ins AFTER INSERT ON payments
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_py_from_payments();
--> statement-breakpoint
CREATE TRIGGER dashboard_py_payments_del AFTER DELETE ON payments
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_py_from_payments();
--> statement-breakpoint
CREATE TRIGGER dashboard_py_payments_upd AFTER UPDATE ON payments
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_py_from_payments();
--> statement-breakpoint

-- A report's status changes (approve, reopen, submit, ...): every partner-year of that project-year
-- and every milestone reported in it.
CREATE FUNCTION dashboard_from_report_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_refresh_partner_years(array_agg(pp.project_id), array_agg(pp.organisation_id), array_agg(n.year))
     FROM changed_new n JOIN changed_old o ON o.id = n.id
     JOIN project_partners pp ON pp.project_id = n.project_id
    WHERE n.status IS DISTINCT FROM o.status;
  PERFORM dashboard_refresh_milestones(array_agg(mu.milestone_id))
     FROM changed_new n JOIN changed_old o ON o.id = n.id
     JOIN milestone_updates mu ON mu.report_id = n.id
    WHERE n.status IS DISTINCT FROM o.status;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dashboard_reports_status AFTER UPDATE ON reports
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_from_report_status();
--> statement-breakpoint

-- Milestones and their updates.
CREATE FUNCTION dashboard_ms_from_milestones() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dashboard_refresh_milestones(array_agg(id)) FROM changed_new;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dashboard_refresh_milestones(array_agg(id)) FROM changed_old;
  ELSE
    PERFORM dashboard_refresh_milestones(array_agg(id)) FROM (SELECT id FROM changed_new UNION SELECT id FROM changed_old) k;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dashboard_ms_milestones_ins AFTER INSERT ON milestones
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_ms_from_milestones();
--> statement-breakpoint
CREATE TRIGGER dashboard_ms_milestones_del AFTER DELETE ON milestones
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_ms_from_milestones();
--> statement-breakpoint
CREATE TRIGGER dashboard_ms_milestones_upd AFTER UPDATE ON milestones
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_ms_from_milestones();
--> statement-breakpoint
CREATE FUNCTION dashboard_ms_from_updates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dashboard_refresh_milestones(array_agg(milestone_id)) FROM changed_new;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dashboard_refresh_milestones(array_agg(milestone_id)) FROM changed_old;
  ELSE
    PERFORM dashboard_refresh_milestones(array_agg(milestone_id))
       FROM (SELECT milestone_id FROM changed_new UNION SELECT milestone_id FROM changed_old) k;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dashboard_ms_updates_ins AFTER INSERT ON milestone_updates
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_ms_from_updates();
--> statement-breakpoint
CREATE TRIGGER dashboard_ms_updates_del AFTER DELETE ON milestone_updates
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_ms_from_updates();
--> statement-breakpoint
CREATE TRIGGER dashboard_ms_updates_upd AFTER UPDATE ON milestone_updates
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_ms_from_updates();
--> statement-breakpoint

-- Rebuild everything from scratch (used below and by the EU-scale generator).
CREATE OR REPLACE FUNCTION dashboard_rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM report_partner_costs;
  INSERT INTO report_partner_costs (report_id, organisation_id, project_id, year, amount_cents)
  SELECT c.report_id, c.organisation_id, r.project_id, r.year, sum(c.amount_cents)::bigint
    FROM cost_lines c JOIN reports r ON r.id = c.report_id
   GROUP BY c.report_id, c.organisation_id, r.project_id, r.year;
  DELETE FROM partner_year_budgets;
  INSERT INTO partner_year_budgets (project_id, organisation_id, year, amount_cents)
  SELECT project_id, organisation_id, year, sum(amount_cents)::bigint
    FROM partner_budgets GROUP BY project_id, organisation_id, year;
  -- The inserts above fired the partner-year triggers; start that table over in one pass anyway.
  DELETE FROM dashboard_partner_years;
  PERFORM dashboard_refresh_partner_years(array_agg(project_id), array_agg(organisation_id), array_agg(year))
     FROM (SELECT project_id, organisation_id, year FROM partner_year_budgets
           UNION SELECT project_id, organisation_id, year FROM report_partner_costs
           UNION SELECT project_id, organisation_id, extract(year FROM paid_on)::int FROM payments) k;
  DELETE FROM dashboard_milestones;
  PERFORM dashboard_refresh_milestones(array_agg(id)) FROM milestones;
END;
$$;
--> statement-breakpoint
SELECT dashboard_rebuild_rollups();
