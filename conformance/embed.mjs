// The embed from another origin, in Chromium: a host page on its own origin, with a strict
// Content-Security-Policy (no inline style), includes the status site's embed.js with one tag.
// The notice must appear (the incident's title, its status, the link), be dismissible, keep
// the host page's styles, and appear only because the API is served to any origin.
// Usage: node embed.mjs SITE_DIR
import { createServer } from 'node:http';
import { launchChromium, serve } from './serve.mjs';

const site = process.argv[2];
const problems = [];

function hostPage(statusUrl) {
  const policy = `default-src 'none'; script-src ${statusUrl}; connect-src ${statusUrl}; style-src 'self'`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Client app</title>
<script src="${statusUrl}/embed.js" async></script></head>
<body><p class="mine">The client's own application.</p></body></html>`;
  return new Promise((ok) => {
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy });
      res.end(html);
    });
    server.listen(0, '127.0.0.1', () => ok({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() }));
  });
}

async function notice(page) {
  await page.waitForTimeout(1500);
  return page.evaluate(() => {
    const host = document.querySelector('[data-vigie-embed]');
    const box = host?.shadowRoot?.querySelector('.notice');
    if (!box) return null;
    return {
      text: box.textContent,
      role: box.getAttribute('role'),
      lang: box.getAttribute('lang'),
      link: box.querySelector('a')?.href,
      dismiss: box.querySelector('button')?.getAttribute('aria-label'),
      position: getComputedStyle(box).position,
      hostFont: getComputedStyle(document.querySelector('.mine')).fontFamily,
    };
  });
}

const browser = await launchChromium();
try {
  for (const crossOrigin of [true, false]) {
    const status = await serve(site, { crossOrigin });
    const host = await hostPage(status.url);
    const page = await browser.newPage();
    const violations = [];
    page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) violations.push(m.text()); });
    await page.goto(host.url);
    const shown = await notice(page);
    if (!crossOrigin) {
      if (shown) problems.push('a notice appeared although the API was not served to other origins');
    } else if (!shown) {
      problems.push('no notice from another origin while the exports incident is open');
    } else {
      const expect = [
        [shown.text.includes('Exports CSV et Excel en échec pour une partie des comptes'), 'the title'],
        [shown.text.includes('Incident en cours · Cause identifiée'), 'the status, in the site\'s language'],
        [shown.role === 'status', 'role="status"'],
        [shown.lang === 'fr', 'lang="fr"'],
        [shown.link?.endsWith('/incidents/2026-11-23-exports-en-echec/'), 'the link to the incident'],
        [shown.dismiss === 'Fermer', 'a labelled dismiss button'],
        [shown.position === 'fixed', 'its own stylesheet despite the host\'s CSP'],
        [violations.length === 0, `no CSP violation (${violations.join('; ')})`],
      ];
      for (const [ok, what] of expect) if (!ok) problems.push(`notice lacks ${what}: ${JSON.stringify(shown)}`);
      await page.evaluate(() => document.querySelector('[data-vigie-embed]').shadowRoot.querySelector('button').click());
      if (await page.$('[data-vigie-embed]')) problems.push('dismissing left the notice');
      await page.reload();
      if (await notice(page)) problems.push('a dismissed notice came back on the next page of the session');
    }
    await page.close();
    host.close();
    await status.close();
  }
} finally {
  await browser.close();
}
if (problems.length) {
  console.log(problems.join('\n'));
  process.exit(1);
}
console.log('the notice shows from another origin, in French, dismissible, and only with CORS');
