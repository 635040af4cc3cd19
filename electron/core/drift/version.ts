/**
 * Version of the drift engine's numbers. Stored with every result so a reader can tell
 * which algorithms produced it; bump it whenever a statistic, p-value, binning or
 * selection rule changes, independently of the app version.
 */
export const DRIFT_ENGINE_VERSION = '1.0.0';
