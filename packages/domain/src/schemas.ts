import { z } from 'zod';
import { checkoutIdSchema, orderIdSchema, productIdSchema, storeIdSchema } from './ids.js';
import { MAX_LINES_PER_ORDER, MAX_QUANTITY_PER_LINE, MAX_QUANTITY_PER_ORDER } from './limits.js';
import { amountSchema, currencySchema } from './money.js';
import { ORDER_STATUSES } from './order-status.js';

/**
 * zod schemas of every callable payload and every document. Callable inputs are parsed at the
 * function boundary; documents are parsed where they are read (web api modules, functions).
 * Unknown keys in callable input are stripped, not rejected: a client that sends a `price` is
 * simply not listened to (prices come from the catalog only).
 */

// ---- callables -------------------------------------------------------------------------------

export const orderStatusSchema = z.enum(ORDER_STATUSES);

export const quantitySchema = z
  .number({ error: 'quantity must be a number' })
  .int('quantity must be a whole number')
  .min(1, 'quantity must be at least 1')
  .max(MAX_QUANTITY_PER_LINE, `quantity must be at most ${MAX_QUANTITY_PER_LINE} per line`);

export const placeOrderInputSchema = z
  .object({
    checkoutId: checkoutIdSchema,
    storeId: storeIdSchema,
    lines: z
      .array(z.object({ productId: productIdSchema, quantity: quantitySchema }))
      .min(1, 'the cart is empty')
      .max(MAX_LINES_PER_ORDER, `at most ${MAX_LINES_PER_ORDER} lines per order`),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.lines.forEach((line, i) => {
      if (seen.has(line.productId))
        ctx.addIssue({ code: 'custom', path: ['lines', i, 'productId'], message: `product ${line.productId} appears on more than one line` });
      seen.add(line.productId);
    });
    const total = input.lines.reduce((sum, line) => sum + line.quantity, 0);
    if (total > MAX_QUANTITY_PER_ORDER)
      ctx.addIssue({ code: 'custom', path: ['lines'], message: `at most ${MAX_QUANTITY_PER_ORDER} items per order (got ${total})` });
  });
export type PlaceOrderInput = z.infer<typeof placeOrderInputSchema>;

export const paymentSchema = z.discriminatedUnion('mode', [
  /** Stripe test or live mode: the client confirms with the PaymentIntent's client secret. */
  z.object({ mode: z.literal('stripe'), paymentIntentId: z.string(), clientSecret: z.string() }),
  /** No Stripe key configured: the demo payment endpoint stands in for Stripe's checkout. */
  z.object({ mode: z.literal('demo'), paymentIntentId: z.string(), payUrl: z.string() }),
]);
export type Payment = z.infer<typeof paymentSchema>;

export const placeOrderResultSchema = z.object({
  orderId: orderIdSchema,
  status: orderStatusSchema,
  amount: amountSchema,
  currency: currencySchema,
  /** ISO 8601. */
  expiresAt: z.string(),
  payment: paymentSchema.nullable(),
});
export type PlaceOrderResult = z.infer<typeof placeOrderResultSchema>;

/** `details` of the failed-precondition error placeOrder throws when lines are short. */
export const outOfStockDetailsSchema = z.object({
  reason: z.literal('out-of-stock'),
  lines: z.array(z.object({ productId: productIdSchema, requested: z.number().int(), available: z.number().int() })),
});
export type OutOfStockDetails = z.infer<typeof outOfStockDetailsSchema>;

/** Body of the demo payment endpoint (no Stripe key, emulator only): "pay" or fail an order's payment. */
export const demoPayInputSchema = z.object({
  orderId: orderIdSchema,
  outcome: z.enum(['succeeded', 'failed']).default('succeeded'),
});
export type DemoPayInput = z.input<typeof demoPayInputSchema>;

export const cancelOrderInputSchema = z.object({ orderId: orderIdSchema });
export type CancelOrderInput = z.infer<typeof cancelOrderInputSchema>;

export const advanceOrderInputSchema = z.object({ orderId: orderIdSchema, to: orderStatusSchema });
export type AdvanceOrderInput = z.infer<typeof advanceOrderInputSchema>;

export const orderStatusResultSchema = z.object({ orderId: orderIdSchema, status: orderStatusSchema });
export type OrderStatusResult = z.infer<typeof orderStatusResultSchema>;

// ---- documents -------------------------------------------------------------------------------

/** A Firestore Timestamp from either SDK (the domain imports neither). */
export interface TimestampLike {
  toMillis(): number;
}
export const timestampSchema = z.custom<TimestampLike>(
  (v) => typeof v === 'object' && v !== null && typeof (v as TimestampLike).toMillis === 'function',
  'expected a Firestore Timestamp',
);

export const productSchema = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(2000),
  category: z.string().min(1).max(100),
  /** Minor units of `currency`. */
  price: amountSchema.refine((p) => p > 0, 'price must be positive'),
  currency: currencySchema,
  /** A URL or `data:` URL; seeds generate SVGs locally. */
  image: z.string(),
  active: z.boolean(),
});
export type Product = z.infer<typeof productSchema>;

export const storeSchema = z.object({
  name: z.string().min(1),
  address: z.string(),
  postalCode: z.string(),
  location: z.object({ latitude: z.number(), longitude: z.number() }),
});
export type Store = z.infer<typeof storeSchema>;

const count = z.number().int().nonnegative();
export const stockSchema = z
  .object({ onHand: count, reserved: count, available: count, updatedAt: timestampSchema })
  .refine((s) => s.available === s.onHand - s.reserved, 'available must equal onHand − reserved');
export type Stock = z.infer<typeof stockSchema>;

export const orderLineSchema = z.object({
  productId: productIdSchema,
  name: z.string(),
  quantity: z.number().int().positive(),
  /** Price per unit at the moment of purchase, from the catalog. */
  unitAmount: amountSchema,
});
export type OrderLine = z.infer<typeof orderLineSchema>;

export const orderSchema = z.object({
  uid: z.string(),
  storeId: storeIdSchema,
  checkoutId: z.string(),
  lines: z.array(orderLineSchema).min(1),
  amount: amountSchema,
  currency: currencySchema,
  status: orderStatusSchema,
  expiresAt: timestampSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  /** Stripe PaymentIntent id once the payment was created. */
  paymentIntentId: z.string().nullable(),
  /** A message the shopper should see (payment failed, refunded because out of stock, …). */
  notice: z.string().nullable().optional(),
});
export type Order = z.infer<typeof orderSchema>;

export const ACTOR_KINDS = ['shopper', 'admin', 'system', 'stripe'] as const;
export const actorSchema = z.object({ kind: z.enum(ACTOR_KINDS), uid: z.string().nullable() });
export type Actor = z.infer<typeof actorSchema>;

/** Timeline entries: one per status reached (but the first), plus events that change no status. */
export const ORDER_EVENT_TYPES = [
  'placed',
  ...(ORDER_STATUSES.filter((s) => s !== 'pending_payment') as Exclude<(typeof ORDER_STATUSES)[number], 'pending_payment'>[]),
  'payment_failed',
  'refund_requested',
] as const;
export const orderEventSchema = z.object({
  type: z.enum(ORDER_EVENT_TYPES),
  at: timestampSchema,
  actor: actorSchema,
  from: orderStatusSchema.nullable(),
  to: orderStatusSchema.nullable(),
  note: z.string().nullable(),
});
export type OrderEvent = z.infer<typeof orderEventSchema>;

export const LEDGER_KINDS = ['reservation', 'release', 'sale', 'restock', 'correction'] as const;
export const ledgerEntrySchema = z.object({
  kind: z.enum(LEDGER_KINDS),
  productId: productIdSchema,
  storeId: storeIdSchema,
  orderId: z.string().nullable(),
  /** Changes applied, each possibly zero: a sale lowers both onHand and reserved. */
  onHandDelta: z.number().int(),
  reservedDelta: z.number().int(),
  actor: actorSchema,
  reason: z.string(),
  at: timestampSchema,
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
