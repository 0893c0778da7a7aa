// Runs the DMN export of a plan: reads it with bpmn.io's dmn-moddle (which reports any
// element or attribute DMN 1.3 does not have), then evaluates every rule of every
// decision table with the FEEL interpreter feelin — inputs evaluated from the input
// expressions, entries as unary tests — and checks that exactly that rule matches (hit
// policy UNIQUE) and that its outputs are what `quanze query` answers for the same case.
//
// usage: node dmn-check.mjs FILE.dmn QUANZE_BINARY PLAN.qz
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { DmnModdle } from 'dmn-moddle';
import { evaluate, unaryTest } from 'feelin';

const [dmnPath, quanze, plan] = process.argv.slice(2);
const moddle = DmnModdle();
const { rootElement: definitions, warnings } = await moddle.fromXML(readFileSync(dmnPath, 'utf8'), 'dmn:Definitions');
if (warnings.length > 0) {
  throw new Error(`dmn-moddle warnings: ${warnings.map((w) => w.message).join('; ')}`);
}

/** A value the unary test admits: the first string of a list, a number inside a range. */
function sample(test) {
  const text = test.trim();
  if (text === '-') return undefined;
  const string = text.match(/^"((?:[^"\\]|\\.)*)"/);
  if (string) return JSON.parse(`"${string[1]}"`);
  const range = text.match(/^([[(])\s*(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)\s*([\])])/);
  if (range) {
    const [lo, hi] = [Number(range[2]), Number(range[3])];
    return range[1] === '[' ? lo : (lo + hi) / 2;
  }
  const comparison = text.match(/^(>=|<=|>|<)\s*(-?[\d.]+)/);
  if (comparison) {
    const n = Number(comparison[2]);
    return { '>=': n, '<=': n, '>': n + 1, '<': n - 1 }[comparison[1]];
  }
  const number = text.match(/^-?[\d.]+/);
  if (number) return Number(number[0]);
  throw new Error(`no sample for ${text}`);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

let evaluated = 0;
for (const decision of definitions.drgElement) {
  const table = decision.decisionLogic;
  check(table.hitPolicy === 'UNIQUE', `${decision.name}: hit policy ${table.hitPolicy}`);
  const inputs = table.input ?? [];
  for (const [index, rule] of table.rule.entries()) {
    // The case: the rule's own sample value for each input, or the first allowed value.
    const context = {};
    const when = [];
    for (const [position, input] of inputs.entries()) {
      const name = input.inputExpression.text;
      let value = sample(rule.inputEntry[position].text);
      if (value === undefined) value = sample(input.inputValues?.text ?? '-');
      if (value === undefined) continue;
      context[name] = value;
      when.push(`${name}=${value}`);
    }
    const matches = table.rule.filter((candidate) =>
      inputs.every((input, position) => {
        const value = evaluate(input.inputExpression.text, context).value;
        return unaryTest(candidate.inputEntry[position].text, { ...context, '?': value }).value === true;
      }),
    );
    check(matches.length === 1 && matches[0] === rule, `${decision.name} rule ${index + 1}: ${matches.length} rules match ${when}`);
    const outputs = Object.fromEntries(
      table.output.map((output, position) => [output.name, evaluate(rule.outputEntry[position].text, {}).value]),
    );
    if (decision.name === '未列事项' || decision.name === 'unlisted') continue;
    const args = ['query', plan, '--matter', decision.name, '--format', 'json'];
    for (const item of when) args.push('--when', item);
    const answer = JSON.parse(execFileSync(quanze, args, { encoding: 'utf8' }));
    // quanze query names the holders (one, or several jointly); DMN joins them and says
    // whether they hold it jointly.
    const holders = answer.power.length === 0 ? null : answer.power.join('、');
    check(holders === outputs.power, `${decision.name} ${when}: power ${outputs.power} ≠ ${holders}`);
    const joint = answer.power.length === 0 ? null : answer.power.length > 1;
    check(joint === outputs.joint, `${decision.name} ${when}: joint ${outputs.joint} ≠ ${joint}`);
    // One number per level, its share of the spending in percent: what quanze query
    // answers (0 for a level that pays nothing), adding up to 100; null when undecided.
    const shares = table.output
      .filter((output) => output.typeRef === 'number')
      .map((output) => [output.label.replace(/ (支出份额（%）|spending share \(%\))$/, ''), outputs[output.name]]);
    check(shares.length > 0, `${decision.name}: no share outputs`);
    if (holders === null) {
      check(shares.every(([, share]) => share === null), `${decision.name} ${when}: shares of an undecided case`);
    } else {
      let total = 0;
      for (const [level, share] of shares) {
        const expected = Number(answer.spending.find((s) => s.level === level)?.percent ?? 0);
        check(typeof share === 'number' && share === expected, `${decision.name} ${when}: ${level} pays ${share}, not ${expected}`);
        total += share;
      }
      check(Math.abs(total - 100) < 1e-9, `${decision.name} ${when}: shares add up to ${total}`);
    }
    for (const rule of answer.rules ?? []) {
      check(outputs.citation.includes(rule.paragraph), `${decision.name} ${when}: citation ${outputs.citation} lacks ${rule.paragraph}`);
    }
    evaluated += 1;
  }
}
console.log(`${evaluated} rules evaluated, each matching alone and answering as quanze query`);
