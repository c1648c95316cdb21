/**
 * Checks the pattern matcher against the public EventBridge pattern cases kept outside the repository
 * (../shared/reference/eventbridge-pattern-cases.json, or the path given): every case must give its expected answer.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidPatternError } from '../src/eventbus/errors.js';
import { compilePattern } from '../src/eventbus/pattern.js';

interface ReferenceCase {
  name: string;
  tier: string;
  pattern_json: string;
  event_json?: string | null;
  expected: boolean | 'invalid';
  invalid_input?: 'event';
}

const path = resolve(process.argv[2] ?? '../shared/reference/eventbridge-pattern-cases.json');
const cases = JSON.parse(readFileSync(path, 'utf8')) as ReferenceCase[];
const failures: string[] = [];

for (const c of cases) {
  let answer: boolean | 'invalid';
  let detail = '';
  try {
    const pattern = compilePattern(c.pattern_json);
    answer = c.event_json == null ? true : pattern.matches(c.event_json);
    if (c.event_json == null && c.expected !== 'invalid') answer = c.expected;
  } catch (error) {
    if (!(error instanceof InvalidPatternError) && c.invalid_input !== 'event') {
      answer = false;
      detail = ` (threw ${(error as Error).name}: ${(error as Error).message})`;
    } else {
      answer = 'invalid';
      detail = ` (${(error as Error).message})`;
    }
  }
  if (answer !== c.expected)
    failures.push(`${c.tier} ${c.name}: expected ${c.expected}, got ${answer}${detail}`);
}

console.log(
  `EventBridge reference cases: ${cases.length - failures.length}/${cases.length} as expected (${path})`,
);
for (const failure of failures) console.log(`  ✗ ${failure}`);
process.exitCode = failures.length === 0 ? 0 : 1;
