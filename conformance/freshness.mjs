// Freshness in the reader's browser, with a controlled clock: a promised update whose time
// has passed shows as late at once, and a page opened more than the site's cadence (2 hours
// in the example) after its build says when it was built. Without JavaScript, neither: the
// page says what it said when it was built.
// Usage: node freshness.mjs SITE_DIR
import { launchChromium, PAGES, serve } from './serve.mjs';

const site = process.argv[2];
const problems = [];

// The example is built at 10:30 Paris time; the open incident promised its next update by 11:00.
const BUILT = 'Cette page date du lundi 23 novembre 2026 à 10:30';
const PROMISE = 'Prochaine mise à jour au plus tard à 11:00';
const LATE = 'Mise à jour attendue depuis 11:00';

// [reader's clock, the promise's text, whether the page says when it was built]
const CASES = [
  ['2026-11-23T10:50:00+01:00', PROMISE, false],
  ['2026-11-23T11:00:00+01:00', LATE, false],
  ['2026-11-23T11:05:00+01:00', LATE, false],
  ['2026-11-23T12:30:00+01:00', LATE, false],
  ['2026-11-23T12:30:01+01:00', LATE, true],
  ['2026-11-24T09:00:00+01:00', LATE, true],
];

async function read(page) {
  return page.evaluate(() => {
    const note = document.querySelector('.stale-note');
    const promise = document.querySelector('.next-update time');
    return {
      note: note && note.checkVisibility() ? note.textContent : null,
      promise: promise ? promise.firstChild.textContent : null,
      late: document.querySelector('.next-update')?.classList.contains('next-update--late') ?? false,
    };
  });
}

function expect(where, seen, promise, stale) {
  if (seen.promise !== promise) problems.push(`${where}: promise reads "${seen.promise}", expected "${promise}"`);
  if (seen.late !== (promise === LATE)) problems.push(`${where}: promise ${seen.late ? '' : 'not '}styled as late`);
  if (stale && !seen.note?.startsWith(BUILT)) problems.push(`${where}: no note saying when the page was built (${seen.note})`);
  if (!stale && seen.note !== null) problems.push(`${where}: the page says it is stale: "${seen.note}"`);
}

const browser = await launchChromium();
const server = await serve(site);
try {
  for (const path of [PAGES.status, PAGES['open-incident']]) {
    for (const [clock, promise, stale] of CASES) {
      const page = await browser.newPage({ timezoneId: 'Europe/Paris' });
      await page.clock.setFixedTime(new Date(clock));
      await page.goto(server.url + path);
      expect(`${path} at ${clock}`, await read(page), promise, stale);
      await page.close();
    }
    // Without JavaScript, at the real clock (days after the build): what the build wrote.
    const context = await browser.newContext({ javaScriptEnabled: false, timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    await page.goto(server.url + path);
    expect(`${path} without JavaScript`, await read(page), PROMISE, false);
    await context.close();
  }
} finally {
  await server.close();
  await browser.close();
}

for (const problem of problems) console.log(problem);
if (!problems.length) console.log(`${2 * (CASES.length + 1)} page loads: promise and build time read as expected`);
process.exit(problems.length ? 1 : 0);
