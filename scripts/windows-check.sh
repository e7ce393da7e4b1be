#!/usr/bin/env bash
# The Windows build, checked on Linux (issue 19): cross-compiles gkml for
# x86_64-pc-windows-gnu (clippy on every target, then the program), runs it
# under Wine on both sample projects with Windows paths (`catalogs\…`), and
# compares every output with the Linux build's: they must be byte-identical.
# Also shows a diagnostic, to see `\` in its path.
#
#   bash scripts/windows-check.sh
#
# Needs rustup (for the target's standard library) and Debian packages
# gcc-mingw-w64-x86-64 (a build script assembles with it) and wine64; it
# installs what is missing. Not part of .ci/run: the target's standard
# library comes from static.rust-lang.org, not from the package registries.
# What it does not check: the MSVC target the release workflow builds, and a
# real Windows console (Wine's output here goes to files).
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-pc-windows-gnu
rustup target add "$target"
need=()
command -v x86_64-w64-mingw32-gcc >/dev/null || need+=(gcc-mingw-w64-x86-64)
[ -x /usr/lib/wine/wine64 ] || need+=(wine64)
if ((${#need[@]})); then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/gkml-target}"
cargo clippy --target "$target" --all-targets -- -D warnings
cargo build --target "$target" --bin gkml
cargo build --bin gkml

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$CARGO_TARGET_DIR/$target/debug/gkml.exe" "$work/"
# Rust's standard library draws random numbers with ProcessPrng from
# bcryptprimitives.dll, which Debian 12's Wine (8.0) lacks: a stand-in that
# asks advapi32's RtlGenRandom, for Wine only.
cat > "$work/prng.c" <<'EOF'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len) {
        ULONG n = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
EOF
x86_64-w64-mingw32-gcc -shared -o "$work/bcryptprimitives.dll" "$work/prng.c" -ladvapi32

export WINEDEBUG=-all WINEPREFIX="$work/wine"
wine() { /usr/lib/wine/wine64 "$work/gkml.exe" "$@"; }
wine --version

failed=0
for project in hongkou-2017 qingshan-2021; do
    wine build "catalogs\\$project" -o "Z:${work//\//\\}\\win-$project" >"$work/out.txt" 2>&1
    tail -n 1 "$work/out.txt"
    "$CARGO_TARGET_DIR/debug/gkml" build "catalogs/$project" -o "$work/linux-$project" >/dev/null 2>&1
    for f in "$work/linux-$project"/*; do
        name=$(basename "$f")
        if cmp -s "$f" "$work/win-$project/$name"; then
            echo "  same: $name"
        else
            echo "  DIFFERENT: $name"
            failed=1
        fi
    done
done
if wine validate 'tests\fixtures\hostile\gbk.yaml' >"$work/out.txt" 2>&1; then
    echo "validate of a GBK file succeeded under Wine"
    failed=1
fi
grep -F 'tests\fixtures\hostile\gbk.yaml' "$work/out.txt" || {
    echo "the diagnostic does not name the file with \\"
    failed=1
}
if ((failed)); then
    echo "windows-check: FAILED"
    exit 1
fi
echo "windows-check: ok"
