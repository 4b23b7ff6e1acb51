import { Form, Link, useFetcher, useFetchers, useLocation, useNavigation } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useT } from '#app/i18n/index';

/** The server's idle timeout (app/utils/session.server.ts). */
export const IDLE_MS = 30 * 60 * 1000;
/** The server refreshes "last seen" at most once a minute: count from a minute earlier to be safe. */
const SLACK_MS = 60 * 1000;
/** The warning comes this long before the end (WCAG 2.2.1 asks for at least 20 seconds). */
export const WARN_BEFORE_MS = 5 * 60 * 1000;

export type TimeoutPhase = { phase: 'active' } | { phase: 'warning'; remainingMs: number } | { phase: 'expired' };

/** Where the session stands, given when the server last saw this browser. Pure, for tests. */
export function timeoutPhase(lastContact: number, now: number): TimeoutPhase {
  const endsAt = lastContact + IDLE_MS - SLACK_MS;
  if (now >= endsAt) return { phase: 'expired' };
  if (now >= endsAt - WARN_BEFORE_MS) return { phase: 'warning', remainingMs: endsAt - now };
  return { phase: 'active' };
}

/**
 * Warns a signed-in user a few minutes before the 30-minute idle timeout and lets them extend the
 * session with one button (WCAG 2.2.1 Timing Adjustable). Every navigation and form post counts as
 * contact with the server. Mounted in the root layout for signed-in users only.
 */
export function SessionTimeout() {
  const { t, tn } = useT();
  const location = useLocation();
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const extend = useFetcher<{ ok: boolean }>({ key: 'session-extend' });
  const [lastContact, setLastContact] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const [extendedNotice, setExtendedNotice] = useState(false);
  const [expiredByServer, setExpiredByServer] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const busy = navigation.state !== 'idle' || fetchers.some((f) => f.state !== 'idle');

  // Every completed navigation or fetch reached the server, which restarted its idle timer.
  useEffect(() => {
    if (!busy) setLastContact(Date.now());
  }, [busy, location.key]);

  useEffect(() => {
    if (extend.state === 'idle' && extend.data) {
      if (extend.data.ok) {
        setLastContact(Date.now());
        setExtendedNotice(true);
      } else {
        setExpiredByServer(true);
      }
    }
  }, [extend.state, extend.data]);

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  const state: TimeoutPhase = expiredByServer ? { phase: 'expired' } : timeoutPhase(lastContact, now);
  const phase = state.phase;

  useEffect(() => {
    if (phase === 'warning') {
      setExtendedNotice(false);
      buttonRef.current?.focus();
    }
  }, [phase]);

  if (phase === 'active') {
    return extendedNotice ? (
      <p className="visually-hidden" role="status">
        {t('security.timeout.extended')}
      </p>
    ) : null;
  }

  if (phase === 'expired') {
    const back = `/inloggen?${new URLSearchParams({ redirectTo: `${location.pathname}${location.search}`, verlopen: '1' })}`;
    return (
      <div className="session-timeout" role="alertdialog" aria-labelledby="session-timeout-title" aria-describedby="session-timeout-body">
        <h2 id="session-timeout-title">{t('security.timeout.expiredTitle')}</h2>
        <p id="session-timeout-body">{t('security.timeout.expiredBody')}</p>
        <Link className="button" to={back} reloadDocument>
          {t('security.timeout.signIn')}
        </Link>
      </div>
    );
  }

  const seconds = Math.ceil(state.remainingMs / 1000);
  const time = seconds > 60 ? tn('security.timeout.minutes', Math.ceil(seconds / 60)) : tn('security.timeout.seconds', seconds);
  return (
    <div className="session-timeout" role="alertdialog" aria-labelledby="session-timeout-title" aria-describedby="session-timeout-body">
      <h2 id="session-timeout-title">{t('security.timeout.title')}</h2>
      <p id="session-timeout-body">{t('security.timeout.body', { time })}</p>
      <div className="session-timeout-actions">
        <extend.Form method="post" action="/sessie/verlengen">
          <button ref={buttonRef} type="submit" className="button" disabled={extend.state !== 'idle'}>
            {t('security.timeout.extend')}
          </button>
        </extend.Form>
        <Form method="post" action="/uitloggen">
          <button type="submit" className="button button-secondary">
            {t('security.timeout.signOut')}
          </button>
        </Form>
      </div>
    </div>
  );
}
