// Opens a quanze HTML report in a real headless browser (Debian's chromium, driven by
// playwright-core) and checks what a reader relies on: the page loads with no console
// error and no request to the network; the matrix has the expected number of rows; the
// level and section filters hide what they should; the language switch works; laid out
// for print on A4 landscape, nothing overflows its box. Writes a screenshot.
//
// usage: node report-check.mjs REPORT.html EXPECTED_ROWS LEVEL EXPECTED_LEVEL_ROWS SCREENSHOT.png
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [report, expectedRows, level, expectedLevelRows, screenshot] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
const failures = [];
function check(condition, message) {
  if (!condition) failures.push(message);
}
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const requests = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) requests.push(request.url());
  });
  await page.goto(pathToFileURL(report).href);

  const rows = () => page.locator('table.matrix tbody tr:not(.hidden)').count();
  check((await rows()) === Number(expectedRows), `matrix rows: ${await rows()} ≠ ${expectedRows}`);
  check((await page.locator('#matrix-count').textContent()) === expectedRows, 'the count shown is the row count');

  await page.selectOption('#level-filter', level);
  check((await rows()) === Number(expectedLevelRows), `rows for ${level}: ${await rows()} ≠ ${expectedLevelRows}`);
  const sections = await page.locator('section[data-filtered]:not(.hidden)').count();
  check(sections === Number(expectedLevelRows), `table sections for ${level}: ${sections}`);
  // That level's part: its column alone in the matrix, and in the tables only its cases.
  const columns = await page.locator('table.matrix thead th[data-level]:visible').allTextContents();
  check(columns.length === 1 && columns[0] === level, `matrix columns for ${level}: ${columns}`);
  const caseLevels = await page.locator('table.decisions tr[data-row-levels]:visible').evaluateAll((trs) =>
    trs.map((tr) => tr.getAttribute('data-row-levels')),
  );
  check(
    caseLevels.length > 0 && caseLevels.every((levels) => levels.split(' ').includes(level)),
    `cases shown for ${level}: ${caseLevels}`,
  );

  await page.selectOption('#level-filter', '');
  const firstSection = await page.locator('#section-filter option').nth(1).getAttribute('value');
  await page.selectOption('#section-filter', firstSection);
  const sectionRows = await page.locator('table.matrix tbody tr:not(.hidden)').evaluateAll((trs) =>
    trs.map((tr) => tr.getAttribute('data-section')),
  );
  check(sectionRows.length > 0 && sectionRows.every((s) => s === firstSection), `section filter: ${sectionRows}`);
  await page.selectOption('#section-filter', '');

  check(await page.locator('h2 span[lang="zh"]').first().isVisible(), 'Chinese shown first');
  await page.click('#language');
  check(await page.locator('h2 span[lang="en"]').first().isVisible(), 'English after the switch');
  check(!(await page.locator('h2 span[lang="zh"]').first().isVisible()), 'Chinese hidden after the switch');
  await page.click('#language');

  await page.screenshot({ path: screenshot, fullPage: false });

  // On paper, A4 landscape less its margins (273 mm, 1032 CSS pixels): nothing overflows
  // its box — a table wider than the page, or a cell's text running past its border,
  // would be cut off on the printed page.
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 1032, height: 730 });
  const overflowing = await page.evaluate(() => {
    const found = [];
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth) found.push('the page');
    for (const element of document.querySelectorAll('table, th, td')) {
      if (element.offsetParent !== null && element.scrollWidth > element.clientWidth + 1) {
        found.push(`${element.tagName} “${element.textContent.slice(0, 30)}”`);
      }
    }
    return found;
  });
  check(overflowing.length === 0, `cut off on paper: ${overflowing.slice(0, 5).join('; ')}`);
  await page.emulateMedia({ media: 'screen' });
  check(errors.length === 0, `console errors: ${errors.join('; ')}`);
  check(requests.length === 0, `network requests: ${requests.join(', ')}`);
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('report checked in chromium');
