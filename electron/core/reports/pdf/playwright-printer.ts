import type { Browser } from 'playwright-core';
import { QuorumError } from '../../errors';
import { escapeXml } from '../render/escape';
import { contentsEntries, printWithContents, withPages } from './contents';
import { PAGE_AREA, PAPER } from './paper';
import { footerTemplate, headerTemplate, type PdfPrinter, type PdfPrintOptions } from './printer';

/** Debian's Chromium unless QUORUM_CHROMIUM says otherwise; the same flags as the e2e tests. */
export const DEFAULT_CHROMIUM = process.env.QUORUM_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const mm = (n: number) => `${n}mm`;
const MARGIN = {
  top: mm(PAPER.marginMm.top),
  bottom: mm(PAPER.marginMm.bottom),
  left: mm(PAPER.marginMm.left),
  right: mm(PAPER.marginMm.right),
};

/**
 * Headless printing through playwright-core and the system Chromium. The browser is started
 * on the first print and reused. Every request the page tries is aborted, so a report that
 * printed is proof that it needs nothing from the network.
 *
 * A report whose contents await page numbers (placeholders) is printed once: the pages are
 * measured in the laid-out page and written in before printing (see ./contents). The caller
 * still asks, as it always did, for the HTML with the page numbers it read back from the
 * PDF's destinations; when those are the numbers already printed, that HTML is exactly the
 * one predicted and the bytes already printed are its print, so they are returned without
 * Chromium printing again. Any other HTML (a measurement that missed) is printed for real.
 */
export class PlaywrightPdfPrinter implements PdfPrinter {
  private browser: Promise<Browser> | null = null;
  /** The HTML the last single-pass print stands for, with its options and bytes; used at most once. */
  private settled: { html: string; options: PdfPrintOptions; pdf: Uint8Array } | null = null;

  constructor(private readonly executablePath: string = DEFAULT_CHROMIUM) {}

  private async launch(): Promise<Browser> {
    // Loaded on demand: the CLI's other commands and the app never pay for it.
    const { chromium } = await import('playwright-core');
    try {
      return await chromium.launch({ executablePath: this.executablePath, args: ARGS });
    } catch (error) {
      throw new QuorumError(
        'unavailable',
        `Cannot start Chromium at ${this.executablePath} to print the PDF (${(error as Error).message.split('\n')[0]}). Install it (Debian: apt-get install chromium) or set QUORUM_CHROMIUM; HTML and Markdown need no browser.`,
      );
    }
  }

  async print(html: string, options: PdfPrintOptions): Promise<Uint8Array> {
    const settled = this.settled;
    this.settled = null;
    if (settled && settled.html === html && settled.options.header === options.header && settled.options.footer === options.footer)
      return settled.pdf;
    this.browser ??= this.launch();
    const browser = await this.browser.catch((error: unknown) => {
      this.browser = null;
      throw error;
    });
    const page = await browser.newPage();
    try {
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const entries = contentsEntries(html);
      const { pdf, pages } = await printWithContents(
        {
          evaluate: (script) => page.evaluate(script),
          print: async () =>
            new Uint8Array(
              await page.pdf({
                format: 'A4',
                printBackground: true,
                displayHeaderFooter: true,
                headerTemplate: headerTemplate(escapeXml(options.header)),
                footerTemplate: footerTemplate(escapeXml(options.footer)),
                margin: MARGIN,
                outline: true,
                tagged: true,
              }),
            ),
        },
        entries,
        // Only predicts the contents' page numbers: a Chromium that lays out differently just costs the second print.
        PAGE_AREA,
      );
      if (pages) this.settled = { html: withPages(html, entries, pages), options: { ...options }, pdf };
      return pdf;
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    this.settled = null;
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }
}
