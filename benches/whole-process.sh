#!/usr/bin/env bash
# Whole-process figures for BENCHMARKS.md: wall time (hyperfine) and peak memory
# (/usr/bin/time) of the quanze binary on synthetic plans and on the real plan.
# Needs hyperfine (Debian package `hyperfine`). Run from the repository root.
set -euo pipefail
cargo build --release --quiet --bin quanze --example synth
quanze=target/release/quanze
synth=target/release/examples/synth
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== target 4: check on the real plan vs --version"
hyperfine --warmup 20 --runs 200 -N \
  "$quanze --version" \
  "$quanze check policies/nmg-ip-2024-48.qz"

echo "== targets 1 and 2: whole process"
$synth --matters 1 --dims 10 --values 8 --rules 10000 --seed 1 -o "$work/t1.qz"
$synth --matters 1 --dims 12 --values 8 --rules 2000 --numeric --seed 1 -o "$work/t2.qz"
hyperfine --warmup 1 --runs 10 -N "$quanze check $work/t1.qz" "$quanze check $work/t2.qz"

echo "== target 3: a ~45 MB plan, table to CSV: wall time and peak memory"
$synth --matters 20000 --dims 3 --values 6 --rules 600000 --seed 3 -o "$work/t3.qz"
ls -l "$work/t3.qz"
/usr/bin/time -f "wall %e s, peak RSS %M KB" "$quanze" table "$work/t3.qz" --format csv -o "$work/t3.csv"
