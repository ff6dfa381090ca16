import { db } from '../lib/admin.js';

/**
 * Demo mode's record of PaymentIntent statuses, so "is this payment in flight?" has the same
 * answer shape as in Stripe mode. demoPay marks the order's demo PaymentIntent `processing` while
 * it delivers its event and writes the final status after; an intent never paid has no document
 * (`requires_payment_method`). Server-only (Admin SDK); the rules give clients no access.
 */
const DEMO_INTENTS = 'demoPaymentIntents';

export type DemoIntentStatus = 'processing' | 'succeeded' | 'requires_payment_method';

export async function setDemoIntentStatus(paymentIntentId: string, status: DemoIntentStatus): Promise<void> {
  await db().collection(DEMO_INTENTS).doc(paymentIntentId).set({ status, updatedAt: new Date() });
}

/** The demo PaymentIntent's status; one demoPay never touched is `requires_payment_method`. */
export async function demoIntentStatus(paymentIntentId: string): Promise<string> {
  const snap = await db().collection(DEMO_INTENTS).doc(paymentIntentId).get();
  const status: unknown = snap.get('status');
  return typeof status === 'string' ? status : 'requires_payment_method';
}
