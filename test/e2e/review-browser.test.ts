import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxAccount } from '../../src/adapters/sandbox/sandbox-account.js';
import { SandboxReadiness } from '../../src/adapters/sandbox/sandbox-readiness.js';
import { assessReadiness } from '../../src/app/readiness/readiness.js';
import { renderReadinessHtml } from '../../src/app/readiness/render-readiness-html.js';
import { drillNamed, ROOT, runInTemp } from '../support/drills.js';
import { ManualClock } from '../support/fixed-clock.js';
import { readinessAccount } from '../support/readiness-account.js';

/** The machine's Chromium (scripts/setup.sh installs Debian's where it is missing). */
function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'chromium is missing: npm test runs scripts/setup.sh, which installs it (apt-get install chromium)',
    );
  }
}

let browser: Awaited<ReturnType<typeof chromium.launch>>;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
});

describe('the HTML review in a real browser', () => {
  it('renders the timeline chart with no console errors and no request for anything outside the page', async () => {
    const report = await runInTemp(drillNamed('leaked-access-key'));
    const html = readFileSync(
      (report.reviews.get(report.incidents[0]?.id ?? '') ?? '').replace(/\.md$/, '.html'),
      'utf8',
    );
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.setContent(html, { waitUntil: 'load' });

    expect(await page.title()).toMatch(/^Review rk-.* \(drill\)$/);
    expect(await page.locator('svg.chart circle').count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator('.metric b').first().textContent()).toBe('1m 19s');
    expect(await page.getByText('kept out of the team metrics').isVisible()).toBe(true);
    const dir = join(ROOT, '.rekey', 'screenshots');
    mkdirSync(dir, { recursive: true });
    const shot = join(dir, 'review-leaked-access-key.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    expect(errors).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('about:') && !url.startsWith('data:'))).toEqual([]);
  });

  it('renders the readiness report in the same style, self-contained', async () => {
    const sandbox = new SandboxAccount(readinessAccount, new ManualClock('2026-11-28T12:00:00Z'));
    const facts = await new SandboxReadiness(sandbox, {
      slack: { configured: false },
      responders: 0,
    }).gather();
    const html = renderReadinessHtml(assessReadiness(facts, { protectedPrincipals: [] }));
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.setContent(html, { waitUntil: 'load' });
    expect(await page.title()).toBe('Readiness 111122223333');
    expect(await page.locator('.metric b').first().textContent()).toMatch(/^\d+\/100$/);
    expect(await page.locator('table').last().locator('tbody tr').count()).toBeGreaterThan(10);
    expect(
      await page.getByText('prod/legacy/api-key has no rotation', { exact: false }).first().isVisible(),
    ).toBe(true);
    const dir = join(ROOT, '.rekey', 'screenshots');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'readiness.png'), fullPage: true });
    expect(requests.filter((url) => !url.startsWith('about:') && !url.startsWith('data:'))).toEqual([]);
  });
});
