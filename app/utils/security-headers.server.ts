import { getConfig } from './config.server';

/**
 * The Content-Security-Policy of an HTML response (the other security headers are set for every
 * response in app/server/middleware.ts). Scripts only with this request's nonce; inline style
 * attributes are allowed (React style props, charts), inline <style> and <script> elements are not.
 */
export function contentSecurityPolicy(nonce: string): Record<string, string> {
  const { NODE_ENV } = getConfig();
  const dev = NODE_ENV === 'development';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-inline'" : ''}`,
    `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws:' : ''}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
  return { 'Content-Security-Policy': csp };
}
