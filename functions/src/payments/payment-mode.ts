import { stripeSecretKey } from '../lib/config.js';

/**
 * How payments work in this instance:
 * - 'stripe': STRIPE_SECRET_KEY is set, so real PaymentIntents (test or live mode).
 * - 'demo': no key and running in the Firebase emulator, so the demo payment endpoint stands in
 *   for Stripe and signs its events with the local webhook secret.
 * - 'unconfigured': no key outside the emulator. Payments are refused, and the demo endpoint never
 *   switches on in production, whatever else is misconfigured.
 * Read the mode at request time: secrets are only available then.
 */
export type PaymentMode = 'stripe' | 'demo' | 'unconfigured';

export function paymentMode(): PaymentMode {
  if (stripeKey()) return 'stripe';
  return process.env['FUNCTIONS_EMULATOR'] === 'true' ? 'demo' : 'unconfigured';
}

/**
 * STRIPE_SECRET_KEY, or '' when it is not set. An unset key is the normal local case (demo mode),
 * so it is not read through `.value()` then: that logs a warning on every read.
 */
export function stripeKey(): string {
  return process.env[stripeSecretKey.name] === undefined ? '' : stripeSecretKey.value();
}
