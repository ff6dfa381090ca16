import type { Request } from 'firebase-functions/https';
import type { Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { demoPay } from '../../src/payments/demo-pay.js';
import { paymentMode } from '../../src/payments/payment-mode.js';

/**
 * Which payment mode an instance is in, and that the demo endpoint is off outside it: in
 * production (no emulator) and whenever a Stripe key is set. In process, no emulator needed.
 */

afterEach(() => {
  delete process.env['STRIPE_SECRET_KEY'];
  delete process.env['FUNCTIONS_EMULATOR'];
});

function setEnvironment(key: string | undefined, emulator: boolean): void {
  if (key === undefined) delete process.env['STRIPE_SECRET_KEY'];
  else process.env['STRIPE_SECRET_KEY'] = key;
  if (emulator) process.env['FUNCTIONS_EMULATOR'] = 'true';
  else delete process.env['FUNCTIONS_EMULATOR'];
}

describe('paymentMode', () => {
  it.each([
    ['a key, in the emulator', 'sk_test_x', true, 'stripe'],
    ['a key, deployed', 'sk_live_x', false, 'stripe'],
    ['no key, in the emulator', undefined, true, 'demo'],
    ['an empty key, in the emulator', '', true, 'demo'],
    ['no key, deployed', undefined, false, 'unconfigured'],
  ] as const)('%s → %s', (_name, key, emulator, mode) => {
    setEnvironment(key, emulator);
    expect(paymentMode()).toBe(mode);
  });
});

/** Calls the demoPay trigger directly with a minimal POST and returns what it answered. */
async function callDemoPay(): Promise<{ status: number; body: unknown }> {
  const answer = { status: 0, body: undefined as unknown };
  const req = { method: 'POST', headers: {}, body: { orderId: 'order-1' }, get: () => undefined } as unknown as Request;
  const res = {
    status(code: number) {
      answer.status = code;
      return this;
    },
    json(body: unknown) {
      answer.body = body;
      return this;
    },
    set() {
      return this;
    },
  } as unknown as Response;
  await demoPay(req, res);
  return answer;
}

describe('demoPay outside demo mode', () => {
  it.each([
    ['deployed without a key', undefined, false],
    ['in the emulator with a Stripe key', 'sk_test_x', true],
  ] as const)('is 404 %s', async (_name, key, emulator) => {
    setEnvironment(key, emulator);
    const answer = await callDemoPay();
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: expect.stringMatching(/demo payments are disabled/) });
  });
});
