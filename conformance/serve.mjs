// A small static server for the built site, on 127.0.0.1 and a free port.
// "/incidents/x/" serves incidents/x/index.html; a missing file gets 404.html with status 404.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.atom': 'application/atom+xml',
  '.rss': 'application/rss+xml',
  '.ics': 'text/calendar; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

async function resolveFile(root, urlPath) {
  const rel = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  if (rel.split(sep).includes('..')) return null;
  let file = join(root, rel);
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    await stat(file);
    return file;
  } catch {
    return null;
  }
}

// What netlify.toml serves to any origin: the API, the badges, the feeds and the calendar.
const CROSS_ORIGIN = /^\/(api\/|badges\/|history\.(atom|rss)$|maintenance\.ics$)/;

// Starts serving `root`; resolves to { url: 'http://127.0.0.1:PORT', close() }. With
// `{ crossOrigin: true }`, sends Access-Control-Allow-Origin as netlify.toml does; with
// `{ headers }`, a function from a path to headers (see headers.mjs), sends those too.
export function serve(root, { crossOrigin = false, headers: headersFor = null } = {}) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let file = await resolveFile(root, path);
    let status = 200;
    if (!file) {
      status = 404;
      file = join(root, '404.html');
    }
    try {
      const body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
      if (crossOrigin && CROSS_ORIGIN.test(path)) headers['access-control-allow-origin'] = '*';
      if (headersFor) Object.assign(headers, headersFor(path));
      res.writeHead(status, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      ok({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

// Launches Debian's Chromium headless, with no connection of its own to the outside.
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// The pages the browser checks look at, as paths under the site.
export const PAGES = {
  status: '/',
  'open-incident': '/incidents/2026-11-23-exports-en-echec/',
  postmortem: '/incidents/2026-11-13-rapports-hebdomadaires/postmortem/',
  maintenance: '/maintenance/2026-11-28-base-de-donnees/',
  history: '/history/',
  'action-items': '/action-items/',
  reliability: '/reliability/',
};

// Desktop and phone widths; the height only matters for the first paint, pages are
// measured and captured full length.
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

export const SCHEMES = ['light', 'dark'];
