import { median, now, repeat } from '../harness';
import { PlaywrightPdfPrinter } from '../../electron/core/reports/pdf/playwright-printer';

/**
 * The dossier benches' baseline: Chromium started and printing a report's HTML once, as a
 * static page, then closed — what any PDF of that page costs, before Quorum does anything.
 * Returns the median of `times` runs.
 */
export async function chromiumPrintBaseline(html: string, times = 3): Promise<number> {
  const samples = await repeat(times, async () => {
    const start = now();
    const printer = new PlaywrightPdfPrinter();
    await printer.print(html, { header: 'baseline', footer: 'baseline' });
    await printer.close();
    return now() - start;
  });
  return median(samples);
}

export const CHROMIUM_BASELINE_LABEL = 'Chromium start + one print of the same HTML';
