/**
 * The paper every report prints on, in one place, so a figure can be drawn for it and its
 * printed text size computed rather than hoped for: A4 portrait with the margins both printers
 * pass (playwright-printer here; electron/main's printer keeps the same numbers in inches).
 */

/** A page's layout area in CSS px: where Chromium lays out what one page holds. */
export interface PageArea {
  width: number;
  height: number;
}

export const PAPER = {
  widthMm: 210,
  heightMm: 297,
  marginMm: { top: 18, bottom: 16, left: 14, right: 14 },
} as const;

/**
 * The page area (CSS px) headless Chromium lays each page of A4 with these margins out in,
 * measured from its PDFs (named destinations of probe elements): 691 × 998.3, a little more
 * than A4 less the margins (687.9 × 994.0). A later probe of 1 px blocks found 691 across
 * and 996.75–997 down; the height is kept as it was measured, as the contents' page-number
 * prediction (./contents) was tuned with it and a miss there only costs a second print.
 */
export const PAGE_AREA: PageArea = { width: 691, height: 998.3 };

const PT_PER_MM = 72 / 25.4;

/**
 * Printed points per CSS px of the page layout: the content width on paper over the width it
 * is laid out at, 0.7466. Chromium 156 prints a layout px at 0.750 pt (measured in its PDFs:
 * word widths over their widths in ems), its margins a little narrower than asked; the ratio
 * used here is the smaller, so a printed size computed with it errs low.
 */
export const PT_PER_LAYOUT_PX = ((PAPER.widthMm - PAPER.marginMm.left - PAPER.marginMm.right) * PT_PER_MM) / PAGE_AREA.width;

/**
 * The printed size (pt) of text set at `fontPx` in an SVG drawn `svgWidthPx` wide, as the
 * report's HTML places it (its own width, `max-width: 100%`): a figure wider than the page
 * is shrunk to the page's width, then every layout px prints at PT_PER_LAYOUT_PX. It holds
 * while the document is no wider than the page (a wider one prints every page shrunk, which
 * render/html.ts prevents and test/reports/dossier.test.ts checks in the PDF).
 */
export function printedPt(fontPx: number, svgWidthPx: number, area: PageArea = PAGE_AREA): number {
  return fontPx * Math.min(1, area.width / svgWidthPx) * PT_PER_LAYOUT_PX;
}
