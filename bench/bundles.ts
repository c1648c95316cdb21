/**
 * Per handler: the deployment bundle's size (zipped, as Lambda receives it, and the module itself) and its module
 * initialisation time (a fresh Node process importing the bundled module with a deployment-shaped environment;
 * the AWS SDK is the runtime's, as on Lambda). Median of several cold imports; compare handlers as ratios.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const ROUNDS = 5;

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
  REKEY_OWN_ROLES: '[]',
  REKEY_MEMBER_ROLE_NAME: '',
  REKEY_IDENTITY_CENTER_REGION: '',
  REKEY_MANAGEMENT_ROLE_ARN: '',
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
          { env: { ...process.env, ...ENV }, encoding: 'utf8' },
        ).trim(),
      ),
    );
    rows.push([
      `handler ${name}`,
      `${(statSync(join(packaged, zip)).size / 1024).toFixed(0)} KiB zipped, ${(statSync(module).size / 1024).toFixed(0)} KiB module, init ${median(times).toFixed(0)} ms (median of ${ROUNDS} cold imports)`,
    ]);
  }
  rmSync(packaged, { recursive: true, force: true });
  return rows;
}
