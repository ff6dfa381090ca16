import { Timestamp } from 'firebase-admin/firestore';
import { info } from 'firebase-functions/logger';
import { onSchedule } from 'firebase-functions/scheduler';
import { paths } from '@storefront/domain';
import { db } from '../lib/admin.js';
import { REGION } from '../lib/config.js';
import { expireIfDue } from './expire-if-due.js';

/** Only reservations this far past due: the release task is the primary path and normally got there first. */
const GRACE_MS = 60_000;
/** Orders per sweep; a backlog larger than this drains over the next sweeps. */
const BATCH = 200;

/**
 * Expires every order still awaiting payment more than GRACE_MS before `now` (epoch ms), one
 * transaction each (expireIfDue re-checks, so a concurrent task or payment wins cleanly).
 * Needs the composite index orders (status ASC, expiresAt ASC).
 * @returns how many orders it expired.
 */
export async function sweepExpiredReservations(now: number): Promise<number> {
  const overdue = await db()
    .collection(paths.orders)
    .where('status', '==', 'pending_payment')
    .where('expiresAt', '<=', Timestamp.fromMillis(now - GRACE_MS))
    .orderBy('expiresAt')
    .limit(BATCH)
    .get();
  let expired = 0;
  for (const doc of overdue.docs)
    if ((await db().runTransaction((tx) => expireIfDue(tx, doc.id, now))) === 'expired') expired++;
  return expired;
}

/**
 * The backstop for lost or failed release tasks (reliability.md F3). Not run locally: the Firebase
 * emulators have no Cloud Scheduler, so there the release task is the only path.
 */
export const sweepReservations = onSchedule({ schedule: 'every 5 minutes', region: REGION }, async () => {
  const expired = await sweepExpiredReservations(Date.now());
  if (expired > 0) info('sweepReservations: expired overdue reservations', { expired });
});
