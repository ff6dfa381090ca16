/**
 * A measurement either produced a value or failed; a failure keeps the error's first line so the
 * table can say why (e.g. an operation @firestore-emulator/server does not implement).
 */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const failure = (error: string): Outcome<never> => ({ ok: false, error });

/** First line of whatever was thrown. */
export function firstLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  return text.split('\n')[0] ?? text;
}

/** Runs `fn`, turning a throw into a failed Outcome instead of aborting the bench. */
export async function attempt<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return failure(firstLine(e));
  }
}

/**
 * Rejects if `promise` has not settled after `ms`. The SDK retries UNAVAILABLE and similar for
 * minutes, so without this one stuck operation would stall the whole bench.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  // The abandoned promise may still reject later (e.g. when its emulator is killed); swallow that.
  promise.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
