import { assert } from 'chai';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { renderHtmlReport } from '../../reporters/html-report.js';
import { CAPABILITIES, mixedResults, sampleReport } from '../support/sample-report.js';
import { CHROMIUM_ARGS, ensureChromium } from '../support/chromium.js';

const HOSTILE_ENGINE = '<script>alert(1)</script>';

describe('report.html in a real headless browser', function () {
  // Installing chromium on a clean machine can take minutes; the checks themselves take seconds.
  this.timeout(20 * 60_000);
  let browser: Browser;
  let page: Page;
  let dir: string;
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];
  const requests: string[] = [];
  const report = sampleReport(mixedResults(), {
    engine: { name: HOSTILE_ENGINE, version: '1" onmouseover="alert(2)', vendor: null, protocolVersion: '1.0' },
    capabilities: CAPABILITIES,
  });

  before(async () => {
    const executablePath = ensureChromium();
    dir = await mkdtemp(join(tmpdir(), 'owc-html-'));
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtmlReport(report));
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
  });

  const visibleIds = (): Promise<string[]> => page.locator('#requirements tbody tr:visible td:first-child').allInnerTexts();

  it('loads with no console error, no dialog and no request beyond the file itself', () => {
    assert.deepEqual(consoleErrors, [], 'a CSP violation or script error would show here');
    assert.deepEqual(dialogs, []);
    assert.lengthOf(requests, 1);
    assert.match(requests[0] ?? '', /^file:/);
  });

  it('shows the verdict and an engine string full of markup literally', async () => {
    assert.match(await page.locator('#verdict').innerText(), /^NON-CONFORMANT: /);
    const engine = await page.locator('dl.facts dt:text-is("engine") + dd').innerText();
    assert.strictEqual(engine, `${HOSTILE_ENGINE} 1" onmouseover="alert(2)`);
    assert.strictEqual(await page.locator('script').count(), 1, "only the page's own script exists");
  });

  it('expands each failure with expected, actual, the reason and the repro line', async () => {
    const failure = page.locator('details#failure-lifecycle\\.cancel-running-accepted');
    assert.isTrue(await failure.evaluate((element) => (element as HTMLDetailsElement).open));
    const text = await failure.innerText();
    for (const expected of ['why lifecycle.cancel-running-accepted is fail', 'completed', 'failed', 'grpcurl -plaintext']) assert.include(text, expected);
  });

  it('filters the requirement table by text, disposition and area', async () => {
    assert.lengthOf(await visibleIds(), report.results.length);
    await page.fill('#filter-text', 'cancel');
    assert.deepEqual(await visibleIds(), [
      'lifecycle.cancel-running-accepted',
      'lifecycle.cancel-reaches-cancelled',
      'lifecycle.cancelled-stays-cancelled',
      'lifecycle.bulk-cancel-order',
    ]);
    await page.selectOption('#filter-disposition', 'fail');
    assert.deepEqual(await visibleIds(), ['lifecycle.cancel-running-accepted', 'lifecycle.cancel-reaches-cancelled']);
    assert.strictEqual(await page.locator('#filter-count').innerText(), `2 of ${report.results.length} requirements shown`);
    await page.fill('#filter-text', '');
    await page.selectOption('#filter-disposition', '');
    await page.selectOption('#filter-area', 'discovery');
    assert.deepEqual(await visibleIds(), ['discovery.served-without-token', 'discovery.fixtures-listed']);
  });

  it('renders to a screenshot', async () => {
    const path = join(dir, 'report.png');
    await page.screenshot({ path, fullPage: true });
    const png = await readFile(path);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
    assert.isAbove(png.length, 10_000, 'more than a blank page');
  });
});
