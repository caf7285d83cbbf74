import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { serveFolder } from '../../scripts/serve-folder';

/** Debian's Chromium; CHROMIUM_PATH overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The day the browser suites run on (the page's clock is fixed to it), the day the examples are dated for. */
export const PREVIEW_TODAY = '2026-11-23';

/** The flags this machine needs: no sandbox as root, and no background connections to a closed network. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launches Chromium with a fresh profile; fails plainly when there is none (the suite must not pass empty). */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH. The browser suite cannot run without it.`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cosell-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The browser suites' shared set-up: Chromium and a server for `dist/` for the whole file, a fresh page on
 * `preview.html` + `query` for every test (so no test leans on another's state), and after each test the
 * page's script errors, CSP violations and failed loads, which must be none.
 *
 * @example
 * const preview = previewSuite('?fixture=2023-outbound');
 * test('…', async () => { await preview.page.getByRole('button', { name: 'Check sheet' }).click(); });
 */
export function previewSuite(query = ''): { readonly page: Page; readonly url: string } {
  const dist = path.resolve(__dirname, '..', '..', 'dist');
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let server: Awaited<ReturnType<typeof serveFolder>> | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(dist, 'preview.html'))) throw new Error('dist/preview.html is missing: run `npm run build` first (npm run test:e2e does).');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    server = await serveFolder(dist);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    page = await browser!.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    // The example deals are dated for 2026-11-23 (the README's --today): a fixed clock keeps the 14-day window of
    // received deals where the examples expect it, whatever day the suite runs.
    await page.clock.setFixedTime(new Date(`${PREVIEW_TODAY}T10:00:00`));
    await page.goto(`${server!.url}preview.html${query}`);
    await page.getByRole('button', { name: 'Check sheet' }).waitFor();
  });
  afterEach(async () => {
    await page?.close();
    expect(pageErrors).toEqual([]); // no script errors, no CSP violations, nothing failed to load
    pageErrors.length = 0;
  });
  return {
    get page() {
      if (!page) throw new Error('No page outside a test.');
      return page;
    },
    get url() {
      if (!server) throw new Error('No server outside a test.');
      return server.url;
    },
  };
}

/** Where the browser suites put their screenshots. */
export const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts', 'e2e');

/** The task pane's narrow and wide widths. */
export const PANE_WIDTHS = [320, 450] as const;

/**
 * Photographs the pane at each width (`NAME-320.png`, `NAME-450.png`) and fails if anything in it is wider than
 * the pane (a horizontal scroll bar, or an element sticking out to the right).
 */
export async function paneShotsAtWidths(page: Page, name: string): Promise<void> {
  for (const width of PANE_WIDTHS) {
    await page.evaluate((w) => void (document.getElementById('pane')!.style.width = `${w}px`), width);
    await page.waitForTimeout(100);
    const overflow = await page.evaluate(() => {
      const pane = document.getElementById('pane')!;
      const right = pane.getBoundingClientRect().right;
      const wide = [...pane.querySelectorAll('*')]
        .filter((e) => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > right + 1)
        .map((e) => `${e.tagName.toLowerCase()}${e.getAttribute('aria-label') ? `[${e.getAttribute('aria-label')}]` : ''}: ${(e.textContent ?? '').slice(0, 40)}`);
      return { scroll: pane.scrollWidth - pane.clientWidth, wide: wide.slice(0, 5) };
    });
    expect({ width, ...overflow }).toEqual({ width, scroll: 0, wide: [] });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-page-${width}.png`) });
    await page.locator('#pane').screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`) });
  }
  await page.evaluate(() => void (document.getElementById('pane')!.style.width = ''));
}
