CREATE TABLE "dashboard_partners" (
	"programme_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"granted_cents" bigint DEFAULT 0 NOT NULL,
	"budget_cents" bigint DEFAULT 0 NOT NULL,
	"approved_cents" bigint DEFAULT 0 NOT NULL,
	"pending_cents" bigint DEFAULT 0 NOT NULL,
	"paid_cents" bigint DEFAULT 0 NOT NULL,
	"earned_cents" bigint GENERATED ALWAYS AS (coalesce(floor(approved_cents::numeric * granted_cents / nullif(budget_cents, 0)), 0)::bigint) STORED,
	"share_pending_cents" bigint GENERATED ALWAYS AS (coalesce(floor(pending_cents::numeric * granted_cents / nullif(budget_cents, 0)), 0)::bigint) STORED,
	"ahead_cents" bigint GENERATED ALWAYS AS (paid_cents - coalesce(floor(approved_cents::numeric * granted_cents / nullif(budget_cents, 0)), 0)::bigint) STORED,
	CONSTRAINT "dashboard_partners_pk" PRIMARY KEY("project_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "dashboard_programme_years" (
	"programme_id" uuid NOT NULL,
	"aid_basis" "aid_basis" NOT NULL,
	"year" integer NOT NULL,
	"approved_cents" bigint DEFAULT 0 NOT NULL,
	"pending_cents" bigint DEFAULT 0 NOT NULL,
	"paid_cents" bigint DEFAULT 0 NOT NULL,
	"share_approved_cents" bigint DEFAULT 0 NOT NULL,
	"share_pending_cents" bigint DEFAULT 0 NOT NULL,
	"deviation_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_programme_years_pk" PRIMARY KEY("programme_id","aid_basis","year")
);
--> statement-breakpoint
CREATE TABLE "dashboard_programmes" (
	"programme_id" uuid NOT NULL,
	"aid_basis" "aid_basis" NOT NULL,
	"projects" integer DEFAULT 0 NOT NULL,
	"granted_cents" bigint DEFAULT 0 NOT NULL,
	"approved_cents" bigint DEFAULT 0 NOT NULL,
	"pending_cents" bigint DEFAULT 0 NOT NULL,
	"paid_cents" bigint DEFAULT 0 NOT NULL,
	"earned_cents" bigint DEFAULT 0 NOT NULL,
	"share_pending_cents" bigint DEFAULT 0 NOT NULL,
	"ahead_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_programmes_pk" PRIMARY KEY("programme_id","aid_basis")
);
--> statement-breakpoint
CREATE TABLE "dashboard_project_years" (
	"project_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"programme_id" uuid NOT NULL,
	"approved_cents" bigint DEFAULT 0 NOT NULL,
	"pending_cents" bigint DEFAULT 0 NOT NULL,
	"paid_cents" bigint DEFAULT 0 NOT NULL,
	"share_approved_cents" bigint DEFAULT 0 NOT NULL,
	"share_pending_cents" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "dashboard_project_years_pk" PRIMARY KEY("project_id","year")
);
--> statement-breakpoint
CREATE TABLE "dashboard_projects" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"programme_id" uuid NOT NULL,
	"code" text NOT NULL,
	"aid_basis" "aid_basis" NOT NULL,
	"granted_cents" bigint DEFAULT 0 NOT NULL,
	"approved_cents" bigint DEFAULT 0 NOT NULL,
	"pending_cents" bigint DEFAULT 0 NOT NULL,
	"paid_cents" bigint DEFAULT 0 NOT NULL,
	"earned_cents" bigint DEFAULT 0 NOT NULL,
	"share_pending_cents" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dashboard_partner_years" ADD COLUMN "partner_granted_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "dashboard_partner_years" ADD COLUMN "partner_budget_cents" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "dashboard_partner_years" ADD COLUMN "share_approved_cents" bigint GENERATED ALWAYS AS (coalesce(floor(approved_cents::numeric * partner_granted_cents / nullif(partner_budget_cents, 0)), 0)::bigint) STORED;--> statement-breakpoint
ALTER TABLE "dashboard_partner_years" ADD COLUMN "share_pending_cents" bigint GENERATED ALWAYS AS (coalesce(floor(pending_cents::numeric * partner_granted_cents / nullif(partner_budget_cents, 0)), 0)::bigint) STORED;--> statement-breakpoint
ALTER TABLE "dashboard_partner_years" ADD COLUMN "deviates" boolean GENERATED ALWAYS AS (reported and abs(approved_cents + pending_cents - budget_cents) > 0.25::numeric * budget_cents) STORED;--> statement-breakpoint
ALTER TABLE "dashboard_partner_years" ADD COLUMN "deviation" double precision GENERATED ALWAYS AS (case when reported then abs(approved_cents + pending_cents - budget_cents)::float8 / greatest(budget_cents, 1) end) STORED;--> statement-breakpoint
CREATE INDEX "dashboard_partners_ahead_idx" ON "dashboard_partners" USING btree ("programme_id","ahead_cents" DESC NULLS LAST,"project_id","organisation_id") WHERE ahead_cents > 0 and paid_cents > 0;--> statement-breakpoint
CREATE INDEX "dashboard_projects_code_idx" ON "dashboard_projects" USING btree ("programme_id","code");--> statement-breakpoint
CREATE INDEX "dashboard_projects_basis_idx" ON "dashboard_projects" USING btree ("programme_id","aid_basis","code");--> statement-breakpoint
CREATE INDEX "dashboard_partner_years_deviation_idx" ON "dashboard_partner_years" USING btree ("programme_id","deviation" DESC NULLS LAST,"project_id","organisation_id","year") WHERE deviates;--> statement-breakpoint
CREATE INDEX "dashboard_partner_years_year_deviation_idx" ON "dashboard_partner_years" USING btree ("programme_id","year","deviation" DESC NULLS LAST,"project_id","organisation_id") WHERE deviates;