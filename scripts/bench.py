#!/usr/bin/env python3
"""gkml benchmark harness: gkml against the tools offices use instead.

One command (from the repository root):

    python3 scripts/bench.py --sizes small,large,huge [--profile dist]

For every size it generates a synthetic project (`gkml gen`, same seed) as YAML
and as workbooks in the merged 附件2/附件3 layout, then measures in the same run:

  * gkml validate on the YAML project and on the workbook project;
  * frictionless (Python) validating the same rows flattened to CSV with a
    Table Schema holding what Table Schema can express (required fields, the
    公开属性 enum, the 分类 vocabulary, a 时限 pattern);
  * openpyxl in read-only mode iterating every cell of the same workbooks;
  * when `gkml build` exists (`gkml build --help` succeeds): gkml build, the
    typst compiler typesetting the document `gkml build --emit-typst DIR`
    writes (typst-py, the `typst` PyPI package: the same compiler run
    in-process, as no prebuilt typst CLI is on PyPI/npm), and LibreOffice
    (`soffice --headless --convert-to pdf`) printing the per-domain xlsx;
    without `gkml build`, LibreOffice prints the generated workbooks instead.

Wall time is measured around each process; peak memory is the "Maximum
resident set size" of `/usr/bin/time -v` (apt-get install time).  The table
goes to stdout, every number to bench-results.json in the work directory.

The gkml binary measured (`--profile`):
  * dev (default): the dev profile with gkml's own code optimised too
    (`--config profile.dev.package.gkml.opt-level=3`, no debug assertions or
    overflow checks); dependencies are already optimised in the dev profile,
    so this reuses the build `cargo run`/`cargo test` made.  This is what
    `cargo run -- build` gives a user.
  * dist: the distribution build of `scripts/pgo-build.sh` (fat LTO, one
    codegen unit, profile-guided optimisation trained on other data: seed 99);
    the dev build's `gkml build` is then measured in the same rounds too
    ("dev build" column).
Pass --gkml PATH to measure another binary.

Requires: python3, frictionless and openpyxl (pip), typst (pip, for the
typesetting baseline), LibreOffice (`soffice`), GNU time (`/usr/bin/time`).
"""

import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# units, items per domain (steps 4±1 per item, infos 3±1 per step):
# infos ≈ units × 2 domains × (items × 12 + ~30 for 附件3)
SIZES = {
    "tiny": (2, 5),
    "small": (5, 10),
    "large": (50, 18),
    "huge": (200, 50),
}

ATTRS = ["主动公开", "依申请公开", "部分公开", "不予公开"]
CATEGORIES = ["行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "行政确认",
              "行政奖励", "行政裁决", "其他行政权力", "公共服务"]
ASPECTS = ["决策公开", "执行公开", "管理公开", "服务公开", "结果公开"]
# What the time-limit parser accepts, as far as a regular expression can say.
TIME_PATTERN = (r"(即时|当场|实时|当日|当天|次月|每月|每季度|每年|"
                r"([^0-9]*(之日起|后))?[0-9]+(个工作日|日|天|个月)内?)")
CSV_FIELDS = ["试点单位", "试点领域", "目录类型", "序号", "政务事项分类", "政务事项名称", "政务事项办理主体",
              "政务事项依据", "政务事项办理环节", "所在环节办理时限", "所在环节办理产生的政府信息名称",
              "政府信息公开属性", "不予公开和部分公开的理由", "政府信息公开时间", "政府信息公开途径",
              "政府信息公开载体", "五公开"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------

CPU = {}


def measure(cmd, *, runs=1, ok=(0,), env=None, cwd=None):
    """Runs cmd under /usr/bin/time -v; returns (median wall s, peak RSS MiB,
    stdout). The median CPU time (user + system) is then given by `last_cpu()`."""
    walls, cpus, rss, out = [], [], 0, ""
    for _ in range(runs):
        with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
            full = ["/usr/bin/time", "-v", "-o", tf.name] + [str(c) for c in cmd]
            t0 = time.perf_counter()
            p = subprocess.run(full, capture_output=True, text=True, env=env, cwd=cwd)
            walls.append(time.perf_counter() - t0)
            report = Path(tf.name).read_text()
        if p.returncode not in ok:
            raise RuntimeError(f"{' '.join(map(str, cmd))} exited {p.returncode}\n{p.stdout[-2000:]}\n{p.stderr[-2000:]}")
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
        rss = max(rss, int(m.group(1)) / 1024 if m else 0)
        cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([0-9.]+)", report))
        cpus.append(cpu)
        out = p.stdout
    CPU["last"] = statistics.median(cpus)
    return statistics.median(walls), rss, out


def last_cpu():
    return CPU.get("last")


def measure_alternating(cmds, runs, sparse=None, sparse_runs=1):
    """Runs each command of `cmds` (name -> command) once per round, `runs`
    rounds, so that a tool and its baseline see the machine in the same
    state (this machine's speed drifts by 10-20 % over minutes); the
    commands of `sparse` (slow baselines) run only in the `sparse_runs`
    middle rounds. Returns name -> (median wall s, peak RSS MiB, stdout of
    the last run, median CPU s, wall s per round or None where not run)."""
    sparse = sparse or {}
    first = max(0, (runs - sparse_runs) // 2)
    rounds = set(range(first, min(runs, first + sparse_runs)))
    got = {k: ([None] * runs, 0, "", []) for k in [*cmds, *sparse]}
    for i in range(runs):
        for k, cmd in [*cmds.items(), *(sparse.items() if i in rounds else [])]:
            wall, rss, out = measure(cmd)
            walls, peak, _, cpus = got[k]
            walls[i] = wall
            cpus.append(last_cpu())
            got[k] = (walls, max(peak, rss), out, cpus)
    return {k: (statistics.median([x for x in w if x is not None]), rss, out, statistics.median(c), w)
            for k, (w, rss, out, c) in got.items()}


def store(r, got):
    """Puts the results of `measure_alternating` into the result row `r`."""
    for k, (wall, rss, _, cpu, per_round) in got.items():
        r[f"{k}_s"], r[f"{k}_mb"], r[f"{k}_cpu_s"], r[f"{k}_rounds"] = wall, rss, cpu, per_round


def round_ratios(r, base, tool):
    """base ÷ tool in each round that ran both (same machine state)."""
    return [b / t for b, t in zip(r.get(f"{base}_rounds") or [], r.get(f"{tool}_rounds") or [])
            if b and t]


def runs_for(rows, quick=5, slow=1):
    return quick if rows < 10_000 else slow


# ---------------------------------------------------------------------------
# Baseline workers (run as `bench.py _worker ...` under /usr/bin/time)
# ---------------------------------------------------------------------------

def workbooks(d):
    return sorted(p for p in Path(d).rglob("*.xlsx") if not p.name.startswith("~$"))


def worker_openpyxl(d):
    """Iterates every cell value of every workbook in read-only mode."""
    import openpyxl
    cells = 0
    for p in workbooks(d):
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                for v in row:
                    if v is not None:
                        cells += 1
        wb.close()
    print(cells)


def worker_flatten(d, out_csv):
    """Flattens the generated merged-layout workbooks to one CSV row per piece
    of information (item and step columns repeated). Not timed."""
    import openpyxl
    rows = 0
    with open(out_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(CSV_FIELDS)
        for p in workbooks(d):
            wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
            ws = wb.worksheets[0]
            it = ws.iter_rows(values_only=True)
            title = next(it)[0] or ""
            unit = (next(it)[0] or "").split("：", 1)[-1]
            header = [h for h in next(it)]
            sub = next(it)
            op = "规范化操作目录" in title
            domain = title.split("领域", 1)[0]
            cols = {}
            for i, h in enumerate(header):
                if h and h != "政府信息公开属性":
                    cols[h] = i
            attr_cols = {sub[i]: i for i in range(len(sub)) if sub[i] in ATTRS}
            item_keys = ["序号", "政务事项分类", "政务事项名称", "政务事项办理主体", "政务事项依据"]
            step_keys = ["政务事项办理环节", "所在环节办理时限"]
            cur = {}
            for r in it:
                def get(k):
                    i = cols.get(k)
                    return None if i is None or i >= len(r) else r[i]
                if get("序号") is not None:
                    cur = {k: get(k) for k in item_keys}
                if get("政务事项办理环节") is not None:
                    cur.update({k: get(k) for k in step_keys})
                attr = next((a for a, i in attr_cols.items() if i < len(r) and r[i]), "")
                row = {"试点单位": unit, "试点领域": domain, "目录类型": "规范化操作目录" if op else "标准化目录",
                       **cur, "所在环节办理产生的政府信息名称": get("所在环节办理产生的政府信息名称"),
                       "政府信息公开属性": attr}
                for k in ["不予公开和部分公开的理由", "政府信息公开时间", "政府信息公开途径", "政府信息公开载体", "五公开"]:
                    row[k] = get(k)
                w.writerow(["" if row.get(k) is None else row.get(k) for k in CSV_FIELDS])
                rows += 1
            wb.close()
    print(rows)


def schema():
    req = {"required": True}
    fields = []
    for name in CSV_FIELDS:
        f = {"name": name, "type": "string", "constraints": {}}
        if name in ("试点单位", "试点领域", "目录类型", "政务事项名称", "政务事项办理主体", "政务事项办理环节",
                    "所在环节办理产生的政府信息名称"):
            f["constraints"].update(req)
        if name == "序号":
            f["type"] = "integer"
            f["constraints"].update(req)
            f["constraints"]["minimum"] = 1
        if name == "目录类型":
            f["constraints"]["enum"] = ["标准化目录", "规范化操作目录"]
        if name == "政务事项分类":
            f["constraints"].update(req)
            f["constraints"]["enum"] = CATEGORIES
        if name == "政府信息公开属性":
            f["constraints"].update(req)
            f["constraints"]["enum"] = ATTRS
        if name == "所在环节办理时限":
            f["constraints"].update(req)
            f["constraints"]["pattern"] = TIME_PATTERN
        if name == "政府信息公开时间":
            f["constraints"]["pattern"] = TIME_PATTERN
        if name == "五公开":
            f["constraints"]["enum"] = ASPECTS
        if not f["constraints"]:
            del f["constraints"]
        fields.append(f)
    return {"fields": fields, "missingValues": [""]}


def worker_frictionless(csv_path, schema_path):
    from frictionless import Resource, Schema, validate
    csv_path = Path(csv_path).resolve()
    res = Resource(path=csv_path.name, basepath=str(csv_path.parent),
                   schema=Schema.from_descriptor(json.loads(Path(schema_path).read_text())))
    report = validate(res, limit_errors=1000)
    task = report.tasks[0]
    print(json.dumps({"valid": report.valid, "rows": task.stats.get("rows"), "errors": len(task.errors)}))


def worker_typst(src_dir, pdf):
    import typst
    src = Path(src_dir)
    typs = sorted(src.rglob("*.typ"))
    main = next((p for p in typs if p.name in ("main.typ", "booklet.typ")), typs[0] if typs else None)
    if main is None:
        raise SystemExit(f"no .typ file in {src}")
    fonts = [str(p) for p in {q.parent for q in src.rglob("*") if q.suffix.lower() in (".otf", ".ttf", ".ttc")}]
    fonts.append(str(ROOT / "src" / "booklet" / "fonts"))
    typst.compile(str(main), output=str(pdf), root=str(src), font_paths=fonts)
    print(Path(pdf).stat().st_size)


# ---------------------------------------------------------------------------
# The harness
# ---------------------------------------------------------------------------

def build_gkml():
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    cmd = ["cargo", "build", "--bin", "gkml", "--bin", "gkml-gen"]
    for kv in ["opt-level=3", "debug-assertions=false", "overflow-checks=false", "debug=false"]:
        cmd += ["--config", f"profile.dev.package.gkml.{kv}"]
    log("$ " + " ".join(cmd))
    subprocess.run(cmd, cwd=ROOT, check=True)
    exe = target / "debug" / "gkml"
    bench_exe = target / "gkml-bench"
    shutil.copy2(exe, bench_exe)
    return bench_exe


def build_dist():
    cmd = [str(ROOT / "scripts" / "pgo-build.sh")]
    log("$ " + " ".join(cmd) + "   (about 25 minutes when cold)")
    out = subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    return Path(out.strip().splitlines()[-1])


def build_help(gkml):
    """The help text of `gkml build`, or None when the binary has no build."""
    p = subprocess.run([gkml, "build", "--help"], capture_output=True, text=True)
    return p.stdout if p.returncode == 0 else None


def soffice_cmd(files, outdir, profile):
    return ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
            "--outdir", outdir, *files]


def bench_size(name, gkml, work, seed, args):
    units, items = SIZES[name]
    d = work / name
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    yaml_dir, xlsx_dir = d / "yaml", d / "xlsx"
    r = {"size": name, "units": units, "items_per_domain": items}
    gen = [Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug" / "gkml-gen", "--units", units, "--items-per-domain", items, "--seed", seed]
    log(f"[{name}] generating YAML and xlsx projects")
    t, _, out = measure(gen + ["-o", yaml_dir])
    r["gen_yaml_s"] = t
    m = re.search(r"(\d+) 条政府信息", out)
    r["rows"] = rows = int(m.group(1)) if m else 0
    t, _, _ = measure(gen + ["-o", xlsx_dir, "--xlsx"])
    r["gen_xlsx_s"] = t
    r["yaml_mb"] = sum(p.stat().st_size for p in yaml_dir.rglob("*.yaml")) / 2**20
    r["xlsx_mb"] = sum(p.stat().st_size for p in xlsx_dir.rglob("*.xlsx")) / 2**20
    n = runs_for(rows, args.runs_small, args.runs_large)

    me = [sys.executable, Path(__file__).resolve()]
    log(f"[{name}] flattening to CSV (not timed)")
    csv_path, schema_path = d / "rows.csv", d / "schema.json"
    _, _, out = measure(me + ["_flatten", xlsx_dir, csv_path])
    r["csv_rows"] = int(out.strip() or 0)
    schema_path.write_text(json.dumps(schema(), ensure_ascii=False, indent=1))

    log(f"[{name}] gkml validate YAML and xlsx, openpyxl read-only, frictionless validate "
        f"({rows} rows, {n} rounds)")
    got = measure_alternating({
        "validate_yaml": [gkml, "validate", yaml_dir, "--format", "json", "-o", d / "report-yaml.json"],
        "frictionless": me + ["_frictionless", csv_path, schema_path],
        "validate_xlsx": [gkml, "validate", xlsx_dir, "--format", "json", "-o", d / "report-xlsx.json"],
        "openpyxl": me + ["_openpyxl", xlsx_dir],
    }, n)
    store(r, got)
    r["frictionless"] = json.loads(got["frictionless"][2])
    if not r["frictionless"]["valid"] or r["frictionless"]["rows"] != rows:
        log(f"warning: frictionless did not validate all {rows} rows cleanly: {r['frictionless']}")

    profile = d / "lo-profile"
    lo_out = d / "lo-pdf"
    lo_ok = shutil.which("soffice") and rows <= args.lo_max_rows

    if args.has_build and rows > args.build_max_rows:
        log(f"[{name}] gkml build and typst skipped: {rows} rows > --build-max-rows {args.build_max_rows}")
    elif args.has_build:
        out_dir, typ_dir = d / "build", d / "typst"
        fill = lambda t: [a.format(dir=yaml_dir, out=out_dir, typst=typ_dir) for a in t.split()]
        # The document typst is given and the workbooks LibreOffice prints:
        # written once, not timed.
        measure([gkml, "build", *fill(args.build_args), *fill(args.emit_args)])
        lo_files = [p for p in out_dir.rglob("*.xlsx")]
        lo = {"lo": soffice_cmd(lo_files, lo_out, profile)} if lo_ok else {}
        log(f"[{name}] gkml build and typst (typst-py) on the emitted document ({n} rounds)"
            + (f"; LibreOffice --convert-to pdf on {len(lo_files)} workbooks in the middle "
               f"{min(n, args.lo_runs)} round(s)" if lo else ""))
        cmds = {
            "build": [gkml, "build", *fill(args.build_args)],
            "typst": me + ["_typst", typ_dir, d / "typst.pdf"],
        }
        if args.dev_gkml:
            # What `cargo run -- build` gives: the dev build of the same source.
            cmds["build_dev"] = [args.dev_gkml, "build", *fill(args.build_args)]
        if args.has_untagged:
            # The same booklet without PDF structure tags (`--no-pdf-tags`).
            cmds["build_untagged"] = [gkml, "build", *fill(args.build_args), "--no-pdf-tags"]
        store(r, measure_alternating(cmds, n, sparse=lo, sparse_runs=min(n, args.lo_runs)))
    else:
        r["lo_note"] = "gkml build absent: LibreOffice prints the generated workbooks"
        lo_files = workbooks(xlsx_dir)
        if lo_ok and lo_files:
            log(f"[{name}] LibreOffice --convert-to pdf on {len(lo_files)} workbooks")
            store(r, measure_alternating({}, args.lo_runs, sparse={"lo": soffice_cmd(lo_files, lo_out, profile)},
                                         sparse_runs=args.lo_runs))
    if "lo_s" in r:
        r["lo_pdfs"] = len(list(lo_out.glob("*.pdf")))
    if not args.keep:
        for p in [csv_path, d / "typst.pdf", d / "lo-pdf", profile]:
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            elif p.exists():
                p.unlink()
    return r


def fmt_s(v):
    if v is None:
        return "—"
    return f"{v * 1000:.0f} ms" if v < 10 else f"{v:.1f} s"


def ratio(a, b):
    return "—" if not a or not b else f"{b / a:.1f}×"


def spread(r, base, tool):
    """The lowest and highest base ÷ tool of the rounds that ran both."""
    x = round_ratios(r, base, tool)
    return "—" if not x else f"{min(x):.1f}×" if len(x) == 1 else f"{min(x):.1f}–{max(x):.1f}×"


def table(results, has_build):
    lines = []
    head = ["size", "rows", "validate YAML", "validate xlsx", "frictionless", "vs frictionless (rows/s)",
            "openpyxl r/o", "xlsx vs openpyxl", "CPU s YAML/xlsx/fl/opx", "CPU ratio fl/YAML, opx/xlsx",
            "µs/row YAML", "µs/row xlsx",
            "peak RSS YAML/xlsx", "peak RSS frictionless/openpyxl"]
    if has_build:
        head += ["gkml build", "typst", "build/typst", "LibreOffice", "LO/build", "LO/build per round",
                 "peak RSS build/typst",
                 "build --no-pdf-tags", "LO/untagged"]
        if any(r.get("build_dev_s") for r in results):
            head += ["dev build", "LO/dev build"]
    else:
        head += ["LibreOffice (generated xlsx)"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for r in results:
        rows = r["rows"]
        row = [r["size"], f"{rows:,}", fmt_s(r["validate_yaml_s"]), fmt_s(r["validate_xlsx_s"]),
               fmt_s(r["frictionless_s"]), ratio(r["validate_yaml_s"], r["frictionless_s"]),
               fmt_s(r["openpyxl_s"]), ratio(r["validate_xlsx_s"], r["openpyxl_s"]),
               "/".join(f"{r.get(k) or 0:.2f}" for k in
                        ("validate_yaml_cpu_s", "validate_xlsx_cpu_s", "frictionless_cpu_s", "openpyxl_cpu_s")),
               f"{ratio(r.get('validate_yaml_cpu_s'), r.get('frictionless_cpu_s'))}, "
               f"{ratio(r.get('validate_xlsx_cpu_s'), r.get('openpyxl_cpu_s'))}",
               f"{r['validate_yaml_s'] / rows * 1e6:.2f}", f"{r['validate_xlsx_s'] / rows * 1e6:.2f}",
               f"{r['validate_yaml_mb']:.0f}/{r['validate_xlsx_mb']:.0f} MiB",
               f"{r['frictionless_mb']:.0f}/{r['openpyxl_mb']:.0f} MiB"]
        if has_build:
            row += [fmt_s(r.get("build_s")), fmt_s(r.get("typst_s")),
                    "—" if not r.get("typst_s") else f"{r['build_s'] / r['typst_s']:.2f}",
                    fmt_s(r.get("lo_s")), ratio(r.get("build_s"), r.get("lo_s")), spread(r, "lo", "build"),
                    f"{r['build_mb']:.0f}/{r.get('typst_mb', 0):.0f} MiB" if r.get("build_mb") else "—",
                    fmt_s(r.get("build_untagged_s")), ratio(r.get("build_untagged_s"), r.get("lo_s"))]
            if any(x.get("build_dev_s") for x in results):
                row += [fmt_s(r.get("build_dev_s")), ratio(r.get("build_dev_s"), r.get("lo_s"))]
        else:
            row += [fmt_s(r.get("lo_s"))]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main():
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        worker = {"_openpyxl": worker_openpyxl, "_flatten": worker_flatten,
                  "_frictionless": worker_frictionless, "_typst": worker_typst}[sys.argv[1]]
        worker(*sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="small,large,huge", help="comma-separated: " + ",".join(SIZES))
    ap.add_argument("--profile", choices=["dev", "dist"], default="dev",
                    help="which build of gkml to measure (see above)")
    ap.add_argument("--gkml", help="gkml binary to measure (default: build one, see above)")
    ap.add_argument("--work", default="/var/tmp/gkml-bench", help="work directory (generated projects, results)")
    ap.add_argument("--seed", type=int, default=2017)
    ap.add_argument("--runs-small", type=int, default=5, help="runs (median) for sizes under 10,000 rows")
    ap.add_argument("--runs-large", type=int, default=5,
                    help="runs (median) for larger sizes: gkml, frictionless, openpyxl, typst")
    ap.add_argument("--lo-runs", type=int, default=3,
                    help="LibreOffice runs (median), in the middle rounds of the build measurements")
    ap.add_argument("--lo-max-rows", type=int, default=30_000,
                    help="skip LibreOffice above this many rows (it takes minutes)")
    ap.add_argument("--build-max-rows", type=int, default=30_000,
                    help="skip gkml build and typst above this many rows (a 250,000-row "
                         "booklet is some 13,000 pages and needs tens of GB)")
    ap.add_argument("--build-args", default="{dir} -o {out}",
                    help="arguments of `gkml build` ({dir} project, {out} output directory)")
    ap.add_argument("--emit-args", default="--emit-typst {typst}",
                    help="arguments added to write the typst document ({typst} its directory)")
    ap.add_argument("--keep", action="store_true", help="keep CSV, PDFs and the LibreOffice profile")
    args = ap.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("需要 GNU time：apt-get install time")
    args.dev_gkml = None
    if args.gkml:
        gkml = Path(args.gkml)
    elif args.profile == "dist":
        args.dev_gkml = build_gkml()
        gkml = build_dist()
    else:
        gkml = build_gkml()
    help_text = build_help(gkml)
    args.has_build = help_text is not None
    args.has_untagged = args.has_build and "--no-pdf-tags" in help_text
    if not args.has_build:
        log("note: `gkml build` is not available in this binary: gkml build and typst are skipped, "
            "LibreOffice prints the generated workbooks")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for name in args.sizes.split(","):
        if name not in SIZES:
            sys.exit(f"unknown size {name}: one of {', '.join(SIZES)}")
        results.append(bench_size(name, gkml, work, args.seed, args))
        (work / "bench-results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(table(results, args.has_build))
    print(f"\n({os.cpu_count()} cores; gkml: {gkml} ({'given' if args.gkml else args.profile} build); "
          f"results: {work / 'bench-results.json'})")


if __name__ == "__main__":
    main()
