ALTER TABLE "cost_lines" DROP CONSTRAINT "cost_lines_personnel_amount_ck";--> statement-breakpoint
ALTER TABLE "cost_lines" ALTER COLUMN "hours" SET DATA TYPE numeric(7, 2);--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "productive_hours_per_year" integer DEFAULT 1720 NOT NULL;--> statement-breakpoint
ALTER TABLE "cost_lines" ADD COLUMN "employee_ref" text;--> statement-breakpoint
ALTER TABLE "cost_lines" ADD COLUMN "annual_wage_cents" bigint;--> statement-breakpoint
ALTER TABLE "report_revisions" ADD COLUMN "findings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "cost_lines_employee_idx" ON "cost_lines" USING btree ("organisation_id","employee_ref") WHERE "cost_lines"."employee_ref" is not null;--> statement-breakpoint
ALTER TABLE "programmes" ADD CONSTRAINT "programmes_productive_hours_ck" CHECK ("programmes"."productive_hours_per_year" between 1 and 8784);--> statement-breakpoint
ALTER TABLE "cost_lines" ADD CONSTRAINT "cost_lines_employee_ck" CHECK ("cost_lines"."employee_ref" is null or ("cost_lines"."category" = 'personnel' and "cost_lines"."employee_ref" ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$'));--> statement-breakpoint
ALTER TABLE "cost_lines" ADD CONSTRAINT "cost_lines_wage_ck" CHECK ("cost_lines"."annual_wage_cents" is null or ("cost_lines"."category" = 'personnel' and "cost_lines"."annual_wage_cents" > 0 and "cost_lines"."annual_wage_cents" < 100000000000));--> statement-breakpoint
ALTER TABLE "cost_lines" ADD CONSTRAINT "cost_lines_personnel_amount_ck" CHECK ("cost_lines"."hours" is null or ("cost_lines"."hours" >= 0 and "cost_lines"."amount_cents" = round("cost_lines"."hours" * "cost_lines"."hourly_rate_cents")));