import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SignatureVerdict } from './webhook-signature.js';
import { timestampSkewSeconds, verifySignature } from './webhook-signature.js';

/**
 * The suite's webhook receiver: a plain node:http server (the platform's; a framework would add
 * nothing) bound to 127.0.0.1 on a free port by default, or where `--webhook-host`/`--webhook-port`
 * say for an engine on another machine. Each check opens an endpoint of its own (a fresh path
 * and secret), so deliveries never leak between checks. Every delivery is recorded with its
 * signature verdict; one with a bad signature is answered 401 and never accepted. Waiting is on
 * arrivals (an event per delivery), never on a timer.
 */

export interface ReceiverBinding {
  host: string;
  port: number;
}

export const DEFAULT_RECEIVER_BINDING: ReceiverBinding = { host: '127.0.0.1', port: 0 };

export interface WebhookDelivery {
  receivedAtMs: number;
  /** Lowercase header names, first value each. */
  headers: Record<string, string>;
  rawBody: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  body: unknown;
  signature: SignatureVerdict;
  /** Receiver clock minus the timestamp header, in seconds; undefined without a usable header. */
  timestampSkewSeconds: number | undefined;
  /** What the receiver answered. */
  answeredStatus: number;
}

export interface EndpointOptions {
  /** Answer 500 once, to the first delivery this matches (to see how the engine treats a receiver error). */
  failOnceWhen?: (delivery: WebhookDelivery) => boolean;
}

/** Largest delivery body read; an event is far smaller. */
const MAX_BODY_BYTES = 1024 * 1024;

export class ReceiverEndpoint {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly arrivals = new EventEmitter();
  private failedOnce = false;

  constructor(
    readonly url: string,
    readonly secret: string,
    private readonly options: EndpointOptions,
  ) {}

  /** Resolves with the first delivery (past or future) that matches, or undefined once `ms` have passed. */
  waitFor(matches: (delivery: WebhookDelivery) => boolean, ms: number): Promise<WebhookDelivery | undefined> {
    const seen = this.deliveries.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const onArrival = (delivery: WebhookDelivery): void => {
        if (!matches(delivery)) return;
        clearTimeout(timer);
        this.arrivals.off('delivery', onArrival);
        resolve(delivery);
      };
      const timer = setTimeout(() => {
        this.arrivals.off('delivery', onArrival);
        resolve(undefined);
      }, ms);
      this.arrivals.on('delivery', onArrival);
    });
  }

  /** Records a delivery and decides the HTTP answer. */
  receive(headers: Record<string, string>, rawBody: string, receivedAtMs: number): number {
    const signature = verifySignature(this.secret, headers, rawBody);
    const delivery: WebhookDelivery = {
      receivedAtMs,
      headers,
      rawBody,
      body: parseJson(rawBody),
      signature,
      timestampSkewSeconds: timestampSkewSeconds(headers, receivedAtMs),
      answeredStatus: 200,
    };
    if (!signature.valid) delivery.answeredStatus = 401;
    else if (!this.failedOnce && this.options.failOnceWhen?.(delivery)) {
      this.failedOnce = true;
      delivery.answeredStatus = 500;
    }
    this.deliveries.push(delivery);
    this.arrivals.emit('delivery', delivery);
    return delivery.answeredStatus;
  }
}

export class WebhookReceiver {
  private readonly endpoints = new Map<string, ReceiverEndpoint>();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(binding: ReceiverBinding = DEFAULT_RECEIVER_BINDING): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((request, response) => {
      void receiver?.handle(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(binding.port, binding.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const host = binding.host.includes(':') ? `[${binding.host}]` : binding.host;
    receiver = new WebhookReceiver(server, `http://${host}:${port}`);
    return receiver;
  }

  /** A fresh endpoint: its own path and secret. */
  endpoint(options: EndpointOptions = {}): ReceiverEndpoint {
    const path = `/hooks/${randomUUID()}`;
    const endpoint = new ReceiverEndpoint(`${this.baseUrl}${path}`, `whsec-${randomUUID()}`, options);
    this.endpoints.set(path, endpoint);
    return endpoint;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAtMs = Date.now();
    const endpoint = this.endpoints.get((request.url ?? '').split('?')[0] ?? '');
    let rawBody: string;
    try {
      rawBody = await readBody(request);
    } catch {
      response.writeHead(413).end();
      return;
    }
    if (request.method !== 'POST' || !endpoint) {
      response.writeHead(request.method !== 'POST' ? 405 : 404).end();
      return;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? (value[0] ?? '') : value;
    }
    response.writeHead(endpoint.receive(headers, rawBody, receivedAtMs)).end();
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.destroy();
        reject(new Error('body too large'));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
