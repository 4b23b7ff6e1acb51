import { sql } from 'drizzle-orm';
import { check, pgEnum, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { ENTERPRISE_TYPES } from '../../app/rules/domain';

export { ENTERPRISE_TYPES };
export type { EnterpriseType } from '../../app/rules/domain';

export const enterpriseType = pgEnum('enterprise_type', ENTERPRISE_TYPES);

/** A legal entity that takes part in one or more projects (TNO takes part in two). */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** Dutch Chamber of Commerce (KvK) number: exactly eight digits. */
    kvkNumber: varchar('kvk_number', { length: 8 }).notNull(),
    enterpriseType: enterpriseType('enterprise_type').notNull(),
    /** NUTS 2 region code, e.g. NL33 (Zuid-Holland). */
    nuts2Region: varchar('nuts2_region', { length: 4 }).notNull(),
    /** NACE Rev. 2 code at group or class level, e.g. 62.0 or 63.11. */
    naceCode: varchar('nace_code', { length: 5 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('organisations_kvk_number_uq').on(t.kvkNumber),
    check('organisations_kvk_number_ck', sql`${t.kvkNumber} ~ '^[0-9]{8}$'`),
    check('organisations_nuts2_ck', sql`${t.nuts2Region} ~ '^[A-Z]{2}[0-9A-Z]{2}$'`),
    check('organisations_nace_ck', sql`${t.naceCode} ~ '^[0-9]{2}\\.[0-9]{1,2}$'`),
    check('organisations_name_ck', sql`length(trim(${t.name})) between 1 and 200`),
  ],
);
