// netlify.toml as Netlify reads it (@netlify/config, offline), and the headers its rules
// give a path: what the browser checks serve when they must behave as the published site.
import { resolveConfig } from '@netlify/config';

// Resolves REPO/netlify.toml for the production context, offline; warnings in result.logs.
export function resolveNetlify(repo) {
  return resolveConfig({
    config: 'netlify.toml',
    cwd: repo,
    repositoryRoot: repo,
    context: 'production',
    branch: 'main',
    mode: 'buildbot',
    offline: true, // no call to Netlify's API: the file alone is checked
    buffer: true, // warnings are kept in result.logs instead of printed
  });
}

// Netlify's path rule: `/api/*` matches `/api` and everything under it; other rules, the
// path itself.
function matches(rule, path) {
  if (rule.endsWith('/*')) return path === rule.slice(0, -2) || path.startsWith(rule.slice(0, -1));
  return path === rule;
}

// A function from a URL path to the headers netlify.toml sends with it (names in lower
// case; a later rule replaces an earlier one's value).
export async function netlifyHeaders(repo) {
  const { config } = await resolveNetlify(repo);
  const rules = config.headers ?? [];
  return (path) => {
    const headers = {};
    for (const rule of rules) {
      if (!matches(rule.for, path)) continue;
      for (const [name, value] of Object.entries(rule.values)) headers[name.toLowerCase()] = value;
    }
    return headers;
  };
}
