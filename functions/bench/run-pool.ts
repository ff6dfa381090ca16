/**
 * Runs `task(0 … count-1)` with at most `limit` in flight (a client-side bound on concurrency, the
 * way a load generator caps its connections), resolving with the results in index order.
 */
export async function runPool<T>(
  count: number,
  limit: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}
