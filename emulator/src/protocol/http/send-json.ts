import type { ServerResponse } from 'node:http';

/** Writes `body` as a complete JSON response (firestore-protocol.md §5.4: UTF-8 JSON, explicit length). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
