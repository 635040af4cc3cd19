import type { z } from 'zod';

/**
 * One operation of the core: what it takes, what it returns, and a sentence for humans.
 * The same definition validates input in the core, types the renderer's calls, and
 * documents the CLI and HTTP surface.
 */
export interface OperationDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly doc: string;
}

export function defineOperation<I extends z.ZodType, O extends z.ZodType>(definition: {
  input: I;
  output: O;
  doc: string;
}): OperationDefinition<I, O> {
  return definition;
}
