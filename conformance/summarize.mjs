// Summarises a `conformance server --suite all -o DIR` run for run.sh, and checks what the CLI's own
// baseline check does not: that every scenario of the pinned version ran, and that every baseline
// entry names one of them. Exit status: 0 when all is as expected, 1 otherwise.
//
// usage: node summarize.mjs <results dir> <baseline.yml> <scenario list file> <conformance install dir>
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [resultsDir, baselinePath, scenariosPath, installDir] = process.argv.slice(2);
if (!installDir) {
  console.error('usage: node summarize.mjs <results dir> <baseline.yml> <scenario list> <install dir>');
  process.exit(2);
}

// The same YAML parser the conformance CLI reads the baseline with.
const YAML = createRequire(join(installDir, 'package.json'))('yaml');
const baselineDoc = YAML.parse(readFileSync(baselinePath, 'utf8')) ?? {};
const baseline = new Set((baselineDoc.server ?? []).map(String));
const scenarios = readFileSync(scenariosPath, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);

// Result folders are named server-<scenario>-<ISO time with : and . replaced by ->.
const stamp = /^\d{4}-\d{2}-\d{2}T[\d-]+Z$/;
const dirs = existsSync(resultsDir)
  ? readdirSync(resultsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
  : [];

const rows = [];
const problems = [];
for (const name of scenarios) {
  const prefix = `server-${name}-`;
  const dir = dirs.filter((d) => d.startsWith(prefix) && stamp.test(d.slice(prefix.length))).sort().pop();
  const expected = baseline.has(name);
  if (!dir) {
    rows.push({ name, verdict: 'NOT RUN', detail: 'no checks.json' });
    problems.push(`${name}: did not run (no result folder)`);
    continue;
  }
  const checks = JSON.parse(readFileSync(join(resultsDir, dir, 'checks.json'), 'utf8'));
  const count = (s) => checks.filter((c) => c.status === s).length;
  const bad = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
  const passed = bad.length === 0; // as the CLI's baseline check: a WARNING is a failure
  const detail = `${count('SUCCESS')} ok, ${count('FAILURE')} failed, ${count('WARNING')} warnings`;
  let verdict;
  if (passed && !expected) verdict = 'pass';
  else if (!passed && expected) verdict = 'baselined';
  else if (passed && expected) {
    verdict = 'STALE';
    problems.push(`${name}: passes but is listed in the baseline - remove it from baseline.yml`);
  } else {
    verdict = 'FAIL';
    for (const c of bad) {
      problems.push(`${name}: ${c.status} ${c.id}: ${c.errorMessage ?? c.description}` +
        (c.details ? `\n      details: ${JSON.stringify(c.details).slice(0, 600)}` : ''));
    }
  }
  rows.push({ name, verdict, detail });
}
for (const name of baseline) {
  if (!scenarios.includes(name)) problems.push(`${name}: listed in the baseline but not a server scenario of this version`);
}

const width = Math.max(...rows.map((r) => r.name.length));
console.log('scenario'.padEnd(width), ' result     checks');
for (const r of rows) console.log(r.name.padEnd(width), ' ' + r.verdict.padEnd(10), r.detail);
const n = (v) => rows.filter((r) => r.verdict === v).length;
console.log(`\n${rows.length} scenarios: ${n('pass')} pass, ${n('baselined')} baselined (expected failures), ` +
  `${n('FAIL')} unexpected failures, ${n('STALE')} stale baseline entries, ${n('NOT RUN')} not run`);
if (problems.length) {
  console.log('\nProblems:');
  for (const p of problems) console.log('  - ' + p);
  process.exit(1);
}
