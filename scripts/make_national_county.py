#!/usr/bin/env python3
"""A whole county's national-2019 project for timing (issue 16): one unit per
domain for all 26 domains, each table 6 一级事项 × 5 二级事项 (780 rows),
written as YAML from the sample county's 社会救助 rows (catalogs/qingshan-2021).

    python3 scripts/make_national_county.py OUT_DIR
    gkml validate OUT_DIR && gkml build OUT_DIR -o OUT_DIR/dist
"""
import sys
from pathlib import Path

import yaml  # PyYAML

ROOT = Path(__file__).resolve().parent.parent
DOMAINS = ["社会救助", "养老服务", "户籍管理", "义务教育", "重大建设项目", "公共资源交易", "财政预决算",
           "保障性住房", "涉农补贴", "卫生健康", "市政服务", "安全生产", "救灾", "税收管理", "公共文化服务",
           "就业", "社会保险", "城市综合执法", "公共法律服务", "生态环境", "食品药品监管",
           "国有土地上房屋征收", "农村危房改造", "征地补偿", "扶贫", "自然资源"]


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    sample = ROOT / "catalogs/qingshan-2021"
    src = yaml.safe_load((sample / "青山县民政局/社会救助-标准目录.yaml").read_text(encoding="utf-8"))
    rows = [r for g in src["公开事项"] for r in g["二级事项"]]
    project = yaml.safe_load((sample / "gkml.yaml").read_text(encoding="utf-8"))
    project["标题"] = "示例县基层政务公开标准目录"
    project["地区"] = "示例县"
    project["编制单位及试点领域"] = [{"编制单位": f"示例县{d}主管部门", "试点领域": [d]} for d in DOMAINS]
    (out / "gkml.yaml").write_text(yaml.safe_dump(project, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for n, d in enumerate(DOMAINS):
        unit = f"示例县{d}主管部门"
        groups = []
        for g in range(6):
            items = []
            for i in range(5):
                r = dict(rows[(n + g * 5 + i) % len(rows)])
                r["二级事项"] = f"{d}事项{g + 1}-{i + 1}"
                r["公开主体"] = unit
                items.append(r)
            groups.append({"一级事项": f"{d}类别{g + 1}", "二级事项": items})
        doc = {"格式": "national-2019", "编制单位": unit, "试点领域": d, "公开事项": groups}
        folder = out / unit
        folder.mkdir(exist_ok=True)
        (folder / f"{d}-标准目录.yaml").write_text(
            yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


if __name__ == "__main__":
    main()
