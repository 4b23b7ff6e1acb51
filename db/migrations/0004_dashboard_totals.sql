CREATE TABLE "dashboard_milestones" (
	"milestone_id" uuid PRIMARY KEY NOT NULL,
	"programme_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"planned_date" date NOT NULL,
	"status" "milestone_status",
	"forecast_date" date
);
--> statement-breakpoint
CREATE TABLE "dashboard_partner_years" (
	"programme_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"budget_cents" bigint DEFAULT 0 NOT NULL,
	"approved_cents" bigint DEFAULT 0 NOT NULL,
	"pending_cents" bigint DEFAULT 0 NOT NULL,
	"paid_cents" bigint DEFAULT 0 NOT NULL,
	"reported" boolean DEFAULT false NOT NULL,
	CONSTRAINT "dashboard_partner_years_pk" PRIMARY KEY("project_id","organisation_id","year")
);
--> statement-breakpoint
CREATE INDEX "dashboard_milestones_programme_idx" ON "dashboard_milestones" USING btree ("programme_id","planned_date");--> statement-breakpoint
CREATE INDEX "dashboard_milestones_project_idx" ON "dashboard_milestones" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "dashboard_partner_years_programme_idx" ON "dashboard_partner_years" USING btree ("programme_id","year");