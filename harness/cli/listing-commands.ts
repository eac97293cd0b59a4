import { FAULTS, TOLERATED_VARIANTS } from '../../fixtures/reference-engine/faults/fault-catalogue.js';
import { REQUIREMENTS } from '../requirements/registry.js';
import type { CapabilityCondition } from '../requirements/requirement.js';
import type { CommandIO, ExitCodeValue } from './command-io.js';
import { ExitCode } from './command-io.js';

/** A gate condition as the table shows it, e.g. `runs.fork.modes:includes=replay over rest`. */
const describeCondition = (condition: CapabilityCondition, over = ''): string =>
  `${condition.path}:${condition.test}${condition.test === 'includes' ? `=${condition.value}` : ''}${over}`;

/** `openwop-conformance requirements`: the registry as a table, or JSON with --json. */
export function requirementsCommand(options: { json: boolean }, io: CommandIO): ExitCodeValue {
  if (options.json) {
    io.out(JSON.stringify(REQUIREMENTS.all, null, 2));
    return ExitCode.conformant;
  }
  const width = Math.max(...REQUIREMENTS.all.map((requirement) => requirement.id.length));
  for (const requirement of REQUIREMENTS.all) {
    const transportGates = Object.entries(requirement.transportGate ?? {}).flatMap(([transport, conditions]) =>
      conditions.map((condition) => describeCondition(condition, ` over ${transport}`)),
    );
    const gate = [...(requirement.gate ?? []).map((condition) => describeCondition(condition)), ...transportGates, ...(requirement.fixtures ?? [])].join(', ');
    io.out(`${requirement.id.padEnd(width)}  ${requirement.level.padEnd(6)}  ${requirement.title}${gate ? `  [needs ${gate}]` : ''}`);
  }
  io.out(`${REQUIREMENTS.all.length} requirements`);
  return ExitCode.conformant;
}

/** `openwop-conformance faults`: the reference engine's faults and tolerated variants. */
export function faultsCommand(options: { json: boolean }, io: CommandIO): ExitCodeValue {
  if (options.json) {
    io.out(JSON.stringify({ faults: FAULTS, tolerated: TOLERATED_VARIANTS }, null, 2));
    return ExitCode.conformant;
  }
  const width = Math.max(...[...FAULTS, ...TOLERATED_VARIANTS].map((entry) => entry.name.length));
  io.out('Faults (--fault): each requirement named must fail, for the reason given');
  for (const fault of FAULTS) {
    const kills = fault.kills.map((kill) => `${kill.requirement} ("${kill.because}")`);
    if (fault.verdict) kills.push(`verdict ${fault.verdict}`);
    // Hostile faults are caught by the run ending with exit 2 and this headline, not by a kill.
    if (fault.headline) kills.push(`exit 2 with the headline "${fault.headline}"`);
    io.out(`  ${fault.name.padEnd(width)}  ${fault.breaks}  → ${kills.join(', ')}`);
  }
  io.out('Tolerated variants (--variant): spec-allowed behaviour; the engine must stay conformant');
  for (const variant of TOLERATED_VARIANTS) io.out(`  ${variant.name.padEnd(width)}  ${variant.allows}`);
  io.out(`${FAULTS.length} faults, ${TOLERATED_VARIANTS.length} tolerated variants`);
  return ExitCode.conformant;
}
