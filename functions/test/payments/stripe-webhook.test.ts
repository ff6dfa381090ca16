import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { paths } from '@storefront/domain';
import { checkInvariants } from '../support/invariants.js';
import { functionUrl } from '../support/stack-client.js';
import { adminDb, stack } from '../support/stack.js';
import { placeOrder, readOrder, type PlacedOrder } from '../support/order-flow.js';
import { chargeRefundedEvent, deliver, marker, paymentIntentEvent, postWebhook, readStock, signedHeaders, timeline } from './payment-fixtures.js';

/**
 * stripeWebhook through the functions emulator: the signature matrix of reliability.md B5, the
 * once-per-event guarantee (F7, I4) and the mismatch checks (B4, I3).
 */

async function expectUntouched(order: PlacedOrder, eventId: string): Promise<void> {
  expect((await readOrder(order.orderId)).status).toBe('pending_payment');
  expect(await readStock(order)).toEqual({ onHand: 10, reserved: order.quantity, available: 10 - order.quantity });
  expect(await marker(eventId)).toBeUndefined();
  expect(await timeline(order.orderId)).toEqual(['placed']);
}

describe('stripeWebhook signature checks (B5)', () => {
  it('rejects every unsigned, forged, altered or stale delivery with 400 and no side effects', async () => {
    const order = await placeOrder({ quantity: 2 });
    const event = paymentIntentEvent('payment_intent.succeeded', order);
    const payload = JSON.stringify(event);
    const now = Math.floor(Date.now() / 1000);
    const fakeV1 = (secret: string) => createHmac('sha256', secret).update(`${now}.${payload}`).digest('hex');
    const cases: Record<string, [string | Buffer, Record<string, string>]> = {
      'no Stripe-Signature header': [payload, { 'content-type': 'application/json' }],
      'signed with another secret': [payload, signedHeaders(payload, { secret: 'whsec_not_ours' })],
      'body changed by one byte': [payload.replace('"id":"evt_test_', '"id":"evt_tesT_'), signedHeaders(payload)],
      're-serialised JSON': [JSON.stringify(event, null, 2), signedHeaders(payload)],
      'timestamp older than 300 s': [payload, signedHeaders(payload, { timestamp: now - 301 })],
      'several v1 entries, all fake': [payload, { 'content-type': 'application/json', 'stripe-signature': `t=${now},v1=${'0'.repeat(64)},v1=${fakeV1('whsec_guess')}` }],
      'a valid signature under scheme v0': [payload, signedHeaders(payload, { scheme: 'v0' })],
      'a header without a timestamp': [payload, { 'content-type': 'application/json', 'stripe-signature': `v1=${fakeV1(stack().webhookSecret)}` }],
    };
    for (const [name, [body, headers]] of Object.entries(cases)) {
      const answer = await postWebhook(body, headers);
      expect({ name, status: answer.status }).toEqual({ name, status: 400 });
      expect(answer.body.error).toMatch(/signature/i);
    }
    // Bytes that are not JSON at all never reach the handler: the body parser in front answers 400.
    expect((await postWebhook(`${payload.slice(0, -1)}!`, signedHeaders(payload))).status).toBe(400);
    await expectUntouched(order, event.id);

    // The same event correctly signed is accepted, so the rejections above were about the signatures.
    expect((await deliver(event)).body.outcome).toBe('applied');
  });

  it('answers 405 to anything but POST', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await fetch(functionUrl(stack(), 'stripeWebhook'), { method });
      expect({ method, status: response.status }).toEqual({ method, status: 405 });
      expect(response.headers.get('allow')).toBe('POST');
    }
  });

  it('acknowledges event types it does not use without recording them', async () => {
    const event = { id: 'evt_test_unused_type', object: 'event', type: 'customer.created', created: 1, livemode: false, data: { object: { id: 'cus_1' } } };
    const answer = await deliver(event as unknown as Parameters<typeof deliver>[0]);
    expect(answer).toEqual({ status: 200, body: { received: true, outcome: 'ignored', reason: 'event type customer.created is not used' } });
    expect(await marker(event.id)).toBeUndefined();
  });
});

describe('stripeWebhook applies each event once (F7, I4)', () => {
  async function expectPaidOnce(order: PlacedOrder, eventId: string): Promise<void> {
    expect((await readOrder(order.orderId)).status).toBe('paid');
    // The sale committed once: reserved and onHand both dropped by the quantity, available unchanged.
    expect(await readStock(order)).toEqual({ onHand: 10 - order.quantity, reserved: 0, available: 10 - order.quantity });
    expect((await timeline(order.orderId)).filter((t) => t === 'paid')).toHaveLength(1);
    expect((await marker(eventId))?.outcome).toBe('applied');
    const markers = await adminDb().collection('stripeEvents').where('orderId', '==', order.orderId).get();
    expect(markers.size).toBe(1);
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  }

  it('delivered three times in a row: applied, then duplicate twice', async () => {
    const order = await placeOrder({ quantity: 3 });
    const event = paymentIntentEvent('payment_intent.succeeded', order);
    const outcomes: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await deliver(event);
      expect(answer.status).toBe(200);
      outcomes.push(answer.body.outcome);
    }
    expect(outcomes).toEqual(['applied', 'duplicate', 'duplicate']);
    await expectPaidOnce(order, event.id);
  });

  it('delivered three times at once: exactly one takes effect', async () => {
    const order = await placeOrder({ quantity: 3 });
    const event = paymentIntentEvent('payment_intent.succeeded', order);
    const answers = await Promise.all([deliver(event), deliver(event), deliver(event)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.body.outcome).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    await expectPaidOnce(order, event.id);
  });

  it('a refund delivered three times at once restocks once', async () => {
    const order = await placeOrder({ quantity: 2 });
    expect((await deliver(paymentIntentEvent('payment_intent.succeeded', order))).body.outcome).toBe('applied');
    const refund = chargeRefundedEvent(order);
    const answers = await Promise.all([deliver(refund), deliver(refund), deliver(refund)]);
    expect(answers.map((a) => a.body.outcome).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    expect((await readOrder(order.orderId)).status).toBe('refunded');
    expect(await readStock(order)).toEqual({ onHand: 10, reserved: 0, available: 10 });
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  });
});

describe('stripeWebhook mismatch checks (B4, I3)', () => {
  it('flags events that do not match their order: 200, a flagged marker with the reason, no change', async () => {
    const order = await placeOrder({ quantity: 2 });
    const other = await placeOrder({ quantity: 1 });
    const succeeded = (overrides: Parameters<typeof paymentIntentEvent>[2]) => paymentIntentEvent('payment_intent.succeeded', order, overrides);
    const cases = {
      amount: [succeeded({ amount: order.amount - 1 }), /amount/],
      currency: [succeeded({ currency: 'eur' }), /currency/],
      'another user’s order': [succeeded({ metadata: { orderId: other.orderId, uid: order.uid } }), /owner/],
      'unknown order': [succeeded({ metadata: { orderId: 'no-such-order', uid: order.uid } }), /does not exist/],
      'no order id': [succeeded({ metadata: { uid: order.uid } }), /names no order/],
      'another PaymentIntent': [succeeded({ paymentIntentId: 'pi_someone_else' }), /PaymentIntent/],
      livemode: [succeeded({ livemode: true }), /live-mode/],
      'partial refund': [{ ...chargeRefundedEvent(order), data: { object: { ...chargeRefundedEvent(order).data.object, amount_refunded: 1 } } }, /partial/],
    } as const;
    for (const [name, [event, reason]] of Object.entries(cases)) {
      const answer = await deliver(event);
      expect({ name, status: answer.status, outcome: answer.body.outcome }).toEqual({ name, status: 200, outcome: 'flagged' });
      const recorded = await marker(event.id);
      expect({ name, outcome: recorded?.outcome }).toEqual({ name, outcome: 'flagged' });
      expect(recorded?.reason).toMatch(reason);
    }
    for (const untouched of [order, other]) {
      expect((await readOrder(untouched.orderId)).status).toBe('pending_payment');
      expect(await timeline(untouched.orderId)).toEqual(['placed']);
      expect((await readStock(untouched)).reserved).toBe(untouched.quantity);
    }
  });

  it('records a declined payment in the timeline and on the order, and a later success clears the notice', async () => {
    const order = await placeOrder();
    const failed = await deliver(paymentIntentEvent('payment_intent.payment_failed', order));
    expect(failed.body.outcome).toBe('applied');
    const afterFailure = await readOrder(order.orderId);
    expect(afterFailure.status).toBe('pending_payment');
    expect(afterFailure.notice).toMatch(/Your card was declined/);
    expect(await timeline(order.orderId)).toEqual(['placed', 'payment_failed']);

    expect((await deliver(paymentIntentEvent('payment_intent.succeeded', order))).body.outcome).toBe('applied');
    const paid = await readOrder(order.orderId);
    expect(paid.status).toBe('paid');
    expect(paid.notice).toBeNull();
    // A failure that arrives after the payment is stale.
    const stale = await deliver(paymentIntentEvent('payment_intent.payment_failed', order));
    expect(stale.body).toMatchObject({ outcome: 'ignored', reason: 'the order is already paid' });
    await checkInvariants(adminDb(), { storeId: order.storeId, productIds: [order.productId] });
  });

  it('links a PaymentIntent to an order that does not record one yet', async () => {
    const order = await placeOrder();
    await adminDb().doc(paths.order(order.orderId)).update({ paymentIntentId: null });
    expect((await deliver(paymentIntentEvent('payment_intent.succeeded', order))).body.outcome).toBe('applied');
    expect((await readOrder(order.orderId)).paymentIntentId).toBe(order.paymentIntentId);
  });
});
