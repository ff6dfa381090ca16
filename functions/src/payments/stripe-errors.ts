import Stripe from 'stripe';
import { HttpsError } from 'firebase-functions/https';
import { error as logError, warn } from 'firebase-functions/logger';

/**
 * The HttpsError for a failed Stripe call, with a code that tells the caller whether to retry:
 * - 402 (card declined and the like): 'failed-precondition', Stripe's own shopper-facing message;
 * - 429: 'resource-exhausted' (retry after a pause);
 * - 5xx or no response: 'unavailable' (retry; the idempotency key makes that safe);
 * - anything else (bad request, bad key, reused idempotency key): our bug or our configuration,
 *   so it is logged and becomes a bare 'internal' (Stripe's message stays in the log).
 */
export function toPaymentError(err: unknown, operation: string): HttpsError {
  if (err instanceof Stripe.errors.StripeCardError) return new HttpsError('failed-precondition', err.message, { decline: err.code ?? null });
  if (err instanceof Stripe.errors.StripeRateLimitError) {
    warn(`Stripe rate limit while trying to ${operation}`, { requestId: err.requestId });
    return new HttpsError('resource-exhausted', 'The payment provider is busy, please retry in a moment');
  }
  if (isStripeOutage(err)) {
    warn(`Stripe unavailable while trying to ${operation}`, { error: (err as Error).message });
    return new HttpsError('unavailable', 'The payment provider is unavailable, please retry');
  }
  // The fields that say what went wrong; the whole error would also log every response header.
  const detail =
    err instanceof Stripe.errors.StripeError
      ? { type: err.type, statusCode: err.statusCode, code: err.code, requestId: err.requestId, stripeMessage: err.message }
      : { error: String(err) };
  logError(`Stripe refused to ${operation}`, detail);
  return new HttpsError('internal', `Could not ${operation}`);
}

/** A 5xx from Stripe, or no answer at all: the request may or may not have been carried out. */
export function isStripeOutage(err: unknown): boolean {
  return err instanceof Stripe.errors.StripeAPIError || err instanceof Stripe.errors.StripeConnectionError;
}
