import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import type { z } from 'zod';
import { getDb, type Queryable, type Tx } from '#db/client';
import { formToObject, parseForm } from '#app/components/form/parse';
import type { FieldErrors } from '#app/components/form/field';
import { assertEditable, loadReportContext, pageBasics, type ReportContext } from '#app/report/context.server';
import { invalidAnswer, saveAnswer, saveVersioned, sectionState, type SectionActionResult } from '#app/report/save.server';
import { findingsFor, isBlocking, type Finding } from '#app/rules/checks';
import { loadSectionQuestions } from '#app/models/review.server';
import { resolveLocale } from '#app/utils/locale.server';
import { requirePermission } from '#app/utils/permissions.server';
import type { Locale } from '#app/rules/locale';
import type { SectionDefinition } from './section';

/** Which report a section's content belongs to. */
export interface ReportScope {
  reportId: string;
  projectId: string;
  year: number;
  leadOrganisationId: string;
}

export function scopeOf(ctx: ReportContext): ReportScope {
  return { reportId: ctx.report.id, projectId: ctx.project.id, year: ctx.report.year, leadOrganisationId: ctx.project.leadOrganisationId };
}

/**
 * The server half of a section definition. `read` is THE read of the section's content: the
 * section page, the snapshot (and so the check-answers page, the revisions, the review page and
 * the dossier export) and the copy-forward all use it.
 */
export interface SectionServer<Part, Extra, Values extends Record<string, unknown>, S extends z.ZodTypeAny> {
  definition: SectionDefinition<Part, Extra, Values, S>;
  read(db: Queryable, scope: ReportScope): Promise<Part>;
  /**
   * What the page and the schema need besides the content (the project's work packages…). On the
   * page's GET it gets the content just read, so it need not query again what that already holds.
   */
  extra(db: Queryable, ctx: ReportContext, part?: Part): Promise<Extra>;
  /** Replaces what the browser may not decide (e.g. stored planned dates) before parsing. */
  trust?(raw: Record<string, unknown>, extra: Extra): Record<string, unknown>;
  /** Server-only checks after parsing (every id belongs to this project…): errors by field path. */
  check?(data: z.output<S>, extra: Extra): FieldErrors;
  /** Writes the parsed content in the save's transaction. */
  write(tx: Tx, scope: ReportScope, data: z.output<S>, extra: Extra): Promise<void>;
  /** Details for the audit entry (counts, totals), besides section, version and complete. */
  audit?(data: z.output<S>): Record<string, unknown>;
  /** Copies last year's content into a new report (inside openReport's transaction): rows copied. */
  carryForward?(tx: Tx, fromReportId: string, to: ReportScope): Promise<number>;
}

export function defineSectionServer<Part, Extra, Values extends Record<string, unknown>, S extends z.ZodTypeAny>(server: SectionServer<Part, Extra, Values, S>) {
  return server;
}

/** The form values a section page shows: saved content (plus blank rows while editable), version, complete. */
export function formValues<Part, Extra, Values extends Record<string, unknown>, S extends z.ZodTypeAny>(
  definition: SectionDefinition<Part, Extra, Values, S>,
  part: Part,
  extra: Extra,
  locale: Locale,
  canEdit: boolean,
) {
  const values: Record<string, unknown> = { ...definition.toValues(part, extra, locale) };
  const rows = definition.rows;
  if (rows && canEdit) values[rows.key] = [...((values[rows.key] as unknown[]) ?? []), ...Array.from({ length: rows.count }, rows.blank)];
  return values as Values;
}

/**
 * The checks read the whole report through the section reads, which are defined with this module's
 * factories: loaded when first used, so that the section modules never import themselves in a cycle.
 */
const loadReportFindings: (db: Queryable, reportId: string) => Promise<Finding[]> = async (db, reportId) =>
  (await import('./checks.server')).reportFindings(db, reportId);

/** GET of a shared section page: permission (through the report context), content, questions. */
export function sectionLoader<Part, Extra, Values extends Record<string, unknown>, S extends z.ZodTypeAny>(server: SectionServer<Part, Extra, Values, S>) {
  const { definition } = server;
  return async function loader({ request, params }: LoaderFunctionArgs) {
    const ctx = await loadReportContext(request, params);
    const db = getDb();
    const canEdit = ctx.editable && ctx.may.editShared;
    const [state, [part, extra], questions, findings] = await Promise.all([
      sectionState(db, ctx.report.id, definition.section),
      server.read(db, scopeOf(ctx)).then(async (read) => [read, await server.extra(db, ctx, read)] as const),
      // RVO's questions on this section, with an answer form while changes are requested.
      loadSectionQuestions(db, ctx.principal, ctx.report.id, definition.section),
      // What the checks find in this section (shown on the page, so a save shows what is still open).
      ctx.editable ? loadReportFindings(db, ctx.report.id).then((all) => findingsFor(all, definition.section)) : Promise.resolve([] as Finding[]),
    ]);
    const locale = resolveLocale(request, ctx.principal);
    return {
      ...pageBasics(ctx),
      questions,
      findings,
      canEdit,
      extra,
      values: { ...formValues(definition, part, extra, locale, canEdit), version: String(state.version), complete: state.status === 'completed' },
    };
  };
}

/**
 * POST of a shared section page: permission → parse → server checks → save → answer (409 conflict
 * panel, 400 errors). Only malformed input refuses a draft; "this section is complete" also runs
 * the section's rules in the save's transaction and is refused (nothing saved) while a blocking
 * finding in the section remains.
 */
export function sectionAction<Part, Extra, Values extends Record<string, unknown>, S extends z.ZodTypeAny>(server: SectionServer<Part, Extra, Values, S>) {
  const { definition } = server;
  return async function action({ request, params }: ActionFunctionArgs) {
    const ctx = await loadReportContext(request, params);
    await requirePermission(request, 'update:report:own', { projectId: ctx.project.id });
    assertEditable(ctx);
    const raw = formToObject(await request.formData());
    const db = getDb();
    const extra = await server.extra(db, ctx);
    const locale = resolveLocale(request, ctx.principal);
    const parsed = await parseForm(server.trust ? server.trust(raw, extra) : raw, definition.schema(locale, extra));
    if (!parsed.ok) return invalidAnswer(raw, parsed.errors);
    const refused = server.check?.(parsed.data, extra) ?? {};
    if (Object.keys(refused).length) return invalidAnswer(raw, refused);
    const { version, complete } = parsed.data as { version: number; complete?: boolean };
    let blocking: Finding[] = [];
    const outcome = await saveVersioned(
      request,
      ctx,
      { kind: 'section', section: definition.section },
      { expectedVersion: version, complete: Boolean(complete), details: server.audit?.(parsed.data) },
      async (tx) => {
        await server.write(tx, scopeOf(ctx), parsed.data, extra);
        if (!complete) return null;
        blocking = findingsFor(await loadReportFindings(tx, ctx.report.id), definition.section).filter((f) => isBlocking(f) && f.rule !== 'section.incomplete');
        return blocking.length ? { invalid: { complete: 'errors.report.section.completeBlocked' } } : null;
      },
    );
    if (outcome.kind === 'invalid' && blocking.length) return data<SectionActionResult>({ errors: outcome.errors, findings: blocking, values: raw }, { status: 400 });
    return saveAnswer(outcome, {
      ctx,
      raw,
      current: async () => definition.toValues(await server.read(db, scopeOf(ctx)), extra, locale),
    });
  };
}
