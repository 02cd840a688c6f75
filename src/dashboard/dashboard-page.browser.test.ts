import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { createPricingCatalog } from '../pricing/index.js';
import { panelIds } from './api/dashboard-api-schema.js';
import { type RunningDashboard, startDashboard } from './start-dashboard.js';
import { buildTestLedger, type TestLedger } from './testing/build-test-ledger.js';

/**
 * The page in a real browser: Debian's chromium driven by playwright-core (never a downloaded
 * browser) against `frugal dashboard` on 127.0.0.1 with the sample ledger. One browser for the
 * file; screenshots go to test-output/dashboard/ (gitignored) for a person to look at.
 */
// Callbacks given to page.evaluate run in the browser; this file is type-checked without the DOM
// library, so the little of it they touch is declared here.
interface BrowserElement {
  id: string;
  tagName: string;
  className: string;
  textContent: string | null;
  open?: boolean;
}
declare const document: { activeElement: BrowserElement | null; getElementById(id: string): BrowserElement | null };
declare function getComputedStyle(element: BrowserElement): { outlineStyle: string; outlineWidth: string };

const repo = resolve(import.meta.dirname, '../..');
const artefacts = join(repo, 'test-output/dashboard');
const pageDirectory = join(artefacts, 'page');
let fixture: TestLedger;
let dashboard: RunningDashboard;
let browser: BrowserContext;
let page: Page;
const requested: string[] = [];
const problems: string[] = [];

const loaded = (): Promise<unknown> => page.waitForSelector('body[data-loaded="true"]', { timeout: 30_000 });
const headline = async (id: string): Promise<string> => (await page.textContent(`[data-headline="${id}"]`)) ?? '';
const dollars = (text: string): number => Number(text.replace(/[$,]/g, ''));

beforeAll(async () => {
  mkdirSync(artefacts, { recursive: true });
  // The page as `npm run build` makes it, built fresh so the test never sees a stale bundle.
  await build({ configFile: join(repo, 'vite.dashboard.config.ts'), logLevel: 'silent', build: { outDir: pageDirectory } });
  fixture = await buildTestLedger({ root: artefacts, bench: true });
  const { config } = await loadConfig({ cwd: fixture.directory });
  dashboard = await startDashboard({ ledger: fixture.ledgerPath, cwd: fixture.directory, port: 0, benchDirectory: fixture.benchDirectory, pageDirectory, insights: { catalog: createPricingCatalog(), config } });
  const profile = mkdtempSync(join(artefacts, 'chromium-profile-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(dashboard.url);
  await loaded();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await fixture?.remove();
  // Browser profiles are large and useless after the run; the screenshots stay.
  for (const name of readdirSync(artefacts)) if (name.startsWith('chromium-profile-')) rmSync(join(artefacts, name), { recursive: true, force: true });
});

describe('dashboard page in headless Chromium', () => {
  it('renders the headline numbers, every panel with data and the bench frontier', async () => {
    expect(await page.textContent('#sample-banner')).toContain('SAMPLE DATA');
    expect(await headline('spend')).toMatch(/^\$[\d,]+\.\d\d$/);
    expect(await headline('month-to-date')).toMatch(/^\$/);
    expect(await page.textContent('#headlines')).toContain('July 2026 to date');
    for (const id of panelIds) {
      const panel = page.locator(`#panel-${id}`);
      expect(await panel.getAttribute('data-state'), id).toBe('ready');
      expect(await panel.locator('.chart svg').count(), id).toBe(1);
      // The chart's text alternative: role="img", labelled by the title, described by the visible summary.
      const chart = panel.locator('.chart');
      expect(await chart.getAttribute('role')).toBe('img');
      expect((await page.textContent(`#${(await chart.getAttribute('aria-describedby')) ?? ''}`))?.length ?? 0, id).toBeGreaterThan(20);
    }
    // Units on the axes, drawn by Vega in the browser from the shared spec.
    expect(await page.textContent('#panel-daily-cost-by-model svg')).toContain('Cost (USD)');
    expect(await page.textContent('#panel-latency-by-model svg')).toContain('Latency (ms)');
    expect(await page.locator('#bench').getAttribute('data-state')).toBe('ready');
    // The savings plan and the alarms arrive when the background review and check finish.
    await page.waitForSelector('#review[data-state="ready"]', { timeout: 60_000 });
    await page.waitForSelector('#alarms[data-state="ready"]', { timeout: 60_000 });
    expect(await page.textContent('[data-plan="saving"]')).toMatch(/^Save \$[\d,.]+ of \$[\d,.]+ \(\d+\.\d%\)$/);
    expect(await page.textContent('[data-forecast="month-end"]')).toMatch(/^2026-07: /);
    expect(await page.locator('#review article.finding').count()).toBeGreaterThan(0);
    expect(await page.textContent('#bench svg')).toContain('Cost per task (USD)');
    await page.screenshot({ path: join(artefacts, 'dashboard-full.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('filters change the numbers and land in the address', async () => {
    const before = dollars(await headline('spend'));
    await page.selectOption('#filter-task', 'customer-chat');
    await page.click('#apply');
    await loaded();
    const after = dollars(await headline('spend'));
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(before);
    expect(page.url()).toContain('task=customer-chat');
    await page.click('#panel-cost-per-task-by-model details summary');
    const tasks = await page.locator('#panel-cost-per-task-by-model tbody th').allTextContents();
    expect(new Set(tasks)).toEqual(new Set(['customer-chat']));
    await page.screenshot({ path: join(artefacts, 'dashboard-filtered.png'), fullPage: false });
    await page.selectOption('#filter-range', '7');
    await page.click('#apply');
    await loaded();
    expect(dollars(await headline('spend'))).toBeLessThan(after);
    await page.click('button[type="reset"]');
    await loaded();
    expect(dollars(await headline('spend'))).toBeCloseTo(before, 2);
  });

  it('drills from a number into the ledger rows behind it, a page at a time, and back', async () => {
    await page.click('#panel-daily-cost-by-model details summary');
    const number = page.locator('#panel-daily-cost-by-model tbody button.number').nth(1);
    const requests = Number(((await number.textContent()) ?? '').replace(/,/g, ''));
    await number.click();
    const dialog = page.locator('#drill');
    await page.waitForFunction(() => /^Rows 1–/.test(document.getElementById('drill-status')?.textContent ?? ''));
    expect(await dialog.evaluate((element) => (element as unknown as BrowserElement).open)).toBe(true);
    expect(await page.textContent('#drill-status')).toBe(`Rows 1–${Math.min(25, requests)} of ${requests.toLocaleString('en-US')}`);
    expect(await page.locator('#drill-body tbody tr').count()).toBe(Math.min(25, requests));
    await page.screenshot({ path: join(artefacts, 'dashboard-drill-down.png') });
    await page.click('#drill-next');
    await page.waitForFunction(() => /^Rows 26–/.test(document.getElementById('drill-status')?.textContent ?? ''));
    await page.keyboard.press('Escape');
    expect(await dialog.evaluate((element) => (element as unknown as BrowserElement).open)).toBe(false);
    // Focus returns to the number that opened the rows.
    expect(await number.evaluate((element) => element === document.activeElement)).toBe(true);
    // A review finding's evidence drills too.
    await page.locator('#review details.lever summary').first().click();
    await page.locator('#review article.finding button').first().click();
    await page.waitForFunction(() => /^Rows 1–/.test(document.getElementById('drill-status')?.textContent ?? ''));
    await page.click('#drill-close');
    // A headline number drills too.
    await page.click('button.headline:has([data-headline="requests"])');
    await page.waitForFunction(() => /^Rows 1–25 of /.test(document.getElementById('drill-status')?.textContent ?? ''));
    await page.click('#drill-close');
  });

  it('works from the keyboard with a visible focus, and asks nothing of any other host', async () => {
    await page.goto(dashboard.url);
    await loaded();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the dashboard');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as BrowserElement;
      const style = getComputedStyle(element);
      return { id: element.id, outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(focused.id).toBe('filter-range');
    expect(focused.outline).not.toBe('none');
    // Every number button is a real <button>, reachable by Tab once its table is open.
    await page.focus('#panel-cache-hit-rate details summary');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => ({ tag: document.activeElement?.tagName, kind: document.activeElement?.className }));
    expect(next).toEqual({ tag: 'BUTTON', kind: 'number' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^Rows 1–/.test(document.getElementById('drill-status')?.textContent ?? ''));
    await page.keyboard.press('Escape');
    const origin = new URL(dashboard.url).origin;
    expect(requested.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
  });
});
