import { check } from '../../harness/runner/suite-dsl.js';
import type { TestContext } from '../../harness/runner/test-context.js';

/** version-negotiation.md §protocolVersion: `<major>.<minor>`, no leading zeros, no patch, no `v`. */
const PROTOCOL_VERSION = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;

export const PROTOCOL_VERSION_CHECKS = [
  check('discovery.protocol-version-grammar', async (t: TestContext) => {
    const version = t.capabilities['protocolVersion'];
    t.assert.isString(version, 'protocolVersion is a string');
    t.assert.match(String(version), PROTOCOL_VERSION, 'protocolVersion matches <major>.<minor>');
  }),

  check('discovery.protocol-version-major-1', async (t: TestContext) => {
    const version = t.capabilities['protocolVersion'];
    t.assert.isString(version, 'protocolVersion is a string');
    // Only the leading number matters here; the grammar has its own requirement.
    const major = /^v?(\d+)/.exec(String(version))?.[1];
    t.assert.strictEqual(major, '1', `major version of protocolVersion "${String(version)}" on openwop.v1.Engine`);
  }),

  check('discovery.protocol-versions-include-current', async (t: TestContext) => {
    const versions = t.capabilities['protocolVersions'];
    t.assert.isArray(versions, 'protocolVersions is an array');
    t.assert.include(versions as unknown[], t.capabilities['protocolVersion'], 'protocolVersions contains protocolVersion');
  }),
];
