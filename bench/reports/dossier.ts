import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defineBenchmark, median, now, repeat, type Figure } from '../harness';
import { CHROMIUM_BASELINE_LABEL, chromiumPrintBaseline } from './_chromium';
import { call, demoWorkspace } from '../../test/reports/fixture';

/**
 * Release dossier generation per format on the demo workspace (card-fraud-blocker v4: 54-node
 * upstream lineage, 97 ledger events, drift, three sign-offs), through the core's dispatch:
 * evidence gathering, rendering, writing, signing, ledger event. The PDF figure includes
 * starting Chromium and its two prints (the second fills in the table of contents).
 * Baseline: Chromium started and printing the same report HTML once, as a static page.
 */
export default defineBenchmark({
  area: 'reports',
  name: 'dossier',
  async run({ log }) {
    log('loading the demo workspace with lineage and drift…');
    const { core, dir } = await demoWorkspace();
    const outDir = join(dir, 'bench-out');
    mkdirSync(outDir);
    const figures: Figure[] = [];
    try {
      for (const format of ['json', 'md', 'html', 'pdf'] as const) {
        const times = format === 'pdf' ? 3 : 5;
        log(`dossier as ${format} ×${times}…`);
        const samples = await repeat(times, async (i) => {
          const start = now();
          await call(core, 'reports.generate', {
            kind: 'dossier',
            model: 'card-fraud-blocker',
            version: 4,
            format,
            out: join(outDir, `d${i}.${format}`),
          });
          return now() - start;
        });
        figures.push({
          label: `dossier ${format} (median of ${times})`,
          value: median(samples),
          unit: 'ms',
          ...(format === 'pdf' ? { target: 3000 } : {}),
        });
      }
      const html = readFileSync(join(outDir, 'd0.html'), 'utf8');
      log('baseline: Chromium printing the static report page…');
      const baseline = await chromiumPrintBaseline(html);
      const pdf = figures.find((f) => f.label.startsWith('dossier pdf'));
      if (pdf) pdf.baseline = { label: CHROMIUM_BASELINE_LABEL, value: baseline };
    } finally {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
});
