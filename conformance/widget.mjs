// Atlassian's status widget (@statuspage/status-widget, the web component Statuspage
// publishes for customers' own sites) in Chromium, on a page of another origin, against the
// built site served with the headers netlify.toml gives it (resolved by Netlify's own
// loader). The widget reads /api/v2/summary.json cross-origin and must show the page's
// indicator and description and link to the site. With the same headers minus
// Access-Control-Allow-Origin, the browser must refuse it the JSON: the check can fail.
// Usage: node widget.mjs SITE_DIR REPO_DIR
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { launchChromium, serve } from './serve.mjs';
import { netlifyHeaders } from './headers.mjs';

const [site, repo] = process.argv.slice(2);
const problems = [];
const widgetFile = createRequire(import.meta.url).resolve('@statuspage/status-widget/dist/index.js');
const summary = JSON.parse(await readFile(`${site}/api/v2/summary.json`, 'utf8'));

// The client's own page, on its own origin: the widget's script and one element.
async function hostPage(statusUrl) {
  const script = await readFile(widgetFile);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Client app</title></head>
<body><p>Our status: <statuspage-widget src="${statusUrl}"></statuspage-widget></p>
<script src="/status-widget.js"></script></body></html>`;
  return new Promise((ok) => {
    const server = createServer((req, res) => {
      const js = req.url === '/status-widget.js';
      res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html; charset=utf-8' });
      res.end(js ? script : html);
    });
    server.listen(0, '127.0.0.1', () => ok({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() }));
  });
}

async function widget(page) {
  await page.waitForTimeout(1500);
  return page.evaluate(() => {
    const root = document.querySelector('statuspage-widget')?.shadowRoot;
    const text = root?.querySelector('.status-text');
    if (!text) return null;
    return {
      text: text.textContent.trim(),
      indicator: [...root.querySelector('.status-indicator').classList].filter((c) => c !== 'status-indicator'),
      link: root.querySelector('a')?.getAttribute('href'),
    };
  });
}

const fromNetlify = await netlifyHeaders(repo);
const withoutCors = (path) => {
  const headers = fromNetlify(path);
  delete headers['access-control-allow-origin'];
  return headers;
};

const browser = await launchChromium();
try {
  for (const [cors, headers] of [[true, fromNetlify], [false, withoutCors]]) {
    const status = await serve(site, { headers });
    const host = await hostPage(status.url);
    const page = await browser.newPage();
    const reads = [];
    page.on('requestfinished', (r) => { if (r.url().endsWith('/api/v2/summary.json')) reads.push(r.url()); });
    await page.goto(host.url);
    const shown = await widget(page);
    if (!cors) {
      if (shown) problems.push(`the widget read the API although it was served without Access-Control-Allow-Origin: ${JSON.stringify(shown)}`);
    } else if (!shown) {
      problems.push('the widget shows nothing: it could not read /api/v2/summary.json from another origin');
    } else {
      const expect = [
        [shown.text === summary.status.description, `the description "${summary.status.description}"`],
        [shown.indicator.join(' ') === summary.status.indicator, `the indicator "${summary.status.indicator}"`],
        [shown.link === status.url, `a link to the site (${status.url})`],
        [reads.length === 1 && reads[0] === `${status.url}/api/v2/summary.json`, 'one read of /api/v2/summary.json'],
      ];
      for (const [ok, what] of expect) if (!ok) problems.push(`the widget lacks ${what}: ${JSON.stringify(shown)}`);
      if (!problems.length) console.log(`widget from ${host.url} shows "${shown.text}" (${shown.indicator}) read from ${status.url}`);
    }
    await page.close();
    host.close();
    await status.close();
  }
} finally {
  await browser.close();
}

for (const problem of problems) console.log(problem);
process.exit(problems.length ? 1 : 0);
