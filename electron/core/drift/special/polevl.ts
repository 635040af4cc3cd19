/**
 * Polynomial evaluation in the Cephes convention (S. L. Moshier, Cephes Math Library):
 * `polevl` takes N+1 coefficients, highest degree first; `p1evl` assumes a leading 1
 * that is not stored. Kept separate because every rational approximation uses them.
 */
export function polevl(x: number, coefficients: readonly number[]): number {
  let result = coefficients[0] ?? 0;
  for (let i = 1; i < coefficients.length; i++) result = result * x + (coefficients[i] ?? 0);
  return result;
}

export function p1evl(x: number, coefficients: readonly number[]): number {
  let result = x + (coefficients[0] ?? 0);
  for (let i = 1; i < coefficients.length; i++) result = result * x + (coefficients[i] ?? 0);
  return result;
}
