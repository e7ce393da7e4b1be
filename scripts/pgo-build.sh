#!/usr/bin/env bash
# Builds the distribution binary of gkml: the `dist` profile (whole-program
# LTO, one codegen unit) plus profile-guided optimisation (PGO).
#
#   scripts/pgo-build.sh            # prints the path of the binary it built
#
# Steps: build an instrumented gkml; run it on the sample catalogues and on a
# generated project (seed 99, about 7,000 rows; the benchmark uses seed 2017)
# — validate YAML and xlsx, build the booklet tagged and untagged; merge the
# profiles with llvm-profdata; build again using them.  Both builds take about
# 12 minutes each on 2 cores when cold.  The result typesets the large
# benchmark project about 20 % faster than the dev build (README, "性能"),
# with byte-identical output.
#
# Needs llvm-profdata of the LLVM major version rustc uses (`rustc -vV`), e.g.
# `apt-get install llvm-22` for rustc 1.95.  Target directories: next to
# CARGO_TARGET_DIR (default /var/tmp/gkml-target): `-pgo-gen` (instrumented)
# and `-pgo` (final). A rerun rebuilds and retrains only when the sources
# changed; otherwise it builds nothing and prints the path again.
set -euo pipefail
cd "$(dirname "$0")/.."

base="${CARGO_TARGET_DIR:-/var/tmp/gkml-target}"
gen_dir="$base-pgo-gen"
use_dir="$base-pgo"

llvm_major=$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')
host=$(rustc -vV | sed -n 's/^host: //p')
profdata=""
for p in "llvm-profdata-$llvm_major" llvm-profdata \
    "$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"; do
    if command -v "$p" >/dev/null 2>&1 &&
        "$p" --version 2>/dev/null | grep -q "LLVM version $llvm_major\."; then
        profdata="$p"
        break
    fi
done
if [ -z "$profdata" ]; then
    echo "pgo-build: llvm-profdata for LLVM $llvm_major not found (rustc uses LLVM $llvm_major)." >&2
    echo "pgo-build: install it, e.g. 'apt-get install llvm-$llvm_major' or" \
        "'rustup component add llvm-tools'." >&2
    exit 1
fi

# 1. Instrumented build. The raw profiles go to a fixed directory so that
#    RUSTFLAGS, and with them the build, stay the same from run to run.
raw="$gen_dir/pgo-raw"
echo "pgo-build: [1/4] instrumented build ($gen_dir)" >&2
CARGO_TARGET_DIR="$gen_dir" CARGO_ENCODED_RUSTFLAGS="-Cprofile-generate=$raw" \
    cargo build --profile dist --bin gkml --bin gkml-gen --quiet
gkml="$gen_dir/dist/gkml"

# 2. Training run, unless the profile on hand came from this very
#    instrumented binary (the counts of multi-threaded runs vary a little from
#    run to run, so retraining would change the profile and force step 4 to
#    rebuild everything for nothing).
gen_sum=$(sha256sum "$gkml" | cut -c1-16)
stamp="$use_dir/pgo-trained-on"
mkdir -p "$use_dir"
profile=$(find "$use_dir" -maxdepth 1 -name 'gkml-*.profdata' -print -quit)
if [ -n "$profile" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$gen_sum" ]; then
    echo "pgo-build: [2/4] profile up to date ($profile)" >&2
    echo "pgo-build: [3/4] -" >&2
else
    echo "pgo-build: [2/4] training on catalogs/hongkou-2017 and a generated project" >&2
    rm -rf "$raw"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    "$gkml" validate catalogs/hongkou-2017 >/dev/null
    "$gkml" build catalogs/hongkou-2017 -o "$work/sample" >/dev/null 2>&1
    LLVM_PROFILE_FILE="$work/gen-%p.profraw" "$gen_dir/dist/gkml-gen" --units 20 --items-per-domain 12 --seed 99 -o "$work/yaml" >/dev/null
    LLVM_PROFILE_FILE="$work/gen-%p.profraw" "$gen_dir/dist/gkml-gen" --units 20 --items-per-domain 12 --seed 99 -o "$work/xlsx" --xlsx >/dev/null
    "$gkml" validate "$work/yaml" --format json -o "$work/yaml.json"
    "$gkml" validate "$work/xlsx" --format json -o "$work/xlsx.json"
    "$gkml" build "$work/yaml" -o "$work/out-yaml" >/dev/null 2>&1
    "$gkml" build "$work/xlsx" -o "$work/out-xlsx" --no-pdf-tags >/dev/null 2>&1

    # 3. Merge. The profile is named by its content: a new profile changes
    #    RUSTFLAGS and so rebuilds everything with it.
    echo "pgo-build: [3/4] merging profiles with $profdata" >&2
    "$profdata" merge -o "$work/merged.profdata" "$raw"
    sum=$(sha256sum "$work/merged.profdata" | cut -c1-16)
    rm -f "$use_dir"/gkml-*.profdata
    profile="$use_dir/gkml-$sum.profdata"
    cp "$work/merged.profdata" "$profile"
    echo "$gen_sum" >"$stamp"
fi

# 4. Optimised build.
echo "pgo-build: [4/4] optimised build ($use_dir)" >&2
flags="-Cprofile-use=$profile"$'\x1f'"-Cllvm-args=-pgo-warn-missing-function=false"
CARGO_TARGET_DIR="$use_dir" CARGO_ENCODED_RUSTFLAGS="$flags" \
    cargo build --profile dist --bin gkml --quiet
echo "$use_dir/dist/gkml"
