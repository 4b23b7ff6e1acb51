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

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Every action reads a form (Remix <Form>, fetchers): a state-changing request with a body of any
 * other type (JSON, XML…) is refused with 415 before it reaches a route, instead of failing inside
 * `request.formData()` with a 500. (text/plain is what a bodyless fetch sends by default.)
 */
export function formBodiesOnly() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const length = Number(req.get('content-length') ?? '0');
    const hasBody = length > 0 || req.get('transfer-encoding') !== undefined;
    if (hasBody && !FORM_TYPES.includes(type)) {
      res.status(415).type('text/plain').send('Unsupported content type: send a form.');
      return;
    }
    next();
  };
}

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
