import { createContext, useContext } from 'react';

/** The per-request CSP nonce, from entry.server through React context (never through loader data). */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce() {
  return useContext(NonceContext);
}
