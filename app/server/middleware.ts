import type { NextFunction, Request, Response } from 'express';
import type { Config } from '#app/utils/config.server';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence (Remix has no token of its own): a state-changing request must come from this
 * site. Browsers send Sec-Fetch-Site and/or Origin on every POST; either one from elsewhere is refused.
 * Cookies are SameSite=Lax on top of this.
 */
export function csrfGuard(config: Config) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const ownOrigins = new Set([`${req.protocol}://${req.get('host')}`]);
    if (config.PUBLIC_URL) ownOrigins.add(new URL(config.PUBLIC_URL).origin);
    const crossSite = (site && site !== 'same-origin' && site !== 'none') || (origin && origin !== 'null' && !ownOrigins.has(origin)) || origin === 'null';
    if (crossSite) {
      res.status(403).type('text/plain').send('Cross-site request refused.');
      return;
    }
    next();
  };
}

/**
 * Only form bodies of a sane size reach the actions: the one input boundary (./input-boundary.ts)
 * refuses other content types (415), a multipart body without a boundary (400), an undeclared
 * length (411) and a body over its route's limit (413) before any of it is read.
 */
export { inputBoundary as formBodiesOnly } from './input-boundary';

/** Headers for every response; the HTML's Content-Security-Policy (with its nonce) is set in entry.server. */
export function baseSecurityHeaders(config: Config) {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('X-Permitted-Cross-Domain-Policies', 'none');
    // Pages carry personal and financial data: not kept in shared or browser caches by default.
    // Static assets (express.static) and routes that know better set their own Cache-Control.
    res.setHeader('Cache-Control', 'no-store');
    if (config.isProduction) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}
