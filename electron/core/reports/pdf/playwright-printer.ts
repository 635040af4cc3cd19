import type { Browser } from 'playwright-core';
import { QuorumError } from '../../errors';
import { escapeXml } from '../render/escape';
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

/**
 * Headless printing through playwright-core and the system Chromium. The browser is started
 * on the first print and reused (a dossier prints twice: once to find the pages of the
 * table of contents, once for real). Every request the page tries is aborted, so a report
 * that printed is proof that it needs nothing from the network.
 */
export class PlaywrightPdfPrinter implements PdfPrinter {
  private browser: Promise<Browser> | null = null;

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
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: headerTemplate(escapeXml(options.header)),
        footerTemplate: footerTemplate(escapeXml(options.footer)),
        margin: { top: '18mm', bottom: '16mm', left: '14mm', right: '14mm' },
        outline: true,
        tagged: true,
      });
      return new Uint8Array(pdf);
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }
}
