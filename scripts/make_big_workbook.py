#!/usr/bin/env python3
"""Makes a 附件2 catalogue with N pieces of information (default 10,000),
for measuring how fast gkml reads large workbooks.

    python3 scripts/make_big_workbook.py OUT_DIR [N]

Writes OUT_DIR/big-openpyxl.xlsx (openpyxl, merged item and step cells) and
OUT_DIR/big.yaml (the same catalogue as YAML; `gkml convert big.yaml -o
big-gkml.xlsx` gives the same catalogue written by gkml).
"""
import os
import sys

from openpyxl import Workbook
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange

STEPS = ["受理", "审查", "决定", "送达", "公示"]
ATTRS = ["主动公开", "依申请公开", "部分公开", "不予公开"]
REASON = "涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开"
HEAD = ["序号", "政务事项分类", "政务事项名称", "政务事项办理主体", "政务事项办理环节",
        "所在环节办理产生的政府信息名称", "政府信息公开属性", None, None, None,
        "不予公开和部分公开的理由", "所在环节办理时限"]


def merge(ws, r1, c1, r2, c2):
    """ws.merge_cells without its overlap check, which scans every range
    already merged (quadratic: a 24,000-row sheet took over ten minutes).
    The ranges written here never overlap; the workbook is the same."""
    mcr = MergedCellRange(ws, CellRange(min_col=c1, min_row=r1, max_col=c2, max_row=r2).coord)
    ws.merged_cells.ranges.add(mcr)
    ws._clean_merge_range(mcr)


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    per_item = len(STEPS) * 2
    items = n // per_item
    os.makedirs(out, exist_ok=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "标准化目录"
    ws["A1"] = "社会救助领域政务公开事项标准化目录"
    ws["A2"] = "填报单位：区民政局"
    for c, h in enumerate(HEAD, 1):
        if h:
            ws.cell(3, c, h)
    for c, a in enumerate(ATTRS, 7):
        ws.cell(4, c, a)
    merge(ws, 3, 7, 3, 10)
    for c in [1, 2, 3, 4, 5, 6, 11, 12]:
        merge(ws, 3, c, 4, c)
    y = ["试点单位: 区民政局", "试点领域: 社会救助", "目录类型: 标准化目录", "政务事项:"]
    row = 5
    for i in range(1, items + 1):
        top = row
        y += [f"  - 序号: {i}", "    政务事项分类: 行政给付", f"    政务事项名称: 测试事项{i}",
              "    政务事项办理主体: 区民政局", "    办理环节:"]
        ws.cell(row, 1, i)
        ws.cell(row, 2, "行政给付")
        ws.cell(row, 3, f"测试事项{i}")
        ws.cell(row, 4, "区民政局")
        for s in STEPS:
            srow = row
            ws.cell(row, 5, s)
            ws.cell(row, 12, "5个工作日")
            y += [f"      - 政务事项办理环节: {s}", "        所在环节办理时限: 5个工作日", "        政府信息:"]
            for k in range(2):
                attr = ATTRS[(i + k) % 4]
                ws.cell(row, 6, f"{s}信息{i}-{k}")
                ws.cell(row, 7 + ATTRS.index(attr), "√")
                y += [f"          - 所在环节办理产生的政府信息名称: {s}信息{i}-{k}",
                      f"            政府信息公开属性: {attr}"]
                if attr in ("部分公开", "不予公开"):
                    ws.cell(row, 11, REASON)
                    y.append(f"            不予公开和部分公开的理由: {REASON}")
                row += 1
            merge(ws, srow, 5, row - 1, 5)
            merge(ws, srow, 12, row - 1, 12)
        for c in [1, 2, 3, 4]:
            merge(ws, top, c, row - 1, c)
    wb.save(os.path.join(out, "big-openpyxl.xlsx"))
    with open(os.path.join(out, "big.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(y) + "\n")


if __name__ == "__main__":
    main()
