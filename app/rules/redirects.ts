/** Stands in for the portal's own origin: targets are resolved against it the way a browser resolves them. */
const PORTAL_ORIGIN = 'https://portal.invalid';
/** Longer targets are not honoured (no page of the portal has a path anywhere near this). */
const MAX_TARGET_LENGTH = 2048;

/**
 * A same-site path to return to (after sign-in, after answering a question); anything else becomes
 * the fallback. The target is read as a browser reads a Location header (WHATWG URL: leading and
 * trailing C0 controls and spaces stripped, every tab and newline removed, a backslash counts as a
 * slash) and resolved against the portal; only a target that stays on the portal is honoured, as its
 * normalised path, query and fragment — percent-encoded, so it is always a valid header value.
 * Never throws.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/programma'): string {
  if (typeof to !== 'string' || to.length > MAX_TARGET_LENGTH) return fallback;
  // Nothing left once controls and spaces are stripped (an empty hidden field): no target given.
  if (isBlank(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, `${PORTAL_ORIGIN}/`);
  } catch {
    return fallback;
  }
  if (url.origin !== PORTAL_ORIGIN || url.username || url.password) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/.//host` normalises to the path `//host`, which a browser would read as another host.
  if (!path.startsWith('/') || path.startsWith('//')) return fallback;
  try {
    if (new URL(path, `${PORTAL_ORIGIN}/`).href !== url.href) return fallback;
  } catch {
    return fallback;
  }
  return path;
}

/** Only C0 controls and spaces (what the URL parser strips from both ends). */
function isBlank(text: string) {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x20) return false;
  return true;
}
