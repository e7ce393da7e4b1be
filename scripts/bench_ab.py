#!/usr/bin/env python3
"""Two gkml binaries on the same command, in alternating rounds.

    python3 scripts/bench_ab.py OLD NEW [--runs 7] -- build catalogs/hongkou-2017 -o {out}

Runs `OLD args` and `NEW args` one after the other, `--runs` times each
(the order flips every round, so drift on a shared machine hits both), and
prints for each binary the median wall time, the median CPU time (user +
system, from os.wait4, children included) and the peak RSS, then the ratio
NEW / OLD (below 1: NEW is faster). `{out}` in the arguments becomes a fresh
output directory per run. Used for issue 19's "the build benchmarks must not
get slower" (the binary before and after a Cargo profile change).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run(binary, args, scratch):
    out = os.path.join(scratch, "out")
    shutil.rmtree(out, ignore_errors=True)
    argv = [binary] + [a.replace("{out}", out) for a in args]
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{binary} exited {code}: {' '.join(argv)}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def main():
    if "--" not in sys.argv:
        sys.exit(__doc__)
    cut = sys.argv.index("--")
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=1)
    opts = ap.parse_args(sys.argv[1:cut])
    args = sys.argv[cut + 1:]
    got = {"old": [], "new": []}
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(opts.warmup):
            run(opts.old, args, scratch)
            run(opts.new, args, scratch)
        for i in range(opts.runs):
            order = ["old", "new"] if i % 2 == 0 else ["new", "old"]
            for k in order:
                got[k].append(run(getattr(opts, k), args, scratch))
    med = {k: [statistics.median(x[j] for x in v) for j in range(3)] for k, v in got.items()}
    print(f"gkml {' '.join(args)}  ({opts.runs} alternating rounds, medians)")
    for k in ("old", "new"):
        w, c, m = med[k]
        print(f"  {k}: {getattr(opts, k)}\n       wall {w * 1000:8.0f} ms   CPU {c * 1000:8.0f} ms   peak {m:6.0f} MiB")
    print(f"  new / old: wall {med['new'][0] / med['old'][0]:.3f}, CPU {med['new'][1] / med['old'][1]:.3f}")


if __name__ == "__main__":
    main()
