#!/usr/bin/env python3
"""Replaces the rule table in README.md with `gkml rules --format markdown`.

Usage: python3 scripts/update-readme-rules.py [path/to/gkml]
"""
import subprocess, sys, re, pathlib

gkml = sys.argv[1] if len(sys.argv) > 1 else "target/debug/gkml"
table = subprocess.run([gkml, "rules", "--format", "markdown"], check=True,
                       capture_output=True, text=True).stdout
readme = pathlib.Path(__file__).resolve().parent.parent / "README.md"
text = readme.read_text()
new, n = re.subn(r"(<!-- rules:start -->\n).*?(<!-- rules:end -->)",
                 lambda m: m.group(1) + table + m.group(2), text, flags=re.S)
if n != 1:
    sys.exit("README.md: rule table markers not found")
readme.write_text(new)
