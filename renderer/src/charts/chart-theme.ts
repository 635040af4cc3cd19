/**
 * Colours and type for charts, read from the same CSS custom properties as the rest of the
 * interface so charts follow the theme. The stylesheets define colours with light-dark(),
 * which a custom property keeps unresolved, so each is resolved through a probe element.
 */
export interface ChartTheme {
  text: string;
  textMuted: string;
  gridLine: string;
  axisLine: string;
  surface: string;
  /** UX.md: reference and current are always the same two colours. */
  reference: string;
  current: string;
  threshold: string;
  fontFamily: string;
  /** In pixels, scaled from the root font size so charts grow with the system font size. */
  fontSize: number;
}

const TOKENS = {
  text: '--color-text',
  textMuted: '--color-text-muted',
  gridLine: '--color-border',
  axisLine: '--color-border-strong',
  surface: '--color-surface',
  reference: '--chart-reference',
  current: '--chart-current',
  threshold: '--chart-threshold',
} as const satisfies Record<Exclude<keyof ChartTheme, 'fontFamily' | 'fontSize'>, `--${string}`>;

export function readChartTheme(root: HTMLElement = document.body): ChartTheme {
  const probe = document.createElement('span');
  probe.hidden = true;
  root.append(probe);
  const resolve = (token: string): string => {
    probe.style.color = `var(${token})`;
    return getComputedStyle(probe).color;
  };
  const colours = Object.fromEntries(Object.entries(TOKENS).map(([name, token]) => [name, resolve(token)])) as Record<
    keyof typeof TOKENS,
    string
  >;
  probe.remove();
  const rootStyle = getComputedStyle(document.documentElement);
  const rem = parseFloat(rootStyle.fontSize) || 16;
  return { ...colours, fontFamily: getComputedStyle(root).fontFamily, fontSize: Math.round(rem * 0.8125) };
}
