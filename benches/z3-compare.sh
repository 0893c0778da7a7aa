#!/usr/bin/env bash
# quanze check side by side with Z3 on the same synthetic matters (issue 16): 1,000 and
# 10,000 rules of 10 dimensions x 8 values, one run each. Makes a virtual environment
# with z3-solver from PyPI (pinned) in target/z3-venv the first time; needs python3 with
# venv. Run from the repository root; the table it prints goes in BENCHMARKS.md.
set -euo pipefail
cargo build --release --quiet --bin quanze --example synth
venv=target/z3-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet z3-solver==5.4.1.0
fi
"$venv/bin/python" benches/z3_compare.py target/release/quanze target/release/examples/synth ${@:-1000 10000}
