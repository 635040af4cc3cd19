import packageJson from '../../package.json' with { type: 'json' };

/** The version users see and reports record; from package.json so there is one source. */
export const APP_VERSION: string = packageJson.version;
