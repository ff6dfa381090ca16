import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpsError } from 'firebase-functions/https';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPayment } from '../../src/payments/create-payment.js';
import { refundPayment } from '../../src/payments/refund-payment.js';
import { startFakeStripe, stripeError, type FakeStripe, type Recorded, type Reply } from '../support/fake-stripe.js';

/**
 * The Stripe adapter against a local HTTP server standing in for api.stripe.com (fake-stripe.ts): the exact
 * requests it sends (path, form body, idempotency key, key) and how Stripe's errors reach callers.
 * No emulator: createPayment and refundPayment run in this process in Stripe mode.
 */

const KEY = 'sk_test_adapter_0123456789';
let fake: FakeStripe;
let base: string;
let requests: Recorded[] = [];
let replies: ((r: Recorded) => Reply)[] = [];

const intent = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  object: 'payment_intent',
  amount: 12345,
  currency: 'usd',
  client_secret: `${id}_secret_abc`,
  metadata: { orderId: 'order_A1', uid: 'user_1' },
  status: 'requires_payment_method',
  ...extra,
});
const request = { orderId: 'order_A1', uid: 'user_1', amount: 12345, currency: 'usd' };

beforeAll(async () => {
  fake = await startFakeStripe();
  base = fake.base;
});
afterAll(() => fake.close());

beforeEach(() => {
  fake.requests = requests = [];
  fake.replies = replies = [];
  process.env['STRIPE_SECRET_KEY'] = KEY;
  process.env['STRIPE_API_BASE'] = base;
  delete process.env['FUNCTIONS_EMULATOR'];
});
afterEach(() => {
  delete process.env['STRIPE_SECRET_KEY'];
  delete process.env['STRIPE_API_BASE'];
  delete process.env['FUNCTIONS_EMULATOR'];
  delete process.env['GCLOUD_PROJECT'];
});

async function httpsError(promise: Promise<unknown>): Promise<HttpsError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpsError);
  return err as HttpsError;
}

describe('createPayment in Stripe mode', () => {
  it('creates one PaymentIntent with the server amount, currency, metadata and the order idempotency key', async () => {
    replies.push(() => ({ status: 200, body: intent('pi_created_1') }));
    const payment = await createPayment(request, 'http://unused');

    expect(payment).toEqual({ mode: 'stripe', paymentIntentId: 'pi_created_1', clientSecret: 'pi_created_1_secret_abc' });
    expect(requests).toHaveLength(1);
    const [sent] = requests;
    expect(sent!.method).toBe('POST');
    expect(sent!.path).toBe('/v1/payment_intents');
    expect(sent!.form).toEqual({
      amount: '12345',
      currency: 'usd',
      'metadata[orderId]': 'order_A1',
      'metadata[uid]': 'user_1',
      'automatic_payment_methods[enabled]': 'true',
    });
    expect(sent!.headers['idempotency-key']).toBe('pi-create:order_A1');
    expect(sent!.headers['authorization']).toBe(`Bearer ${KEY}`);
  });

  it('maps a declined card (402) to failed-precondition with Stripe\'s message, without retrying', async () => {
    replies.push(() => ({ status: 402, body: stripeError('card_error', 'Your card was declined.', 'card_declined') }));
    const err = await httpsError(createPayment(request, 'http://unused'));
    expect(err.code).toBe('failed-precondition');
    expect(err.message).toBe('Your card was declined.');
    expect(requests).toHaveLength(1);
  });

  it('maps a rate limit (429) to resource-exhausted (retry later)', async () => {
    replies.push(() => ({ status: 429, body: stripeError('invalid_request_error', 'Too many requests', 'rate_limit') }));
    const err = await httpsError(createPayment(request, 'http://unused'));
    expect(err.code).toBe('resource-exhausted');
    expect(requests).toHaveLength(1);
  });

  it('retries a 500 under the same idempotency key, searches by orderId, then fails as unavailable', async () => {
    for (let i = 0; i < 3; i++) replies.push(() => ({ status: 500, body: stripeError('api_error', 'boom') }));
    replies.push(() => ({ status: 200, body: { object: 'search_result', data: [], has_more: false, url: '/v1/payment_intents/search' } }));
    const err = await httpsError(createPayment(request, 'http://unused'));

    expect(err.code).toBe('unavailable');
    const creates = requests.filter((r) => r.path === '/v1/payment_intents');
    expect(creates).toHaveLength(3);
    expect(new Set(creates.map((r) => r.headers['idempotency-key']))).toEqual(new Set(['pi-create:order_A1']));
    const search = requests.at(-1)!;
    expect(search.method).toBe('GET');
    expect(search.path).toBe('/v1/payment_intents/search');
    expect(search.query.get('query')).toBe("metadata['orderId']:'order_A1'");
  });

  it('recovers the PaymentIntent a replayed 500 hid, when search finds one that matches the order', async () => {
    for (let i = 0; i < 3; i++) replies.push(() => ({ status: 500, body: stripeError('api_error', 'boom') }));
    replies.push(() => ({ status: 200, body: { object: 'search_result', data: [intent('pi_found_1')], has_more: false } }));
    const payment = await createPayment(request, 'http://unused');
    expect(payment).toEqual({ mode: 'stripe', paymentIntentId: 'pi_found_1', clientSecret: 'pi_found_1_secret_abc' });
  });

  it('does not take a found PaymentIntent whose amount differs from the order', async () => {
    for (let i = 0; i < 3; i++) replies.push(() => ({ status: 500, body: stripeError('api_error', 'boom') }));
    replies.push(() => ({ status: 200, body: { object: 'search_result', data: [intent('pi_other', { amount: 1 })], has_more: false } }));
    expect((await httpsError(createPayment(request, 'http://unused'))).code).toBe('unavailable');
  });

  it('maps a rejected key (401) to internal without leaking Stripe\'s message', async () => {
    replies.push(() => ({ status: 401, body: stripeError('invalid_request_error', 'Invalid API Key provided: sk_test_***') }));
    const err = await httpsError(createPayment(request, 'http://unused'));
    expect(err.code).toBe('internal');
    expect(err.message).not.toMatch(/sk_test|API Key/);
  });

  it('maps an unreachable Stripe to unavailable', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    process.env['STRIPE_API_BASE'] = `http://127.0.0.1:${port}`;
    expect((await httpsError(createPayment(request, 'http://unused'))).code).toBe('unavailable');
  });
});

describe('createPayment without a Stripe key', () => {
  it('is demo mode in the emulator: a derived PaymentIntent id and the demoPay URL, no Stripe call', async () => {
    delete process.env['STRIPE_SECRET_KEY'];
    process.env['FUNCTIONS_EMULATOR'] = 'true';
    process.env['GCLOUD_PROJECT'] = 'demo-adapter';
    const payment = await createPayment(request, 'http://127.0.0.1:5001');
    expect(payment).toEqual({ mode: 'demo', paymentIntentId: 'pi_demo_order_A1', payUrl: 'http://127.0.0.1:5001/demo-adapter/us-central1/demoPay' });
    expect(requests).toHaveLength(0);
  });

  it('is refused outside the emulator: failed-precondition', async () => {
    delete process.env['STRIPE_SECRET_KEY'];
    const err = await httpsError(createPayment(request, 'http://unused'));
    expect(err.code).toBe('failed-precondition');
    expect(err.message).toBe('payments are not configured');
    const refund = await httpsError(refundPayment({ orderId: 'order_A1', paymentIntentId: 'pi_x', reason: 'test' }, 'http://unused'));
    expect(refund.code).toBe('failed-precondition');
    expect(requests).toHaveLength(0);
  });
});

describe('refundPayment in Stripe mode', () => {
  const refund = { orderId: 'order_A1', paymentIntentId: 'pi_paid_1', reason: 'paid after expiry, out of stock' };

  it('refunds the PaymentIntent in full under the key refund:<pi>', async () => {
    replies.push(() => ({ status: 200, body: { id: 're_1', object: 'refund', payment_intent: 'pi_paid_1', status: 'succeeded' } }));
    await refundPayment(refund, 'http://unused');
    expect(requests).toHaveLength(1);
    const [sent] = requests;
    expect(sent!.method).toBe('POST');
    expect(sent!.path).toBe('/v1/refunds');
    expect(sent!.form).toEqual({ payment_intent: 'pi_paid_1', 'metadata[orderId]': 'order_A1', 'metadata[reason]': refund.reason });
    expect(sent!.form).not.toHaveProperty('amount');
    expect(sent!.headers['idempotency-key']).toBe('refund:pi_paid_1');
  });

  it('counts a charge that is already refunded as done', async () => {
    replies.push(() => ({ status: 400, body: stripeError('invalid_request_error', 'Charge ch_1 has already been refunded.', 'charge_already_refunded') }));
    await expect(refundPayment(refund, 'http://unused')).resolves.toBeUndefined();
  });

  it('maps 429 to resource-exhausted and a 500 that survives retries to unavailable', async () => {
    replies.push(() => ({ status: 429, body: stripeError('invalid_request_error', 'Too many requests', 'rate_limit') }));
    expect((await httpsError(refundPayment(refund, 'http://unused'))).code).toBe('resource-exhausted');
    for (let i = 0; i < 3; i++) replies.push(() => ({ status: 500, body: stripeError('api_error', 'boom') }));
    expect((await httpsError(refundPayment(refund, 'http://unused'))).code).toBe('unavailable');
    expect(requests.slice(1).map((r) => r.headers['idempotency-key'])).toEqual(['refund:pi_paid_1', 'refund:pi_paid_1', 'refund:pi_paid_1']);
  });
});
