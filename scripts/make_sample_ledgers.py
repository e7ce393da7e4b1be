#!/usr/bin/env python3
"""Writes the sample project's 公开台账 (catalogs/hongkou-2017/<单位>/<领域>-公开台账.*).

One record for every 主动公开 piece of every 附件3 item (so `gkml validate
--as-of` finds nothing 尚未公开 after the 专栏 opened on 2017-10-09), plus a
few 附件2-only pieces. Each piece is published 0–2 working days after it was
formed, between 2017-10-09 and 2017-12-29 (no holiday falls in that window;
weekends are skipped). 区人保局 keeps its ledgers as workbooks (made here with
openpyxl, the way a liaison's Excel file looks: title row, 填报单位 row,
merged 政务事项名称 cells, Excel dates in one, typed text dates in the other);
the other units keep YAML. Deterministic: the same catalogues give the same
files.

    python3 scripts/make_sample_ledgers.py
"""

import datetime as dt
import hashlib
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent / "catalogs" / "hongkou-2017"
OPENED = dt.date(2017, 10, 9)
LAST = dt.date(2017, 12, 29)
WORKBOOK_UNITS = {"区人保局"}


def working_days_after(d, n):
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def pick(key, lo, hi):
    """A stable pseudo-random integer in [lo, hi] for `key`."""
    h = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)
    return lo + h % (hi - lo + 1)


def pieces(path):
    cat = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in cat.get("政务事项") or []:
        for step in item.get("办理环节") or []:
            for info in step.get("政府信息") or []:
                if info.get("政府信息公开属性") == "主动公开":
                    yield item["政务事项名称"], info["所在环节办理产生的政府信息名称"]


def records(unit, domain):
    op = ROOT / unit / f"{domain}-规范化操作目录.yaml"
    st = ROOT / unit / f"{domain}-标准化目录.yaml"
    wanted = list(pieces(op))
    seen = set(wanted)
    extra = [p for p in pieces(st) if p not in seen]
    wanted += extra[:3]
    out = []
    span = (LAST - OPENED).days - 7
    for item, info in wanted:
        formed = working_days_after(OPENED + dt.timedelta(days=pick(unit + item + info, 0, span)), 0)
        published = working_days_after(formed, pick(info + item, 0, 2))
        out.append((item, info, formed, published))
    out.sort(key=lambda r: (r[3], r[2], r[0], r[1]))
    return out


def yaml_ledger(unit, domain, recs):
    lines = [
        "# yaml-language-server: $schema=../../../schemas/ledger.schema.json",
        f"# {domain}领域政府信息公开台账（由 scripts/make_sample_ledgers.py 生成）",
        "",
        f"试点单位: {unit}",
        f"试点领域: {domain}",
        "公开记录:",
    ]
    for item, info, formed, published in recs:
        slug = hashlib.sha256((item + info).encode()).hexdigest()[:8]
        lines += [
            f"  - 政务事项名称: {item}",
            f"    政府信息名称: {info}",
            f"    形成日期: {formed.isoformat()}",
            f"    公开日期: {published.isoformat()}",
            f"    公开链接: https://www.shhk.gov.cn/zwgk/{slug}.html",
        ]
    return "\n".join(lines) + "\n"


def workbook_ledger(path, unit, domain, recs, excel_dates):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = f"{domain}公开台账"
    ws.append([f"{domain}领域政府信息公开台账"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"填报单位：{unit}"])
    ws.append(["序号", "政务事项名称", "政府信息名称", "形成日期", "公开日期", "公开链接"])
    start = None
    prev = None
    for i, (item, info, formed, published) in enumerate(recs, 1):
        slug = hashlib.sha256((item + info).encode()).hexdigest()[:8]
        if excel_dates:
            f, p = formed, published
        else:
            f = f"{formed.year}年{formed.month}月{formed.day}日"
            p = f"{published.year}/{published.month}/{published.day}"
        ws.append([i, item, info, f, p, f"https://www.shhk.gov.cn/zwgk/{slug}.html"])
        row = ws.max_row
        if excel_dates:
            ws.cell(row, 4).number_format = "yyyy-mm-dd"
            ws.cell(row, 5).number_format = "yyyy-mm-dd"
        if item != prev:
            if start is not None and row - 1 > start:
                ws.merge_cells(start_row=start, start_column=2, end_row=row - 1, end_column=2)
            start, prev = row, item
        else:
            ws.cell(row, 2).value = None
    if start is not None and ws.max_row > start:
        ws.merge_cells(start_row=start, start_column=2, end_row=ws.max_row, end_column=2)
    for col, w in zip("ABCDEF", (6, 24, 36, 13, 13, 40)):
        ws.column_dimensions[col].width = w
    # Fixed properties so the bytes do not change from run to run.
    stamp = dt.datetime(2017, 12, 29)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "区人保局"
    wb.save(path)


def main():
    project = yaml.safe_load((ROOT / "gkml.yaml").read_text(encoding="utf-8"))
    n = 0
    for entry in project["试点单位及试点内容表"]:
        unit = entry["试点单位"]
        for k, domain in enumerate(entry["试点领域"]):
            recs = records(unit, domain)
            if unit in WORKBOOK_UNITS:
                out = ROOT / unit / f"{domain}-公开台账.xlsx"
                workbook_ledger(out, unit, domain, recs, excel_dates=(k == 0))
            else:
                out = ROOT / unit / f"{domain}-公开台账.yaml"
                out.write_text(yaml_ledger(unit, domain, recs), encoding="utf-8")
            n += len(recs)
            print(f"{out.relative_to(ROOT.parent.parent)}: {len(recs)} 条", file=sys.stderr)
    print(f"共 {n} 条公开记录", file=sys.stderr)


if __name__ == "__main__":
    main()
