DROP INDEX "dashboard_milestones_project_idx";--> statement-breakpoint
CREATE INDEX "dashboard_milestones_project_idx" ON "dashboard_milestones" USING btree ("project_id","planned_date");