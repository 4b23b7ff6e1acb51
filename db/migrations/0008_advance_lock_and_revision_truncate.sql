-- 1. Two advances to one partner at the same moment deadlocked (40P01): the payment insert's
--    foreign-key check holds FOR KEY SHARE on the partner row, and FOR UPDATE in the trigger conflicts
--    with the other transaction's share lock. FOR NO KEY UPDATE does not conflict with KEY SHARE but
--    still conflicts with itself, so concurrent payments are still checked one after the other.
CREATE OR REPLACE FUNCTION payments_check_granted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  granted bigint;
  paid bigint;
BEGIN
  SELECT granted_cents INTO granted FROM project_partners
   WHERE project_id = NEW.project_id AND organisation_id = NEW.organisation_id FOR NO KEY UPDATE;
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

-- 2. A submitted revision is immutable: TRUNCATE is refused as well as UPDATE and DELETE.
CREATE TRIGGER report_revisions_no_truncate BEFORE TRUNCATE ON report_revisions
  FOR EACH STATEMENT EXECUTE FUNCTION report_revisions_refuse_change();
