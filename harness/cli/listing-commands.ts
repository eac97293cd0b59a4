import { FAULTS } from '../../fixtures/reference-engine/faults/fault-catalogue.js';
import { REQUIREMENTS } from '../requirements/registry.js';
import type { CommandIO, ExitCodeValue } from './command-io.js';
import { ExitCode } from './command-io.js';

/** `openwop-conformance requirements`: the registry as a table, or JSON with --json. */
export function requirementsCommand(options: { json: boolean }, io: CommandIO): ExitCodeValue {
  if (options.json) {
    io.out(JSON.stringify(REQUIREMENTS.all, null, 2));
    return ExitCode.conformant;
  }
  const width = Math.max(...REQUIREMENTS.all.map((requirement) => requirement.id.length));
  for (const requirement of REQUIREMENTS.all) {
    const gate = [...(requirement.gate ?? []).map((condition) => `${condition.path}:${condition.test}`), ...(requirement.fixtures ?? [])].join(', ');
    io.out(`${requirement.id.padEnd(width)}  ${requirement.level.padEnd(6)}  ${requirement.title}${gate ? `  [needs ${gate}]` : ''}`);
  }
  io.out(`${REQUIREMENTS.all.length} requirements`);
  return ExitCode.conformant;
}

/** `openwop-conformance faults`: the reference engine's fault catalogue. */
export function faultsCommand(options: { json: boolean }, io: CommandIO): ExitCodeValue {
  if (options.json) {
    io.out(JSON.stringify(FAULTS, null, 2));
    return ExitCode.conformant;
  }
  const width = Math.max(...FAULTS.map((fault) => fault.name.length));
  for (const fault of FAULTS) io.out(`${fault.name.padEnd(width)}  ${fault.breaks}  → ${fault.kills.join(', ')}`);
  io.out(`${FAULTS.length} faults`);
  return ExitCode.conformant;
}
