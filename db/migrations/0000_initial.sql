CREATE TYPE "public"."enterprise_type" AS ENUM('sme', 'large', 'research');--> statement-breakpoint
CREATE TYPE "public"."locale" AS ENUM('nl', 'en');--> statement-breakpoint
CREATE TYPE "public"."project_role" AS ENUM('contributor', 'penvoerder');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('reviewer', 'ez_officer', 'admin');--> statement-breakpoint
CREATE TYPE "public"."user_status" AS ENUM('invited', 'active', 'deactivated');--> statement-breakpoint
CREATE TYPE "public"."aid_basis" AS ENUM('gber', 'ipcei_communication');--> statement-breakpoint
CREATE TYPE "public"."aid_instrument" AS ENUM('grant', 'repayable_advance', 'loan', 'guarantee', 'other');--> statement-breakpoint
CREATE TYPE "public"."cost_category" AS ENUM('personnel', 'equipment', 'materials', 'third_party', 'other');--> statement-breakpoint
CREATE TYPE "public"."cost_method" AS ENUM('wage_plus_overhead', 'fixed_hourly_rate', 'full_cost_iks');--> statement-breakpoint
CREATE TYPE "public"."payment_kind" AS ENUM('advance', 'settlement');--> statement-breakpoint
CREATE TYPE "public"."milestone_status" AS ENUM('not_started', 'on_track', 'achieved', 'delayed', 'at_risk', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."report_section" AS ENUM('progress', 'milestones', 'costs', 'indicators', 'spillover', 'risks', 'attachments');--> statement-breakpoint
CREATE TYPE "public"."report_status" AS ENUM('draft', 'submitted', 'changes_requested', 'recommended', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."review_decision" AS ENUM('request_changes', 'recommend', 'approve', 'reject', 'reopen');--> statement-breakpoint
CREATE TYPE "public"."risk_level" AS ENUM('low', 'medium', 'high');--> statement-breakpoint
CREATE TYPE "public"."section_status" AS ENUM('not_started', 'in_progress', 'completed');--> statement-breakpoint
CREATE TYPE "public"."spillover_type" AS ENUM('event', 'publication', 'open_source', 'knowledge_sharing', 'standardisation', 'other');--> statement-breakpoint
CREATE TYPE "public"."outbox_status" AS ENUM('queued', 'sending', 'sent', 'failed');--> statement-breakpoint
CREATE TYPE "public"."job_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."period_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kvk_number" varchar(8) NOT NULL,
	"enterprise_type" "enterprise_type" NOT NULL,
	"nuts2_region" varchar(4) NOT NULL,
	"nace_code" varchar(5) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_kvk_number_ck" CHECK ("organisations"."kvk_number" ~ '^[0-9]{8}$'),
	CONSTRAINT "organisations_nuts2_ck" CHECK ("organisations"."nuts2_region" ~ '^[A-Z]{2}[0-9A-Z]{2}$'),
	CONSTRAINT "organisations_nace_ck" CHECK ("organisations"."nace_code" ~ '^[0-9]{2}\.[0-9]{1,2}$'),
	CONSTRAINT "organisations_name_ck" CHECK (length(trim("organisations"."name")) between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "project_memberships" (
	"user_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" "project_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_memberships_pk" PRIMARY KEY("user_id","project_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"mfa_verified" boolean DEFAULT false NOT NULL,
	"ip_address" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "sign_in_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email_lower" text NOT NULL,
	"ip_address" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_roles" (
	"user_id" uuid NOT NULL,
	"role" "staff_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_roles_pk" PRIMARY KEY("user_id","role")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"locale" "locale" DEFAULT 'nl' NOT NULL,
	"status" "user_status" DEFAULT 'active' NOT NULL,
	"totp_secret" text,
	"mfa_enabled_at" timestamp with time zone,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_ck" CHECK ("users"."email" ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length("users"."email") <= 254),
	CONSTRAINT "users_active_has_password_ck" CHECK ("users"."status" <> 'active' or "users"."password_hash" is not null)
);
--> statement-breakpoint
CREATE TABLE "milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"work_package_id" uuid,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"planned_date" date NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "milestones_id_project_uq" UNIQUE("id","project_id")
);
--> statement-breakpoint
CREATE TABLE "partner_budgets" (
	"project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"category" "cost_category" NOT NULL,
	"amount_cents" bigint NOT NULL,
	CONSTRAINT "partner_budgets_pk" PRIMARY KEY("project_id","organisation_id","year","category"),
	CONSTRAINT "partner_budgets_amount_ck" CHECK ("partner_budgets"."amount_cents" >= 0),
	CONSTRAINT "partner_budgets_year_ck" CHECK ("partner_budgets"."year" between 2000 and 2100)
);
--> statement-breakpoint
CREATE TABLE "programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"subsidy_cap_cents" bigint NOT NULL,
	"first_reporting_year" integer NOT NULL,
	"last_reporting_year" integer NOT NULL,
	"report_due_month" integer DEFAULT 2 NOT NULL,
	"report_due_day" integer DEFAULT 1 NOT NULL,
	"granting_authority" text NOT NULL,
	"four_eyes" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programmes_cap_ck" CHECK ("programmes"."subsidy_cap_cents" > 0),
	CONSTRAINT "programmes_years_ck" CHECK ("programmes"."first_reporting_year" between 2000 and 2100 and "programmes"."last_reporting_year" between "programmes"."first_reporting_year" and 2100),
	CONSTRAINT "programmes_due_ck" CHECK ("programmes"."report_due_month" between 1 and 12 and "programmes"."report_due_day" between 1 and 28)
);
--> statement-breakpoint
CREATE TABLE "project_partners" (
	"project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"granted_cents" bigint NOT NULL,
	"granted_on" date NOT NULL,
	"enterprise_type_at_grant" "enterprise_type" NOT NULL,
	"cost_method" "cost_method" NOT NULL,
	"hourly_rate_cents" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_partners_pk" PRIMARY KEY("project_id","organisation_id"),
	CONSTRAINT "project_partners_granted_ck" CHECK ("project_partners"."granted_cents" >= 0),
	CONSTRAINT "project_partners_rate_ck" CHECK ("project_partners"."hourly_rate_cents" > 0 and "project_partners"."hourly_rate_cents" <= 100000)
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"aid_basis" "aid_basis" NOT NULL,
	"lead_organisation_id" uuid NOT NULL,
	"grant_decision_reference" text NOT NULL,
	"grant_decision_date" date NOT NULL,
	"aid_measure_number" text NOT NULL,
	"aid_objective" text NOT NULL,
	"aid_instrument" "aid_instrument" DEFAULT 'grant' NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_dates_ck" CHECK ("projects"."end_date" >= "projects"."start_date"),
	CONSTRAINT "projects_code_ck" CHECK ("projects"."code" ~ '^[A-Z0-9-]{2,20}$')
);
--> statement-breakpoint
CREATE TABLE "work_packages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "work_packages_id_project_uq" UNIQUE("id","project_id")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" "payment_kind" DEFAULT 'advance' NOT NULL,
	"amount_cents" bigint NOT NULL,
	"paid_on" date NOT NULL,
	"reference" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_amount_ck" CHECK ("payments"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" char(64) NOT NULL,
	"content" "bytea" NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attachments_size_ck" CHECK ("attachments"."size_bytes" > 0 and "attachments"."size_bytes" <= 20971520)
);
--> statement-breakpoint
CREATE TABLE "cost_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"category" "cost_category" NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"hours" integer,
	"hourly_rate_cents" bigint,
	"amount_cents" bigint NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "cost_lines_amount_ck" CHECK ("cost_lines"."amount_cents" >= 0 and "cost_lines"."amount_cents" < 100000000000),
	CONSTRAINT "cost_lines_personnel_ck" CHECK (("cost_lines"."category" = 'personnel') = ("cost_lines"."hours" is not null and "cost_lines"."hourly_rate_cents" is not null)),
	CONSTRAINT "cost_lines_personnel_amount_ck" CHECK ("cost_lines"."hours" is null or ("cost_lines"."hours" >= 0 and "cost_lines"."amount_cents" = "cost_lines"."hours"::bigint * "cost_lines"."hourly_rate_cents"))
);
--> statement-breakpoint
CREATE TABLE "milestone_updates" (
	"report_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"milestone_id" uuid NOT NULL,
	"status" "milestone_status" NOT NULL,
	"achieved_date" date,
	"forecast_date" date,
	"explanation" text DEFAULT '' NOT NULL,
	CONSTRAINT "milestone_updates_pk" PRIMARY KEY("report_id","milestone_id"),
	CONSTRAINT "milestone_updates_achieved_ck" CHECK ("milestone_updates"."status" <> 'achieved' or "milestone_updates"."achieved_date" is not null)
);
--> statement-breakpoint
CREATE TABLE "partner_parts" (
	"report_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"deviation_explanations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"signed_off_at" timestamp with time zone,
	"signed_off_by" uuid,
	"updated_at" timestamp with time zone,
	"updated_by" uuid,
	CONSTRAINT "partner_parts_pk" PRIMARY KEY("report_id","organisation_id"),
	CONSTRAINT "partner_parts_signoff_ck" CHECK (("partner_parts"."signed_off_at" is null) = ("partner_parts"."signed_off_by" is null))
);
--> statement-breakpoint
CREATE TABLE "report_indicators" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"fte_tenths" integer NOT NULL,
	"jobs_created" integer NOT NULL,
	"smes_involved" integer NOT NULL,
	"publications" integer NOT NULL,
	"open_source_releases" integer NOT NULL,
	"patent_applications" integer NOT NULL,
	"standardisation_contributions" integer NOT NULL,
	CONSTRAINT "report_indicators_nonnegative_ck" CHECK (least("report_indicators"."fte_tenths", "report_indicators"."jobs_created", "report_indicators"."smes_involved", "report_indicators"."publications", "report_indicators"."open_source_releases", "report_indicators"."patent_applications", "report_indicators"."standardisation_contributions") >= 0)
);
--> statement-breakpoint
CREATE TABLE "report_narratives" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"progress_summary" text DEFAULT '' NOT NULL,
	"deviations" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"sha256" char(64) NOT NULL,
	"reference" text NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_revisions_revision_ck" CHECK ("report_revisions"."revision" >= 1)
);
--> statement-breakpoint
CREATE TABLE "report_sections" (
	"report_id" uuid NOT NULL,
	"section" "report_section" NOT NULL,
	"status" "section_status" DEFAULT 'not_started' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone,
	"updated_by" uuid,
	CONSTRAINT "report_sections_pk" PRIMARY KEY("report_id","section")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"status" "report_status" DEFAULT 'draft' NOT NULL,
	"due_date" date NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"current_revision" integer DEFAULT 0 NOT NULL,
	"assigned_reviewer_id" uuid,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"submitted_late" boolean DEFAULT false NOT NULL,
	"recommended_at" timestamp with time zone,
	"recommended_by" uuid,
	"approved_at" timestamp with time zone,
	"approved_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_id_project_uq" UNIQUE("id","project_id"),
	CONSTRAINT "reports_year_ck" CHECK ("reports"."year" between 2000 and 2100),
	CONSTRAINT "reports_submitted_stamp_ck" CHECK ("reports"."status" = 'draft' or ("reports"."submitted_at" is not null and "reports"."submitted_by" is not null and "reports"."current_revision" > 0)),
	CONSTRAINT "reports_approved_stamp_ck" CHECK ("reports"."status" <> 'approved' or ("reports"."approved_at" is not null and "reports"."approved_by" is not null and "reports"."recommended_by" is not null)),
	CONSTRAINT "reports_recommended_stamp_ck" CHECK ("reports"."status" <> 'recommended' or ("reports"."recommended_at" is not null and "reports"."recommended_by" is not null))
);
--> statement-breakpoint
CREATE TABLE "review_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"section" "report_section",
	"parent_id" uuid,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	CONSTRAINT "review_comments_body_ck" CHECK (length(trim("review_comments"."body")) between 1 and 5000)
);
--> statement-breakpoint
CREATE TABLE "review_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"decision" "review_decision" NOT NULL,
	"decided_by" uuid NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"description" text NOT NULL,
	"likelihood" "risk_level" NOT NULL,
	"impact" "risk_level" NOT NULL,
	"mitigation" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spillover_activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"type" "spillover_type" NOT NULL,
	"title" text NOT NULL,
	"activity_date" date NOT NULL,
	"audience" text DEFAULT '' NOT NULL,
	"reach" integer,
	"url" text,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "spillover_activities_reach_ck" CHECK ("spillover_activities"."reach" is null or "spillover_activities"."reach" >= 0),
	CONSTRAINT "spillover_activities_url_ck" CHECK ("spillover_activities"."url" is null or "spillover_activities"."url" ~ '^https?://')
);
--> statement-breakpoint
CREATE TABLE "work_package_progress" (
	"report_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"work_package_id" uuid NOT NULL,
	"narrative" text NOT NULL,
	CONSTRAINT "work_package_progress_pk" PRIMARY KEY("report_id","work_package_id")
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"to_address" text NOT NULL,
	"locale" "locale" NOT NULL,
	"subject" text NOT NULL,
	"body_text" text NOT NULL,
	"status" "outbox_status" DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_outbox_attempts_ck" CHECK ("email_outbox"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_email" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"project_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip_address" text,
	"request_id" text,
	"prev_hash" char(64) NOT NULL,
	"hash" char(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"unique_key" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "job_status" DEFAULT 'queued' NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 5 NOT NULL,
	"locked_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jobs_attempts_ck" CHECK ("jobs"."attempts" >= 0 and "jobs"."max_attempts" >= 1)
);
--> statement-breakpoint
CREATE TABLE "mfa_recovery_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reporting_periods" (
	"programme_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"status" "period_status" DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_by" uuid,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	CONSTRAINT "reporting_periods_pk" PRIMARY KEY("programme_id","year"),
	CONSTRAINT "reporting_periods_closed_ck" CHECK ("reporting_periods"."status" <> 'closed' or "reporting_periods"."closed_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_memberships" ADD CONSTRAINT "project_memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_memberships" ADD CONSTRAINT "project_memberships_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_memberships" ADD CONSTRAINT "project_memberships_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_memberships" ADD CONSTRAINT "project_memberships_partner_fk" FOREIGN KEY ("project_id","organisation_id") REFERENCES "public"."project_partners"("project_id","organisation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestones" ADD CONSTRAINT "milestones_work_package_fk" FOREIGN KEY ("work_package_id","project_id") REFERENCES "public"."work_packages"("id","project_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_budgets" ADD CONSTRAINT "partner_budgets_partner_fk" FOREIGN KEY ("project_id","organisation_id") REFERENCES "public"."project_partners"("project_id","organisation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_partners" ADD CONSTRAINT "project_partners_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_partners" ADD CONSTRAINT "project_partners_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_lead_organisation_id_organisations_id_fk" FOREIGN KEY ("lead_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_packages" ADD CONSTRAINT "work_packages_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_partner_fk" FOREIGN KEY ("project_id","organisation_id") REFERENCES "public"."project_partners"("project_id","organisation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_lines" ADD CONSTRAINT "cost_lines_report_fk" FOREIGN KEY ("report_id","project_id") REFERENCES "public"."reports"("id","project_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_lines" ADD CONSTRAINT "cost_lines_partner_fk" FOREIGN KEY ("project_id","organisation_id") REFERENCES "public"."project_partners"("project_id","organisation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_updates" ADD CONSTRAINT "milestone_updates_report_fk" FOREIGN KEY ("report_id","project_id") REFERENCES "public"."reports"("id","project_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_updates" ADD CONSTRAINT "milestone_updates_milestone_fk" FOREIGN KEY ("milestone_id","project_id") REFERENCES "public"."milestones"("id","project_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_parts" ADD CONSTRAINT "partner_parts_signed_off_by_users_id_fk" FOREIGN KEY ("signed_off_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_parts" ADD CONSTRAINT "partner_parts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_parts" ADD CONSTRAINT "partner_parts_report_fk" FOREIGN KEY ("report_id","project_id") REFERENCES "public"."reports"("id","project_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_parts" ADD CONSTRAINT "partner_parts_partner_fk" FOREIGN KEY ("project_id","organisation_id") REFERENCES "public"."project_partners"("project_id","organisation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_indicators" ADD CONSTRAINT "report_indicators_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_narratives" ADD CONSTRAINT "report_narratives_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_revisions" ADD CONSTRAINT "report_revisions_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_revisions" ADD CONSTRAINT "report_revisions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_sections" ADD CONSTRAINT "report_sections_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_sections" ADD CONSTRAINT "report_sections_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_assigned_reviewer_id_users_id_fk" FOREIGN KEY ("assigned_reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_recommended_by_users_id_fk" FOREIGN KEY ("recommended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_comments" ADD CONSTRAINT "review_comments_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_comments" ADD CONSTRAINT "review_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_comments" ADD CONSTRAINT "review_comments_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_comments" ADD CONSTRAINT "review_comments_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."review_comments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spillover_activities" ADD CONSTRAINT "spillover_activities_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_package_progress" ADD CONSTRAINT "work_package_progress_report_fk" FOREIGN KEY ("report_id","project_id") REFERENCES "public"."reports"("id","project_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_package_progress" ADD CONSTRAINT "work_package_progress_wp_fk" FOREIGN KEY ("work_package_id","project_id") REFERENCES "public"."work_packages"("id","project_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mfa_recovery_codes" ADD CONSTRAINT "mfa_recovery_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD CONSTRAINT "reporting_periods_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD CONSTRAINT "reporting_periods_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD CONSTRAINT "reporting_periods_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_kvk_number_uq" ON "organisations" USING btree ("kvk_number");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_hash_uq" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "project_memberships_project_idx" ON "project_memberships" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_email_idx" ON "sign_in_attempts" USING btree ("email_lower","attempted_at");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_ip_idx" ON "sign_in_attempts" USING btree ("ip_address","attempted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_uq" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "milestones_project_code_uq" ON "milestones" USING btree ("project_id","code");--> statement-breakpoint
CREATE INDEX "milestones_planned_date_idx" ON "milestones" USING btree ("planned_date");--> statement-breakpoint
CREATE UNIQUE INDEX "programmes_code_uq" ON "programmes" USING btree ("code");--> statement-breakpoint
CREATE INDEX "project_partners_organisation_idx" ON "project_partners" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_programme_code_uq" ON "projects" USING btree ("programme_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "work_packages_project_code_uq" ON "work_packages" USING btree ("project_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_reference_uq" ON "payments" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "payments_partner_idx" ON "payments" USING btree ("project_id","organisation_id");--> statement-breakpoint
CREATE INDEX "attachments_report_idx" ON "attachments" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "cost_lines_report_idx" ON "cost_lines" USING btree ("report_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "report_revisions_report_revision_uq" ON "report_revisions" USING btree ("report_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "report_revisions_reference_uq" ON "report_revisions" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_project_year_uq" ON "reports" USING btree ("project_id","year");--> statement-breakpoint
CREATE INDEX "reports_status_idx" ON "reports" USING btree ("status");--> statement-breakpoint
CREATE INDEX "review_comments_report_idx" ON "review_comments" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "review_decisions_report_idx" ON "review_decisions" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "risks_report_idx" ON "risks" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "spillover_activities_report_idx" ON "spillover_activities" USING btree ("report_id");--> statement-breakpoint
CREATE UNIQUE INDEX "email_outbox_dedupe_uq" ON "email_outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "email_outbox_due_idx" ON "email_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "audit_log_project_idx" ON "audit_log" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_unique_key_uq" ON "jobs" USING btree ("unique_key");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("status","run_at");--> statement-breakpoint
CREATE INDEX "mfa_recovery_codes_user_idx" ON "mfa_recovery_codes" USING btree ("user_id");