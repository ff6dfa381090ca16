/**
 * The per-file setup of the Chromium suite: the target emulator (embedded, or FIRESTORE_EMULATOR_HOST),
 * the bundled test page on a static server of its own origin, and one Chromium for the file.
 * Each test gets fresh browser contexts (closed after it), a fresh project id and a firebase-admin
 * client for that project, so tests never share data, connections or caches.
 */
import type { Browser } from 'playwright-core';
import type { Firestore as AdminFirestore } from 'firebase-admin/firestore';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { adminFirestore, startTarget, uniqueProjectId, type EmulatorTarget } from '../harness.js';
import { buildPage } from './build-page.js';
import { launchChromium } from './launch-chromium.js';
import { openTab, type PageFirestore, type PageTab } from './page-tab.js';
import type { PageMode } from './page/page-api.js';
import { serveStatic, type StaticServer } from './serve-static.js';

export interface BrowserTest {
  readonly projectId: string;
  /** firebase-admin on the test's project, for writes the page did not make. */
  readonly admin: AdminFirestore;
  /** A first tab, already open. */
  readonly tab: PageTab;
  /** A Firestore instance in the first tab, in the mode asked for. */
  readonly db: PageFirestore;
  /** Another tab (its own browser context) for the same test. */
  openTab(): Promise<PageTab>;
}

export interface BrowserSuite {
  readonly target: EmulatorTarget;
  readonly pageOrigin: string;
  readonly browser: Browser;
  setup(mode?: PageMode): Promise<BrowserTest>;
}

// Building the page once per cache key can take a while on a loaded 2-core machine.
const SETUP_TIMEOUT_MS = 180_000;

export function browserSuite(): BrowserSuite {
  let target: EmulatorTarget | undefined;
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const [dir, t, b] = await Promise.all([buildPage(), startTarget(), launchChromium()]);
    target = t;
    browser = b;
    server = await serveStatic(dir);
  }, SETUP_TIMEOUT_MS);

  afterEach(async () => {
    const pending = cleanups.reverse();
    cleanups = [];
    for (const c of pending) await c();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await target?.stop();
  });

  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('browser suite not started (beforeAll failed)');
    return v;
  };

  const suite: BrowserSuite = {
    get target() {
      return ready(target);
    },
    get pageOrigin() {
      return ready(server).origin;
    },
    get browser() {
      return ready(browser);
    },
    async setup(mode = 'streaming') {
      const newTab = async () => {
        const tab = await openTab(suite.browser, {
          pageOrigin: suite.pageOrigin,
          emulatorHost: suite.target.host,
          emulatorPort: suite.target.port,
        });
        cleanups.push(() => tab.close());
        return tab;
      };
      const projectId = uniqueProjectId('browser');
      const admin = await adminFirestore(projectId);
      cleanups.push(admin.close);
      const tab = await newTab();
      const db = await tab.firestore(projectId, mode);
      return { projectId, admin: admin.db, tab, db, openTab: newTab };
    },
  };
  return suite;
}
