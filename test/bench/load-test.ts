/**
 * `npm run bench:load` — a load test of the real reporting cycle at EU scale on PostgreSQL, then a
 * database-outage drill. One command from a clean checkout (PostgreSQL 15 server on this machine):
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55433/postgres npm run bench:load
 *
 * 1. Data: the EU-scale database BENCH_TEMPLATE (default ipcei_load_template on that server) is
 *    made once with `npm run bench:generate` when it does not exist (~1 min). Every run works on a
 *    fresh copy of it (`CREATE DATABASE … TEMPLATE`, ~10 s), so runs are repeatable and the
 *    template is never changed; load-setup.ts adds what the run needs (teams of partner users with
 *    their memberships, a second reviewer, section and part rows of the draft reports, the portal's
 *    programme) — deterministic and idempotent.
 * 2. The portal: a production build of BENCH_PORTAL_ROOT (default this checkout; built first when
 *    its sources are newer than its build), started as its own process in production mode on
 *    loopback, BENCH_PORT (default 3290).
 * 3. Load for BENCH_SECONDS (default 60), every virtual user with its own session (made as sign-in
 *    makes one), every request a real form post or page load as a browser without JavaScript sends
 *    it (values read from the pages' hidden fields, Origin header for the CSRF guard):
 *    - BENCH_USERS (default 50) partners in teams of ten (BENCH_USERS / 10 teams): a team is the ten
 *      partner organisations of a set of projects; each user acts for its own organisation on the
 *      team's current report, so no two users share a row except where the portal shares one. Each
 *      partner loads its cost part, saves valid lines (personnel lines with person, hours and wage,
 *      other costs, explanations), now and then an autosave, "add a line" or "remove a line", then
 *      signs off. The penvoerder (the lead) also fills in and completes the six shared sections and,
 *      once every part of the report is signed off, loads the check page and submits with the
 *      content hash that page shows. Then the team goes on with its next draft report.
 *    - BENCH_REVIEWERS (default 2) reviewers: claim a submitted report, recommend it (confirmation
 *      step, then confirmed); approve a report another reviewer recommended (four-eyes).
 *    - BENCH_EZ (default 2) EZ officers: the programme dashboard, a project dashboard, the export
 *      page, and (the first one, every BENCH_EXPORT_EVERY-th round, default 5) the EZ summary as
 *      XLSX through HTTP, at EU scale (the portal's programme: 250 projects, 2,500 partners).
 * 4. Quiesce: no new requests, wait for the ones in flight. Then the proof: per report section and
 *    per partner part, confirmed saves (a redirect, or 200 for an autosave) = audit entries =
 *    version steps; confirmed submits = revisions (at most one per report); confirmed decisions =
 *    the reports' recommended/approved state, never approved by its recommender.
 * 5. The EZ XLSX export through HTTP on the quiet portal: time to the last byte and the portal
 *    process's RSS (sampled every 10 ms from /proc) — targets ≤ 2 s and ≤ 200 MB.
 * 6. Outage drill (BENCH_OUTAGE=0 skips it): the portal is cut off from its database (connections
 *    terminated, new ones refused); pages must fail with the clean error page (no stack trace),
 *    /healthz must say 503 "down", and the portal must recover by itself when the database is back.
 * Prints requests, p50/p95 per kind and statuses, 5xx, the write proof and the load average; exits
 * 1 on a 5xx, a lost or duplicated write, no successful submit, or a failed drill. Drops the run's
 * database (BENCH_KEEP=1 keeps it).
 *
 * BENCH_SAMPLE_REPLICATION=1 samples pg_stat_replication on the primary every second during the
 * load (replay_lag, and pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) bytes) and prints
 * p50/p95/max per standby, or that no standby is attached. Other knobs: BENCH_THINK_MS (pause
 * between a user's requests, default 0), BENCH_GROUPS_PER_TEAM (default 3), BENCH_EXPORT_YEAR
 * (default 2024).
 *
 * Running the portal from a copy (when others build in this checkout at the same time):
 *   mkdir -p /tmp/run && tar --exclude=./node_modules --exclude=./data --exclude=./build -cf - . | tar -xf - -C /tmp/run
 *   ln -sfn "$PWD/node_modules" /tmp/run/node_modules
 *   BENCH_PORTAL_ROOT=/tmp/run BENCH_DATABASE_URL=… npm run bench:load
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openPostgres } from '#db/client';
import { migrate } from '#db/migrate';
import { PROGRAMME_CODE } from '#app/models/programme.server';
import { rateFromWage } from '#app/rules/costs';
import { reportPath, SECTION_SLUGS } from '#app/rules/sections';
import { ensureBuilt } from '#app/server/build';
import { prepareLoad, type Team, type TeamPartner, type TeamReport } from './load-setup';

const CHECKOUT = fileURLToPath(new URL('../..', import.meta.url));
const ROOT = path.resolve(process.env.BENCH_PORTAL_ROOT ?? CHECKOUT);
const ADMIN_URL = process.env.BENCH_DATABASE_URL;
const TEMPLATE = process.env.BENCH_TEMPLATE ?? 'ipcei_load_template';
const PORT = Number(process.env.BENCH_PORT ?? 3290);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const USERS = Number(process.env.BENCH_USERS ?? 50);
const REVIEWERS = Number(process.env.BENCH_REVIEWERS ?? 2);
const EZ_USERS = Number(process.env.BENCH_EZ ?? 2);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 0);
const GROUPS_PER_TEAM = Number(process.env.BENCH_GROUPS_PER_TEAM ?? 3);
const EXPORT_EVERY = Number(process.env.BENCH_EXPORT_EVERY ?? 5);
const EXPORT_YEAR = Number(process.env.BENCH_EXPORT_YEAR ?? 2024);
const SAMPLE_REPLICATION = process.env.BENCH_SAMPLE_REPLICATION === '1';
const TEAM_SIZE = 10;
const BASE = `http://127.0.0.1:${PORT}`;
const EXPORT_PATH = `/exporten/bestand?soort=ez&jaar=${EXPORT_YEAR}&formaat=xlsx&taal=nl`;
const TARGET_EXPORT_MS = 2000;
const TARGET_EXPORT_MB = 200;
/** The portal runs in production mode: its configuration, also for the session cookie's name here. */
const PORTAL_ENV = { APP_MODE: 'production', PUBLIC_URL: 'https://portal.load-test.invalid', TRUST_PROXY: '0', NODE_ENV: 'production' } as const;
Object.assign(process.env, PORTAL_ENV);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');

function percentile(values: number[], p: number) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// --- Requests, as a browser without JavaScript sends them ------------------------------------------

interface Answer {
  status: number;
  body: string;
  location: string | null;
  ms: number;
}

const stats = new Map<string, { ms: number[]; statuses: Record<number, number> }>();
/** Bodies of the first refusals and errors per kind and status, for the report. */
const samples = new Map<string, string>();
let inFlight = 0;

function record(kind: string, status: number, ms: number, body: string) {
  const entry = stats.get(kind) ?? { ms: [], statuses: {} };
  entry.ms.push(ms);
  entry.statuses[status] = (entry.statuses[status] ?? 0) + 1;
  stats.set(kind, entry);
  const key = `${kind} ${status}`;
  if ((status >= 400 || status === 0) && !samples.has(key)) samples.set(key, excerpt(body));
}

function excerpt(html: string) {
  const main = /<main[\s\S]*?<\/main>/i.exec(html)?.[0] ?? html;
  return main.replace(/<script[\s\S]*?<\/script>/gi, ' ').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
}

async function request(kind: string, cookie: string, pathname: string, form?: Record<string, string>): Promise<Answer> {
  const started = performance.now();
  inFlight++;
  try {
    const response = await fetch(`${BASE}${pathname}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: form ? { cookie, origin: BASE, 'content-type': 'application/x-www-form-urlencoded' } : { cookie },
      body: form ? new URLSearchParams(form).toString() : undefined,
      signal: AbortSignal.timeout(120_000),
    });
    const body = await response.text();
    const ms = performance.now() - started;
    record(kind, response.status, ms, body);
    return { status: response.status, body, location: response.headers.get('location'), ms };
  } catch (error) {
    const ms = performance.now() - started;
    record(kind, 0, ms, String((error as Error).cause ?? error));
    return { status: 0, body: '', location: null, ms };
  } finally {
    inFlight--;
  }
}

/** The value of a form field as the page rendered it (hidden inputs carry their value). */
function fieldValue(html: string, name: string): string | null {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const tag = new RegExp(`<input[^>]*\\bname="${escaped}"[^>]*>`).exec(html)?.[0];
  if (!tag) return null;
  return /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '';
}

function rowIds(html: string, list: string) {
  const ids: string[] = [];
  for (let i = 0; ; i++) {
    const id = fieldValue(html, `${list}.${i}.id`);
    if (!id) return ids;
    ids.push(id);
  }
}

// --- What the run confirms, to be compared with the database afterwards ----------------------------

const confirmed = {
  /** `${reportId}|${section}` → confirmed saves of a shared section. */
  sections: new Map<string, number>(),
  /** `${reportId}|${organisationId}` → confirmed writes of a partner's part (save, autosave, add, remove, sign-off). */
  parts: new Map<string, number>(),
  submits: new Map<string, number>(),
  recommends: new Map<string, string>(),
  approvals: new Map<string, string>(),
};
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
const conflicts = { sections: 0, parts: 0 };
const refusals: string[] = [];
let stopping = false;

// --- The partners -------------------------------------------------------------------------------

/** Valid content of a partner's part: people with hours (and wage where the cost method needs it), other costs, explanations. */
function partForm(report: TeamReport, partner: TeamPartner, position: number, round: number, version: string) {
  const form: Record<string, string> = { version };
  const people = 2 + ((position + round) % 3);
  let line = 0;
  for (let i = 0; i < people; i++, line++) {
    form[`lines.${line}.category`] = 'personnel';
    form[`lines.${line}.description`] = `Ontwikkelaar ${i + 1}`;
    // The person is one of this project's: the ceiling counts a person's hours over the organisation's projects.
    form[`lines.${line}.employeeRef`] = `${report.code}-${position}-${i + 1}`;
    form[`lines.${line}.hours`] = String(600 + ((round * 37 + i * 101 + position * 13) % 900));
    if (rateFromWage(partner.costMethod)) form[`lines.${line}.wage`] = `${60 + ((i + position) % 30)}.000`;
  }
  form[`lines.${line}.category`] = 'equipment';
  form[`lines.${line}.description`] = 'Servers';
  form[`lines.${line++}.amount`] = `${12 + round}.345,67`;
  form[`lines.${line}.category`] = 'other';
  form[`lines.${line}.description`] = 'Reiskosten';
  form[`lines.${line++}.amount`] = `${1 + position}.250,00`;
  for (const key of ['personnel', 'equipment', 'materials', 'third_party', 'other', 'total']) form[`explanations.${key}`] = `Toelichting ronde ${round}`;
  return form;
}

class TeamState {
  /** Index of the report the penvoerder works on. */
  current = 0;
  /** Per report index: partners that signed off, and a promise resolved when all have. */
  signed = new Map<number, Set<number>>();
  failed = new Set<number>();
  waiters = new Map<number, () => void>();
  constructor(readonly team: Team) {}
  signedOff(index: number, position: number) {
    const set = this.signed.get(index) ?? new Set<number>();
    set.add(position);
    this.signed.set(index, set);
    if (set.size === this.team.reports[index]!.partners.length) this.waiters.get(index)?.();
  }
  allSigned(index: number) {
    return new Promise<void>((resolve) => {
      if ((this.signed.get(index)?.size ?? 0) === this.team.reports[index]!.partners.length) return resolve();
      this.waiters.set(index, resolve);
    });
  }
}

/** One partner's own part of a report: load, save (sometimes autosave / add / remove first), sign off. */
async function workOnPart(state: TeamState, cookie: string, index: number, position: number): Promise<boolean> {
  const report = state.team.reports[index]!;
  const partner = report.partners[position]!;
  const page = reportPath(report.code, report.year, `kosten/${partner.organisationId}`);
  const key = `${report.id}|${partner.organisationId}`;
  const round = index;
  let view = await request('GET part page', cookie, page);
  for (let attempt = 0; attempt < 4 && !stopping; attempt++) {
    const version = fieldValue(view.body, 'version');
    if (view.status !== 200 || version === null) return false;
    const variant = (index + position + attempt) % 4;
    // An autosave (the page's own, every few seconds while typing), answered 200 with the new version.
    if (variant === 1) {
      const auto = await request('POST part autosave', cookie, page, { ...partForm(report, partner, position, round, version), intent: 'autosave' });
      if (auto.status === 200) bump(confirmed.parts, key);
      else if (auto.status === 409) conflicts.parts++;
      else refusals.push(`part autosave ${report.code} ${report.year} → ${auto.status}`);
      view = await request('GET part page', cookie, page);
      continue;
    }
    // "Add a line" / "remove line 1" without JavaScript: they save, and come back with the page.
    const intent = variant === 2 && attempt === 0 ? 'add' : variant === 3 && attempt === 0 ? 'remove:1' : 'save';
    const saved = await request(`POST part ${intent.startsWith('remove') ? 'remove' : intent}`, cookie, page, { ...partForm(report, partner, position, round, version), intent });
    if (saved.status === 302) {
      bump(confirmed.parts, key);
      view = await request('GET part page', cookie, saved.location ?? page);
      if (intent !== 'save') continue;
      break;
    }
    if (saved.status === 409) {
      conflicts.parts++;
      view = await request('GET part page', cookie, page);
      continue;
    }
    refusals.push(`part ${intent} ${report.code} ${report.year} → ${saved.status}`);
    return false;
  }
  for (let attempt = 0; attempt < 3 && !stopping; attempt++) {
    const version = fieldValue(view.body, 'version');
    if (version === null) return false;
    const signoff = await request('POST part signoff', cookie, page, { version, intent: 'signoff', confirm: 'on' });
    if (signoff.status === 302) {
      bump(confirmed.parts, key);
      await request('GET part page', cookie, signoff.location ?? page);
      return true;
    }
    if (signoff.status !== 409) {
      refusals.push(`part signoff ${report.code} ${report.year} → ${signoff.status}: ${excerpt(signoff.body).slice(0, 160)}`);
      return false;
    }
    conflicts.parts++;
    view = await request('GET part page', cookie, page);
  }
  return false;
}

/** The penvoerder's shared sections, each filled in and marked complete. */
function sectionForm(section: string, report: TeamReport, html: string, version: string): Record<string, string> {
  const form: Record<string, string> = { version, intent: 'save', complete: 'on' };
  switch (section) {
    case 'progress':
      form.summary = `Het project ${report.code} ligt in ${report.year} op schema.`;
      rowIds(html, 'workPackages').forEach((id, i) => Object.assign(form, { [`workPackages.${i}.id`]: id, [`workPackages.${i}.narrative`]: `Werkpakket ${i + 1} loopt.` }));
      break;
    case 'milestones':
      rowIds(html, 'milestones').forEach((id, i) =>
        Object.assign(form, { [`milestones.${i}.id`]: id, [`milestones.${i}.status`]: 'achieved', [`milestones.${i}.achievedDate`]: `${report.year}-06-30` }),
      );
      break;
    case 'indicators':
      Object.assign(form, { fte: '12,5', jobsCreated: '3', smesInvolved: '2', publications: '1', openSourceReleases: '1', patentApplications: '0', standardisationContributions: '1' });
      break;
    case 'spillover':
      Object.assign(form, {
        'activities.0.type': 'event',
        'activities.0.title': `Demodag ${report.code}`,
        'activities.0.activityDate': `${report.year}-05-01`,
        'activities.0.reach': '150',
        'activities.0.url': 'https://example.org',
      });
      break;
    case 'risks':
      Object.assign(form, { deviations: 'Geen afwijkingen.', 'risks.0.description': 'Tekort aan personeel', 'risks.0.likelihood': 'medium', 'risks.0.impact': 'medium', 'risks.0.mitigation': 'Werven' });
      break;
  }
  return form;
}

const SHARED = ['progress', 'milestones', 'indicators', 'spillover', 'risks', 'attachments'] as const;

async function saveSection(cookie: string, report: TeamReport, section: (typeof SHARED)[number], autosaveFirst: boolean): Promise<boolean> {
  const page = reportPath(report.code, report.year, SECTION_SLUGS[section]);
  const key = `${report.id}|${section}`;
  let view = await request('GET section page', cookie, page);
  if (autosaveFirst && view.status === 200) {
    const version = fieldValue(view.body, 'version') ?? '';
    const { complete: _complete, ...draft } = sectionForm(section, report, view.body, version);
    const auto = await request('POST section autosave', cookie, page, { ...draft, intent: 'autosave' });
    if (auto.status === 200) bump(confirmed.sections, key);
    else if (auto.status === 409) conflicts.sections++;
    else refusals.push(`${section} autosave ${report.code} ${report.year} → ${auto.status}`);
    view = await request('GET section page', cookie, page);
  }
  for (let attempt = 0; attempt < 3 && !stopping; attempt++) {
    const version = fieldValue(view.body, 'version');
    if (view.status !== 200 || version === null) {
      refusals.push(`${section} page ${report.code} ${report.year} → ${view.status}`);
      return false;
    }
    const saved = await request('POST section save', cookie, page, sectionForm(section, report, view.body, version));
    if (saved.status === 302) {
      bump(confirmed.sections, key);
      await request('GET task list', cookie, saved.location ?? reportPath(report.code, report.year));
      return true;
    }
    if (saved.status !== 409) {
      refusals.push(`${section} save ${report.code} ${report.year} → ${saved.status}: ${excerpt(saved.body).slice(0, 160)}`);
      return false;
    }
    conflicts.sections++;
    view = await request('GET section page', cookie, page);
  }
  return false;
}

const submittedQueue: string[] = [];
let submitsSkipped = 0;

async function submit(cookie: string, report: TeamReport): Promise<boolean> {
  const base = reportPath(report.code, report.year);
  for (let attempt = 0; attempt < 3 && !stopping; attempt++) {
    const check = await request('GET check page', cookie, `${base}/controleren`);
    const contentHash = fieldValue(check.body, 'contentHash');
    const version = fieldValue(check.body, 'version');
    if (check.status !== 200 || !contentHash || !version) {
      refusals.push(`check page ${report.code} ${report.year} → ${check.status} without the submission form`);
      return false;
    }
    const answer = await request('POST submit', cookie, `${base}/controleren`, { version, contentHash, declaration: 'on' });
    if (answer.status === 302 && answer.location?.includes('bevestiging')) {
      bump(confirmed.submits, report.id);
      await request('GET confirmation', cookie, answer.location);
      submittedQueue.push(report.id);
      return true;
    }
    if (answer.status !== 409) {
      refusals.push(`submit ${report.code} ${report.year} → ${answer.status}: ${excerpt(answer.body).slice(0, 200)}`);
      return false;
    }
  }
  return false;
}

async function partnerUser(state: TeamState, position: number, cookies: Map<string, string>) {
  const { team } = state;
  for (let index = 0; index < team.reports.length && !stopping; index++) {
    const report = team.reports[index]!;
    const partner = report.partners[position];
    if (!partner) continue;
    const cookie = cookies.get(partner.userId)!;
    if (position === 0) {
      state.current = index;
      await request('GET task list', cookie, reportPath(report.code, report.year));
      let ok = true;
      for (const [i, section] of SHARED.entries()) {
        if (stopping) return;
        ok = (await saveSection(cookie, report, section, (index + i) % 3 === 0)) && ok;
        if (THINK_MS) await sleep(THINK_MS);
      }
      const own = await workOnPart(state, cookie, index, 0);
      if (own) state.signedOff(index, 0);
      else state.failed.add(index);
      if (!ok || !own) {
        submitsSkipped++;
        continue;
      }
      // The penvoerder submits once every partner has signed off (or gives up on this report when one could not).
      await Promise.race([state.allSigned(index), (async () => { while (!stopping && !state.failed.has(index)) await sleep(100); })()]);
      if (stopping) return;
      if (state.failed.has(index)) {
        submitsSkipped++;
        continue;
      }
      await submit(cookie, report);
    } else {
      // A contributor works at most one report ahead of its penvoerder.
      while (!stopping && index > state.current + 1) await sleep(100);
      if (stopping) return;
      await request('GET task list', cookie, reportPath(report.code, report.year));
      if (await workOnPart(state, cookie, index, position)) state.signedOff(index, position);
      else state.failed.add(index);
    }
    if (THINK_MS) await sleep(THINK_MS);
  }
}

// --- Reviewers and EZ --------------------------------------------------------------------------------

const recommendedQueue: Array<{ id: string; by: string }> = [];

async function reviewer(me: { id: string; email: string }, cookie: string) {
  while (!stopping) {
    await request('GET review inbox', cookie, '/beoordelen');
    const approvable = recommendedQueue.findIndex((r) => r.by !== me.id);
    if (approvable >= 0) {
      const [{ id }] = recommendedQueue.splice(approvable, 1) as [{ id: string; by: string }];
      const page = await request('GET review page', cookie, `/beoordelen/${id}`);
      const version = fieldValue(page.body, 'version');
      if (page.status !== 200 || !version) {
        refusals.push(`review page ${id} → ${page.status}`);
        continue;
      }
      const done = await request('POST decide', cookie, `/beoordelen/${id}`, { intent: 'decide', decision: 'approve', version, confirmed: '1' });
      if (done.status === 302) {
        confirmed.approvals.set(id, me.id);
        await request('GET review page', cookie, done.location ?? `/beoordelen/${id}`);
      } else refusals.push(`approve ${id} → ${done.status}: ${excerpt(done.body).slice(0, 160)}`);
    } else if (submittedQueue.length) {
      const id = submittedQueue.shift()!;
      const claim = await request('POST claim', cookie, `/beoordelen/${id}`, { intent: 'claim' });
      if (claim.status !== 302) {
        refusals.push(`claim ${id} → ${claim.status}`);
        continue;
      }
      const page = await request('GET review page', cookie, claim.location ?? `/beoordelen/${id}`);
      const version = fieldValue(page.body, 'version');
      if (page.status !== 200 || !version) {
        refusals.push(`review page ${id} → ${page.status}`);
        continue;
      }
      const decision = { intent: 'decide', decision: 'recommend', reason: 'Compleet en onderbouwd.', version };
      const confirmStep = await request('POST decide (confirmation step)', cookie, `/beoordelen/${id}`, decision);
      if (confirmStep.status !== 200) {
        refusals.push(`recommend (confirmation step) ${id} → ${confirmStep.status}`);
        continue;
      }
      const done = await request('POST decide', cookie, `/beoordelen/${id}`, { ...decision, confirmed: '1' });
      if (done.status === 302) {
        confirmed.recommends.set(id, me.id);
        recommendedQueue.push({ id, by: me.id });
        await request('GET review page', cookie, done.location ?? `/beoordelen/${id}`);
      } else refusals.push(`recommend ${id} → ${done.status}: ${excerpt(done.body).slice(0, 160)}`);
    } else {
      await sleep(250);
    }
    if (THINK_MS) await sleep(THINK_MS);
  }
}

interface ExportRun {
  ms: number;
  bytes: number;
  status: number;
  peakRssMb?: number;
  rssBeforeMb?: number;
}
const exportsUnderLoad: ExportRun[] = [];

/** The XLSX export through HTTP, read to its last byte; the portal's RSS sampled meanwhile when a pid is given. */
async function downloadExport(cookie: string, pid?: number): Promise<ExportRun> {
  const rss = () => (pid ? rssMb(pid) : 0);
  const rssBefore = rss();
  let peak = rssBefore;
  const sampler = pid ? setInterval(() => (peak = Math.max(peak, rss())), 10) : undefined;
  const started = performance.now();
  inFlight++;
  try {
    const response = await fetch(`${BASE}${EXPORT_PATH}`, { headers: { cookie }, signal: AbortSignal.timeout(120_000) });
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    const ms = performance.now() - started;
    record('GET XLSX export', response.status, ms, '');
    return { ms, bytes, status: response.status, ...(pid ? { peakRssMb: Math.max(peak, rss()), rssBeforeMb: rssBefore } : {}) };
  } catch (error) {
    const ms = performance.now() - started;
    record('GET XLSX export', 0, ms, String(error));
    return { ms, bytes: 0, status: 0 };
  } finally {
    inFlight--;
    if (sampler) clearInterval(sampler);
  }
}

async function ezOfficer(n: number, cookie: string, projects: string[]) {
  for (let round = 0; !stopping; round++) {
    await request('GET programme dashboard', cookie, `/dashboard?programma=${PROGRAMME_CODE}`);
    await request('GET project dashboard', cookie, `/projecten/${projects[(round * 7 + n * 31) % projects.length]}/dashboard`);
    await request('GET export page', cookie, '/exporten');
    if (n === 0 && round % EXPORT_EVERY === EXPORT_EVERY - 1 && !stopping) exportsUnderLoad.push(await downloadExport(cookie));
    if (THINK_MS) await sleep(THINK_MS);
  }
}

function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function hwmMb(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

// --- Replication lag (issue 15) -------------------------------------------------------------------

function sampleReplication(admin: postgres.Sql) {
  const lag = new Map<string, { ms: number[]; bytes: number[] }>();
  let samples = 0;
  const timer = setInterval(() => {
    void admin<{ name: string; lag_ms: number | null; bytes: string | null }[]>`
      select coalesce(application_name, client_addr::text, pid::text) as name,
             extract(epoch from replay_lag) * 1000 as lag_ms,
             pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint::text as bytes
        from pg_stat_replication`
      .then((rows) => {
        samples++;
        for (const row of rows) {
          const entry = lag.get(row.name) ?? { ms: [], bytes: [] };
          // replay_lag is NULL once the standby has caught up and nothing new is written: no lag.
          entry.ms.push(row.lag_ms === null ? 0 : Number(row.lag_ms));
          entry.bytes.push(row.bytes === null ? 0 : Number(row.bytes));
          lag.set(row.name, entry);
        }
      })
      .catch(() => {});
  }, 1000);
  return () => {
    clearInterval(timer);
    if (!lag.size) {
      console.log(`Replication: no standby attached to the primary (pg_stat_replication empty in all ${samples} samples).`);
      return;
    }
    for (const [name, e] of lag) {
      const f = (v: number[], unit: string, digits = 0) => `p50 ${percentile(v, 50).toFixed(digits)} ${unit}, p95 ${percentile(v, 95).toFixed(digits)} ${unit}, max ${Math.max(...v).toFixed(digits)} ${unit}`;
      console.log(`Replication to ${name} (${e.ms.length} samples, 1/s): replay lag ${f(e.ms, 'ms', 1)}; behind the primary ${f(e.bytes, 'bytes')}`);
    }
  };
}

// --- The run ---------------------------------------------------------------------------------------

function psqlUrl(database: string) {
  const url = new URL(ADMIN_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function ensureTemplate(admin: postgres.Sql) {
  const [exists] = await admin<{ n: number }[]>`select count(*)::int as n from pg_database where datname = ${TEMPLATE}`;
  if (exists!.n) {
    const probe = postgres(psqlUrl(TEMPLATE), { max: 1, onnotice: () => {} });
    const [row] = await probe<{ n: number }[]>`select count(*)::int as n from information_schema.tables where table_name = 'programmes'`.catch(() => [{ n: 0 }]);
    const [data] = row!.n ? await probe<{ n: number }[]>`select count(*)::int as n from projects` : [{ n: 0 }];
    await probe.end();
    if (data!.n >= 1000) {
      // Brought to this checkout's migration level once, here: otherwise every run's copy would
      // migrate at the portal's start (a rollup rebuild at EU scale takes a minute or more).
      const database = await openPostgres(psqlUrl(TEMPLATE), { max: 2 });
      const t0 = Date.now();
      await migrate(database);
      await database.close();
      const seconds = (Date.now() - t0) / 1000;
      if (seconds > 2) console.log(`Template ${TEMPLATE} migrated to this checkout's level in ${seconds.toFixed(1)} s.`);
      return;
    }
    throw new Error(`${TEMPLATE} exists but holds no EU-scale data: drop it, or point BENCH_TEMPLATE at the database npm run bench:generate filled.`);
  }
  console.log(`Making the EU-scale template ${TEMPLATE} (npm run bench:generate, about a minute)…`);
  await admin.unsafe(`CREATE DATABASE ${TEMPLATE}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(CHECKOUT, 'test/bench/generate-eu-scale.ts')], {
    cwd: CHECKOUT,
    env: { ...process.env, DATABASE_URL: psqlUrl(TEMPLATE) },
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
    throw new Error('bench:generate failed');
  }
}

async function main() {
  if (!ADMIN_URL) {
    console.error('Set BENCH_DATABASE_URL to a PostgreSQL server on this machine (an admin connection that may CREATE DATABASE).');
    process.exit(2);
  }
  if (!/^[a-z_][a-z0-9_]*$/.test(TEMPLATE)) throw new Error('BENCH_TEMPLATE: a plain database name');
  const admin = postgres(ADMIN_URL, { max: 2, onnotice: () => {} });
  const name = `${TEMPLATE.replace(/_template$/, '')}_run_${Date.now()}`;
  let portal: ChildProcess | undefined;
  let failed = false;
  let sql: postgres.Sql | undefined;
  let database: { close(): Promise<void> } | undefined;
  try {
    await ensureTemplate(admin);
    let t0 = Date.now();
    await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
    const copyS = (Date.now() - t0) / 1000;
    const dbUrl = psqlUrl(name);
    sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
    t0 = Date.now();
    const teamsWanted = Math.max(1, Math.round(USERS / TEAM_SIZE));
    const { plan, added } = await prepareLoad(sql, { teams: teamsWanted, groupsPerTeam: GROUPS_PER_TEAM });
    const { openPostgres, setDatabase } = await import('#db/client');
    const { createSession, sessionCookieName } = await import('#app/utils/session.server');
    const db = await openPostgres(dbUrl, { max: 4 });
    database = db;
    setDatabase(db);
    const cookies = new Map<string, string>();
    const sessionFor = async (userId: string) => {
      const token = await db.db.transaction((tx) => createSession(tx, userId, { ipAddress: '127.0.0.1', userAgent: 'load-test' }));
      cookies.set(userId, `${sessionCookieName()}=${token}`);
    };
    const users = new Set(plan.teams.flatMap((t) => t.reports.flatMap((r) => r.partners.map((p) => p.userId))));
    for (const id of [...users, ...plan.reviewers.map((r) => r.id), plan.ez.id]) await sessionFor(id);
    const setupS = (Date.now() - t0) / 1000;
    console.log(
      `Database ${name}: copied from ${TEMPLATE} in ${copyS.toFixed(1)} s; setup ${setupS.toFixed(1)} s (${Object.entries(added).map(([k, v]) => `${v} ${k}`).join(', ')}; ${cookies.size} sessions)`,
    );

    // The portal: a production build, its own process.
    t0 = Date.now();
    const built = ensureBuilt(ROOT, (m) => console.log(`[build] ${m}`));
    if (built) console.log(`Built ${ROOT} in ${(built / 1000).toFixed(1)} s`);
    const anchors = path.join(os.tmpdir(), `${name}-audit-anchors.jsonl`);
    const env: NodeJS.ProcessEnv = { ...process.env, ...PORTAL_ENV, DATABASE_URL: dbUrl, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn', AUDIT_ANCHOR_FILE: anchors };
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'app/server/main.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    portal = child;
    let portalLog = '';
    child.stdout!.on('data', (c: Buffer) => (portalLog = (portalLog + String(c)).slice(-20_000)));
    child.stderr!.on('data', (c: Buffer) => (portalLog = (portalLog + String(c)).slice(-20_000)));
    const until = Date.now() + 300_000;
    while (!(await fetch(`${BASE}/healthz`).then((r) => r.ok).catch(() => false))) {
      if (Date.now() > until || child.exitCode !== null) {
        console.error(portalLog.slice(-3000));
        throw new Error('the portal did not start');
      }
      await sleep(250);
    }
    console.log(`Portal (${ROOT}, production mode, pid ${child.pid}) up in ${((Date.now() - t0) / 1000).toFixed(1)} s; RSS ${rssMb(child.pid!).toFixed(0)} MB`);

    const teams = plan.teams.map((t) => new TeamState(t));
    const partnerCount = teams.reduce((a, t) => a + Math.min(TEAM_SIZE, t.team.size), 0);
    console.log(
      `Load: ${partnerCount} partners in ${teams.length} teams (${teams.map((t) => `${t.team.reports.length} draft reports`).join(', ')}), ${REVIEWERS} reviewers, ${EZ_USERS} EZ officers; ${SECONDS} s; load average before ${loadavg()}`,
    );
    const seqBefore = (await sql<{ seq: string }[]>`select coalesce(max(seq), 0)::text as seq from audit_log`)[0]!.seq;
    const stopReplication = SAMPLE_REPLICATION ? sampleReplication(admin) : null;
    const startedAt = Date.now();
    const vus: Promise<void>[] = [];
    for (const state of teams) for (let position = 0; position < Math.min(TEAM_SIZE, state.team.size); position++) vus.push(partnerUser(state, position, cookies));
    for (let i = 0; i < REVIEWERS; i++) {
      const me = plan.reviewers[i % plan.reviewers.length]!;
      vus.push(reviewer(me, cookies.get(me.id)!));
    }
    for (let i = 0; i < EZ_USERS; i++) vus.push(ezOfficer(i, cookies.get(plan.ez.id)!, plan.programmeProjects));
    let loadDuring = '';
    const loadTimer = setTimeout(() => (loadDuring = loadavg()), Math.max(1, SECONDS - 2) * 1000);
    await sleep(SECONDS * 1000);
    stopping = true;
    clearTimeout(loadTimer);
    loadDuring ||= loadavg();
    const quiesceStart = Date.now();
    const inFlightAtStop = inFlight;
    await Promise.race([Promise.all(vus), sleep(180_000)]);
    const elapsed = (Date.now() - startedAt) / 1000;
    console.log(`Stopped after ${SECONDS} s; ${inFlightAtStop} requests in flight then, quiet ${((Date.now() - quiesceStart) / 1000).toFixed(1)} s later (${inFlight} left)`);
    stopReplication?.();

    // Requests by kind.
    console.log(`\n${'kind'.padEnd(32)}${'requests'.padStart(9)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'max'.padStart(9)}  statuses`);
    let total = 0;
    let fiveXX = 0;
    let errors = 0;
    for (const [kind, e] of [...stats].sort(([a], [b]) => a.localeCompare(b))) {
      total += e.ms.length;
      for (const [s, n] of Object.entries(e.statuses)) {
        if (Number(s) >= 500) fiveXX += n;
        if (Number(s) === 0) errors += n;
      }
      console.log(
        `${kind.padEnd(32)}${String(e.ms.length).padStart(9)}${`${percentile(e.ms, 50).toFixed(0)} ms`.padStart(9)}${`${percentile(e.ms, 95).toFixed(0)} ms`.padStart(9)}${`${Math.max(...e.ms).toFixed(0)} ms`.padStart(9)}  ${JSON.stringify(e.statuses)}`,
      );
    }
    const all = [...stats.values()].flatMap((e) => e.ms);
    console.log(`${'all'.padEnd(32)}${String(total).padStart(9)}${`${percentile(all, 50).toFixed(0)} ms`.padStart(9)}${`${percentile(all, 95).toFixed(0)} ms`.padStart(9)}  ${(total / elapsed).toFixed(1)} req/s; 5xx ${fiveXX}; network errors/timeouts ${errors}`);
    console.log(`Load average at the end of the load (1/5/15 min): ${loadDuring} on ${os.cpus().length} CPUs; portal RSS now ${rssMb(child.pid!).toFixed(0)} MB, peak ${hwmMb(child.pid!).toFixed(0)} MB`);
    console.log(`Conflicts (409, reloaded and retried): ${conflicts.sections} on sections, ${conflicts.parts} on parts; submits skipped (a part or section could not be completed): ${submitsSkipped}`);
    if (refusals.length) console.log(`Refusals (${refusals.length}), first ones:\n  ${refusals.slice(0, 12).join('\n  ')}`);
    for (const [key, body] of [...samples].slice(0, 12)) console.log(`  sample ${key}: ${body}`);

    // The proof: nothing lost, nothing duplicated.
    const problems: string[] = [];
    const touched = [...new Set([...confirmed.sections.keys(), ...confirmed.parts.keys()].map((k) => k.split('|')[0]!))];
    const sectionRows = await sql<{ report_id: string; section: string; version: number }[]>`
      select report_id, section::text, version from report_sections where report_id = any(${touched}::uuid[])`;
    const partRows = await sql<{ report_id: string; organisation_id: string; version: number }[]>`
      select report_id, organisation_id, version from partner_parts where report_id = any(${touched}::uuid[])`;
    const auditRows = await sql<{ action: string; entity_id: string; section: string | null; n: number }[]>`
      select action, entity_id, details->>'section' as section, count(*)::int as n from audit_log
       where seq > ${seqBefore}::bigint and action in ('report.section.save', 'report.part.save', 'report.part.signoff', 'report.part.signoff.withdraw')
       group by 1, 2, 3`;
    const auditOf = new Map<string, number>();
    for (const a of auditRows) {
      const key = a.action === 'report.section.save' ? `${a.entity_id}|${a.section}` : a.entity_id.replace('/', '|');
      auditOf.set(key, (auditOf.get(key) ?? 0) + a.n);
    }
    const partWritesOf = new Map<string, number>();
    for (const [key, n] of confirmed.parts) partWritesOf.set(key.split('|')[0]!, (partWritesOf.get(key.split('|')[0]!) ?? 0) + n);
    let savesConfirmed = 0;
    let versionSteps = 0;
    let mismatches = 0;
    for (const row of sectionRows) {
      const key = `${row.report_id}|${row.section}`;
      const mine = confirmed.sections.get(key) ?? 0;
      // The costs section's version follows its parts: one step per part write.
      const expected = row.section === 'costs' ? (partWritesOf.get(row.report_id) ?? 0) : mine;
      savesConfirmed += mine;
      versionSteps += row.section === 'costs' ? 0 : row.version;
      if (row.version !== expected || (row.section !== 'costs' && (auditOf.get(key) ?? 0) !== mine)) {
        if (mismatches++ < 5) problems.push(`${key}: ${mine} confirmed, version ${row.version} (expected ${expected}), ${auditOf.get(key) ?? 0} audit entries`);
      }
    }
    for (const row of partRows) {
      const key = `${row.report_id}|${row.organisation_id}`;
      const mine = confirmed.parts.get(key) ?? 0;
      savesConfirmed += mine;
      versionSteps += row.version;
      if (row.version !== mine || (auditOf.get(key) ?? 0) !== mine) {
        if (mismatches++ < 5) problems.push(`${key}: ${mine} confirmed, version ${row.version}, ${auditOf.get(key) ?? 0} audit entries`);
      }
    }
    const auditTotal = auditRows.reduce((a, r) => a + r.n, 0);
    const submitted = [...confirmed.submits.keys()];
    const revisions = await sql<{ report_id: string; n: number }[]>`select report_id, count(*)::int as n from report_revisions where submitted_at >= ${new Date(startedAt)} group by 1`;
    const revisionCount = revisions.reduce((a, r) => a + r.n, 0);
    const submitsConfirmed = [...confirmed.submits.values()].reduce((a, b) => a + b, 0);
    const decided = await sql<{ id: string; status: string; recommended_by: string | null; approved_by: string | null }[]>`
      select id, status::text, recommended_by, approved_by from reports where id = any(${submitted}::uuid[])`;
    const recommendedOk = decided.filter((r) => confirmed.recommends.get(r.id) === r.recommended_by && r.recommended_by !== null).length;
    const approvedOk = decided.filter((r) => r.status === 'approved' && confirmed.approvals.get(r.id) === r.approved_by).length;
    const fourEyesBroken = decided.filter((r) => r.approved_by !== null && r.approved_by === r.recommended_by).length;
    console.log(
      `\nWrites: ${savesConfirmed} saves confirmed = ${auditTotal} audit entries = ${versionSteps} version steps (checked per section and per part: ${sectionRows.length + partRows.length} rows, ${mismatches} differ)`,
    );
    console.log(`Submits: ${submitsConfirmed} confirmed = ${revisionCount} new revisions (${revisions.filter((r) => r.n > 1).length} reports with more than one)`);
    console.log(
      `Reviews: ${confirmed.recommends.size} recommendations confirmed (${recommendedOk} as recorded), ${confirmed.approvals.size} approvals confirmed (${approvedOk} approved by that reviewer); approved by its own recommender: ${fourEyesBroken}`,
    );
    if (fiveXX) problems.push(`${fiveXX} responses were 5xx`);
    if (errors) problems.push(`${errors} requests failed without an answer (network error or timeout)`);
    if (savesConfirmed !== auditTotal || auditTotal !== versionSteps || mismatches) problems.push('confirmed saves, audit entries and version steps differ (lost or duplicated writes)');
    if (submitsConfirmed !== revisionCount || revisions.some((r) => r.n > 1) || revisions.some((r) => !confirmed.submits.has(r.report_id))) problems.push('confirmed submits and revisions differ');
    if (submitsConfirmed === 0) problems.push('no report was submitted: the submit path was not exercised');
    if (recommendedOk !== confirmed.recommends.size || approvedOk !== confirmed.approvals.size || fourEyesBroken) problems.push('decisions confirmed and recorded differ, or four-eyes was broken');

    // The XLSX export through HTTP, on the quiet portal, with the portal's RSS.
    const ezCookie = cookies.get(plan.ez.id)!;
    await downloadExport(ezCookie); // warm
    const quiet = await downloadExport(ezCookie, child.pid);
    const underLoad = exportsUnderLoad.filter((e) => e.status === 200);
    console.log(
      `\nEZ summary XLSX through HTTP (${EXPORT_PATH}, programme ${PROGRAMME_CODE} = ${plan.programmeProjects.length} projects): quiet ${quiet.ms.toFixed(0)} ms, ${(quiet.bytes / 1024).toFixed(0)} KiB, status ${quiet.status}; portal RSS ${quiet.rssBeforeMb?.toFixed(0)} MB before, peak ${quiet.peakRssMb?.toFixed(0)} MB during (targets ≤ ${TARGET_EXPORT_MS} ms, ≤ ${TARGET_EXPORT_MB} MB); load average ${loadavg()}`,
    );
    if (underLoad.length) console.log(`  under load: ${underLoad.length} exports, p50 ${percentile(underLoad.map((e) => e.ms), 50).toFixed(0)} ms, max ${Math.max(...underLoad.map((e) => e.ms)).toFixed(0)} ms`);
    if (quiet.status !== 200) problems.push(`the XLSX export answered ${quiet.status}`);
    const exportVerdict = quiet.ms <= TARGET_EXPORT_MS && (quiet.peakRssMb ?? 0) <= TARGET_EXPORT_MB ? 'within target' : 'OVER TARGET';
    console.log(`  export verdict: ${exportVerdict}`);

    if (process.env.BENCH_OUTAGE !== '0') problems.push(...(await outageDrill(admin, name, child, ezCookie, () => portalLog)));
    await sql.end({ timeout: 1 }).catch(() => {});
    sql = undefined;

    if (problems.length) {
      failed = true;
      console.error(`\nFAILED:\n  ${problems.join('\n  ')}`);
    } else {
      console.log(
        `\nPASSED: zero 5xx under load, no lost or duplicated writes, ${submitsConfirmed} submits, ${confirmed.recommends.size} recommendations and ${confirmed.approvals.size} approvals by another reviewer${process.env.BENCH_OUTAGE !== '0' ? ', clean failure and self-recovery after the outage' : ''}. (The export's figures above are printed, not judged here.)`,
      );
    }
  } finally {
    portal?.kill('SIGTERM');
    await sleep(1000);
    await sql?.end({ timeout: 1 }).catch(() => {});
    await database?.close().catch(() => {});
    if (!process.env.BENCH_KEEP) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    else console.log(`Kept database ${name}`);
    await admin.end();
  }
  process.exit(failed ? 1 : 0);
}

/** fetch that reports a refused or reset connection as status 0 instead of throwing. */
async function tryFetch(url: string, init?: RequestInit): Promise<{ status: number; body: string; type: string | null }> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
    return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
  } catch (error) {
    return { status: 0, body: String((error as Error).cause ?? error), type: null };
  }
}

/** Cuts the portal off from its database and checks it fails cleanly and recovers by itself. */
async function outageDrill(admin: postgres.Sql, name: string, child: ChildProcess, cookie: string, log: () => string): Promise<string[]> {
  const problems: string[] = [];
  const page = `${BASE}/dashboard?programma=${PROGRAMME_CODE}`;
  console.log('\nOutage: cutting the portal off from its database…');
  const before = await tryFetch(page, { headers: { cookie } });
  if (before.status !== 200) problems.push(`before the outage the dashboard answered ${before.status}`);
  await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await admin.unsafe(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
  const outageStart = Date.now();
  await sleep(500);
  const health = await tryFetch(`${BASE}/healthz`);
  const down = await tryFetch(page, { headers: { cookie } });
  console.log(`  during: /healthz ${health.status} ${health.body.trim()}; dashboard ${down.status} ${down.type}`);
  if (health.status !== 503 || !health.body.includes('"down"')) problems.push('/healthz did not report the database as down');
  if (down.status !== 503) problems.push(`the dashboard answered ${down.status} with the database gone (expected 503)`);
  if (!/<html/i.test(down.body) || /\bat [\w.]+ \(|ECONNREFUSED|postgres|stack/i.test(down.body)) problems.push('the error page is not a clean HTML page (or leaks internals)');
  await sleep(3000);
  await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
  const backAt = Date.now();
  let recovered: number | null = null;
  while (Date.now() - backAt < 60_000) {
    if ((await tryFetch(`${BASE}/healthz`)).status === 200 && (await tryFetch(page, { headers: { cookie } })).status === 200) {
      recovered = Date.now();
      break;
    }
    await sleep(250);
  }
  if (recovered === null) problems.push('the portal did not recover within 60 s');
  else console.log(`  database back after ${((backAt - outageStart) / 1000).toFixed(1)} s; portal serving again ${((recovered - backAt) / 1000).toFixed(1)} s later, same process (pid ${child.pid}, never restarted)`);
  if (child.exitCode !== null || child.signalCode !== null) {
    problems.push(`the portal process exited (${child.exitCode ?? child.signalCode})`);
    console.error(log().slice(-2000));
  }
  return problems;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
