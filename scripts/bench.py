#!/usr/bin/env python3
"""gkml benchmark harness: gkml against the tools offices use instead.

One command (from the repository root):

    python3 scripts/bench.py --sizes small,large,huge [--profile dist]

For every size it generates a synthetic project (the generator, same seed) as
YAML and as workbooks in the merged 附件2/附件3 layout, then measures in the
same run:

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

Then, once, "one large workbook" (issue 19): a single 24,000-row 附件2
workbook with merged item and step cells, written by openpyxl
(scripts/make_big_workbook.py), read by `gkml validate FILE` and by openpyxl's
read-only pass.

Each process is timed from the outside: wall time, and CPU time (user +
system of the process and the children it waited for) and peak RSS from
os.wait4.  gkml uses every core while the Python baselines use one, so the
CPU-time ratio is printed beside the wall-time ratio.  Every Python baseline
pays for the interpreter and its imports in every run, so the start-up of
each tool is measured on its own (`gkml --version`, `python3 -c "import
frictionless"`, ...), and the table gives beside the wall ratio the ratio net
of start-up and the marginal ratio: the slope between two sizes (extra time
per extra row), which no start-up cost enters.  The table goes to stdout,
every number to bench-results.json in the work directory.

The gkml binary measured, named for how it was built (`--profile`):
  * dev (default): `cargo build --bin gkml`, the dev profile exactly as
    Cargo.toml defines it — the binary the README's `cargo run -- build`
    runs (gkml's own code at its dev opt-level with debug assertions,
    dependencies optimised).
  * dist: the distribution build of `scripts/pgo-build.sh` (fat LTO, one
    codegen unit, profile-guided optimisation trained on other data: seed 99);
    the dev build's `gkml build` is then measured in the same rounds too
    ("dev build" columns).
Pass --gkml PATH to measure another binary ("given" build).

Requires: python3, frictionless and openpyxl (pip), typst (pip, for the
typesetting baseline), LibreOffice (`soffice`).
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


def run_child(cmd, env=None, cwd=None):
    """Runs cmd to completion; returns (wall s, exit code, CPU s (user + system
    of the child and the children it waited for, from os.wait4), peak RSS MiB
    (ru_maxrss of the same rusage), stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen([str(c) for c in cmd], stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (wall, p.returncode, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024,
                out.read().decode(errors="replace"), err.read().decode(errors="replace"))


def measure(cmd, *, runs=1, ok=(0,), env=None, cwd=None):
    """Runs cmd `runs` times; returns (median wall s, peak RSS MiB, stdout).
    The median CPU time (user + system) is then given by `last_cpu()`."""
    walls, cpus, rss, out = [], [], 0, ""
    for _ in range(runs):
        wall, code, cpu, peak, out, err = run_child(cmd, env=env, cwd=cwd)
        if code not in ok:
            raise RuntimeError(f"{' '.join(map(str, cmd))} exited {code}\n{out[-2000:]}\n{err[-2000:]}")
        walls.append(wall)
        cpus.append(cpu)
        rss = max(rss, peak)
    CPU["last"] = statistics.median(cpus)
    return statistics.median(walls), rss, out


def last_cpu():
    return CPU.get("last")


def measure_alternating(cmds, runs, sparse=None, sparse_runs=1, ok=(0,)):
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
            wall, rss, out = measure(cmd, ok=ok)
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
# Baseline workers (run as `bench.py _worker ...`)
# ---------------------------------------------------------------------------

def workbooks(d):
    """The workbooks of a directory, or the one workbook `d` names."""
    if Path(d).is_file():
        return [Path(d)]
    return sorted(p for p in Path(d).rglob("*.xlsx") if not p.name.startswith("~$"))


def worker_startup(module):
    """Start-up of a Python baseline: the interpreter and the import alone."""
    __import__(module)
    print(module)


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

def gen_cmd(gkml):
    """The synthetic-project generator (the gkml-gen binary beside gkml): the
    one place that says how it is run."""
    return [Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug" / "gkml-gen"]


def build_gkml():
    """The binary the README's `cargo run -- build` runs: `cargo build` with the
    dev profile as Cargo.toml defines it, nothing overridden. Copied to
    $CARGO_TARGET_DIR/gkml-dev so a later build does not change it mid-run."""
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    cmd = ["cargo", "build", "--bin", "gkml", "--bin", "gkml-gen"]
    log("$ " + " ".join(cmd))
    subprocess.run(cmd, cwd=ROOT, check=True)
    exe = target / "debug" / "gkml"
    bench_exe = target / "gkml-dev"
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
    gen = gen_cmd(gkml) + ["--units", units, "--items-per-domain", items, "--seed", seed]
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


def md(head, rows):
    """A Markdown table."""
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def net(r, su, base, tool):
    """base ÷ tool after subtracting each one's measured start-up."""
    b, t = r.get(f"{base}_s"), r.get(f"{tool}_s")
    sb, st = su.get(base, 0), su.get(tool, 0)
    if not b or not t or t - st <= 0:
        return "—"
    return f"{(b - sb) / (t - st):.1f}×"


def marginal(prev, r, base, tool):
    """base ÷ tool of the extra time from the previous size to this one: the
    ratio of the slopes (time per extra row), free of any start-up cost."""
    if prev is None:
        return "—"
    keys = [f"{base}_s", f"{tool}_s"]
    if not all(prev.get(k) and r.get(k) for k in keys):
        return "—"
    db, dt = r[keys[0]] - prev[keys[0]], r[keys[1]] - prev[keys[1]]
    return "—" if dt <= 0 or db <= 0 else f"{db / dt:.1f}×"


def slope_us(prev, r, key):
    """Extra µs per extra row from the previous size to this one."""
    if prev is None or not prev.get(f"{key}_s") or not r.get(f"{key}_s") or r["rows"] <= prev["rows"]:
        return "—"
    return f"{(r[f'{key}_s'] - prev[f'{key}_s']) / (r['rows'] - prev['rows']) * 1e6:.2f}"


def cpu_ratio(r, base, tool):
    return ratio(r.get(f"{tool}_cpu_s"), r.get(f"{base}_cpu_s"))


def table(results, has_build, startup, big):
    """The result tables: validation, per-row and marginal figures, the build,
    the one large workbook; ratios are baseline ÷ gkml (bigger is better)."""
    out = []
    su = {k: v["s"] for k, v in startup.items()}
    out.append("start-up (median wall): " + ", ".join(f"{k} {fmt_s(v)}" for k, v in su.items()))
    out.append("")
    results = sorted(results, key=lambda r: r["rows"])
    head = ["size", "rows", "validate YAML", "validate xlsx", "frictionless", "openpyxl r/o",
            "fl ÷ YAML wall / CPU", "fl ÷ xlsx wall / CPU", "openpyxl ÷ xlsx wall / CPU",
            "CPU s YAML/xlsx/fl/opx", "peak RSS YAML/xlsx/fl/opx"]
    rows = []
    for r in results:
        rows.append([
            r["size"], f"{r['rows']:,}", fmt_s(r["validate_yaml_s"]), fmt_s(r["validate_xlsx_s"]),
            fmt_s(r["frictionless_s"]), fmt_s(r["openpyxl_s"]),
            f"{ratio(r['validate_yaml_s'], r['frictionless_s'])} / {cpu_ratio(r, 'frictionless', 'validate_yaml')}",
            f"{ratio(r['validate_xlsx_s'], r['frictionless_s'])} / {cpu_ratio(r, 'frictionless', 'validate_xlsx')}",
            f"{ratio(r['validate_xlsx_s'], r['openpyxl_s'])} / {cpu_ratio(r, 'openpyxl', 'validate_xlsx')}",
            "/".join(f"{r.get(k) or 0:.2f}" for k in
                     ("validate_yaml_cpu_s", "validate_xlsx_cpu_s", "frictionless_cpu_s", "openpyxl_cpu_s")),
            "/".join(f"{r.get(k) or 0:.0f}" for k in
                     ("validate_yaml_mb", "validate_xlsx_mb", "frictionless_mb", "openpyxl_mb")) + " MiB"])
    out.append(md(head, rows))
    out.append("")
    head = ["size", "µs/row YAML / xlsx", "net of start-up: fl ÷ YAML / fl ÷ xlsx / opx ÷ xlsx",
            "marginal µs/row YAML / xlsx / fl / opx", "marginal: fl ÷ YAML / fl ÷ xlsx / opx ÷ xlsx"]
    rows, prev = [], None
    for r in results:
        n = r["rows"]
        rows.append([
            r["size"], f"{r['validate_yaml_s'] / n * 1e6:.2f} / {r['validate_xlsx_s'] / n * 1e6:.2f}",
            " / ".join(net(r, {"frictionless": su.get("frictionless", 0), "openpyxl": su.get("openpyxl", 0),
                                "validate_yaml": su.get("gkml", 0), "validate_xlsx": su.get("gkml", 0)}, b, t)
                       for b, t in [("frictionless", "validate_yaml"), ("frictionless", "validate_xlsx"),
                                    ("openpyxl", "validate_xlsx")]),
            " / ".join(slope_us(prev, r, k) for k in ("validate_yaml", "validate_xlsx", "frictionless", "openpyxl")),
            " / ".join(marginal(prev, r, b, t) for b, t in [("frictionless", "validate_yaml"),
                                                              ("frictionless", "validate_xlsx"),
                                                              ("openpyxl", "validate_xlsx")])])
        prev = r
    out.append(md(head, rows))
    if has_build and any(r.get("build_s") for r in results):
        out.append("")
        dev = any(r.get("build_dev_s") for r in results)
        head = ["size", "gkml build", "typst", "build ÷ typst wall / CPU", "LibreOffice", "LO ÷ build wall / CPU",
                "LO ÷ build per round", "marginal LO ÷ build", "peak RSS build/typst",
                "build --no-pdf-tags", "LO ÷ untagged wall / CPU"]
        if dev:
            head += ["dev build", "LO ÷ dev build wall / CPU"]
        rows, prev = [], None
        for r in results:
            if not r.get("build_s"):
                continue
            row = [r["size"], fmt_s(r.get("build_s")), fmt_s(r.get("typst_s")),
                   ("—" if not r.get("typst_s") else f"{r['build_s'] / r['typst_s']:.2f}") + " / "
                   + ("—" if not r.get("typst_cpu_s") else f"{r['build_cpu_s'] / r['typst_cpu_s']:.2f}"),
                   fmt_s(r.get("lo_s")),
                   f"{ratio(r.get('build_s'), r.get('lo_s'))} / {cpu_ratio(r, 'lo', 'build')}",
                   spread(r, "lo", "build"), marginal(prev, r, "lo", "build"),
                   f"{r['build_mb']:.0f}/{r.get('typst_mb', 0):.0f} MiB" if r.get("build_mb") else "—",
                   fmt_s(r.get("build_untagged_s")),
                   f"{ratio(r.get('build_untagged_s'), r.get('lo_s'))} / {cpu_ratio(r, 'lo', 'build_untagged')}"]
            if dev:
                row += [fmt_s(r.get("build_dev_s")),
                        f"{ratio(r.get('build_dev_s'), r.get('lo_s'))} / {cpu_ratio(r, 'lo', 'build_dev')}"]
            rows.append(row)
            prev = r
        out.append(md(head, rows))
    if big:
        out.append("")
        head = ["one large workbook", "rows", "gkml validate FILE", "openpyxl r/o", "openpyxl ÷ gkml wall / CPU",
                "net of start-up", "CPU s gkml/opx", "peak RSS gkml/opx"]
        out.append(md(head, [[
            big["file"], f"{big['rows']:,}", fmt_s(big["validate_one_s"]), fmt_s(big["openpyxl_one_s"]),
            f"{ratio(big['validate_one_s'], big['openpyxl_one_s'])} / {cpu_ratio(big, 'openpyxl_one', 'validate_one')}",
            net(big, {"openpyxl_one": su.get("openpyxl", 0), "validate_one": su.get("gkml", 0)},
                "openpyxl_one", "validate_one"),
            f"{big['validate_one_cpu_s']:.2f}/{big['openpyxl_one_cpu_s']:.2f}",
            f"{big['validate_one_mb']:.0f}/{big['openpyxl_one_mb']:.0f} MiB"]]))
    return "\n".join(out)


def bench_startup(gkml, args):
    """Median start-up of each tool: gkml printing its version, Python
    importing each baseline (nothing read). name -> {"s", "cpu_s"}."""
    me = [sys.executable, Path(__file__).resolve()]
    cmds = {"gkml": [gkml, "--version"],
            "frictionless": me + ["_startup", "frictionless"],
            "openpyxl": me + ["_startup", "openpyxl"]}
    if args.has_build:
        cmds["typst"] = me + ["_startup", "typst"]
    log(f"start-up of each tool ({args.runs_small} rounds)")
    got = measure_alternating(cmds, args.runs_small)
    return {k: {"s": v[0], "cpu_s": v[3]} for k, v in got.items()}


def bench_big(gkml, work, args):
    """One large 附件2 workbook (issue 19), written by openpyxl with merged
    item and step cells: `gkml validate FILE` against openpyxl's read-only
    pass over the same file."""
    d = work / "one-workbook"
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    log(f"[one workbook] writing a {args.big_rows:,}-row 附件2 workbook with openpyxl (not timed)")
    subprocess.run([sys.executable, ROOT / "scripts" / "make_big_workbook.py", d, str(args.big_rows)], check=True)
    xlsx = d / "big-openpyxl.xlsx"
    (d / "big.yaml").unlink(missing_ok=True)
    me = [sys.executable, Path(__file__).resolve()]
    n = args.runs_small
    log(f"[one workbook] gkml validate FILE and openpyxl read-only ({n} rounds)")
    got = measure_alternating({
        "validate_one": [gkml, "validate", xlsx, "--format", "json", "-o", d / "report.json"],
        "openpyxl_one": me + ["_openpyxl", xlsx],
    }, n, ok=(0, 1))
    r = {"file": xlsx.name, "rows": args.big_rows, "xlsx_mb": xlsx.stat().st_size / 2**20}
    store(r, got)
    report = json.loads((d / "report.json").read_text() or "{}")
    r["report_summary"] = report.get("summary") if isinstance(report, dict) else None
    return r


def main():
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        worker = {"_openpyxl": worker_openpyxl, "_flatten": worker_flatten,
                  "_frictionless": worker_frictionless, "_typst": worker_typst,
                  "_startup": worker_startup}[sys.argv[1]]
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
    ap.add_argument("--big-rows", type=int, default=24_000,
                    help="rows of the one-large-workbook case (0: skip it)")
    ap.add_argument("--keep", action="store_true", help="keep CSV, PDFs and the LibreOffice profile")
    args = ap.parse_args()
    args.dev_gkml = None
    if args.gkml:
        gkml = Path(args.gkml)
        built = f"given: {gkml}"
    elif args.profile == "dist":
        args.dev_gkml = build_gkml()
        gkml = build_dist()
        built = (f"dist build (scripts/pgo-build.sh: fat LTO + PGO): {gkml}; dev build "
                 f"(cargo build, Cargo.toml [profile.dev]): {args.dev_gkml}")
    else:
        gkml = build_gkml()
        built = f"dev build (cargo build, Cargo.toml [profile.dev]): {gkml}"
    help_text = build_help(gkml)
    args.has_build = help_text is not None
    args.has_untagged = args.has_build and "--no-pdf-tags" in help_text
    if not args.has_build:
        log("note: `gkml build` is not available in this binary: gkml build and typst are skipped, "
            "LibreOffice prints the generated workbooks")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    sizes = args.sizes.split(",")
    for name in sizes:
        if name not in SIZES:
            sys.exit(f"unknown size {name}: one of {', '.join(SIZES)}")
    results = []
    saved = {"gkml": built, "sizes": results}
    save = lambda: (work / "bench-results.json").write_text(json.dumps(saved, ensure_ascii=False, indent=1))
    saved["startup"] = startup = bench_startup(gkml, args)
    for name in sizes:
        results.append(bench_size(name, gkml, work, args.seed, args))
        save()
    big = None
    if args.big_rows > 0:
        saved["one_workbook"] = big = bench_big(gkml, work, args)
        save()
    print(table(results, args.has_build, startup, big))
    print(f"\n({os.cpu_count()} cores; gkml: {built}; results: {work / 'bench-results.json'})")


if __name__ == "__main__":
    main()
