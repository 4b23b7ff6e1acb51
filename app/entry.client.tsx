import { RemixBrowser } from '@remix-run/react';
import { startTransition, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { documentLocale, loadMessages } from '#app/i18n/index';

// The browser gets the UI text of the page's language only, as a chunk of its own: load it before
// hydrating, so that the first render has the server's words (no flash, no hydration mismatch).
// Without it the page stays as the server sent it, which works without JavaScript.
loadMessages(documentLocale(document)).then(
  () =>
    startTransition(() => {
      hydrateRoot(
        document,
        <StrictMode>
          <RemixBrowser />
        </StrictMode>,
      );
    }),
  (error: unknown) => console.error('the page stays without JavaScript: its UI text did not load', error),
);
