// Injection: every HTML page of a site built from tests/fixtures/xss (script tags, event
// handlers, SVG and MathML tricks, javascript: and data: links, attribute breakouts in
// titles and component names) loaded in Chromium, with no Content-Security-Policy to help.
// Fails if any script other than the theme's own runs or is in the page: a dialog opens,
// an element carries an on* handler, a link or form points at javascript: or data:, a
// <script>, <iframe>, <object>, <embed> or <base> element exists that the theme did not
// write. Usage: node xss.mjs SITE_DIR
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { serve, launchChromium } from './serve.mjs';

const site = process.argv[2];
if (!site) {
  console.error('usage: node xss.mjs SITE_DIR');
  process.exit(2);
}

async function htmlPages(dir) {
  const pages = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) pages.push(...(await htmlPages(path)));
    else if (entry.name.endsWith('.html')) pages.push('/' + relative(site, path).split(sep).join('/'));
  }
  return pages;
}

const server = await serve(site);
const browser = await launchChromium();
let findings = 0;
const pages = await htmlPages(site);
try {
  for (const path of pages) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('dialog', async (dialog) => {
      findings++;
      console.log(`  ${path}: a script ran: ${dialog.type()}("${dialog.message()}")`);
      await dialog.dismiss();
    });
    await page.goto(server.url + path, { waitUntil: 'load' });
    await page.waitForTimeout(150); // let deferred and delayed handlers fire
    const found = await page.evaluate(() => {
      const problems = [];
      for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          if (attr.name.toLowerCase().startsWith('on')) problems.push(`<${el.localName} ${attr.name}>`);
          const value = attr.value.trim().toLowerCase();
          if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(attr.name.toLowerCase())
              && (value.startsWith('javascript:') || value.startsWith('data:') || value.startsWith('vbscript:'))) {
            problems.push(`<${el.localName} ${attr.name}="${attr.value.slice(0, 40)}">`);
          }
        }
      }
      for (const el of document.querySelectorAll('script')) {
        if (!(el.getAttribute('src') || '').includes('/assets/vigie.')) problems.push(`<script>${el.textContent.slice(0, 40)}`);
      }
      for (const name of ['iframe', 'object', 'embed', 'base', 'form', 'meta[http-equiv="refresh"][content*="url"]']) {
        for (const el of document.querySelectorAll(name)) problems.push(`<${el.localName}>`);
      }
      return problems;
    });
    for (const problem of found) {
      findings++;
      console.log(`  ${path}: ${problem}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`  ${pages.length} pages loaded, ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
