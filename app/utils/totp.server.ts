import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * Time-based one-time passwords (RFC 6238): SHA-1, 6 digits, 30 s steps — what every authenticator
 * app supports. One step either side is accepted for clock drift; a code that was accepted once is
 * refused again within its validity (replay), see `acceptTotp` in auth.server.ts (under a per-user lock).
 */
export const TOTP_ISSUER = 'IPCEI-voortgangsportaal';
const PERIOD = 30;
const WINDOW = 1;

function totp(secretBase32: string, label = 'account') {
  return new TOTP({ issuer: TOTP_ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** A new random secret (160 bits, base32) for setting up an authenticator app. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, email: string) {
  return totp(secretBase32, email).toString();
}

/** The current code (tests and the demo accounts' documentation use this). */
export function totpCode(secretBase32: string, at = Date.now()) {
  return totp(secretBase32).generate({ timestamp: at });
}

/** The time step the code belongs to, or null when it is not valid now (± one step). */
export function verifyTotp(secretBase32: string, code: string, at = Date.now()): number | null {
  const cleaned = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(cleaned)) return null;
  const delta = totp(secretBase32).validate({ token: cleaned, timestamp: at, window: WINDOW });
  if (delta === null) return null;
  return Math.floor(at / 1000 / PERIOD) + delta;
}

/** Recovery codes: 10 single-use codes of 10 base32 characters (50 bits), shown as xxxxx-xxxxx. */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export function normaliseRecoveryCode(code: string) {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Recovery codes are random enough for a plain SHA-256 (no dictionary to try). */
export function hashRecoveryCode(code: string) {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
}

export function sameHash(a: string, b: string) {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
