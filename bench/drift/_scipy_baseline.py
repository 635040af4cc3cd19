"""Single-threaded SciPy/pandas baselines for bench/drift/engine.ts, on the same data.

  compute DIR COLS  : KS (ks_2samp), normed Wasserstein and PSI (Evidently's binning) for
                      every column; data is read from raw float64 files before timing.
  csv DIR           : pandas.read_csv of ref.csv and cur.csv, one after the other.
Prints one JSON object.
"""
import json
import os
import sys
import time

import numpy as np


def psi(ref, cur):
    # Evidently 0.7 get_binned_data (numeric, > 20 distinct values) + _psi.
    bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
    rp = np.histogram(ref, bins)[0] / len(ref)
    cp = np.histogram(cur, bins)[0] / len(cur)
    for p in (rp, cp):
        m = min(p[p != 0])
        np.place(p, p == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return float(np.sum((rp - cp) * np.log(rp / cp)))


def compute(directory, cols):
    from scipy import stats

    data = [
        (np.fromfile(os.path.join(directory, f"ref_{i}.f64")), np.fromfile(os.path.join(directory, f"cur_{i}.f64")))
        for i in range(cols)
    ]
    start = time.perf_counter()
    cpu = time.process_time()
    results = []
    for ref, cur in data:
        ks = stats.ks_2samp(ref, cur)
        w = stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
        results.append({"ks": float(ks.statistic), "p": float(ks.pvalue), "wasserstein": float(w), "psi": psi(ref, cur)})
    return {"seconds": time.perf_counter() - start, "cpuSeconds": time.process_time() - cpu, "results": results}


def csv(directory):
    import pandas as pd

    start = time.perf_counter()
    for name in ("ref.csv", "cur.csv"):
        pd.read_csv(os.path.join(directory, name))
    return {"seconds": time.perf_counter() - start}


if __name__ == "__main__":
    mode, directory = sys.argv[1], sys.argv[2]
    out = compute(directory, int(sys.argv[3])) if mode == "compute" else csv(directory)
    json.dump(out, sys.stdout)
