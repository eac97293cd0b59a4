import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { SigningKeyError, parsePrivateKey } from '../../reporters/certification/signing-key.js';
import type { CommandIO } from './command-io.js';
import { UsageError } from './usage-error.js';

export interface SigningKeyInput {
  /** --sign-key: PEM file of an Ed25519 private key. */
  signKeyPath?: string;
  /** $OPENWOP_SIGN_KEY: the key's PEM text (a CI secret), used when no --sign-key is given. */
  signKeyPem?: string;
}

/** The signing key, read and checked before any work: a bad key is a usage error, not a lost run. */
export async function loadSigningKey(options: SigningKeyInput): Promise<KeyObject | undefined> {
  if (options.signKeyPath !== undefined) {
    let pem: string;
    try {
      pem = await readFile(options.signKeyPath, 'utf8');
    } catch (error) {
      throw new UsageError(`--sign-key ${options.signKeyPath}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return parsePrivateKey(pem, `--sign-key ${options.signKeyPath}`);
  }
  if (options.signKeyPem !== undefined && options.signKeyPem.trim() !== '') return parsePrivateKey(options.signKeyPem, '$OPENWOP_SIGN_KEY');
  return undefined;
}

/**
 * loadSigningKey for a command: a bad key is said in one line and answers `refused` (the command
 * then exits with the usage code); anything else thrown is a suite error and propagates.
 */
export async function signingKeyOrRefusal(options: SigningKeyInput, io: CommandIO): Promise<KeyObject | undefined | 'refused'> {
  try {
    return await loadSigningKey(options);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof SigningKeyError)) throw error;
    io.err(`openwop-conformance: ${error.message}`);
    return 'refused';
  }
}
