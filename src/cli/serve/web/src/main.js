// The workbench's page: the official text, the plan in CodeMirror, and the result, kept in
// step with the plan as it is typed. Every check, colour, hover, completion and fix comes
// from the server (`quanze serve`, over the compiler's own editor module): the page only
// shows them. Requests go to this page's own server only, with the token of the address
// the server printed.
import { EditorState, StateEffect, StateField } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  hoverTooltip,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';

const token = new URLSearchParams(location.search).get('token') ?? '';
const $ = (id) => document.getElementById(id);

let lang = localStorage.getItem('quanze-lang') ?? 'zh';
let current = null; // the plan's path in the folder
let savedText = '';
let docVersion = 0; // bumped on each change of the text
let shownVersion = -1; // the version the panes show
let result = null; // the last view shown
let checks = 0; // checks shown so far (tests wait on it)
// When each version of the text was typed, to say how long its markers took to show.
const changedAt = new Map();

const words = {
  saved: { zh: '已保存', en: 'saved' },
  unsaved: { zh: '未保存', en: 'not saved' },
  checking: { zh: '检查中…', en: 'checking…' },
  noFindings: { zh: '没有发现：方案完整、无歧义。', en: 'No findings: the plan is complete and unambiguous.' },
  elsewhere: { zh: '另见', en: 'see also' },
  matter: { zh: '事项', en: 'Matter' },
  condition: { zh: '情形', en: 'Cases' },
  power: { zh: '财政事权', en: 'Fiscal power' },
  spending: { zh: '支出责任', en: 'Spending' },
  citation: { zh: '出处', en: 'Citation' },
  tbd: { zh: '待定', en: 'to be determined' },
  p: { zh: '权', en: 'P' },
  s: { zh: '支', en: 'S' },
  some: { zh: '（部分）', en: ' (some)' },
  citedBy: { zh: '引用：', en: 'cited by: ' },
  uncovered: { zh: '没有条款引用', en: 'no rule cites it' },
  partlyUncovered: { zh: '有句子或列举项没有条款引用', en: 'a sentence or list item of it is cited by no rule' },
  noSource: {
    zh: '没有原文：把原文放在方案旁的 sources/同名.txt，或用 --source 启动。',
    en: 'No official text: put it beside the plan as sources/NAME.txt, or start with --source.',
  },
  withheld: { zh: '有错误的事项未列出：', en: 'Not shown until their errors are fixed: ' },
  unread: { zh: '部分文本无法读取，其中的事项未列出。', en: 'Part of the text cannot be read; matters written there are not shown.' },
  unlisted: { zh: '未列事项', en: 'Matters not listed' },
  savedAt: { zh: '已保存 ', en: 'saved ' },
};
const say = (key) => words[key][lang];

async function api(method, route, body) {
  const response = await fetch(route, {
    method,
    headers: { 'X-Quanze-Token': token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error ?? String(response.status));
  return data;
}

function showProblem(error) {
  const problem = $('problem');
  problem.hidden = error === null;
  problem.textContent = error === null ? '' : String(error.message ?? error);
}

// Positions: the server counts lines and UTF-16 units, as CodeMirror's offsets do.
function offsetOf(doc, position) {
  if (position.line + 1 > doc.lines) return doc.length;
  const line = doc.line(position.line + 1);
  return Math.min(line.from + position.character, line.to);
}
function positionOf(doc, offset) {
  const line = doc.lineAt(offset);
  return { line: line.number - 1, character: offset - line.from };
}

// Colours: the tokens the server found, kept in place as the text changes.
const setColours = StateEffect.define();
const colours = StateField.define({
  create: () => Decoration.none,
  update(value, transaction) {
    value = value.map(transaction.changes);
    for (const effect of transaction.effects) if (effect.is(setColours)) value = effect.value;
    return value;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const hover = hoverTooltip(async (view, pos) => {
  if (current === null) return null;
  const answer = await api('POST', '/api/hover', {
    path: current,
    text: view.state.doc.toString(),
    at: positionOf(view.state.doc, pos),
    lang,
  }).catch(() => null);
  if (answer === null) return null;
  const doc = view.state.doc;
  return {
    pos: offsetOf(doc, answer.range.start),
    end: offsetOf(doc, answer.range.end),
    above: true,
    create() {
      const dom = document.createElement('div');
      dom.className = 'hover';
      dom.style.whiteSpace = 'pre-wrap';
      dom.style.padding = '0.3rem 0.5rem';
      dom.textContent = answer.text;
      return { dom };
    },
  };
});

async function complete(context) {
  const word = context.matchBefore(/[\p{L}\p{N}_]*/u);
  if (current === null || word === null || (word.from === word.to && !context.explicit)) return null;
  const offered = await api('POST', '/api/complete', {
    path: current,
    text: context.state.doc.toString(),
    at: positionOf(context.state.doc, context.pos),
    lang,
  }).catch(() => []);
  return {
    from: word.from,
    options: offered.map((item) => ({ label: item.label, detail: item.detail })),
    validFor: /^[\p{L}\p{N}_]*$/u,
  };
}

// A plan opened gets a fresh editor state: undo never reaches back into another plan.
const stateFor = (doc, editable = true) =>
  EditorState.create({
    doc,
    extensions: [
      EditorView.editable.of(editable),
      lineNumbers(),
      highlightActiveLineGutter(),
      history(),
      drawSelection(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      EditorView.lineWrapping,
      colours,
      lintGutter(),
      hover,
      autocompletion({ override: [complete] }),
      keymap.of([
        { key: 'Mod-s', run: () => (save(), true), preventDefault: true },
        { key: 'Shift-Alt-f', run: () => (formatPlan(), true) },
        ...completionKeymap,
        ...searchKeymap,
        ...historyKeymap,
        ...defaultKeymap,
        indentWithTab,
      ]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) {
          docVersion += 1;
          changedAt.set(docVersion, performance.now());
          changed();
        }
        if (update.selectionSet || update.docChanged) followCursor(update.state);
      }),
    ],
  });
const view = new EditorView({ parent: $('editor'), state: stateFor('', false) });

// The whole text, for the browser tests (CodeMirror shows only the lines in view).
window.quanzeText = () => view.state.doc.toString();

// One check at a time, always of the newest text: a check asked while one runs waits for
// it and then takes the text as it is by then (typing fast costs no queue of checks).
let checking = false;
let checkAgain = false;
function requestCheck() {
  if (checking) {
    checkAgain = true;
    return;
  }
  runCheck();
}
async function runCheck() {
  checking = true;
  checkAgain = false;
  const asked = docVersion;
  const path = current;
  try {
    const sent = performance.now();
    const answer = await api('POST', '/api/check', { path, text: view.state.doc.toString(), lang });
    // The request's share of the latency: sent, checked, answered and read.
    document.body.dataset.request = String(performance.now() - sent);
    if (asked === docVersion && path === current) show(answer, asked);
    showProblem(null);
  } catch (error) {
    showProblem(error);
  }
  checking = false;
  if (checkAgain || asked !== docVersion) runCheck();
}

let recoverTimer = null;
function changed() {
  updateStatus();
  requestCheck();
  // The unsaved text is kept on disk a moment after typing stops.
  clearTimeout(recoverTimer);
  recoverTimer = setTimeout(keepForRecovery, 600);
}
// Keeps the unsaved text in the server's recovery file; true when it is kept (or there is
// nothing to keep), false, with the problem shown, when it could not be.
let recoveryKept = false; // whether a recovery file (or the browser's copy) may hold text
async function keepForRecovery(keepalive = false) {
  clearTimeout(recoverTimer);
  const text = view.state.doc.toString();
  if (current === null) return true;
  if (text === savedText) {
    // Back to the file as saved (undone, or formatted back): nothing is left to recover.
    if (recoveryKept) {
      localStorage.removeItem(keptHere(current));
      recoveryKept = !(await api('POST', '/api/discard', { path: current, text: '', lang }).then(() => true, () => false));
    }
    return true;
  }
  recoveryKept = true;
  try {
    const response = await fetch('/api/recover', {
      method: 'POST',
      keepalive,
      headers: { 'X-Quanze-Token': token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: current, text, lang }),
    });
    if (response.ok) return true;
    showProblem(new Error((await response.json()).error));
  } catch (error) {
    showProblem(error);
  }
  return false;
}
// A closing tab: a browser sends at most 64 KiB as it closes, so the text is also kept in
// the browser's own storage, offered back at the next opening if the server has none.
const keptHere = (path) => `quanze-unsaved:${path}`;
function keepInBrowser() {
  const text = view.state.doc.toString();
  if (current === null) return;
  if (text === savedText) localStorage.removeItem(keptHere(current));
  else localStorage.setItem(keptHere(current), text);
}
addEventListener('pagehide', () => {
  keepInBrowser();
  keepForRecovery(true);
});
addEventListener('beforeunload', (event) => {
  if (current !== null && view.state.doc.toString() !== savedText) {
    keepInBrowser();
    keepForRecovery(true);
    event.preventDefault();
  }
});

function updateStatus() {
  const dirty = view.state.doc.toString() !== savedText;
  const status = $('status');
  status.textContent = dirty ? say('unsaved') : say('saved');
  status.classList.toggle('dirty', dirty);
  document.body.dataset.dirty = String(dirty);
}

function jump(range) {
  if (!range) return;
  const doc = view.state.doc;
  const from = offsetOf(doc, range.start);
  view.dispatch({ selection: { anchor: from, head: offsetOf(doc, range.end) }, scrollIntoView: true });
  view.focus();
}

// A fix's edits are ranges of the text it was computed for: applied only to that text.
function applyFix(fix) {
  if (shownVersion !== docVersion) return;
  const doc = view.state.doc;
  const changes = fix.edits.map((edit) => ({
    from: offsetOf(doc, edit.range.start),
    to: offsetOf(doc, edit.range.end),
    insert: edit.text,
  }));
  view.dispatch({ changes });
  view.focus();
}

function show(answer, version) {
  result = answer;
  shownVersion = version;
  const doc = view.state.doc;
  const samePlace = (a, b) => a.line === b.line && a.character === b.character;
  const sameRange = (a, b) => samePlace(a.start, b.start) && samePlace(a.end, b.end);
  const fixesOf = (finding) => answer.fixes.filter((fix) => sameRange(fix.answers, finding.range));
  const diagnostics = answer.findings.map((finding) => {
    const from = offsetOf(doc, finding.range.start);
    const to = Math.max(from, offsetOf(doc, finding.range.end));
    return {
      from,
      to,
      severity: finding.error ? 'error' : 'warning',
      source: finding.code,
      message: finding.message,
      actions: fixesOf(finding).map((fix) => ({ name: fix.title, apply: () => applyFix(fix) })),
    };
  });
  const marks = answer.highlights
    .map((token) => {
      const from = offsetOf(doc, token.range.start);
      const to = offsetOf(doc, token.range.end);
      return to > from ? Decoration.mark({ class: `tok-${token.kind}` }).range(from, to) : null;
    })
    .filter((mark) => mark !== null);
  view.dispatch(setDiagnostics(view.state, diagnostics), { effects: setColours.of(Decoration.set(marks, true)) });
  showFindings(answer, fixesOf);
  // From the keystroke to its markers and findings on the page (the browser test reads it).
  const typed = changedAt.get(version);
  if (typed !== undefined) document.body.dataset.latency = String(performance.now() - typed);
  changedAt.clear();
  checks += 1;
  document.body.dataset.checks = String(checks);
  // The tables and the official text follow once the markers are drawn; a newer answer by
  // then replaces this one.
  clearTimeout(restTimer);
  restTimer = setTimeout(() => {
    showTables(answer);
    showParagraphs(answer);
    followCursor(view.state);
  }, 0);
}
let restTimer = null;

function element(tag, props = {}, ...children) {
  const made = document.createElement(tag);
  Object.assign(made, props);
  for (const child of children) made.append(child);
  return made;
}

function showFindings(answer, fixesOf) {
  const list = $('findings');
  list.replaceChildren();
  $('findings-count').textContent = String(answer.findings.length);
  if (answer.findings.length === 0) list.append(element('li', { className: 'none', textContent: say('noFindings') }));
  for (const finding of answer.findings) {
    const item = element(
      'li',
      { className: finding.error ? 'error' : 'warning', title: `${finding.range.start.line + 1}:${finding.range.start.character + 1}` },
      element('span', { className: 'code', textContent: finding.code }),
      finding.message,
    );
    item.dataset.code = finding.code;
    for (const related of finding.related) {
      item.append(element('div', { className: 'muted', textContent: `${say('elsewhere')} ${related.file}:${related.range.start.line + 1}  ${related.message}` }));
    }
    for (const fix of fixesOf(finding)) {
      const button = element('button', { type: 'button', className: 'fix', textContent: fix.title });
      button.addEventListener('click', (event) => {
        event.stopPropagation();
        applyFix(fix);
      });
      item.append(element('div', {}, button));
    }
    item.addEventListener('click', () => jump(finding.range));
    list.append(item);
  }
}

function showTables(answer) {
  const matrixHead = $('matrix').tHead;
  const matrixBody = $('matrix').tBodies[0];
  matrixHead.replaceChildren(
    element('tr', {}, element('th', { textContent: say('matter') }), ...answer.levels.map((level) => element('th', { textContent: level }))),
  );
  const share = (what, s) => (s === 'all' ? say(what) : s === 'some' ? say(what) + say('some') : '');
  matrixBody.replaceChildren(
    ...answer.matters.map((matter) => {
      const row = element(
        'tr',
        { className: matter.at ? 'clickable' : '', title: matter.wording ?? '' },
        element('td', { textContent: matter.name }),
        ...matter.cells.map((cell) =>
          element('td', {
            textContent:
              cell.power === cell.pays && cell.power !== 'none'
                ? `${say('p')} ${say('s')}${cell.power === 'some' ? say('some') : ''}`
                : [share('p', cell.power), share('s', cell.pays)].filter((t) => t).join(' '),
          }),
        ),
      );
      row.addEventListener('click', () => jump(matter.at));
      return row;
    }),
  );
  const withheld = $('withheld');
  const notes = [];
  if (answer.withheld.length > 0) notes.push(say('withheld') + answer.withheld.join('、'));
  if (answer.unread) notes.push(say('unread'));
  withheld.hidden = notes.length === 0;
  withheld.textContent = notes.join(' ');

  const decisions = $('decisions');
  decisions.tHead.replaceChildren(
    element(
      'tr',
      {},
      ...['condition', 'power', 'spending', 'citation'].map((key) => element('th', { textContent: say(key) })),
    ),
  );
  const rows = [];
  for (const matter of answer.matters) {
    const head = element('tr', { className: 'matter-head' }, element('th', { colSpan: 4, textContent: matter.name }));
    rows.push(head);
    for (const decided of matter.rows) {
      const tbd = decided.tbd !== null && decided.tbd !== undefined;
      const row = element(
        'tr',
        { className: decided.at ? 'clickable' : '' },
        element('td', { textContent: decided.condition }),
        element('td', { className: tbd ? 'tbd' : '', textContent: tbd ? say('tbd') + (decided.tbd ? `：${decided.tbd}` : '') : decided.power }),
        element('td', { className: tbd ? 'tbd' : '', textContent: tbd ? say('tbd') : decided.spending }),
        element('td', { textContent: decided.citations }),
      );
      row.addEventListener('click', () => jump(decided.at));
      rows.push(row);
    }
  }
  if (answer.unlisted) {
    rows.push(element('tr', { className: 'matter-head' }, element('th', { colSpan: 4, textContent: say('unlisted') })));
    rows.push(element('tr', {}, element('td', { colSpan: 4, textContent: answer.unlisted })));
  }
  decisions.tBodies[0].replaceChildren(...rows);
}

function showParagraphs(answer) {
  const list = $('paragraphs');
  list.replaceChildren(
    ...answer.paragraphs.map((paragraph) => {
      const cited = paragraph.cited_by.length > 0;
      const item = element(
        'li',
        {
          id: `paragraph-${paragraph.id}`,
          className: paragraph.uncovered ? 'uncovered' : cited ? 'cited' : '',
          title: `${paragraph.line}`,
        },
        element('span', { className: 'id', textContent: paragraph.id }),
        paragraph.text,
      );
      item.dataset.paragraph = paragraph.id;
      if (cited) {
        item.append(element('span', { className: 'citing', textContent: say('citedBy') + paragraph.cited_by.map((c) => c.matter).join('、') }));
      } else if (paragraph.explanation) {
        item.append(element('span', { className: 'citing', textContent: paragraph.explanation }));
      }
      if (paragraph.uncovered) {
        const note = cited ? say('partlyUncovered') : say('uncovered');
        item.append(element('span', { className: 'uncovered-note citing', textContent: note }));
      }
      item.addEventListener('click', () => jump(paragraph.cited_by.find((c) => c.at)?.at));
      return item;
    }),
  );
}

// The paragraph the rule under the cursor cites is marked and brought into view.
let followed = null;
function followCursor(state) {
  const line = state.doc.lineAt(state.selection.main.head).text;
  const cited = /§\s*"([^"]+)"/.exec(line) ?? /出处\s*"([^"]+)"/.exec(line) ?? /cite\s*"([^"]+)"/.exec(line);
  const item = cited ? document.getElementById(`paragraph-${cited[1]}`) : null;
  if (item === followed) return;
  followed?.classList.remove('current');
  followed = item;
  if (item) {
    item.classList.add('current');
    item.scrollIntoView({ block: 'nearest' });
  }
}

async function open(path) {
  // Never leave a plan whose unsaved text could not be kept.
  if (!(await keepForRecovery())) {
    $('file').value = current;
    return;
  }
  if (current !== null) localStorage.removeItem(keptHere(current));
  try {
    const opened = await api('GET', `/api/open?path=${encodeURIComponent(path)}`);
    current = opened.path;
    savedText = opened.text;
    $('file').value = current;
    localStorage.setItem('quanze-file', current);
    const inBrowser = localStorage.getItem(keptHere(current));
    if (opened.recovered === null && inBrowser !== null && inBrowser !== opened.text) opened.recovered = inBrowser;
    $('recovered').hidden = opened.recovered === null;
    $('source-name').textContent = opened.source ?? say('noSource');
    if (opened.sourceError && opened.source) $('source-name').textContent += ` — ${opened.sourceError}`;
    $('paragraphs').replaceChildren();
    recoveryKept = opened.recovered !== null;
    view.setState(stateFor(opened.recovered ?? opened.text));
    docVersion += 1;
    changed();
    showProblem(null);
  } catch (error) {
    showProblem(error);
  }
}

async function save() {
  if (current === null) return;
  const text = view.state.doc.toString();
  try {
    await api('POST', '/api/save', { path: current, text, lang });
    savedText = text;
    recoveryKept = false;
    localStorage.removeItem(keptHere(current));
    $('recovered').hidden = true;
    updateStatus();
    $('status').textContent = say('savedAt') + new Date().toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB');
  } catch (error) {
    showProblem(error);
  }
}

async function formatPlan() {
  if (current === null) return;
  try {
    const formatted = await api('POST', '/api/format', { path: current, text: view.state.doc.toString(), lang });
    if (formatted.text !== view.state.doc.toString()) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: formatted.text } });
    }
    showProblem(null);
  } catch (error) {
    showProblem(error);
  }
}

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const labelled of document.querySelectorAll('[data-zh]')) labelled.textContent = labelled.dataset[lang];
  updateStatus();
}

$('language').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('quanze-lang', lang);
  applyLanguage();
  if (current !== null) requestCheck();
});
$('save').addEventListener('click', save);
$('format').addEventListener('click', formatPlan);
$('file').addEventListener('change', (event) => open(event.target.value));
$('discard').addEventListener('click', async () => {
  try {
    await api('POST', '/api/discard', { path: current, text: '', lang });
    localStorage.removeItem(keptHere(current));
    savedText = view.state.doc.toString();
    await open(current);
  } catch (error) {
    showProblem(error);
  }
});

async function start() {
  try {
    const listed = await api('GET', '/api/files');
    if (localStorage.getItem('quanze-lang') === null) lang = listed.lang;
    applyLanguage();
    $('file').replaceChildren(...listed.files.map((file) => element('option', { value: file.path, textContent: file.path })));
    const asked = new URLSearchParams(location.search).get('file') ?? localStorage.getItem('quanze-file');
    const chosen =
      listed.files.find((file) => file.path === asked) ?? listed.files.find((file) => file.source) ?? listed.files[0];
    if (chosen) await open(chosen.path);
  } catch (error) {
    showProblem(error);
  }
}
start();
