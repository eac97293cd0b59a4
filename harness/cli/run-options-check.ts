import type { RunOptions } from '../runner/run-options.js';
import { isReferenceTarget, peerFlag } from '../runner/peer-surface.js';
import type { RequirementRegistry } from '../requirements/registry.js';
import { REQUIREMENTS } from '../requirements/registry.js';
import { isSelected } from '../verdicts/gating.js';
import { UsageError } from './usage-error.js';

/**
 * Refuses run options that cannot make a run, before anything starts: one line each, exit 2. The
 * runner takes options as given; this is the CLI's (and the library entry's) gate in front of it.
 */
export function checkRunOptions(options: RunOptions, requirements: RequirementRegistry = REQUIREMENTS): void {
  if (!(options.timeoutScale > 0)) throw new UsageError(`--timeout-scale must be a positive number, got ${options.timeoutScale}`);
  if (options.maxMessageBytes !== undefined && !(Number.isInteger(options.maxMessageBytes) && options.maxMessageBytes > 0)) {
    throw new UsageError(`--max-message-bytes must be a positive whole number, got ${options.maxMessageBytes}`);
  }
  if (options.jobs !== undefined && !(Number.isInteger(options.jobs) && options.jobs >= 1))
    throw new UsageError(`--jobs must be a whole number of at least 1, got ${Number.isNaN(options.jobs) ? 'something else' : options.jobs}`);
  if (options.faults.length > 0 && !isReferenceTarget(options.target)) throw new UsageError('--fault only applies to --target reference or reference-rest');
  if ((options.variants ?? []).length > 0 && !isReferenceTarget(options.target))
    throw new UsageError('--variant only applies to --target reference or reference-rest');
  // A glob that selects nothing is a typo, not a wish to run nothing (style-anchors §8).
  const unmatched = options.only.filter((glob) => !requirements.all.some((requirement) => isSelected(requirement.id, [glob])));
  if (unmatched.length > 0) throw new UsageError(`--only ${unmatched.join(', ')} matches no requirement; see 'openwop-conformance requirements'`);
  const unmatchedSkip = (options.skip ?? []).filter((glob) => !requirements.all.some((requirement) => isSelected(requirement.id, [glob])));
  if (unmatchedSkip.length > 0) throw new UsageError(`--skip ${unmatchedSkip.join(', ')} matches no requirement; see 'openwop-conformance requirements'`);
  // --rest and --grpc each name the surface the target is not.
  peerFlag(options);
  if (options.maxDurationSeconds !== undefined && !(options.maxDurationSeconds > 0 && Number.isFinite(options.maxDurationSeconds))) {
    throw new UsageError(`--max-duration must be a positive number of seconds, got ${options.maxDurationSeconds}`);
  }
}
