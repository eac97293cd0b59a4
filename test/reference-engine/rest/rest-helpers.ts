import type { Json } from '../raw-engine-client.js';
import { jsonText } from '../../../harness/support/json.js';

/**
 * Test-side HTTP and SSE readers for the reference engine's REST surface: Node's fetch, and a
 * minimal SSE frame parser (blank-line separated frames of `field: value` lines, `:` comments
 * skipped), written here so the tests do not share the harness client's parsing.
 */

export type JsonObject = { [key: string]: Json };

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: Json | undefined;
}

export class RestCaller {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  async call(method: string, path: string, body?: Json, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const init: RequestInit = {
      method,
      headers: { ...(this.token && { authorization: `Bearer ${this.token}` }), ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    };
    const response = await fetch(`${this.baseUrl}${path}`, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: parseJson(text) };
  }

  /** The body as an object (fails the test when it is not one). */
  async object(
    method: string,
    path: string,
    body?: Json,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: JsonObject; headers: Headers }> {
    const answer = await this.call(method, path, body, headers);
    if (!isObject(answer.json)) throw new Error(`${method} ${path} answered ${answer.status} ${answer.text}`);
    return { status: answer.status, body: answer.json, headers: answer.headers };
  }

  async createRun(workflowId: string, inputs: JsonObject = {}): Promise<string> {
    const { status, body } = await this.object('POST', '/v1/runs', { workflowId, inputs });
    if (status !== 201) throw new Error(`CreateRun answered ${status}`);
    return jsonText(body['runId']);
  }

  /** Reads an SSE response to its end (the server closes after the terminal event). */
  async sse(path: string, headers: Record<string, string> = {}): Promise<{ status: number; contentType: string; frames: SseFrame[]; raw: string }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: { accept: 'text/event-stream', ...(this.token && { authorization: `Bearer ${this.token}` }), ...headers },
    });
    const raw = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', frames: parseSse(raw), raw };
  }

  /** The run's events from the start, debug mode, unbatched. */
  async events(runId: string): Promise<JsonObject[]> {
    const { frames } = await this.sse(`/v1/runs/${encodeURIComponent(runId)}/events?streamMode=debug`);
    return frames.flatMap(frameEvents);
  }
}

export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
}

export function parseSse(raw: string): SseFrame[] {
  const frames: SseFrame[] = [];
  for (const block of raw.split(/\r?\n\r?\n/)) {
    const frame: SseFrame = { data: '' };
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) continue;
    frame.data = data.join('\n');
    frames.push(frame);
  }
  return frames;
}

/** The events of one frame: a batch frame holds an array, any other frame one event. */
export function frameEvents(frame: SseFrame): JsonObject[] {
  const parsed = parseJson(frame.data);
  if (Array.isArray(parsed)) return parsed.filter(isObject);
  return isObject(parsed) ? [parsed] : [];
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}
