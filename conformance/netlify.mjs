// netlify.toml: resolved offline by Netlify's own configuration loader (@netlify/config),
// as a Netlify build would. Usage: node netlify.mjs REPO_DIR
// Fails on any error it throws and on any warning it logs (header syntax errors, headers
// set twice with different cases, legacy settings, ...).
import { resolveNetlify } from './headers.mjs';

const repo = process.argv[2];
if (!repo) {
  console.error('usage: node netlify.mjs REPO_DIR');
  process.exit(2);
}

let result;
try {
  result = await resolveNetlify(repo);
} catch (error) {
  console.log(`  ${String(error.message ?? error).replace(/\n/g, '\n  ')}`);
  process.exit(1);
}

// Anything logged without `debug` is a warning. Colours and the zero-width spaces it puts
// in empty lines are dropped.
const warnings = [...result.logs.stdout, ...result.logs.stderr]
  .map((text) => text.replace(/\u001b\[[0-9;]*m/g, '').replace(/\u200b/g, '').trim())
  .filter(Boolean);
for (const warning of warnings) console.log(`  ${warning.replace(/\n\s*\n/g, '\n').replace(/\n/g, '\n  ')}`);

const { build, headers = [] } = result.config;
console.log(`  build: "${build.command}", publish ${build.publish}; ${headers.length} header rule(s)`);
process.exit(warnings.length ? 1 : 0);
