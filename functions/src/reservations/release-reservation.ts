import { HttpsError } from 'firebase-functions/https';
import { info, warn } from 'firebase-functions/logger';
import { onTaskDispatched } from 'firebase-functions/tasks';
import { REGION, releaseGraceSeconds, stripeSecretKey } from '../lib/config.js';
import { releaseIfDue, shouldRetry, type ReleaseResult } from './release-order.js';
import { releaseTaskSchema } from './schedule-release.js';

function retryMessage(orderId: string, result: ReleaseResult): string {
  switch (result.outcome) {
    case 'payment-in-flight':
      return `the payment of order ${orderId} is in flight (PaymentIntent ${result.paymentStatus})`;
    case 'payment-unknown':
      return `the payment status of order ${orderId} could not be looked up`;
    case 'changed':
      return `the PaymentIntent of order ${orderId} changed while its status was looked up`;
    default:
      return `the reservation of order ${orderId} is not due yet`;
  }
}

/**
 * Task queue function: expires an order still unpaid at its expiry and returns its stock.
 * Scheduled by placeOrder for just after the expiry. A task that arrives early (Cloud Tasks may
 * run a little early; the local tasks emulator ignores scheduleTime altogether and runs it at once)
 * fails with 'unavailable' so the queue retries it with backoff until it is due. So does a due one
 * whose payment is in flight, or whose payment status cannot be looked up, until
 * RELEASE_GRACE_SECONDS past the expiry (releaseIfDue). maxRetrySeconds keeps it retrying past
 * maxAttempts for up to an hour, which covers any reservation time plus grace we use; beyond that
 * the sweeper takes over.
 */
export const releaseReservation = onTaskDispatched(
  {
    region: REGION,
    // Stripe mode looks the PaymentIntent up.
    secrets: [stripeSecretKey],
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
    const result = await releaseIfDue(orderId, Date.now(), releaseGraceSeconds.value() * 1000);
    if (shouldRetry(result)) {
      if (result.outcome === 'payment-unknown') warn('releaseReservation: payment lookup failed, will retry', { orderId, error: result.error });
      throw new HttpsError('unavailable', retryMessage(orderId, result));
    }
    info('releaseReservation', { orderId, ...result });
  },
);
