import { assert } from 'chai';
import { SchemaId } from '../../harness/schemas/schema-ids.js';
import { sharedSchemaRegistry } from '../../harness/schemas/schema-registry.js';
import { renderConsoleSummary } from '../../reporters/console-summary.js';
import { renderJunit } from '../../reporters/junit-renderer.js';
import { renderMarkdownSummary } from '../../reporters/markdown-summary.js';
import { result, sampleReport } from '../support/sample-report.js';

describe('parity: the transport of each result in the report', () => {
  // A cross-surface finding, as the parity area records it (area relabelled: sample results use built-in areas).
  const crossSurface = {
    ...result('lifecycle.noop-completes', 'fail', { transport: 'grpc+rest', reason: 'capabilities differ at limits.x: grpc 1, rest 2' }),
    area: 'parity' as const,
    requirementId: 'parity.capabilities-equal',
  };
  const report = sampleReport([result('discovery.served-without-token', 'pass', { transport: 'grpc' }), crossSurface]);

  it('is part of the closed report schema, and older reports without it still validate', () => {
    assert.deepEqual(sharedSchemaRegistry().validate(SchemaId.complianceReport, report), []);
    const older = sampleReport([result('discovery.served-without-token', 'pass')]);
    assert.deepEqual(sharedSchemaRegistry().validate(SchemaId.complianceReport, older), []);
    const wrong = sampleReport([result('discovery.served-without-token', 'pass', { transport: 'smtp' as never })]);
    assert.isNotEmpty(sharedSchemaRegistry().validate(SchemaId.complianceReport, wrong));
  });

  it('is shown with each failure on the console and in summary.md, and as a junit property', () => {
    assert.include(renderConsoleSummary(report, undefined), '      over:     grpc+rest');
    assert.include(renderMarkdownSummary(report), '- **over:** grpc+rest');
    const xml = renderJunit(report);
    assert.include(xml, '<property name="transport" value="grpc+rest"/>');
    assert.include(xml, '<property name="transport" value="grpc"/>');
  });
});
