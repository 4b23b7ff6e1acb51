import { index, route, type RouteConfig } from '@remix-run/route-config';

/**
 * Every page of the portal (Dutch URLs), grouped by area; each area's route modules live in
 * `app/routes/<area>/`. Every loader and action reaches requirePermission, and every route with a
 * `:code` or `:reportId` a check scoped to that project (test/architecture.test.ts).
 */
export default [
  // --- site: the public and shared pages ---
  index('routes/site/index.tsx'),
  route('programma', 'routes/site/programme.tsx'),
  route('projecten/:code', 'routes/site/project.tsx'),
  route('toegankelijkheid', 'routes/site/accessibility.tsx'),
  route('privacy', 'routes/site/privacy.tsx'),
  route('healthz', 'routes/site/healthz.ts'),
  route('readyz', 'routes/site/readyz.ts'),
  route('metrics', 'routes/site/metrics.ts'),

  // --- auth: signing in, two-step codes, sessions, the user's own account ---
  route('inloggen', 'routes/auth/sign-in.tsx'),
  route('uitloggen', 'routes/auth/sign-out.tsx'),
  route('inloggen/code', 'routes/auth/mfa-verify.tsx'),
  route('account/tweestaps', 'routes/auth/mfa-setup.tsx'),
  route('account/sessies', 'routes/auth/sessions.tsx'),
  route('sessie/verlengen', 'routes/auth/sessions-extend.ts'),
  route('taal', 'routes/auth/language.tsx'),
  route('uitnodiging/:token', 'routes/auth/invitation.tsx'),
  route('account', 'routes/auth/account.tsx'),

  // --- report: filing the annual progress report (the sections are defined in app/report/) ---
  route('projecten/:code/rapporten/:year', 'routes/report/task-list.tsx'),
  route('projecten/:code/rapporten/:year/voortgang', 'routes/report/progress.tsx'),
  route('projecten/:code/rapporten/:year/mijlpalen', 'routes/report/milestones.tsx'),
  route('projecten/:code/rapporten/:year/kosten', 'routes/report/costs.tsx'),
  route('projecten/:code/rapporten/:year/kosten/:organisationId', 'routes/report/cost-part.tsx'),
  route('projecten/:code/rapporten/:year/kosten/:organisationId/importeren', 'routes/report/cost-import.tsx'),
  route('projecten/:code/rapporten/:year/kosten/:organisationId/sjabloon.xlsx', 'routes/report/cost-import-template.ts'),
  route('projecten/:code/rapporten/:year/indicatoren', 'routes/report/indicators.tsx'),
  route('projecten/:code/rapporten/:year/spillover', 'routes/report/spillover.tsx'),
  route('projecten/:code/rapporten/:year/risicos', 'routes/report/risks.tsx'),
  route('projecten/:code/rapporten/:year/bijlagen', 'routes/report/attachments.tsx'),
  route('projecten/:code/rapporten/:year/bijlagen/:attachmentId', 'routes/report/attachment-download.ts'),
  route('projecten/:code/rapporten/:year/controleren', 'routes/report/check.tsx'),
  route('projecten/:code/rapporten/:year/bevestiging', 'routes/report/confirmation.tsx'),
  route('projecten/:code/rapporten/:year/revisies/:revision', 'routes/report/revision.tsx'),

  // --- review: RVO's inbox and review page, questions and answers, notifications ---
  route('beoordelen', 'routes/review/inbox.tsx'),
  route('beoordelen/:reportId', 'routes/review/report.tsx'),
  route('vragen/:reportId', 'routes/review/questions.tsx'),
  route('meldingen', 'routes/review/notifications.tsx'),

  // --- dashboard: the subsidy against the cap, per programme and per project ---
  route('dashboard', 'routes/dashboard/programme.tsx'),
  route('projecten/:code/dashboard', 'routes/dashboard/project.tsx'),

  // --- export: Commission and EZ summaries, TAM register, report dossiers ---
  route('exporten', 'routes/export/index.tsx'),
  route('exporten/bestand', 'routes/export/file.tsx'),
  route('exporten/afdruk', 'routes/export/print.tsx'),
  route('exporten/dossier/:reportId', 'routes/export/dossier.tsx'),
  route('exporten/dossier/:reportId/afdruk', 'routes/export/dossier-print.tsx'),

  // --- admin: RVO functional management ---
  route('beheer', 'routes/admin/index.tsx'),
  route('beheer/betalingen', 'routes/admin/payments.tsx'),
  route('beheer/gebruikers', 'routes/admin/users.tsx'),
  route('beheer/gebruikers/nieuw', 'routes/admin/user-new.tsx'),
  route('beheer/gebruikers/:id', 'routes/admin/user.tsx'),
  route('beheer/programma', 'routes/admin/programme.tsx'),
  route('beheer/projecten', 'routes/admin/projects.tsx'),
  route('beheer/projecten/:code', 'routes/admin/project.tsx'),
  route('beheer/sjabloon/:kind/:format', 'routes/admin/import-template.ts'),
  route('beheer/kalender', 'routes/admin/calendar.tsx'),
  route('beheer/audit', 'routes/admin/audit.tsx'),
  route('beheer/audit/export', 'routes/admin/audit-export.ts'),
  route('beheer/mail', 'routes/admin/mailbox.tsx'),

  route('*', 'routes/site/not-found.tsx'),
] satisfies RouteConfig;
