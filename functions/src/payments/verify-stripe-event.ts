import Stripe from 'stripe';

export type Verification = { ok: true; event: Stripe.Event } | { ok: false; status: 400 | 500; message: string };

/**
 * Checks a webhook delivery's `Stripe-Signature` against the RAW request body (parsing first
 * changes the bytes and breaks the HMAC) with Stripe's default 300 s tolerance. Without a secret
 * it fails closed: status 500, so nothing is processed and Stripe keeps retrying until the secret
 * is configured. A missing, forged, altered or stale signature is status 400.
 * Pure, so it is unit-tested without the emulator.
 */
export function verifyStripeEvent(rawBody: Buffer | undefined, signature: string | string[] | undefined, secret: string | undefined): Verification {
  if (!secret) return { ok: false, status: 500, message: 'the webhook secret is not configured' };
  if (typeof signature !== 'string' || signature === '') return { ok: false, status: 400, message: 'missing Stripe-Signature header' };
  if (!rawBody || rawBody.length === 0) return { ok: false, status: 400, message: 'empty body' };
  try {
    return { ok: true, event: Stripe.webhooks.constructEvent(rawBody, signature, secret) };
  } catch (err) {
    // Stripe's messages say which check failed (no match, too old, bad header); none holds a secret.
    const reason = err instanceof Stripe.errors.StripeSignatureVerificationError ? err.message : 'the body is not a JSON event';
    return { ok: false, status: 400, message: `signature verification failed: ${reason}` };
  }
}
