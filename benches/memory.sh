#!/usr/bin/env bash
# Peak memory (and wall time) of every command that reads a whole plan, for BENCHMARKS.md
# (issue 14): synthetic plans of about 4 and 44 MB, listed and numeric, the 44 MB one
# with one numeric dimension no rule uses, and the 4 MB one as the child of a small plan
# (c4, every matter its own), with a second version (s4b) for diff. Usage: bash benches/memory.sh [QUANZE]
# (default target/release/quanze, built here); PLANS="s4 t3" to measure fewer plans. Run from
# the repository root.
set -euo pipefail
cargo build --release --quiet --example synth
quanze="${1:-}"
if [ -z "$quanze" ]; then
  cargo build --release --quiet --bin quanze
  quanze=target/release/quanze
fi
synth=target/release/examples/synth
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
$synth --matters 2000 --dims 3 --values 6 --rules 60000 --seed 3 -o "$work/s4.qz"
$synth --matters 20000 --dims 3 --values 6 --rules 600000 --seed 3 -o "$work/t3.qz"
$synth --matters 20000 --dims 3 --values 6 --rules 600000 --numeric --seed 3 -o "$work/t3n.qz"
awk 'NR==3{print "维度 金额 : 数值 万元 [0, ∞)"} {print}' "$work/t3.qz" > "$work/t3u.qz"
$synth --matters 2000 --dims 3 --values 6 --rules 60000 --seed 4 -o "$work/s4b.qz"
printf '文件 "父" { 文号 "父〔1〕号" }\n层级 中央 > 地方\n未列事项 => 地方 § "1"\n' > "$work/parent.qz"
{ printf '文件 "子" {\n  文号 "子〔1〕号"\n  细化 "父〔1〕号" "parent.qz"\n  细分 地方 => 省 > 市 > 县\n}\n'
  tail -n +2 "$work/s4.qz" | sed 's/^事项 /自设事项 /'; } > "$work/c4.qz"
printf '一、\n0.0 x\n' > "$work/source.txt"
for plan in ${PLANS:-s4 t3 t3n t3u}; do
  size=$(stat -c %s "$work/$plan.qz")
  for command in "check" "check --format json" "check --format sarif" \
                 "table --format md -o $work/out" "table --format csv -o $work/out" \
                 "table --format json -o $work/out" "table --format xlsx -o $work/out.xlsx" \
                 "table --format dmn -o $work/out.dmn" "query --list" "report -o $work/out.html" \
                 "coverage --source $work/source.txt" "diff $work/s4b.qz"; do
    # shellcheck disable=SC2086
    /usr/bin/time -o "$work/time" -f '%M %e' "$quanze" $command "$work/$plan.qz" >/dev/null 2>&1 || true
    # A command that exits non-zero (coverage finds uncited sentences) has time write a
    # line about it first: the figures are on the last line.
    read -r kb seconds < <(tail -n 1 "$work/time")
    awk -v p="$plan" -v c="$command" -v kb="$kb" -v s="$seconds" -v size="$size" -v w="$work/" \
      'BEGIN { sub(w, "", c); printf "%-5s %-28s %8.1f MB %6.2f× %6.2f s\n", p, c, kb/1024, kb*1024/size, s }'
  done
done
