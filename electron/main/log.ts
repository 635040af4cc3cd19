/** Main-process diagnostics go to stderr, where `npm start` and Playwright show them. */
export function logLine(message: string): void {
  process.stderr.write(`quorum desktop: ${message}\n`);
}
