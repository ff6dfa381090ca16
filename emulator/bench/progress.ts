const started = performance.now();

/** Progress goes to stderr so stdout holds only the table and the raw numbers. */
export function progress(message: string): void {
  const s = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${s}s] ${message}\n`);
}
