import { writeFile } from 'node:fs/promises';
import { AwsReadiness } from '../adapters/aws/aws-readiness.js';
import { SandboxAccount } from '../adapters/sandbox/sandbox-account.js';
import { SandboxReadiness } from '../adapters/sandbox/sandbox-readiness.js';
import { slackReachable } from '../adapters/slack/slack-health.js';
import { assessReadiness } from '../app/readiness/readiness.js';
import { renderReadinessMarkdown, renderReadinessText } from '../app/readiness/render-readiness.js';
import { renderReadinessHtml } from '../app/readiness/render-readiness-html.js';
import { InvalidInputError } from '../domain/errors.js';
import { accountSeedOf, loadDrill } from '../drills/drill-file.js';
import type { ReadinessSource } from '../ports/readiness.js';
import { commaList } from './comma-list.js';
import { drillPath } from './drill-command.js';
import { parseOptions } from './parse-options.js';

const USAGE = `usage: rekey readiness [DRILL | --file PATH] [--json | --markdown | --html FILE] [--fail-under SCORE]
       rekey readiness --live [--regions R,...] [--member-role NAME [--accounts ID,...]] [--responders N]
                              [--identity-center [--identity-center-role ARN] [--identity-center-region R]]
                              [--protected ARN,...]`;

/** A whole number an option gives (0 when absent), or a clear error. */
function count(option: string, value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value)) throw new InvalidInputError(`${option} ${value} is not a whole number\n${USAGE}`);
  return Number(value);
}

/** What Rekey itself looks like from here: Slack's bot token (reached with auth.test when live). */
async function slackFacts(live: boolean) {
  const token = process.env.SLACK_BOT_TOKEN;
  if (!token) return { configured: false };
  return live
    ? { configured: true, ...(await slackReachable(token, process.env.SLACK_API_URL)) }
    : { configured: true };
}

/**
 * `rekey readiness`: what the playbooks could not do today, scored, with what to fix first: for a drill's
 * sandbox, or (`--live`) for the account the AWS credentials reach, with read-only calls only.
 */
export async function readinessCommand(args: string[], root: string): Promise<number> {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      live: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      html: { type: 'string' },
      regions: { type: 'string' },
      'member-role': { type: 'string' },
      accounts: { type: 'string' },
      'identity-center': { type: 'boolean', default: false },
      'identity-center-role': { type: 'string' },
      'identity-center-region': { type: 'string' },
      responders: { type: 'string' },
      protected: { type: 'string' },
      'fail-under': { type: 'string' },
    },
  });
  const protectedPrincipals = commaList(values.protected);
  let source: ReadinessSource;
  if (values.live) {
    source = new AwsReadiness({
      homeRegion: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      ...(values.regions ? { regions: commaList(values.regions) } : {}),
      ...(values['member-role'] ? { memberRoleName: values['member-role'] } : {}),
      ...(values.accounts ? { memberAccounts: commaList(values.accounts) } : {}),
      ...(values['identity-center-role'] ? { identityCenterRoleArn: values['identity-center-role'] } : {}),
      ...(values['identity-center-region'] ? { identityCenterRegion: values['identity-center-region'] } : {}),
      rekey: {
        slack: await slackFacts(true),
        responders: count('--responders', values.responders),
        identityCenter: values['identity-center'],
      },
      now: () => new Date(),
    });
  } else {
    const drill = await loadDrill(drillPath(root, positionals[0], values.file));
    const at = drill.start;
    const sandbox = new SandboxAccount(accountSeedOf(drill.account), { now: () => new Date(at) });
    source = new SandboxReadiness(sandbox, {
      slack: await slackFacts(false),
      responders: drill.responders.length,
    });
  }
  const report = assessReadiness(await source.gather(), { protectedPrincipals });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else if (values.markdown) process.stdout.write(renderReadinessMarkdown(report));
  else process.stdout.write(renderReadinessText(report));
  if (values.html) {
    await writeFile(values.html, renderReadinessHtml(report));
    console.error(`rekey: the readiness report is in ${values.html}`);
  }
  const floor = values['fail-under'];
  if (floor !== undefined) {
    if (!/^\d+$/.test(floor))
      throw new InvalidInputError(`--fail-under ${floor} is not a score (0 to 100)\n${USAGE}`);
    if (report.score < Number(floor)) {
      console.error(`rekey: readiness ${report.score} is under ${floor}`);
      return 1;
    }
  }
  return 0;
}
