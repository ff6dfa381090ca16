import { z } from 'zod';

/**
 * The events stripeWebhook acts on, parsed (after the signature check) down to the fields it
 * reads. Other event types are acknowledged and ignored. Metadata comes from our own
 * PaymentIntent creation (`orderId`, `uid`); Stripe copies a PaymentIntent's metadata onto its
 * charges, and `payment_intent` links a charge back when it does not.
 */
const metadata = z.record(z.string(), z.string());
/** Event ids become document ids (`stripeEvents/{id}`), so they must be path-safe. */
const eventId = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/);

const paymentIntent = z.object({
  id: z.string().min(1),
  amount: z.number().int(),
  currency: z.string(),
  metadata,
  last_payment_error: z.object({ message: z.string().optional() }).nullish(),
});

const charge = z.object({
  id: z.string().min(1),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  currency: z.string(),
  payment_intent: z.string().nullable(),
  metadata,
});

const base = { id: eventId, created: z.number().int(), livemode: z.boolean() };

export const PAYMENT_INTENT_EVENTS = ['payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.canceled'] as const;

export const handledEventSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.enum(PAYMENT_INTENT_EVENTS), data: z.object({ object: paymentIntent }) }),
  z.object({ ...base, type: z.literal('charge.refunded'), data: z.object({ object: charge }) }),
]);
export type HandledEvent = z.infer<typeof handledEventSchema>;

export const HANDLED_EVENT_TYPES: readonly string[] = [...PAYMENT_INTENT_EVENTS, 'charge.refunded'];
