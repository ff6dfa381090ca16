import Stripe from 'stripe';
import { stripeKey } from './payment-mode.js';

/** One client per instance, rebuilt only if the key or base changes. */
let cached: { key: string; base: string | undefined; client: Stripe } | undefined;

/**
 * The Stripe API client, built on first use from STRIPE_SECRET_KEY (never at import: the secret
 * only exists at run time). STRIPE_API_BASE (e.g. `http://127.0.0.1:12111`) points it at a stand-in
 * for the Stripe API: the adapter tests use one, and a load test can use a stub, since Stripe's
 * test mode allows only 25 requests per second.
 * @throws Error when no secret key is set; callers check `paymentMode()` first.
 */
export function stripeClient(): Stripe {
  const key = stripeKey();
  if (!key) throw new Error('STRIPE_SECRET_KEY is not set');
  const base = process.env['STRIPE_API_BASE'];
  if (cached?.key !== key || cached.base !== base) cached = { key, base, client: new Stripe(key, apiBaseConfig(base)) };
  return cached.client;
}

function apiBaseConfig(base: string | undefined): Stripe.StripeConfig {
  if (!base) return {};
  const url = new URL(base);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}
