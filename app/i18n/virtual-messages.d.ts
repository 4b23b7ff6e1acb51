/** One language's UI text as a browser chunk (built by the `i18n-messages-per-language` plugin in vite.config.ts). */
declare module 'virtual:i18n/messages.*' {
  import type { Messages } from '#app/i18n/catalogue';

  const messages: Messages;
  export default messages;
}
