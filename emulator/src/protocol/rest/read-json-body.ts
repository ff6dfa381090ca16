import type { IncomingMessage } from 'node:http';
import { invalidArgument } from '../../core/errors.js';

/**
 * Reads a request body as JSON; an empty body is the empty message `{}` (Google accepts one for
 * requests without fields, e.g. beginTransaction).
 * @throws INVALID_ARGUMENT when the body exceeds `maxBytes` (reading stops there) or is not JSON
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw invalidArgument(`Request body exceeds the limit of ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw invalidArgument(`Invalid JSON payload received. ${e instanceof Error ? e.message : String(e)}`);
  }
}
