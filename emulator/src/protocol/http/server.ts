import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from '../../core/registry.js';
import { notFound } from '../../core/errors.js';
import { handleControl } from './control.js';
import { sendError } from './errors.js';

/** The HTTP/1.1 side of the port: health check and control endpoints (REST arrives with the browser work). */
export function createHttpServer(registry: Registry): Server {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let path = '/';
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return void res.end('Ok');
      }
      if (handleControl(registry, req, res, path)) return;
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
