// Accessibility: axe-core, WCAG 2.1 A and AA rules, on the main pages of a built site,
// light and dark, desktop and phone width. Usage: node axe.mjs SITE_DIR [NAME=PATH...]
// (the named pages instead of PAGES, e.g. a client's room: `room=/morel/`).
// Prints each violation (page, variant, rule, the nodes it found) and exits 1 if any.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { serve, launchChromium, PAGES, VIEWPORTS, SCHEMES } from './serve.mjs';

const site = process.argv[2];
if (!site) {
  console.error('usage: node axe.mjs SITE_DIR');
  process.exit(2);
}
const asked = process.argv.slice(3).map((arg) => arg.split('='));
if (asked.some((pair) => pair.length !== 2 || !pair[1].startsWith('/'))) {
  console.error('usage: node axe.mjs SITE_DIR [NAME=/PATH/...]');
  process.exit(2);
}
const pages = asked.length ? Object.fromEntries(asked) : PAGES;
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const server = await serve(site);
const browser = await launchChromium();
let findings = 0;
let runs = 0;
try {
  for (const [name, path] of Object.entries(pages)) {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      for (const colorScheme of SCHEMES) {
        // A fresh context per run: no cache, no state carried from the page before.
        const context = await browser.newContext({ viewport, colorScheme });
        const page = await context.newPage();
        const response = await page.goto(server.url + path, { waitUntil: 'load' });
        if (!response || response.status() !== 200) {
          console.log(`  ${name} ${size} ${colorScheme}: HTTP ${response?.status()} for ${path}`);
          findings++;
        }
        await page.emulateMedia({ colorScheme });
        await page.evaluate(axeSource); // evaluate, not a script tag: no page policy applies
        const result = await page.evaluate(
          (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
          TAGS,
        );
        runs++;
        for (const v of result.violations) {
          findings++;
          console.log(`  ${name} ${size} ${colorScheme}: ${v.id} (${v.impact}): ${v.help}`);
          for (const node of v.nodes.slice(0, 10)) {
            console.log(`    ${node.target.join(' ')}: ${node.failureSummary.replace(/\s*\n\s*/g, ' ')}`);
          }
          if (v.nodes.length > 10) console.log(`    … and ${v.nodes.length - 10} more`);
        }
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`  axe-core ${JSON.parse(await readFile(createRequire(import.meta.url).resolve('axe-core/package.json'), 'utf8')).version}: ${runs} runs, ${findings} violation(s)`);
process.exit(findings ? 1 : 0);
