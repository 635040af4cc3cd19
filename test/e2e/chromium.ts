/**
 * How every test, benchmark and script here starts Chromium: Debian's build (Playwright's own
 * browser download is not available), with the background services off — this closed network
 * refuses their calls, and they would only add noise to timings.
 */
export const CHROMIUM_EXECUTABLE = process.env.QUORUM_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
