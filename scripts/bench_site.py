#!/usr/bin/env python3
"""Times `gkml site` on the sample project and on a project 50 times its size.

The big project copies every unit of catalogs/hongkou-2017 fifty times under
new unit names (区民政局 → 区民政局01 …), catalogues and YAML ledgers alike;
the project file keeps its settings but not its 附件1 (the copies are not in
it). Both sites are built by the same binary in the same run, so the ratio of
the two times and the per-item throughput are comparable on any machine.

    python3 scripts/bench_site.py [path/to/gkml] [--copies 50] [--runs 3]

Prints one line per project: items, pages, wall and CPU seconds (median of
the runs), items per second.
"""

import argparse
import os
import pathlib
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "catalogs" / "hongkou-2017"


def make_big(dst, copies):
    dst.mkdir(parents=True)
    project = (SAMPLE / "gkml.yaml").read_text(encoding="utf-8")
    # Drop the 附件1 block (up to the next top-level key or comment block).
    project = re.sub(r"\n试点单位及试点内容表:\n(?:  .*\n|\s*\n)*", "\n", project)
    (dst / "gkml.yaml").write_text(project, encoding="utf-8")
    for unit_dir in sorted(p for p in SAMPLE.iterdir() if p.is_dir()):
        unit = unit_dir.name
        for i in range(1, copies + 1):
            new = f"{unit}{i:02d}"
            out = dst / new
            out.mkdir()
            for f in sorted(unit_dir.glob("*.yaml")):
                text = f.read_text(encoding="utf-8")
                text = text.replace(f"试点单位: {unit}\n", f"试点单位: {new}\n")
                (out / f.name).write_text(text, encoding="utf-8")


def count_items(project):
    n = 0
    for f in project.rglob("*-标准化目录.yaml"):
        n += sum(1 for line in f.read_text(encoding="utf-8").splitlines()
                 if line.lstrip().startswith("政务事项名称:"))
    return n


def timed(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if r.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed ({r.returncode}):\n{r.stderr}")
    return wall, cpu, r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gkml", nargs="?", default=str(ROOT / "target" / "release" / "gkml"))
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        big = tmp / "big"
        make_big(big, a.copies)
        rows = []
        for name, project in [("示例项目", SAMPLE), (f"{a.copies} 倍", big)]:
            walls, cpus = [], []
            for r in range(a.runs):
                out = tmp / f"site-{len(rows)}-{r}"
                wall, cpu, err = timed([a.gkml, "site", str(project), "-o", str(out)])
                walls.append(wall)
                cpus.append(cpu)
            pages = sum(1 for p in out.rglob("*.html"))
            items = count_items(project)
            w, c = statistics.median(walls), statistics.median(cpus)
            rows.append((name, items, pages, w, c))
        print(f"gkml: {a.gkml}")
        print("| 项目 | 事项（附件2） | 网页 | 墙钟 s | CPU s | 事项/秒 |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, items, pages, w, c in rows:
            print(f"| {name} | {items} | {pages} | {w:.2f} | {c:.2f} | {items / w:,.0f} |")
        (n0, i0, p0, w0, c0), (n1, i1, p1, w1, c1) = rows
        print(f"\n{n1}/{n0}：事项 ×{i1 / i0:.0f}，墙钟 ×{w1 / w0:.1f}，CPU ×{c1 / c0:.1f}")


if __name__ == "__main__":
    main()
