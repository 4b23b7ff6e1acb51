import { getConfig } from './config.server';

/** The client's IP address, honouring TRUST_PROXY hops of X-Forwarded-For. */
export function clientIp(request: Request): string {
  const hops = getConfig().TRUST_PROXY;
  const forwarded = request.headers.get('x-forwarded-for');
  if (hops > 0 && forwarded) {
    const chain = forwarded.split(',').map((s) => s.trim());
    const ip = chain[Math.max(0, chain.length - hops)];
    if (ip) return ip;
  }
  return request.headers.get('x-client-ip') ?? 'unknown';
}

export function requestId(request: Request): string | null {
  return request.headers.get('x-request-id');
}

/** The audit actor of a request: who (when signed in), from which address, under which request id. */
export function auditActor(request: Request, principal: { user: { id: string; email: string } } | null) {
  return {
    userId: principal?.user.id ?? null,
    email: principal?.user.email ?? null,
    ipAddress: clientIp(request),
    requestId: requestId(request),
  };
}
