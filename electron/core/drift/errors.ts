/**
 * An input problem the user can fix (a missing column, a type clash, an unknown method
 * for a feature). The core maps it to `invalid_input`; the CLI to exit code 2.
 */
export class DriftInputError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DriftInputError';
  }
}
