/**
 * Turns a report's HTML into PDF bytes. The core never imports Electron: the desktop app
 * passes a printer built on `webContents.printToPDF` (same options: A4, header/footer
 * templates, background), headless modes use the playwright-core one with system Chromium.
 */
export interface PdfPrintOptions {
  /** Text of the running header on every page (model and version, or the audit period). */
  header: string;
  /** Shown in the footer beside "page N of M". */
  footer: string;
}

export interface PdfPrinter {
  print(html: string, options: PdfPrintOptions): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Header and footer templates in Chromium's printing vocabulary (pageNumber / totalPages classes). */
export function headerTemplate(text: string): string {
  return `<div style="font-size:7.5pt;width:100%;padding:0 14mm;color:#5f6670;font-family:Helvetica,Arial,sans-serif;display:flex;justify-content:space-between"><span>${text}</span><span>Quorum</span></div>`;
}

export function footerTemplate(text: string): string {
  return `<div style="font-size:7.5pt;width:100%;padding:0 14mm;color:#5f6670;font-family:Helvetica,Arial,sans-serif;display:flex;justify-content:space-between"><span>${text}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}
