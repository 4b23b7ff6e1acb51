-- Rules the database itself enforces, beyond what drizzle-kit can express.

-- 1. The audit log is append-only.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint

-- 2. A submitted revision is immutable.
CREATE FUNCTION report_revisions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'report_revisions are immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER report_revisions_no_change BEFORE UPDATE OR DELETE ON report_revisions
  FOR EACH ROW EXECUTE FUNCTION report_revisions_refuse_change();
--> statement-breakpoint

-- 3. The granted amounts of a programme's projects never exceed the programme cap.
--    The programme row is locked first, so two concurrent grants are checked one after the other.
CREATE FUNCTION project_partners_check_cap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prog_id uuid;
  cap bigint;
  total bigint;
BEGIN
  SELECT p.programme_id INTO prog_id FROM projects p WHERE p.id = NEW.project_id;
  SELECT subsidy_cap_cents INTO cap FROM programmes WHERE id = prog_id FOR UPDATE;
  SELECT coalesce(sum(pp.granted_cents), 0) INTO total
    FROM project_partners pp JOIN projects p ON p.id = pp.project_id
   WHERE p.programme_id = prog_id;
  IF total > cap THEN
    RAISE EXCEPTION 'granted total % exceeds the programme cap %', total, cap
      USING ERRCODE = 'check_violation', CONSTRAINT = 'programme_cap';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER project_partners_cap AFTER INSERT OR UPDATE OF granted_cents ON project_partners
  FOR EACH ROW EXECUTE FUNCTION project_partners_check_cap();
--> statement-breakpoint

-- Lowering the cap below what has been granted is refused too.
CREATE FUNCTION programmes_check_cap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
BEGIN
  SELECT coalesce(sum(pp.granted_cents), 0) INTO total
    FROM project_partners pp JOIN projects p ON p.id = pp.project_id
   WHERE p.programme_id = NEW.id;
  IF total > NEW.subsidy_cap_cents THEN
    RAISE EXCEPTION 'granted total % exceeds the programme cap %', total, NEW.subsidy_cap_cents
      USING ERRCODE = 'check_violation', CONSTRAINT = 'programme_cap';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER programmes_cap AFTER UPDATE OF subsidy_cap_cents ON programmes
  FOR EACH ROW EXECUTE FUNCTION programmes_check_cap();
--> statement-breakpoint

-- 4. Payments to a partner never exceed its granted amount (partner row locked, so concurrent
--    payments are checked one after the other); nor can a grant be lowered below what was paid.
CREATE FUNCTION payments_check_granted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  granted bigint;
  paid bigint;
BEGIN
  SELECT granted_cents INTO granted FROM project_partners
   WHERE project_id = NEW.project_id AND organisation_id = NEW.organisation_id FOR UPDATE;
  SELECT coalesce(sum(amount_cents), 0) INTO paid FROM payments
   WHERE project_id = NEW.project_id AND organisation_id = NEW.organisation_id;
  IF paid > granted THEN
    RAISE EXCEPTION 'payments % exceed the granted amount %', paid, granted
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_within_grant';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER payments_within_grant AFTER INSERT OR UPDATE ON payments
  FOR EACH ROW EXECUTE FUNCTION payments_check_granted();
--> statement-breakpoint
CREATE FUNCTION project_partners_check_paid() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  paid bigint;
BEGIN
  SELECT coalesce(sum(amount_cents), 0) INTO paid FROM payments
   WHERE project_id = NEW.project_id AND organisation_id = NEW.organisation_id;
  IF paid > NEW.granted_cents THEN
    RAISE EXCEPTION 'payments % exceed the granted amount %', paid, NEW.granted_cents
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payments_within_grant';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER project_partners_paid AFTER UPDATE OF granted_cents ON project_partners
  FOR EACH ROW EXECUTE FUNCTION project_partners_check_paid();
--> statement-breakpoint

-- 5. The penvoerder (lead organisation) must be a partner of its own project. Deferred, so a
--    project and its partners can be created in one transaction.
ALTER TABLE projects ADD CONSTRAINT projects_lead_is_partner_fk
  FOREIGN KEY (id, lead_organisation_id) REFERENCES project_partners (project_id, organisation_id)
  DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint

-- 6. A penvoerder membership must be for the project's lead organisation.
CREATE FUNCTION project_memberships_check_penvoerder() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.role = 'penvoerder' AND NOT EXISTS (
    SELECT 1 FROM projects WHERE id = NEW.project_id AND lead_organisation_id = NEW.organisation_id
  ) THEN
    RAISE EXCEPTION 'a penvoerder acts for the project''s lead organisation'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'penvoerder_is_lead';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER project_memberships_penvoerder BEFORE INSERT OR UPDATE ON project_memberships
  FOR EACH ROW EXECUTE FUNCTION project_memberships_check_penvoerder();
