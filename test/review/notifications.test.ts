import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client';
import { notifications } from '#db/schema/index';
import { transition } from '#app/models/report-workflow.server';
import * as rootRoute from '#app/root';
import * as notificationsRoute from '#app/routes/review/notifications';
import { setupTestDatabase } from '#test/support/db';
import { actorOf, principalFor, userId } from '#test/support/principal';
import { getRequest, postRequest } from '#test/support/requests';
import { ACCOUNTS, args, outcome, reportId } from './support';

setupTestDatabase();

let misd = '';
beforeAll(async () => {
  misd = await reportId('MISD', 2024);
});

describe('in-app notifications', () => {
  it('lists a user’s own notifications with the unread count, also in the header, and marks them read', async () => {
    const reviewer = await principalFor(ACCOUNTS.reviewerB);
    await getDb().transaction((tx) => transition(tx, reviewer, actorOf(reviewer), misd, 'recommend'));
    const list = await notificationsRoute.loader(args(await getRequest('/meldingen', ACCOUNTS.penvoerderMisd)));
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({ kind: 'report.recommend', params: { project: 'MISD', year: 2024 }, readAt: null });
    const root = await rootRoute.loader(args(await getRequest('/', ACCOUNTS.penvoerderMisd)));
    expect(root.user?.unreadNotifications).toBe(1);
    // Reviewer A hears of the recommendation (someone must approve); B, who acted, does not.
    expect((await notificationsRoute.loader(args(await getRequest('/meldingen', ACCOUNTS.reviewerA)))).unread).toBe(1);
    expect((await notificationsRoute.loader(args(await getRequest('/meldingen', ACCOUNTS.reviewerB)))).unread).toBe(0);

    // Another user's notification cannot be marked read through its id.
    const otherId = list.items[0]!.id;
    await outcome(async () => notificationsRoute.action(args(await postRequest('/meldingen', { intent: 'read', id: otherId }, ACCOUNTS.partnerMisd))));
    const [still] = await getDb().select().from(notifications).where(eq(notifications.id, otherId));
    expect(still!.readAt).toBeNull();

    const marked = await outcome(async () => notificationsRoute.action(args(await postRequest('/meldingen', { intent: 'read', id: otherId }, ACCOUNTS.penvoerderMisd))));
    expect(marked.status).toBe(302);
    expect((await notificationsRoute.loader(args(await getRequest('/meldingen', ACCOUNTS.penvoerderMisd)))).unread).toBe(0);

    const all = await outcome(async () => notificationsRoute.action(args(await postRequest('/meldingen', { intent: 'read-all' }, ACCOUNTS.reviewerA))));
    expect(all.location).toBe('/meldingen?gelezen=alles');
    const left = await getDb().select().from(notifications).where(eq(notifications.userId, await userId(ACCOUNTS.reviewerA)));
    expect(left.every((n) => n.readAt !== null)).toBe(true);

    const bad = await outcome(async () => notificationsRoute.action(args(await postRequest('/meldingen', { intent: 'read', id: 'x' }, ACCOUNTS.reviewerA))));
    expect(bad.status).toBe(400);
    const anonymous = await outcome(async () => notificationsRoute.loader(args(await getRequest('/meldingen'))));
    expect(anonymous.status).toBe(302);
  });
});
