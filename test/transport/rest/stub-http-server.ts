import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the stub saw it. */
export interface SeenRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type StubHandler = (request: SeenRequest, response: ServerResponse) => void | Promise<void>;

/** A node:http server on a free loopback port that plays an engine's REST surface for one test. */
export class StubHttpServer {
  readonly seen: SeenRequest[] = [];
  #server: Server | undefined;
  #handler: StubHandler = (_request, response) => sendJson(response, 500, { error: 'internal_error', message: 'no handler' });

  handle(handler: StubHandler): void {
    this.#handler = handler;
  }

  async start(): Promise<string> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const seen: SeenRequest = {
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.seen.push(seen);
        void Promise.resolve(this.#handler(seen, response)).catch(() => response.destroy());
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** One SSE frame as the wire contract writes it. */
export function sseFrame(id: string | undefined, event: string | undefined, data: unknown): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}${event !== undefined ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
}

export function runEventDoc(sequence: number, type: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { eventId: `e${sequence}`, sequence, runId: 'r1', type, payload: {}, timestamp: '2026-01-01T00:00:00Z', ...extra };
}
