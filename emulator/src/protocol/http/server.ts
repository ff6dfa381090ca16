import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from '../../core/registry.js';
import { invalidArgument, notFound } from '../../core/errors.js';
import { handleRest } from '../rest/handle-rest.js';
import { handleWebChannel } from '../webchannel/handle-webchannel.js';
import { handleControl } from './control.js';
import { answerPreflight, applyCors } from './cors.js';
import { sendError } from './errors.js';

/**
 * The path a request is routed on. Routes decode their segments, so a malformed %-escape (or a URL
 * the WHATWG parser rejects) is the client's INVALID_ARGUMENT, not an internal error: checking the
 * whole path once also covers every segment, since a segment cannot split an escape.
 * @throws INVALID_ARGUMENT
 */
function routePath(url: string | undefined): string {
  let path: string;
  try {
    path = new URL(url ?? '/', 'http://localhost').pathname;
    decodeURIComponent(path);
  } catch {
    throw invalidArgument(`Malformed request URL: ${JSON.stringify(url)}`);
  }
  return path;
}

/** The HTTP/1.1 side of the port: health check, control endpoints, WebChannel and REST. */
export function createHttpServer(registry: Registry): Server {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let path = '/';
    // Before any route, so errors carry the CORS headers too: a browser hides a CORS-less error from the SDK.
    applyCors(req, res);
    if (answerPreflight(req, res)) return;
    try {
      path = routePath(req.url);
      if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return void res.end('Ok');
      }
      if (handleControl(registry, req, res, path)) return;
      if (handleWebChannel(registry, req, res, path)) return;
      if (handleRest(registry, req, res, path)) return;
      throw notFound(`No route for ${req.method} ${path}`);
    } catch (e) {
      sendError(res, e, `${req.method} ${path}`);
    }
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}
