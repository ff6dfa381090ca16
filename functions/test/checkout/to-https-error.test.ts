import { HttpsError } from 'firebase-functions/https';
import { describe, expect, it } from 'vitest';
import { mappingErrors, toHttpsError } from '../../src/lib/to-https-error.js';

/** What a callable answers for errors from below it (reliability.md F10: never 'internal' for contention). */
describe('toHttpsError', () => {
  it('passes HttpsErrors through unchanged', () => {
    const original = new HttpsError('failed-precondition', 'Not enough stock', { reason: 'out-of-stock' });
    expect(toHttpsError(original, 'placeOrder')).toBe(original);
  });

  it('turns Firestore contention that outlived the retries into a retriable aborted', () => {
    const aborted = Object.assign(new Error('10 ABORTED: Too much contention on these documents.'), { code: 10 });
    expect(toHttpsError(aborted, 'placeOrder')).toMatchObject({ code: 'aborted', message: 'Too much contention, please retry' });
  });

  it('turns timeouts and outages into unavailable', () => {
    for (const code of [4, 14]) expect(toHttpsError(Object.assign(new Error('x'), { code }), 'placeOrder').code).toBe('unavailable');
  });

  it('hides anything else behind a bare internal', () => {
    const mapped = toHttpsError(new TypeError("Cannot read properties of undefined (reading 'secret')"), 'placeOrder');
    expect(mapped).toMatchObject({ code: 'internal', message: 'placeOrder failed' });
    expect(mapped.details).toBeUndefined();
  });

  it('mappingErrors applies it to a handler', async () => {
    const handler = mappingErrors('cancelOrder', () => Promise.reject(Object.assign(new Error('contention'), { code: 10 })));
    await expect(handler({} as Parameters<typeof handler>[0])).rejects.toMatchObject({ code: 'aborted' });
  });
});
