import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { isJsonObject } from '../support/json.js';
import { REQUIREMENTS } from '../requirements/registry.js';
import { sharedSchemaRegistry } from '../schemas/schema-registry.js';
import { createEngineClient } from '../transport/connect-engine.js';
import { SUITE_NAME, suiteVersion } from '../../reporters/report-builder.js';
import type { VerifyInput } from '../../reporters/certification/bundle-verifier.js';
import { verificationExitCode, verifyBundle } from '../../reporters/certification/bundle-verifier.js';
import { discoveryDigest } from '../../reporters/certification/bundle-digests.js';
import { parsePublicKey, SigningKeyError } from '../../reporters/certification/signing-key.js';
import type { CommandIO } from './command-io.js';
import { ExitCode } from './command-io.js';

export interface VerifyCommandOptions {
  bundlePath: string;
  /** PEM file of the publisher's Ed25519 public key. */
  publicKeyPath?: string;
  /** A live engine (grpc(s):// or http(s)://) whose discovery document must still be the pinned one. */
  target?: string;
  /** Deadline for the live discovery call. */
  timeoutMs?: number;
}

class VerifyInputError extends Error {}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new VerifyInputError(`cannot read ${what} ${path}${code ? ` (${code})` : ''}`);
  }
}

/** GetCapabilities without credentials (it is public, protocol-digest §1): the document's digest, or why none was read. */
async function liveDiscovery(target: string, timeoutMs: number): Promise<NonNullable<VerifyInput['live']>> {
  let connected;
  try {
    connected = createEngineClient({ target, defaultDeadlineMs: timeoutMs });
  } catch (error) {
    throw new VerifyInputError(`--target ${target}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const reply = await connected.client.getCapabilities({}, { token: null });
    if (!isJsonObject(reply.capabilities)) return { url: target, error: 'GetCapabilities returned no capabilities document' };
    return { url: target, sha256: discoveryDigest(reply.capabilities) };
  } catch (error) {
    return { url: target, error: `discovery could not be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  } finally {
    connected.client.close();
  }
}

/**
 * `openwop-conformance verify <bundle>`: one line per check, exit 0 only when every check holds, 1 when
 * one fails, 2 for unreadable input or a target that did not answer (nothing failed, not all decided).
 */
export async function verifyCommand(options: VerifyCommandOptions, io: CommandIO): Promise<number> {
  let bundle: unknown;
  let publicKey: KeyObject | undefined;
  try {
    const text = await readText(options.bundlePath, 'bundle');
    try {
      bundle = JSON.parse(text);
    } catch (error) {
      throw new VerifyInputError(`${options.bundlePath} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (options.publicKeyPath !== undefined)
      publicKey = parsePublicKey(await readText(options.publicKeyPath, '--public-key'), `--public-key ${options.publicKeyPath}`);
  } catch (error) {
    if (!(error instanceof VerifyInputError || error instanceof SigningKeyError)) throw error;
    io.err(`openwop-conformance: ${error.message}`);
    return ExitCode.usageOrConnection;
  }
  let live: VerifyInput['live'];
  if (options.target !== undefined) {
    try {
      live = await liveDiscovery(options.target, options.timeoutMs ?? 10_000);
    } catch (error) {
      if (!(error instanceof VerifyInputError)) throw error;
      io.err(`openwop-conformance: ${error.message}`);
      return ExitCode.usageOrConnection;
    }
  }
  const checks = verifyBundle({
    bundle,
    schemas: sharedSchemaRegistry(),
    requirements: REQUIREMENTS,
    suite: { package: SUITE_NAME, version: suiteVersion() },
    ...(publicKey && { publicKey }),
    ...(live && { live }),
  });
  const marks = { holds: 'ok  ', fails: 'FAIL', undecided: '??  ' } as const;
  for (const check of checks) io.out(`${marks[check.outcome]} ${check.check}: ${check.detail}`);
  const code = verificationExitCode(checks);
  const failed = checks.filter((check) => check.outcome === 'fails').length;
  io.out(
    code === 0
      ? `Verified: ${options.bundlePath} holds (${checks.length} checks)`
      : code === 1
        ? `Not verified: ${failed} of ${checks.length} checks failed`
        : 'Not verified: a check could not be decided',
  );
  return code;
}
