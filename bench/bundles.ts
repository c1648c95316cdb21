/**
 * Per handler, as `npm run package` builds it: the zip's size (as Lambda receives it), the code a cold start loads
 * (the handler's module and the chunks it imports statically; chunks imported when first needed are left out) and
 * the module initialisation time (a fresh Node process importing the unzipped module with a deployment-shaped
 * environment), each against its goal: at most 1 MiB zipped and 120 ms of initialisation (median of cold imports).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const ROUNDS = 9;
const ZIP_GOAL_KIB = 1024;
const INIT_GOAL_MS = 120;

/** What the deployment gives each function (values of the right shape; nothing is called at import). */
const ENV: Record<string, string> = {
  REKEY_ACCOUNT_ID: '111122223333',
  REKEY_INCIDENTS_TABLE: 'incidents',
  REKEY_TIMELINE_TABLE: 'timeline',
  REKEY_APPROVALS_TABLE: 'approvals',
  REKEY_REPLAY_TABLE: 'replay',
  REKEY_REVIEWS_BUCKET: 'reviews',
  REKEY_DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/rejected',
  REKEY_STATE_MACHINES: '{"exposed-access-key":"arn:aws:states:us-east-1:111122223333:stateMachine:x"}',
  REKEY_PROTECTED_PRINCIPALS: '[]',
  REKEY_ADMINISTRATOR_ACCOUNTS: '[]',
  REKEY_SECRET_READ_ALLOWLIST: '[]',
  REKEY_INVENTORY_ACCOUNTS: '[]',
  REKEY_OWN_ROLES: '[]',
  REKEY_MEMBER_ROLE_NAME: '',
  REKEY_IDENTITY_CENTER_REGION: '',
  REKEY_MANAGEMENT_ROLE_ARN: '',
  REKEY_IDENTITY_CENTER_ROLE_ARN: '',
  REKEY_SLACK_SECRET_ID: 'rekey/bench/slack',
  // No channel: Slack is not connected, so nothing is fetched at import.
  REKEY_SLACK_CHANNEL: '',
  REKEY_RESPONDERS: '[]',
  REKEY_RESPONDER_GROUP: '',
  REKEY_RESTORE_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/restore',
  REKEY_TIMELINE_KEYS:
    '{"triage":"k1","action":"k2","approval":"k3","slack":"k4","notify":"k5","review":"k6"}',
  REKEY_ANCHOR_BUCKET: 'anchors',
  REKEY_NOTIFY_FUNCTION: 'rekey-bench-notify',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_EC2_METADATA_DISABLED: 'true',
};

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** The NODE_OPTIONS the template gives every function, if any (source maps read at start-up cost time). */
const deployedNodeOptions = (): Record<string, string> => {
  const options = readFileSync(join(root, 'serverless.yml'), 'utf8').match(/^ {4}NODE_OPTIONS: (.+)$/m)?.[1];
  return options ? { NODE_OPTIONS: options } : {};
};

/** The module and every chunk it imports statically, transitively: what a cold start reads and compiles. */
const loadedAtStart = (module: string): Set<string> => {
  const seen = new Set<string>();
  const pending = [module];
  for (let file = pending.pop(); file; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    // Static imports only (`import{…}from"./x.mjs"`, `import"./x.mjs"`); `import("./x.mjs")` waits for a call.
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(
      /(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+)["']/g,
    ))
      pending.push(resolve(dirname(file), specifier as string));
  }
  return seen;
};

const kib = (bytes: number) => Math.round(bytes / 1024);
const ratio = (value: number, goal: number) => (value / goal).toFixed(2);

/** Packages the functions, then measures each one's zip, start-up code and initialisation against the goals. */
export async function benchBundles(): Promise<Array<[string, string]>> {
  const packaged = mkdtempSync(join(tmpdir(), 'rekey-bench-package-'));
  execFileSync(join(root, 'node_modules/.bin/osls'), ['package', '--stage', 'bench', '--package', packaged], {
    cwd: root,
    stdio: 'ignore',
  });
  // Unzipped inside the project, so anything the bundle leaves external resolves as it would in Lambda.
  const unpacked = join(root, '.rekey', 'bench', 'bundles');
  rmSync(unpacked, { recursive: true, force: true });
  const rows: Array<[string, string]> = [];
  const worst = { zip: { name: '', kib: 0 }, init: { name: '', ms: 0 } };
  const env = { ...process.env, ...ENV, ...deployedNodeOptions() };
  for (const zip of readdirSync(packaged)
    .filter((f) => f.endsWith('.zip'))
    .sort()) {
    const name = zip.slice(0, -4);
    const dir = join(unpacked, name);
    mkdirSync(dir, { recursive: true });
    execFileSync('unzip', ['-q', '-o', join(packaged, zip), '-d', dir]);
    const module = join(dir, 'src/handlers/lambda', `${name}.mjs`);
    const times = Array.from({ length: ROUNDS }, () =>
      Number(
        execFileSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const t = performance.now(); await import(${JSON.stringify(module)}); console.log(performance.now() - t);`,
          ],
          { env, encoding: 'utf8' },
        ).trim(),
      ),
    );
    const code = execFileSync('find', [dir, '-name', '*.mjs'], { encoding: 'utf8' }).trim().split('\n');
    // Every chunk loads too (those imported when first needed included), as a first call would load it.
    execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `for (const file of ${JSON.stringify(code)}) await import(file);`],
      { env, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const zipped = kib(statSync(join(packaged, zip)).size);
    const init = median(times);
    const atStart = [...loadedAtStart(module)];
    const size = (files: string[]) => kib(files.reduce((sum, file) => sum + statSync(file).size, 0));
    if (zipped > worst.zip.kib) worst.zip = { name, kib: zipped };
    if (init > worst.init.ms) worst.init = { name, ms: init };
    rows.push([
      `handler ${name}`,
      `${zipped} KiB zipped: ${ratio(zipped, ZIP_GOAL_KIB)} x the goal of ${ZIP_GOAL_KIB} KiB; init ${init.toFixed(0)} ms: ${ratio(init, INIT_GOAL_MS)} x the goal of ${INIT_GOAL_MS} ms (median of ${ROUNDS} cold imports); ${size(atStart)} of ${size(code)} KiB of code loaded at start`,
    ]);
  }
  rows.push([
    'handler bundles (goal: every one <= 1.00 x)',
    `largest ${ratio(worst.zip.kib, ZIP_GOAL_KIB)} x the zip goal (${worst.zip.name}), slowest ${ratio(worst.init.ms, INIT_GOAL_MS)} x the init goal (${worst.init.name})`,
  ]);
  rmSync(packaged, { recursive: true, force: true });
  return rows;
}
