/* eslint-disable no-loss-of-precision -- Cephes/SciPy coefficients are kept digit for digit as published; parsing rounds them to the nearest double, as the C compilers do. */
/** IEEE-754 double constants in the Cephes naming, so the ports read like their sources. */
export const MACHEP = 1.11022302462515654042e-16; // 2^-53
export const MAXLOG = 7.09782712893383996843e2; // log(DBL_MAX)
export const MINLOG = -7.451332191019412076235e2; // log(2^-1075)
export const LS2PI = 0.91893853320467274178; // log(sqrt(2 pi))
