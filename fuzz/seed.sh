#!/usr/bin/env bash
# Seeds the fuzz corpora from the sample project and the test fixtures.
# Run from anywhere; corpora go to fuzz/corpus/<target>/ (not committed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
c="$here/corpus"
mkdir -p "$c/yaml" "$c/yaml_fast" "$c/workbook" "$c/timelimit" "$c/project"
# Catalogue YAML: every sample catalogue and the hostile YAML fixtures.
find "$root/catalogs" -name '*.yaml' ! -name gkml.yaml -exec cp {} "$c/yaml/" \;
cp "$root"/tests/fixtures/hostile/*.yaml "$c/yaml/" 2>/dev/null || true
# The fast-path comparison starts from the same catalogues.
find "$root/catalogs" -name '*.yaml' -exec cp {} "$c/yaml_fast/" \;
# Workbooks: every fixture, whatever its format (broken ones included),
# except the 1 MB zip bomb (refused from its header; it only slows mutation).
for f in "$root"/tests/fixtures/workbooks/*.{xlsx,xls,ods}; do
  case "$(basename "$f")" in zip-bomb.xlsx) ;; *) cp "$f" "$c/workbook/" ;; esac
done
# Project files.
find "$root/catalogs" -name gkml.yaml -exec cp {} "$c/project/" \;
# Time limits: every 所在环节办理时限 / 政府信息公开时间 value in the samples.
grep -rhoE '(所在环节办理时限|政府信息公开时间): .*' "$root/catalogs" \
  | sed -E 's/^[^:]+: //' | sort -u | awk -v d="$c/timelimit" '{ f = sprintf("%s/t%03d", d, NR); printf "%s", $0 > f; close(f) }'
for t in 即时 当场 次月 每季度 三个工作日 二十个工作日 十五日 "收到申请之日起20个工作日内" "2017年11月30日" "99999999999999999999个工作日"; do
  printf '%s' "$t" > "$c/timelimit/x-$(printf '%s' "$t" | md5sum | cut -c1-8)"
done
ls "$c"/* | head -0
for t in yaml yaml_fast workbook timelimit project; do echo "$t: $(ls "$c/$t" | wc -l) seeds"; done
