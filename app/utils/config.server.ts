import path from 'node:path';
import { z } from 'zod';

/**
 * All configuration comes from environment variables, parsed once. A wrong value stops the start
 * with a message that names the variable (see `formatConfigError`).
 */
const schema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  /** demo: demo accounts are seeded and plain http is fine; production: no demo accounts, Secure cookies, HSTS. */
  APP_MODE: z.enum(['demo', 'production']).default('demo'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .url()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://')
    .optional(),
  PGLITE_DIR: z.string().min(1).default('./data/pglite'),
  /** Public base URL, used in e-mails and for the Origin check behind a proxy. */
  PUBLIC_URL: z.string().url().optional(),
  /** Number of proxy hops to trust for the client IP (X-Forwarded-For). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
  /** Mail server for outgoing e-mail, e.g. smtp://user:pass@mail.example:587; unset = demo mailbox (/beheer/mail). */
  SMTP_URL: z
    .string()
    .url()
    .refine((v) => /^smtps?:\/\//.test(v), 'must start with smtp:// or smtps://')
    .optional(),
  /** Sender of outgoing e-mail. */
  MAIL_FROM: z.string().min(3).default('IPCEI-voortgangsportaal <noreply@ipcei-portaal.invalid>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Append-only file that receives the audit chain's anchors (daily, every backup): put it on
   * another machine or WORM storage. Unset: `audit-anchors.jsonl` next to the PGlite data
   * directory (./data/audit-anchors.jsonl); under tests (NODE_ENV=test) no anchors unless set.
   */
  AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
});

export type Config = z.infer<typeof schema> & { pgliteDir: string; isProduction: boolean; auditAnchorFile: string | null };

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable counts as unset.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = result.data;
  if (config.APP_MODE === 'production' && !config.PUBLIC_URL?.startsWith('https://')) {
    throw new ConfigError(
      'Invalid configuration:\n  PUBLIC_URL: production mode needs the https:// address the portal is served on',
    );
  }
  if (config.APP_MODE === 'production' && cleaned.TRUST_PROXY === undefined) {
    // Behind a load balancer the per-IP sign-in limit must key on the client, not on the proxy
    // (which would lock everyone out together): the hops are a deliberate choice, also when 0.
    throw new ConfigError(
      'Invalid configuration:\n  TRUST_PROXY: production mode needs the number of proxy hops in front of the portal (0 when clients connect directly, 1 behind one load balancer)',
    );
  }
  const pgliteDir = path.resolve(config.PGLITE_DIR);
  return {
    ...config,
    pgliteDir,
    isProduction: config.APP_MODE === 'production',
    // Tests must not append their throw-away databases' anchors to the development data's file.
    auditAnchorFile: config.AUDIT_ANCHOR_FILE
      ? path.resolve(config.AUDIT_ANCHOR_FILE)
      : config.NODE_ENV === 'test'
        ? null
        : path.join(path.dirname(pgliteDir), 'audit-anchors.jsonl'),
  };
}

let cached: Config | undefined;

/** The configuration of this process (parsed on first use). */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
