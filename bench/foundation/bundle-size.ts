import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineBenchmark, type BenchmarkContext, type Figure } from '../harness';

const KB = 1024;
const gzipKb = (text: string | Buffer): number => gzipSync(text).length / KB;

/** Unminified Rolldown output marks each module with a `// <path>` line; React's own modules. */
const MODULE_MARKER = /^\/\/ (\S+)$/;
const REACT_MODULE = /^node_modules\/(react|react-dom|scheduler)\//;

/**
 * The bytes of React + ReactDOM (with their scheduler) inside the built chunks, or null when
 * the build does not mark modules (minified output) and they cannot be told apart.
 */
function reactPart(sources: string[]): { text: string; marked: boolean } {
  let text = '';
  let marked = false;
  for (const source of sources) {
    let inReact = false;
    for (const line of source.split('\n')) {
      const marker = MODULE_MARKER.exec(line);
      if (marker) {
        marked = true;
        inReact = REACT_MODULE.test(marker[1] ?? '');
      }
      if (inReact) text += `${line}\n`;
    }
  }
  return { text, marked };
}

/** The renderer bundle as a browser downloads it: gzip (node:zlib, default level) of every JS and CSS asset. */
export default defineBenchmark({
  area: 'foundation',
  name: 'bundle-size',
  async run({ root, log }: BenchmarkContext): Promise<Figure[]> {
    const assets = join(root, 'out', 'renderer', 'assets');
    if (!existsSync(assets)) throw new Error(`${assets} does not exist: run \`npm run build\` first`);
    const files = readdirSync(assets).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
    const js = files.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(assets, f), 'utf8'));
    const gz = files.reduce((sum, f) => sum + gzipKb(readFileSync(join(assets, f))), 0);
    const raw = files.reduce((sum, f) => sum + readFileSync(join(assets, f)).length / KB, 0);
    log(`${files.length} assets: ${files.join(', ')}`);

    const react = reactPart(js);
    const separable = react.marked && react.text.length > 0;
    const notes: string[] = [];
    if (react.marked)
      notes.push(
        'the build is not minified (module markers present): electron-vite leaves the renderer unminified unless build.minify is set',
      );
    if (!separable) notes.push('React is not separable in these chunks; total only');
    return [
      {
        label: `renderer JS+CSS, gzip (${files.length} files)`,
        value: gz,
        unit: 'kB',
        baseline: { label: 'React + ReactDOM + scheduler in the chunk, gzip', value: separable ? gzipKb(react.text) : null },
        ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
      },
      {
        label: 'renderer JS+CSS, uncompressed',
        value: raw,
        unit: 'kB',
        baseline: { label: 'React + ReactDOM + scheduler, uncompressed', value: separable ? Buffer.byteLength(react.text) / KB : null },
      },
    ];
  },
});
