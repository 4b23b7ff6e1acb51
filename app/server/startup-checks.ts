import { eq, sql } from 'drizzle-orm';
import type { Db } from '#db/client';
import { users } from '#db/schema/index';

export async function countDemoUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.isDemo, true));
  return row?.n ?? 0;
}
