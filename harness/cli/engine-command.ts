import type { RunningReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { startReferenceEngine } from '../../fixtures/reference-engine/index.js';
import { UsageError } from '../usage-error.js';
import type { CommandIO } from './command-io.js';

export interface EngineCommandOptions {
  host: string;
  port: number;
  faults: string[];
  token?: string;
}

/** `openwop-conformance engine`: starts the bundled engine and says where; the CLI keeps it alive. */
export async function engineCommand(options: EngineCommandOptions, io: CommandIO): Promise<RunningReferenceEngine> {
  let engine: RunningReferenceEngine;
  try {
    engine = await startReferenceEngine({ host: options.host, port: options.port, faults: options.faults, ...(options.token && { token: options.token }) });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const faults = options.faults.length > 0 ? ` with faults ${options.faults.join(', ')}` : '';
  io.out(`openwop reference engine listening on ${engine.url}${faults}${options.token ? ' (bearer token required)' : ''}`);
  io.out(`test it: openwop-conformance run --target ${engine.url}${options.token ? ' --token <token>' : ''}`);
  return engine;
}
