"""The question `quanze check` answers, asked of an SMT solver (issue 16).

Catala's proof platform asks Z3, Cedar's symbolic compiler cvc5, whether a set of rules
leaves a case undecided or decides one twice. This script asks Z3 the same of a synthetic
matter written by examples/synth (every dimension an integer variable, each rule a
conjunction of memberships; "is there a gap?" is the negation of the disjunction of all
rules; "is there a conflict?" is one query per pair of distinct outcomes), and times it
against `quanze check` on the same file, one run each, side by side.

The two do not answer the same amount: Z3 says yes or no (and one witness), quanze names
every gap and every conflicting region. The ratio is therefore a lower bound of quanze's
advantage, not a like-for-like figure.

Each of Z3's questions gets at most QUESTION_SECONDS; one it does not answer in that time
is reported as such (`>` before the time, `?` for the answer), not left to run for hours.

Usage: python benches/z3_compare.py QUANZE SYNTH RULES... (run by benches/z3-compare.sh).
"""

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import z3

DIMENSIONS = 10
VALUES = 8
QUESTION_SECONDS = 300
RULE = re.compile(r'^\s+(?P<condition>.+?) => (?P<outcome>\S+) § "')
TEST = re.compile(r"(?P<dimension>d\d+) = (?:\{(?P<many>[^}]*)\}|(?P<one>d\d+v\d+))")


def read_rules(text):
    """The matter's rules: (condition as {dimension: [value index]}, outcome)."""
    rules = []
    for line in text.splitlines():
        found = RULE.match(line)
        if not found:
            continue
        condition = {}
        if found["condition"] != "任意":
            for test in TEST.finditer(found["condition"]):
                values = test["many"].split(", ") if test["many"] else [test["one"]]
                condition[test["dimension"]] = [int(v.split("v")[1]) for v in values]
        rules.append((condition, found["outcome"]))
    return rules


def encode(rules):
    """The dimensions as bounded integers, and each rule as a Z3 formula."""
    variables = {f"d{d}": z3.Int(f"d{d}") for d in range(DIMENSIONS)}
    bounds = [z3.And(v >= 0, v < VALUES) for v in variables.values()]
    formulas = []
    for condition, outcome in rules:
        tests = [z3.Or([variables[name] == value for value in values]) for name, values in condition.items()]
        formulas.append((z3.And(tests) if tests else z3.BoolVal(True), outcome))
    return bounds, formulas


def solver(bounds):
    """A solver that gives up after QUESTION_SECONDS (its answer is then `unknown`)."""
    made = z3.Solver()
    made.set("timeout", QUESTION_SECONDS * 1000)
    made.add(bounds)
    return made


def answer(first, second):
    """Or of two answers, each True, False or None (not answered in time)."""
    if first is True or second is True:
        return True
    if first is None or second is None:
        return None
    return False


def verdict(result):
    if result == z3.sat:
        return True
    if result == z3.unsat:
        return False
    return None


def ask_z3(rules):
    """Seconds to answer: is there a gap, and is there a conflict between two outcomes?
    Each answer is True, False, or None when Z3 gave up."""
    started = time.perf_counter()
    bounds, formulas = encode(rules)
    question = solver(bounds)
    question.add(z3.Not(z3.Or([formula for formula, _ in formulas])))
    gap = verdict(question.check())
    conflict = False
    outcomes = sorted({outcome for _, outcome in formulas})
    for i, first in enumerate(outcomes):
        for second in outcomes[i + 1 :]:
            question = solver(bounds)
            question.add(z3.Or([f for f, o in formulas if o == first]))
            question.add(z3.Or([f for f, o in formulas if o == second]))
            conflict = answer(conflict, verdict(question.check()))
    return time.perf_counter() - started, gap, conflict


def ask_quanze(quanze, plan):
    started = time.perf_counter()
    run = subprocess.run([quanze, "check", str(plan)], capture_output=True, check=False)
    return time.perf_counter() - started, run.returncode


def main():
    quanze, synth, counts = sys.argv[1], sys.argv[2], [int(n) for n in sys.argv[3:]]
    print("| rules | plan | quanze check (whole process) | Z3 (encode + gap + conflicts) | Z3 / quanze | answers |")
    print("| --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for count in counts:
            # A clean matter, and two matters of which one has a gap and one a conflict.
            for planted, matters, flaws in (("clean", 1, 0), ("1 gap, 1 conflict", 2, 1)):
                plan = Path(folder) / f"synth-{count}-{matters}.qz"
                arguments = [synth, "--matters", str(matters), "--dims", str(DIMENSIONS), "--values", str(VALUES)]
                arguments += ["--rules", str(count), "--gaps", str(flaws), "--overlaps", str(flaws)]
                arguments += ["--seed", "1", "-o", str(plan)]
                subprocess.run(arguments, check=True, capture_output=True)
                text = plan.read_text(encoding="utf-8")
                quanze_seconds, code = ask_quanze(quanze, plan)
                z3_seconds, gap, conflict = 0.0, False, False
                # Each matter is its own question for Z3 too.
                for matter in text.split("\n事项 ")[1:]:
                    seconds, matter_gap, matter_conflict = ask_z3(read_rules(matter))
                    z3_seconds += seconds
                    gap, conflict = answer(gap, matter_gap), answer(conflict, matter_conflict)
                said = {True: "yes", False: "no", None: "? (gave up)"}
                answers = f"quanze exit {code}; Z3 gap {said[gap]}, conflict {said[conflict]}"
                size = f"{len(text.encode()) / 1024:.0f} KB, {planted}"
                gave_up = ">" if None in (gap, conflict) else ""
                print(
                    f"| {count:,} | {size} | {quanze_seconds * 1000:.0f} ms | {gave_up}{z3_seconds * 1000:.0f} ms "
                    f"| {gave_up}{z3_seconds / quanze_seconds:.1f}× | {answers} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
