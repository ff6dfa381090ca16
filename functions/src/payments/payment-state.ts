import { demoIntentStatus } from './demo-intents.js';
import { paymentMode } from './payment-mode.js';
import { stripeClient } from './stripe-client.js';

/**
 * PaymentIntent statuses in which money may still arrive without the shopper starting over
 * (reliability.md F5): `processing` (bank debits, slow card networks), `requires_capture`
 * (authorised), `succeeded` (its webhook event not handled yet) and `requires_action` (a 3DS
 * challenge the shopper is completing: releasing under them would turn a payment already under
 * way into a refund once stock runs out). Every other status needs a new payment method
 * (`requires_payment_method`, `requires_confirmation`) or is final (`canceled`).
 */
export const IN_FLIGHT_STATUSES: ReadonlySet<string> = new Set(['processing', 'requires_capture', 'succeeded', 'requires_action']);

/**
 * What the payment provider says about an order's payment:
 * - 'in-flight': money may still arrive (IN_FLIGHT_STATUSES);
 * - 'idle': no payment under way (no PaymentIntent yet, or one that needs the shopper again);
 * - 'unknown': the lookup failed, so nothing can be concluded.
 */
export type PaymentState = { kind: 'in-flight' | 'idle'; status: string } | { kind: 'unknown'; error: string };

/**
 * Looks up the PaymentIntent's status: from Stripe in Stripe mode, from demoPay's record in demo
 * mode. A network call: never run it inside a transaction. Never throws; failures are 'unknown'.
 * An order without a PaymentIntent id has no payment under way: placeOrder records the id before
 * the shopper receives the client secret that could confirm it.
 */
export async function paymentState(paymentIntentId: string | null): Promise<PaymentState> {
  if (paymentIntentId === null) return { kind: 'idle', status: 'none' };
  let status: string;
  try {
    switch (paymentMode()) {
      case 'stripe':
        status = (await stripeClient().paymentIntents.retrieve(paymentIntentId)).status;
        break;
      case 'demo':
        status = await demoIntentStatus(paymentIntentId);
        break;
      case 'unconfigured':
        return { kind: 'idle', status: 'none' };
    }
  } catch (err) {
    return { kind: 'unknown', error: err instanceof Error ? err.message : String(err) };
  }
  return { kind: IN_FLIGHT_STATUSES.has(status) ? 'in-flight' : 'idle', status };
}
