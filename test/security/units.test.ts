import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { timeoutPhase, IDLE_MS, WARN_BEFORE_MS } from '#app/components/session-timeout';
import { createLogger, isDriverSocketRace } from '#app/utils/logger.server';
import { checkPassword, commonPasswordList } from '#app/utils/password-policy.server';
import { generateRecoveryCodes, hashRecoveryCode, totpCode, verifyTotp } from '#app/utils/totp.server';
import { DEMO_PASSWORD } from '#db/seed/demo-accounts';

describe('password policy', () => {
  it('ships a list of at least 10,000 common or breached passwords', () => {
    expect(commonPasswordList().size).toBeGreaterThanOrEqual(10_000);
  });

  it.each([
    ['short-pass1', 'tooShort'],
    ['a'.repeat(129), 'tooLong'],
    ['qwerty123456', 'common'],
    ['1q2w3e4r5t6y', 'common'],
    ['Password1234', 'common'],
    ['sunshine2024!!', 'common'],
    ['IPCEI-2025-!!', 'context'],
    ['Voortgang-2025!', 'context'],
    ['ipcei-rvo-ipcei-rvo', 'context'],
  ])('refuses %s (%s)', (password, problem) => {
    expect(checkPassword(password)).toBe(problem);
  });

  it('refuses a password made of the e-mail address', () => {
    expect(checkPassword('marieke.jansen2025', { email: 'marieke.jansen@rvo.nl' })).toBe('context');
  });

  it.each([
    'correct horse battery staple',
    'alllowercaseletters',
    '🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂',
    'a'.repeat(128),
    DEMO_PASSWORD,
  ])('accepts %s: no composition rules, any characters, up to 128', (password) => {
    expect(checkPassword(password)).toBeNull();
  });

  it('counts characters as people do (12 emoji are 12 characters)', () => {
    expect(checkPassword('🙂'.repeat(11))).toBe('tooShort');
  });
});

describe('TOTP and recovery codes', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  it('accepts the current code and one step either side, nothing further', () => {
    const now = 1_800_000_000_000;
    expect(verifyTotp(secret, totpCode(secret, now), now)).toBe(Math.floor(now / 30_000));
    expect(verifyTotp(secret, totpCode(secret, now - 30_000), now)).not.toBeNull();
    expect(verifyTotp(secret, totpCode(secret, now - 90_000), now)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', now)).toBeNull();
  });
  it('makes ten distinct recovery codes, matched regardless of case and dashes', () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(hashRecoveryCode(codes[0]!.toUpperCase().replace('-', ' '))).toBe(hashRecoveryCode(codes[0]!));
  });
});

describe('session-timeout warning', () => {
  it('is quiet, then warns five minutes before the end, then says the session has ended', () => {
    const t0 = 0;
    expect(timeoutPhase(t0, 20 * 60 * 1000)).toEqual({ phase: 'active' });
    const warning = timeoutPhase(t0, IDLE_MS - 60_000 - WARN_BEFORE_MS + 1000);
    expect(warning.phase).toBe('warning');
    expect(timeoutPhase(t0, IDLE_MS)).toEqual({ phase: 'expired' });
    expect(WARN_BEFORE_MS).toBeGreaterThanOrEqual(20_000);
  });
});

describe('logger', () => {
  it('never writes passwords, codes, cookies, tokens or session ids', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger(sink, { level: 'info' });
    log.info(
      {
        requestId: 'req-1',
        password: 'hunter2-secret-password',
        body: { password: 'nested-secret-password', code: '123456', recoveryCode: 'abcde-fghij' },
        headers: { cookie: 'ipcei_session=TOKENVALUE', authorization: 'Bearer XYZ' },
        session: { idHash: 'deadbeefcafe', token: 'TOKEN2' },
        totpSecret: 'JBSWY3DPEHPK3PXP',
      },
      'event',
    );
    const output = lines.join('');
    expect(output).toContain('req-1');
    for (const secret of ['hunter2-secret-password', 'nested-secret-password', '123456', 'abcde-fghij', 'TOKENVALUE', 'Bearer XYZ', 'deadbeefcafe', 'TOKEN2', 'JBSWY3DPEHPK3PXP']) {
      expect(output).not.toContain(secret);
    }
  });
});

describe('crash guard', () => {
  it('survives only the postgres.js lost-socket race, nothing else', () => {
    const race = new TypeError("Cannot read properties of null (reading 'write')");
    race.stack = `${race.message}\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)`;
    expect(isDriverSocketRace(race)).toBe(true);
    const other = new TypeError("Cannot read properties of null (reading 'write')");
    other.stack = `${other.message}\n    at render (file:///app/build/server/index.js:1:1)`;
    expect(isDriverSocketRace(other)).toBe(false);
    expect(isDriverSocketRace(new Error('boom'))).toBe(false);
  });
});
