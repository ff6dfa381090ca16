import { getFunctions } from 'firebase-admin/functions';
import { z } from 'zod';
import { orderIdSchema } from '@storefront/domain';
import { adminApp } from '../lib/admin.js';
import { REGION } from '../lib/config.js';
import { hashId } from '../lib/hash-id.js';

/** The payload of a releaseReservation task. */
export const releaseTaskSchema = z.object({ orderId: orderIdSchema });
export type ReleaseTask = z.infer<typeof releaseTaskSchema>;

/** Cloud Tasks may deliver a task a little early or late; one second keeps it from being early by our clock. */
const SCHEDULE_SLACK_MS = 1000;

function isAlreadyExists(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'functions/task-already-exists';
}

/**
 * Schedules releaseReservation for `orderId` just after `expiresAt`. The task id is a hash of the
 * order id, so scheduling again (a retried placeOrder) is rejected by the queue as a duplicate,
 * which counts as success.
 * @throws what the task queue throws for anything but a duplicate.
 */
export async function scheduleRelease(orderId: string, expiresAt: Date): Promise<void> {
  const queue = getFunctions(adminApp()).taskQueue<ReleaseTask>(`locations/${REGION}/functions/releaseReservation`);
  try {
    await queue.enqueue(
      { orderId: orderId as ReleaseTask['orderId'] },
      { id: hashId('release', orderId), scheduleTime: new Date(expiresAt.getTime() + SCHEDULE_SLACK_MS) },
    );
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}
