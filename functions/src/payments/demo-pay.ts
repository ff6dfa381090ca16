import { getAuth } from 'firebase-admin/auth';
import { onRequest, type Request } from 'firebase-functions/https';
import { error as logError } from 'firebase-functions/logger';
import type { Response } from 'express';
import { demoPayInputSchema } from '@storefront/domain';
import { adminApp } from '../lib/admin.js';
import { REGION, stripeSecretKey, stripeWebhookSecret } from '../lib/config.js';
import { requestOrigin } from '../lib/request-origin.js';
import { orderRef, parseOrder } from '../orders/order-doc.js';
import { deliverDemoEvent, demoPaymentEvent, demoPaymentIntentId } from './demo-events.js';
import { setDemoIntentStatus } from './demo-intents.js';
import { paymentMode } from './payment-mode.js';

/** The web app calls this from another origin (Vite's dev server), so it answers CORS itself. */
function allowCors(req: Request, res: Response): void {
  const origin = req.get('origin');
  if (!origin) return;
  res.set({
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Authorization, Content-Type',
    'Access-Control-Max-Age': '3600',
    Vary: 'Origin',
  });
}

/** The uid of a valid Firebase ID token in `Authorization: Bearer`, or null. */
async function bearerUid(req: Request): Promise<string | null> {
  const token = /^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1];
  if (!token) return null;
  try {
    return (await getAuth(adminApp()).verifyIdToken(token)).uid;
  } catch {
    return null;
  }
}

/**
 * Demo payments: with no Stripe key and only in the emulator (`paymentMode()` is 'demo'; 404
 * otherwise), the order's owner POSTs `{ orderId, outcome? }` with their ID token, and this builds
 * the Stripe-shaped `payment_intent.succeeded` (or `payment_failed`) event, signs it with the
 * local webhook secret and delivers it to stripeWebhook, answering with the webhook's status and
 * body. The order changes only through the webhook, exactly as with Stripe.
 */
export const demoPay = onRequest({ region: REGION, secrets: [stripeSecretKey, stripeWebhookSecret] }, async (req, res) => {
  if (paymentMode() !== 'demo') {
    res.status(404).json({ error: 'demo payments are disabled: they exist only in the emulator and only while no Stripe key is set' });
    return;
  }
  allowCors(req, res);
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return;
  }
  if (req.method !== 'POST') {
    res.set('Allow', 'POST, OPTIONS').status(405).json({ error: 'only POST is allowed' });
    return;
  }
  const input = demoPayInputSchema.safeParse(req.body);
  if (!input.success) {
    res.status(400).json({ error: input.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
    return;
  }
  const uid = await bearerUid(req);
  if (!uid) {
    res.status(401).json({ error: 'send the shopper\'s Firebase ID token as "Authorization: Bearer <token>"' });
    return;
  }
  const { orderId, outcome } = input.data;
  const order = parseOrder(await orderRef(orderId).get());
  if (!order) {
    res.status(404).json({ error: `order ${orderId} does not exist` });
    return;
  }
  if (order.uid !== uid) {
    res.status(403).json({ error: 'only the order\'s owner may pay for it' });
    return;
  }
  // Like a Stripe PaymentIntent, the demo one is 'processing' while its outcome is on its way, so a
  // release running meanwhile waits for it (reliability.md F5) instead of racing the webhook. The
  // final status is recorded before answering: work after the answer may never run.
  const paymentIntentId = order.paymentIntentId ?? demoPaymentIntentId(orderId);
  let delivery: { status: number; text: string } | null = null;
  try {
    await setDemoIntentStatus(paymentIntentId, 'processing');
    delivery = await deliverDemoEvent(demoPaymentEvent(orderId, order, outcome), requestOrigin(req));
  } catch (err) {
    logError('demoPay could not deliver its event to stripeWebhook', err);
  }
  // A delivery the webhook refused leaves nothing paid: the shopper may try again.
  const paid = outcome === 'succeeded' && delivery !== null && delivery.status >= 200 && delivery.status < 300;
  await setDemoIntentStatus(paymentIntentId, paid ? 'succeeded' : 'requires_payment_method').catch((err: unknown) =>
    logError('demoPay could not record the demo PaymentIntent status', err),
  );
  if (delivery) res.status(delivery.status).type('application/json').send(delivery.text);
  else res.status(500).json({ error: 'the demo payment could not be delivered to the webhook' });
});
