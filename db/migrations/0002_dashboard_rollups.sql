CREATE TABLE "partner_year_budgets" (
	"project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	CONSTRAINT "partner_year_budgets_pk" PRIMARY KEY("project_id","organisation_id","year")
);
--> statement-breakpoint
CREATE TABLE "report_partner_costs" (
	"report_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	CONSTRAINT "report_partner_costs_pk" PRIMARY KEY("report_id","organisation_id")
);
--> statement-breakpoint
CREATE INDEX "report_partner_costs_project_idx" ON "report_partner_costs" USING btree ("project_id","year");