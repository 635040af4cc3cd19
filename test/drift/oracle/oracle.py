"""SciPy oracle for the drift engine's tests.

Reads a JSON list of requests on stdin and writes a JSON list of answers on stdout. Each
request names an operation and its inputs; numbers that JSON cannot carry travel as the
strings "nan", "inf" and "-inf". Sample cleaning, binning and the PSI formula follow
Evidently 0.7 (legacy/calculations/data_drift.py and stattests/utils.py) line by line, so
the engine is checked against the reference implementation, not against itself.
"""
import json
import math
import sys

import numpy as np
from scipy import special, stats
from scipy.spatial import distance


def num(x):
    if isinstance(x, str):
        return float(x)
    return float(x)


def arr(xs):
    return np.array([num(x) for x in xs], dtype=np.float64)


def out(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def clean(a):
    """Evidently: replace([-inf, inf], nan).dropna()."""
    return a[np.isfinite(a)]


def binned(ref, cur, numeric, fill):
    """Evidently's get_binned_data, for float data (numeric) or integer category codes."""
    n_vals = len(np.unique(ref))
    if numeric and n_vals > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        rp = np.histogram(ref, bins)[0] / len(ref)
        cp = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = sorted(set(np.unique(ref).tolist()) | set(np.unique(cur).tolist()))
        rv, rc = np.unique(ref, return_counts=True)
        cv, cc = np.unique(cur, return_counts=True)
        rd = dict(zip(rv.tolist(), rc.tolist()))
        cd = dict(zip(cv.tolist(), cc.tolist()))
        rp = np.array([rd.get(k, 0) / len(ref) for k in keys])
        cp = np.array([cd.get(k, 0) / len(cur) for k in keys])
    if fill:
        for p in (rp, cp):
            nz = p[p != 0]
            m = min(nz)
            np.place(p, p == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return rp, cp


def run(req):
    op = req["op"]
    if op == "versions":
        import scipy

        return {"scipy": scipy.__version__, "numpy": np.__version__}
    if op == "ks_2samp":
        a, b = clean(arr(req["a"])), clean(arr(req["b"]))
        r = stats.ks_2samp(a, b, method=req.get("method", "auto"))
        return {"statistic": out(r.statistic), "pvalue": out(r.pvalue)}
    if op == "kstwo_sf":
        return {"value": out(stats.kstwo.sf(num(req["x"]), req["n"]))}
    if op == "smirnov":
        return {"value": out(special.smirnov(req["n"], num(req["x"])))}
    if op == "chi2_sf":
        return {"value": out(stats.chi2.sf(num(req["x"]), num(req["df"])))}
    if op == "norm_sf":
        return {"value": out(stats.norm.sf(num(req["x"])))}
    if op == "chisquare_samples":
        # Evidently's _chi_stat_test on cleaned samples (codes or numbers).
        ref, cur = clean(arr(req["ref"])), clean(arr(req["cur"]))
        keys = sorted(set(ref.tolist()) | set(cur.tolist()))
        rv, rc = np.unique(ref, return_counts=True)
        cv, cc = np.unique(cur, return_counts=True)
        rd = dict(zip(rv.tolist(), rc.tolist()))
        cd = dict(zip(cv.tolist(), cc.tolist()))
        k_norm = len(cur) / len(ref)
        f_exp = [rd.get(k, 0) * k_norm for k in keys]
        f_obs = [cd.get(k, 0) for k in keys]
        with np.errstate(divide="ignore", invalid="ignore"):
            r = stats.chisquare(f_obs, f_exp)
        return {"statistic": out(r.statistic), "pvalue": out(r.pvalue)}
    if op == "ztest_samples":
        # Evidently's _z_stat_test, with the two-sided p-value taken as 2*sf(|z|).
        ref, cur = clean(arr(req["ref"])), clean(arr(req["cur"]))
        if len(np.unique(ref)) == 1 and len(np.unique(cur)) == 1 and np.unique(ref)[0] == np.unique(cur)[0]:
            return {"statistic": 0.0, "pvalue": 1.0, "evidentlyPvalue": 1.0}
        key = sorted(set(ref.tolist()) | set(cur.tolist()))[0]
        r = (ref != key).astype(float)
        c = (cur != key).astype(float)
        n1, n2 = len(r), len(c)
        p1, p2 = r.sum() / n1, c.sum() / n2
        P = (p1 * n1 + p2 * n2) / (n1 + n2)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
        return {
            "statistic": out(z),
            "pvalue": out(2 * stats.norm.sf(abs(z))),
            "evidentlyPvalue": out(2 * (1 - stats.norm.cdf(np.abs(z)))),
        }
    if op == "wasserstein_norm":
        ref, cur = clean(arr(req["ref"])), clean(arr(req["cur"]))
        w = stats.wasserstein_distance(ref, cur)
        return {"distance": out(w), "normed": out(w / max(np.std(ref), 0.001))}
    if op == "jensenshannon_samples":
        ref, cur = clean(arr(req["ref"])), clean(arr(req["cur"]))
        rp, cp = binned(ref, cur, req["numeric"], False)
        return {"value": out(distance.jensenshannon(rp, cp)), "bins": len(rp)}
    if op == "psi_samples":
        ref, cur = clean(arr(req["ref"])), clean(arr(req["cur"]))
        rp, cp = binned(ref, cur, req["numeric"], True)
        return {"value": out(np.sum((rp - cp) * np.log(rp / cp))), "bins": len(rp)}
    if op == "jensenshannon":
        return {"value": out(distance.jensenshannon(arr(req["p"]), arr(req["q"])))}
    raise ValueError(f"unknown op {op}")


def main():
    requests = json.load(sys.stdin)
    answers = []
    for req in requests:
        try:
            answers.append({"ok": True, "result": run(req)})
        except Exception as error:  # reported per request, so one bad case names itself
            answers.append({"ok": False, "error": f"{type(error).__name__}: {error}"})
    json.dump(answers, sys.stdout)


if __name__ == "__main__":
    main()
