import { defineInt, defineSecret } from 'firebase-functions/params';
import { DEFAULT_RESERVATION_MINUTES } from '@storefront/domain';

/**
 * Every setting the functions read, declared once (STYLE.md §8.2 item 4). Secrets are bound per
 * function with `secrets: [...]` and read with `.value()` at run time, never at import.
 * Locally, `functions/.secret.local` (written by `npm start` and the test stack, never committed)
 * holds a webhook secret and no Stripe key, which selects the demo payment mode.
 */
export const stripeSecretKey = defineSecret('STRIPE_SECRET_KEY');
export const stripeWebhookSecret = defineSecret('STRIPE_WEBHOOK_SECRET');

/** How long an unpaid order holds its stock. Per project: `functions/.env.<projectId>`. */
export const reservationSeconds = defineInt('RESERVATION_SECONDS', { default: DEFAULT_RESERVATION_MINUTES * 60 });

/**
 * How long past its expiry a reservation may still be held while its payment is in flight
 * (PaymentIntent processing, requires_action, requires_capture or succeeded; reliability.md F5).
 * After that the release goes ahead and a payment that lands later takes the webhook's
 * late-payment path (re-reserve or refund). Per project, like RESERVATION_SECONDS.
 */
export const releaseGraceSeconds = defineInt('RELEASE_GRACE_SECONDS', { default: 15 * 60 });

/** The region every function runs in (the emulator's URLs include it). */
export const REGION = 'us-central1';
