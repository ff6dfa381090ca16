import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { verifyStripeEvent } from '../../src/payments/verify-stripe-event.js';

/** The webhook's signature check as a pure function (its HTTP behaviour is in stripe-webhook.test.ts). */

const SECRET = 'whsec_unit_test_secret';
const payload = JSON.stringify({ id: 'evt_unit_1', object: 'event', type: 'payment_intent.succeeded', data: { object: {} } });
const signed = (secret = SECRET, timestamp?: number) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp === undefined ? {} : { timestamp }) });

describe('verifyStripeEvent', () => {
  it('fails closed with 500 when no secret is configured, even for a correctly signed event', () => {
    const result = verifyStripeEvent(Buffer.from(payload), signed(), undefined);
    expect(result).toEqual({ ok: false, status: 500, message: 'the webhook secret is not configured' });
    expect(verifyStripeEvent(Buffer.from(payload), signed(), '')).toMatchObject({ ok: false, status: 500 });
  });

  it('accepts the raw body signed with the secret and returns the event', () => {
    const result = verifyStripeEvent(Buffer.from(payload), signed(), SECRET);
    expect(result.ok && result.event.id).toBe('evt_unit_1');
  });

  it('rejects with 400 a missing header, another secret, a changed body and a stale timestamp', () => {
    expect(verifyStripeEvent(Buffer.from(payload), undefined, SECRET)).toMatchObject({ ok: false, status: 400 });
    expect(verifyStripeEvent(Buffer.from(payload), signed('whsec_other'), SECRET)).toMatchObject({ ok: false, status: 400 });
    expect(verifyStripeEvent(Buffer.from(payload.replace('evt_unit_1', 'evt_unit_2')), signed(), SECRET)).toMatchObject({ ok: false, status: 400 });
    const stale = signed(SECRET, Math.floor(Date.now() / 1000) - 301);
    const result = verifyStripeEvent(Buffer.from(payload), stale, SECRET);
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(!result.ok && result.message).toMatch(/tolerance/i);
  });
});
