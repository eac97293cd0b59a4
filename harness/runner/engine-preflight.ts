import { randomBytes } from 'node:crypto';
import type { EngineClient } from '../transport/engine-client.js';
import { RpcError } from '../transport/rpc-error.js';
import { GrpcCode } from '../transport/rpc-names.js';
import type { JsonObject } from '../support/json.js';
import { isJsonObject } from '../support/json.js';

/**
 * The runner's own calls before any check: discovery (which gates every requirement) and one probe
 * of the credentials. Neither is evidence about a requirement; a failure of either leaves nothing
 * assessable and the run reports every requirement blocked with the reason.
 */

/**
 * The runner's one discovery call. It goes without a token first, as the spec makes GetCapabilities
 * public, and retries with the token so a wrongly protected engine can still be measured:
 * discovery.served-without-token reports that fault on its own. A string is the failure's reason.
 */
export async function discover(client: EngineClient): Promise<JsonObject | string> {
  try {
    let reply;
    try {
      reply = await client.getCapabilities({}, { token: null });
    } catch (error) {
      if (!(error instanceof RpcError) || error.code !== GrpcCode.UNAUTHENTICATED) throw error;
      reply = await client.getCapabilities({});
    }
    if (!isJsonObject(reply.capabilities)) return 'discovery failed: GetCapabilities returned no capabilities document';
    return reply.capabilities;
  } catch (error) {
    return `discovery failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * One authenticated call before the checks: if the engine refuses our credentials outright, every
 * check would fail for the user's reason, not the engine's ("401 everywhere"). GetRun of an unknown
 * id is harmless, and auth comes before existence (protocol-digest §2), so a correct engine with a
 * good token answers NOT_FOUND.
 */
export async function credentialsRefusal(client: EngineClient): Promise<string | undefined> {
  try {
    await client.getRun({ runId: `credentials-probe-${randomBytes(8).toString('hex')}` });
  } catch (error) {
    if (error instanceof RpcError && error.code === GrpcCode.UNAUTHENTICATED) {
      return `the engine refused the credentials (${error.message}); pass a valid --token or set OPENWOP_TOKEN`;
    }
  }
  return undefined;
}
