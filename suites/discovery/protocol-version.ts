import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';
import { jsonText } from '../../harness/support/json.js';

/** version-negotiation.md §protocolVersion: `<major>.<minor>`, no leading zeros, no patch, no `v`. */
const PROTOCOL_VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

export const PROTOCOL_VERSION_CHECKS = [
  check('discovery.protocol-version-grammar', async (t: TestContext) => {
    const version = t.capabilities['protocolVersion'];
    t.assert.isString(version, 'protocolVersion is a string');
    t.assert.match(jsonText(version), PROTOCOL_VERSION, 'protocolVersion matches <major>.<minor>');
  }),

  check('discovery.protocol-version-major-1', async (t: TestContext) => {
    // A host may prefer a newer major and still serve v1: a 1.x in protocolVersions[] counts.
    const preferred = t.capabilities['protocolVersion'];
    const listed = t.capabilities['protocolVersions'];
    const versions = [preferred, ...(Array.isArray(listed) ? listed : [])].filter((version): version is string => typeof version === 'string');
    const majorOne = versions.filter((version) => /^v?1(\.|$)/.test(version));
    if (majorOne.length === 0) {
      t.fail(
        `the engine serves no protocol version of major 1 on openwop.v1.Engine (protocolVersion ${JSON.stringify(preferred)}, protocolVersions ${JSON.stringify(listed ?? null)})`,
        'a 1.x version in protocolVersion or protocolVersions[]',
        versions.join(', ') || 'none',
      );
    }
    if (majorOne[0] !== preferred)
      t.warn(`the engine prefers protocolVersion ${jsonText(preferred)} and serves v1 as ${majorOne.join(', ')} from protocolVersions[]`);
    t.assert.isNotEmpty(majorOne, 'a protocol version of major 1');
  }),

  check('discovery.protocol-versions-include-current', async (t: TestContext) => {
    const versions = t.capabilities['protocolVersions'];
    t.assert.isArray(versions, 'protocolVersions is an array');
    t.assert.include(versions as unknown[], t.capabilities['protocolVersion'], 'protocolVersions contains protocolVersion');
  }),
];
