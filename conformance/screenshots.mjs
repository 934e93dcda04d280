// Screenshots: the main pages and the 404 of a built site, 1280 and 390 px wide, light and
// dark, full page, as PNG files. Usage: node screenshots.mjs SITE_DIR OUT_DIR
// Files are named PAGE-WIDTH-SCHEME.png, e.g. postmortem-390-dark.png.
// Also fails when a page is wider than its window: a phone reader would have to scroll
// sideways.
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, launchChromium, PAGES, VIEWPORTS, SCHEMES } from './serve.mjs';

const [site, out] = process.argv.slice(2);
if (!site || !out) {
  console.error('usage: node screenshots.mjs SITE_DIR OUT_DIR');
  process.exit(2);
}
await mkdir(out, { recursive: true });
const pages = { ...PAGES, 404: '/404.html' };

const server = await serve(site);
const browser = await launchChromium();
let written = 0;
let missing = 0;
let overflowing = 0;
try {
  for (const [name, path] of Object.entries(pages)) {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      for (const colorScheme of SCHEMES) {
        const context = await browser.newContext({ viewport, colorScheme });
        const page = await context.newPage();
        await page.goto(server.url + path, { waitUntil: 'load' });
        await page.emulateMedia({ colorScheme });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > viewport.width) {
          console.log(`  ${name} ${viewport.width} ${colorScheme}: the page is ${width} px wide`);
          overflowing++;
        }
        const file = join(out, `${name}-${viewport.width}-${colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await context.close();
        // "Written" means a non-empty file is there.
        if ((await stat(file)).size > 0) written++;
        else {
          console.log(`  empty screenshot: ${file}`);
          missing++;
        }
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`  ${written} screenshots in ${out}`);
process.exit(missing || overflowing ? 1 : 0);
