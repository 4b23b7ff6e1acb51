/**
 * Password length limits, shared by the browser's form schemas and the server's policy check
 * (app/utils/password-policy.server.ts, which adds the common-password list).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
