import type { IncomingMessage } from 'node:http';
import { invalidArgument } from '../../core/errors.js';

/**
 * Reads a request body, refusing one over `maxBytes` without buffering it. Reading stops there
 * and the rest is left unread: the caller answers and closes the connection (req.complete is false).
 * @throws INVALID_ARGUMENT when the body is too large (Google's answer to an oversized payload)
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const tooLarge = () => invalidArgument(`Request payload size exceeds the limit: ${maxBytes} bytes.`);
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      // Not req.destroy(): that would reset the socket before the client could read the answer.
      req.off('data', onData);
      req.pause();
      reject(tooLarge());
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Reads a request body as JSON; an empty body is the empty message `{}` (Google accepts one for
 * requests without fields, e.g. beginTransaction).
 * @throws INVALID_ARGUMENT when the body exceeds `maxBytes` or is not JSON
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const text = await readBody(req, maxBytes);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw invalidArgument(`Invalid JSON payload received. ${e instanceof Error ? e.message : String(e)}`);
  }
}
