import { Timestamp } from 'firebase-admin/firestore';
import { info } from 'firebase-functions/logger';
import { onSchedule } from 'firebase-functions/scheduler';
import { paths } from '@storefront/domain';
import { db } from '../lib/admin.js';
import { REGION, releaseGraceSeconds, stripeSecretKey } from '../lib/config.js';
import { releaseIfDue, shouldRetry } from './release-order.js';

/** Only reservations this far past due: the release task is the primary path and normally got there first. */
const SWEEP_DELAY_MS = 60_000;
/** Orders per sweep; a backlog larger than this drains over the next sweeps. */
const BATCH = 200;

export interface SweepResult {
  expired: number;
  /** Left for a later sweep: payment in flight or not looked up (within the grace period). */
  deferred: number;
}

/**
 * Releases every order still awaiting payment more than SWEEP_DELAY_MS before `now` (epoch ms),
 * by the release task's rule (releaseIfDue: not while its payment is in flight, until
 * `paymentGraceMs` past the expiry), one order at a time.
 * Needs the composite index orders (status ASC, expiresAt ASC).
 */
export async function sweepExpiredReservations(now: number, paymentGraceMs: number): Promise<SweepResult> {
  const overdue = await db()
    .collection(paths.orders)
    .where('status', '==', 'pending_payment')
    .where('expiresAt', '<=', Timestamp.fromMillis(now - SWEEP_DELAY_MS))
    .orderBy('expiresAt')
    .limit(BATCH)
    .get();
  const result: SweepResult = { expired: 0, deferred: 0 };
  for (const doc of overdue.docs) {
    const release = await releaseIfDue(doc.id, now, paymentGraceMs);
    if (release.outcome === 'expired') result.expired++;
    else if (shouldRetry(release)) result.deferred++;
  }
  return result;
}

/**
 * The backstop for lost or failed release tasks (reliability.md F3). Not run locally: the Firebase
 * emulators have no Cloud Scheduler, so there the release task is the only path.
 */
export const sweepReservations = onSchedule({ schedule: 'every 5 minutes', region: REGION, secrets: [stripeSecretKey] }, async () => {
  const result = await sweepExpiredReservations(Date.now(), releaseGraceSeconds.value() * 1000);
  if (result.expired > 0 || result.deferred > 0) info('sweepReservations', result);
});
