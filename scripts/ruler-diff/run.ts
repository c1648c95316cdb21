/**
 * The differential test against AWS's open-source EventBridge matcher, event-ruler (tools/ruler-diff): generates
 * pattern/event pairs, has event-ruler and Rekey answer each, and fails on every disagreement that
 * tools/ruler-diff/ruler-is-wrong.json does not list (with the reason event-ruler is not EventBridge there).
 * Also fails when Rekey's "too complex" refusals differ from event-ruler's complexity measure above the limit.
 * Usage: npx tsx scripts/ruler-diff/run.ts [--pairs N] [--unlisted FILE]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_COMPLEXITY } from '../../src/eventbus/complexity.js';
import { InvalidPatternError } from '../../src/eventbus/errors.js';
import { compilePattern } from '../../src/eventbus/pattern.js';
import { compare, type KnownErrors, type Verdict } from './compare.js';
import { generatePairs, type Pair } from './generate.js';
import { missingTool, RULER_TOOL, rulerHarness } from './harness.js';

const SEED = 20_261_018;

interface RulerAnswer {
  id: number;
  verdict: Verdict | 'error';
  complexity?: number;
  reason?: string;
}

function ruler(pairs: Pair[]): Map<number, RulerAnswer> {
  const missing = missingTool();
  if (missing) {
    console.error(`ruler-diff: ${missing}; install it to run the differential test`);
    process.exit(1);
  }
  const { classpath, hosts } = rulerHarness();
  const run = spawnSync(
    'java',
    [`-Djdk.net.hosts.file=${hosts}`, '-cp', classpath, 'rekey.rulerdiff.RulerDiff'],
    {
      input: pairs.map((pair) => JSON.stringify(pair)).join('\n'),
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
  if (run.status !== 0) throw new Error(`ruler-diff: event-ruler's harness failed: ${run.stderr}`);
  const answers = new Map<number, RulerAnswer>();
  for (const line of run.stdout.split('\n').filter(Boolean)) {
    const answer = JSON.parse(line) as RulerAnswer;
    answers.set(answer.id, answer);
  }
  return answers;
}

function rekey(pair: Pair): { verdict: Verdict; tooComplex: boolean; why?: string } {
  try {
    return {
      verdict: compilePattern(pair.pattern).matches(pair.event) ? 'match' : 'no-match',
      tooComplex: false,
    };
  } catch (error) {
    if (!(error instanceof InvalidPatternError)) throw error;
    return { verdict: 'invalid', tooComplex: /Rule is too complex/.test(error.message), why: error.message };
  }
}

const { values } = parseArgs({ options: { pairs: { type: 'string' }, unlisted: { type: 'string' } } });
const count = Number(values.pairs ?? 12_000);
const pairs = generatePairs(SEED, Math.ceil(count / 4), 4);
const answers = ruler(pairs);
const known = JSON.parse(readFileSync(join(RULER_TOOL, 'ruler-is-wrong.json'), 'utf8')) as KnownErrors;
const rows = pairs.map((pair) => {
  const mine = rekey(pair);
  const theirs = answers.get(pair.id);
  if (!theirs) throw new Error(`ruler-diff: event-ruler gave no answer for pair ${pair.id}`);
  // Only a pattern Rekey otherwise accepts can show whether it measures complexity as event-ruler does.
  const measured = mine.verdict !== 'invalid' || mine.tooComplex;
  const complexityMismatch =
    measured && theirs.complexity !== undefined && mine.tooComplex !== theirs.complexity > MAX_COMPLEXITY;
  return {
    pair,
    rekey: mine.verdict,
    ruler: theirs.verdict,
    complexityMismatch,
    why: mine.why ?? theirs.reason,
  };
});
const report = compare(rows, known);
for (const line of report.lines) console.log(line);
if (values.unlisted) writeFileSync(values.unlisted, JSON.stringify(report.unlisted, null, 2));
process.exitCode = report.ok ? 0 : 1;
