import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cents, createdAt } from './columns';
import { projectPartners } from './programmes';
import { users } from './users';
import { PAYMENT_KINDS } from '../../app/rules/domain';

export { PAYMENT_KINDS };

export const paymentKind = pgEnum('payment_kind', PAYMENT_KINDS);

export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    kind: paymentKind('kind').notNull().default('advance'),
    amountCents: cents('amount_cents').notNull(),
    paidOn: date('paid_on').notNull(),
    reference: text('reference').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: 'payments_partner_fk',
      columns: [t.projectId, t.organisationId],
      foreignColumns: [projectPartners.projectId, projectPartners.organisationId],
    }),
    uniqueIndex('payments_reference_uq').on(t.reference),
    index('payments_partner_idx').on(t.projectId, t.organisationId),
    check('payments_amount_ck', sql`${t.amountCents} > 0`),
  ],
);
