import { index, route, type RouteConfig } from '@remix-run/route-config';

// Every route module's loader and action calls requirePermission (test/architecture.test.ts).
export default [
  index('routes/index.tsx'),
  route('inloggen', 'routes/sign-in.tsx'),
  route('uitloggen', 'routes/sign-out.tsx'),
  route('taal', 'routes/language.tsx'),
  route('programma', 'routes/programme.tsx'),
  route('projecten/:code', 'routes/project.tsx'),
  route('beheer', 'routes/admin.tsx'),
  route('beheer/gebruikers', 'routes/admin-users.tsx'),
  route('beheer/gebruikers/nieuw', 'routes/admin-user-new.tsx'),
  route('beheer/gebruikers/:id', 'routes/admin-user.tsx'),
  route('uitnodiging/:token', 'routes/invitation.tsx'),
  route('account', 'routes/account.tsx'),
  route('toegankelijkheid', 'routes/accessibility.tsx'),
  route('privacy', 'routes/privacy.tsx'),
  route('beoordelen', 'routes/review.tsx'),
  route('beoordelen/:reportId', 'routes/review-report.tsx'),
  route('healthz', 'routes/healthz.ts'),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
