import { BrowserWindow, session } from 'electron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { footerTemplate, headerTemplate, type PdfPrinter, type PdfPrintOptions } from '../core/reports/pdf/printer';
import { escapeXml } from '../core/reports/render/escape';

/** The same page as the headless printer: A4 with these margins (Electron takes inches). */
const MARGINS_MM = { top: 18, bottom: 16, left: 14, right: 14 } as const;
const inches = (mm: number) => mm / 25.4;

/**
 * The desktop app's report printer: Electron's own printToPDF on a hidden, sandboxed window
 * whose session refuses every request but the report file itself, so a printed report is
 * proof it needs nothing from the network. The report service asks twice when the contents
 * need page numbers; each print is real here (the measured single pass is headless only).
 */
export class ElectronPdfPrinter implements PdfPrinter {
  private window: BrowserWindow | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'quorum-print-'));

  async print(html: string, options: PdfPrintOptions): Promise<Uint8Array> {
    const file = join(this.dir, 'report.html');
    writeFileSync(file, html, { mode: 0o600 });
    const window = (this.window ??= printWindow(pathToFileURL(file).href));
    await window.loadFile(file);
    const pdf = await window.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: headerTemplate(escapeXml(options.header)),
      footerTemplate: footerTemplate(escapeXml(options.footer)),
      margins: {
        top: inches(MARGINS_MM.top),
        bottom: inches(MARGINS_MM.bottom),
        left: inches(MARGINS_MM.left),
        right: inches(MARGINS_MM.right),
      },
      generateDocumentOutline: true,
      generateTaggedPDF: true,
    });
    return new Uint8Array(pdf);
  }

  async close(): Promise<void> {
    this.window?.destroy();
    this.window = null;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function printWindow(reportUrl: string): BrowserWindow {
  // An in-memory session of its own: nothing the report loads is cached or shared with the app.
  const printSession = session.fromPartition('quorum-report-print');
  printSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: details.url !== reportUrl }));
  printSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  return new BrowserWindow({
    show: false,
    webPreferences: { session: printSession, sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
}
