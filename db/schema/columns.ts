import { bigint, customType, timestamp } from 'drizzle-orm/pg-core';

/**
 * Money is always an integer number of euro cents, stored as `bigint` and read as a JS number
 * (exact up to 9e15 cents, far beyond any subsidy). Never use floats or `numeric` for money.
 */
export const cents = (name: string) => bigint(name, { mode: 'number' });

/** Timestamps are stored with time zone and read as JS Dates. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const createdAt = () => timestamptz('created_at').notNull().defaultNow();

/** Binary content (attachments) as `bytea`, read as a Node Buffer / Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});
