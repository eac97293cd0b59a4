import { isIP } from 'node:net';
import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { RpcError } from '../../harness/transport/rpc-error.js';
import { uninformativeReason } from '../../harness/verdicts/uninformative-errors.js';
import { BlockedError } from '../../harness/verdicts/outcome-errors.js';
import { loopbackRefusal, withWebhookSession } from './webhook-session.js';

/**
 * SSRF protection at registration (webhooks.md §Security / SSRF protection; §Register: url MUST be
 * https): RegisterWebhook refuses private, link-local, unique-local and cloud-metadata hosts. The
 * suite only registers these URLs; an accepted one is unregistered at once, and no traffic is ever
 * sent to them by the suite.
 *
 * The suite's own receiver is plain http on loopback (or where --webhook-host puts it), and the
 * webhook area needs the engine to accept it. So the receiver is registered first:
 * - accepted (the engine's test mode): the URL classes the receiver itself belongs to, and plain
 *   http, are not judged (the suite asked the engine to accept them), with a warning; every other
 *   class is;
 * - refused for SSRF or https reasons (a strict engine): loopback, localhost and plain http are
 *   judged too.
 */

const EVENT_TYPES = ['run.completed'];

type HostClass = 'loopback' | 'private' | 'link-local' | 'unique-local' | 'metadata' | 'public';

interface Probe {
  url: string;
  hostClass: HostClass;
  /** Judged only against an engine that refused the suite's receiver (plain http / loopback). */
  strictOnly?: boolean;
}

/** https throughout (but the scheme probe), so each refusal can only be about the host. */
const PROBES: readonly Probe[] = [
  { url: 'https://10.255.255.1/openwop-conformance', hostClass: 'private' },
  { url: 'https://172.16.0.1/openwop-conformance', hostClass: 'private' },
  { url: 'https://192.168.0.1/openwop-conformance', hostClass: 'private' },
  { url: 'https://169.254.0.1/openwop-conformance', hostClass: 'link-local' },
  { url: 'https://[fe80::1]/openwop-conformance', hostClass: 'link-local' },
  { url: 'https://[fd00::1]/openwop-conformance', hostClass: 'unique-local' },
  { url: 'https://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token', hostClass: 'metadata' },
  { url: 'https://metadata.google.internal/computeMetadata/v1/', hostClass: 'metadata' },
  { url: 'https://metadata/computeMetadata/v1/', hostClass: 'metadata' },
  { url: 'https://127.0.0.1/openwop-conformance', hostClass: 'loopback', strictOnly: true },
  { url: 'https://[::1]/openwop-conformance', hostClass: 'loopback', strictOnly: true },
  { url: 'https://localhost/openwop-conformance', hostClass: 'loopback', strictOnly: true },
  // A reserved public name over plain http: refused by the https rule alone.
  { url: 'http://webhook.example.com/openwop-conformance', hostClass: 'public', strictOnly: true },
];

/** The SSRF class of a URL's host, as written (no name resolution). */
export function hostClassOf(urlText: string): HostClass {
  const host = new URL(urlText).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'))) return 'loopback';
  if (host === 'metadata' || host === 'metadata.google.internal' || host === '169.254.169.254') return 'metadata';
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    if (a === 169 && b === 254) return 'link-local';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  }
  if (isIP(host) === 6) {
    if (/^fe[89ab]/.test(host)) return 'link-local';
    if (/^f[cd]/.test(host)) return 'unique-local';
  }
  return 'public';
}

/** Registers the receiver: true when the engine refused it for SSRF or https reasons (a strict engine). */
async function receiverRefused(t: TestContext, url: string, secret: string): Promise<boolean> {
  try {
    const { webhookId } = await t.client.registerWebhook({ url, eventTypes: EVENT_TYPES, secret });
    if (webhookId) await t.client.unregisterWebhook({ webhookId }).catch(() => undefined);
    return false;
  } catch (error) {
    if (!(error instanceof RpcError)) throw error;
    if (loopbackRefusal(error, url)) return true;
    throw new BlockedError(
      `control call failed: RegisterWebhook of the suite's receiver ${url} answered ${error.codeName} (${uninformativeReason(error) ?? error.statusMessage}); that is webhook.register-returns-id's finding`,
    );
  }
}

export const WEBHOOK_SSRF_CHECKS = [
  check('webhook.register-ssrf-unsafe-url-rejected', async (t: TestContext) => {
    await withWebhookSession(t, async (session) => {
      const endpoint = session.receiver.endpoint();
      const strict = await receiverRefused(t, endpoint.url, endpoint.secret);
      const receiverClass = hostClassOf(endpoint.url);
      const judged = PROBES.filter((probe) => (strict ? true : !probe.strictOnly && probe.hostClass !== receiverClass));
      if (strict)
        t.warn(
          `the engine refused the suite's own receiver ${endpoint.url} (webhooks.md's strict reading), so loopback, localhost and plain-http URLs were judged too`,
        );
      else
        t.warn(
          `the engine accepted the suite's receiver ${endpoint.url} (plain http, ${receiverClass} host: its test mode), so ${receiverClass} and plain-http URLs were not judged; ${judged.length} other URLs were`,
        );
      t.precondition(judged.length > 0, 'no URL class is left to judge');
      for (const probe of judged) {
        const what = `RegisterWebhook of ${probe.url} (${probe.hostClass === 'public' ? 'plain http' : `${probe.hostClass} host`})`;
        // An accepted subscription is removed at once, before the verdict, so nothing is delivered to it.
        const call = t.client
          .registerWebhook({ url: probe.url, eventTypes: EVENT_TYPES, secret: endpoint.secret }, { deliberatelyInvalid: what })
          .then(async (reply) => {
            if (reply.webhookId) await t.client.unregisterWebhook({ webhookId: reply.webhookId }).catch(() => undefined);
            return reply;
          });
        // webhooks.md says "reject" and names no status: 400 (its Register table's refusals) or 422, any code.
        await t.expectRpcError(
          call,
          [
            { code: 'INVALID_ARGUMENT', envelopeCodes: ['validation_error', 'webhook_url_rejected'], anyEnvelopeCode: true },
            { code: 'FAILED_PRECONDITION', envelopeCodes: ['webhook_url_rejected'], anyEnvelopeCode: true },
          ],
          what,
        );
      }
    });
  }),
];
