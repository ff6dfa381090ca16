import { HttpsError } from 'firebase-functions/https';
import { info, warn } from 'firebase-functions/logger';
import { onTaskDispatched } from 'firebase-functions/tasks';
import { db } from '../lib/admin.js';
import { REGION } from '../lib/config.js';
import { expireIfDue } from './expire-if-due.js';
import { releaseTaskSchema } from './schedule-release.js';

/**
 * Task queue function: expires an order still unpaid at its expiry and returns its stock.
 * Scheduled by placeOrder for just after the expiry. A task that arrives early (Cloud Tasks may
 * run a little early; the local tasks emulator ignores scheduleTime altogether and runs it at once)
 * fails with 'unavailable' so the queue retries it with backoff until it is due: maxRetrySeconds
 * keeps it retrying past maxAttempts for up to an hour, which covers any reservation time we use.
 */
export const releaseReservation = onTaskDispatched(
  {
    region: REGION,
    retryConfig: { maxAttempts: 5, minBackoffSeconds: 3, maxDoublings: 2, maxBackoffSeconds: 60, maxRetrySeconds: 3600 },
    rateLimits: { maxConcurrentDispatches: 50 },
  },
  async (request) => {
    const parsed = releaseTaskSchema.safeParse(request.data);
    if (!parsed.success) {
      // Retrying cannot fix a malformed task: log it and let the queue drop it.
      warn('releaseReservation: malformed task', { data: request.data, issues: parsed.error.issues });
      return;
    }
    const { orderId } = parsed.data;
    const outcome = await db().runTransaction((tx) => expireIfDue(tx, orderId, Date.now()));
    if (outcome === 'early') throw new HttpsError('unavailable', `the reservation of order ${orderId} is not due yet`);
    info('releaseReservation', { orderId, outcome });
  },
);
