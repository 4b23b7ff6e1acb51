-- Dashboard rollups (db/schema/dashboard.ts), kept in step by triggers in the same transaction as
-- every change of cost lines or budgets, whoever makes it. Set-based, so bulk loads stay fast.

CREATE FUNCTION dashboard_refresh_report_partner_costs(report_ids uuid[], organisation_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH keys AS (
    SELECT DISTINCT k.report_id, k.organisation_id FROM unnest(report_ids, organisation_ids) AS k(report_id, organisation_id)
  ), sums AS (
    SELECT c.report_id, c.organisation_id, sum(c.amount_cents)::bigint AS amount_cents
      FROM keys k JOIN cost_lines c ON c.report_id = k.report_id AND c.organisation_id = k.organisation_id
     GROUP BY c.report_id, c.organisation_id
  )
  INSERT INTO report_partner_costs (report_id, organisation_id, project_id, year, amount_cents)
  SELECT s.report_id, s.organisation_id, r.project_id, r.year, s.amount_cents
    FROM sums s JOIN reports r ON r.id = s.report_id
   ORDER BY s.report_id, s.organisation_id
  ON CONFLICT (report_id, organisation_id) DO UPDATE SET amount_cents = EXCLUDED.amount_cents;

  DELETE FROM report_partner_costs rpc
   USING unnest(report_ids, organisation_ids) AS k(report_id, organisation_id)
   WHERE rpc.report_id = k.report_id AND rpc.organisation_id = k.organisation_id
     AND NOT EXISTS (SELECT 1 FROM cost_lines c WHERE c.report_id = k.report_id AND c.organisation_id = k.organisation_id);
END;
$$;
--> statement-breakpoint
CREATE FUNCTION dashboard_refresh_partner_year_budgets(project_ids uuid[], organisation_ids uuid[], years integer[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH keys AS (
    SELECT DISTINCT k.project_id, k.organisation_id, k.year FROM unnest(project_ids, organisation_ids, years) AS k(project_id, organisation_id, year)
  )
  INSERT INTO partner_year_budgets (project_id, organisation_id, year, amount_cents)
  SELECT b.project_id, b.organisation_id, b.year, sum(b.amount_cents)::bigint
    FROM keys k JOIN partner_budgets b ON b.project_id = k.project_id AND b.organisation_id = k.organisation_id AND b.year = k.year
   GROUP BY b.project_id, b.organisation_id, b.year
   ORDER BY b.project_id, b.organisation_id, b.year
  ON CONFLICT (project_id, organisation_id, year) DO UPDATE SET amount_cents = EXCLUDED.amount_cents;

  DELETE FROM partner_year_budgets pyb
   USING unnest(project_ids, organisation_ids, years) AS k(project_id, organisation_id, year)
   WHERE pyb.project_id = k.project_id AND pyb.organisation_id = k.organisation_id AND pyb.year = k.year
     AND NOT EXISTS (SELECT 1 FROM partner_budgets b WHERE b.project_id = k.project_id AND b.organisation_id = k.organisation_id AND b.year = k.year);
END;
$$;
--> statement-breakpoint
CREATE FUNCTION dashboard_cost_lines_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_refresh_report_partner_costs(array_agg(report_id), array_agg(organisation_id)) FROM changed_new;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION dashboard_cost_lines_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_refresh_report_partner_costs(array_agg(report_id), array_agg(organisation_id)) FROM changed_old;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION dashboard_cost_lines_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_refresh_report_partner_costs(array_agg(report_id), array_agg(organisation_id))
     FROM (SELECT report_id, organisation_id FROM changed_new UNION SELECT report_id, organisation_id FROM changed_old) k;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dashboard_cost_lines_ins AFTER INSERT ON cost_lines
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_cost_lines_inserted();
--> statement-breakpoint
CREATE TRIGGER dashboard_cost_lines_del AFTER DELETE ON cost_lines
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_cost_lines_deleted();
--> statement-breakpoint
CREATE TRIGGER dashboard_cost_lines_upd AFTER UPDATE ON cost_lines
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_cost_lines_updated();
--> statement-breakpoint
CREATE FUNCTION dashboard_budgets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_refresh_partner_year_budgets(array_agg(project_id), array_agg(organisation_id), array_agg(year)) FROM changed_new;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION dashboard_budgets_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_refresh_partner_year_budgets(array_agg(project_id), array_agg(organisation_id), array_agg(year)) FROM changed_old;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION dashboard_budgets_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_refresh_partner_year_budgets(array_agg(project_id), array_agg(organisation_id), array_agg(year))
     FROM (SELECT project_id, organisation_id, year FROM changed_new UNION SELECT project_id, organisation_id, year FROM changed_old) k;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER dashboard_budgets_ins AFTER INSERT ON partner_budgets
  REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_budgets_inserted();
--> statement-breakpoint
CREATE TRIGGER dashboard_budgets_del AFTER DELETE ON partner_budgets
  REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION dashboard_budgets_deleted();
--> statement-breakpoint
CREATE TRIGGER dashboard_budgets_upd AFTER UPDATE ON partner_budgets
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION dashboard_budgets_updated();
--> statement-breakpoint

-- Recomputes both rollups from scratch (used after this migration and by the EU-scale generator).
CREATE FUNCTION dashboard_rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
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
END;
$$;
--> statement-breakpoint
SELECT dashboard_rebuild_rollups();
