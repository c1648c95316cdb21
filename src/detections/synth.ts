import { randomUUID } from 'node:crypto';
import { InvalidInputError } from '../domain/errors.js';
import cloudtrailInlineQuarantine from './synth/cloudtrail-inline-quarantine.json' with { type: 'json' };
import cloudtrailQuarantine from './synth/cloudtrail-quarantine.json' with { type: 'json' };
import cloudtrailRootKey from './synth/cloudtrail-root-key.json' with { type: 'json' };
import cloudtrailRootLogin from './synth/cloudtrail-root-login.json' with { type: 'json' };
import cloudtrailSecretRead from './synth/cloudtrail-secret-read.json' with { type: 'json' };
import guarddutyAttackSequence from './synth/guardduty-attack-sequence.json' with { type: 'json' };
import guarddutyConsoleLogin from './synth/guardduty-console-login.json' with { type: 'json' };
import guarddutyInstanceExfiltration from './synth/guardduty-instance-exfiltration.json' with {
  type: 'json',
};
import guarddutyMaliciousIp from './synth/guardduty-malicious-ip.json' with { type: 'json' };
import guarddutyRoot from './synth/guardduty-root.json' with { type: 'json' };
import guarddutyTor from './synth/guardduty-tor.json' with { type: 'json' };
import healthExposed from './synth/health-exposed.json' with { type: 'json' };
import securityhubCustomAction from './synth/securityhub-custom-action.json' with { type: 'json' };
import securityhubGuardduty from './synth/securityhub-guardduty.json' with { type: 'json' };

/** A kind of synthetic event: its real-shaped template and what it stands for. */
const synthKind = (template: unknown, about: string) => ({ template, about });

/**
 * Events as AWS delivers them, one per detection Rekey has (the templates are real-shaped events: EventBridge
 * envelopes of GuardDuty, Health, Security Hub and CloudTrail).
 */
export const SYNTH_KINDS = {
  'guardduty-tor': synthKind(guarddutyTor, 'GuardDuty: a user key called AWS from a Tor exit node'),
  'guardduty-malicious-ip': synthKind(
    guarddutyMaliciousIp,
    'GuardDuty: a user key called AWS from a listed IP',
  ),
  'guardduty-instance-exfiltration': synthKind(
    guarddutyInstanceExfiltration,
    'GuardDuty: instance-role credentials used outside AWS',
  ),
  'guardduty-console-login': synthKind(guarddutyConsoleLogin, 'GuardDuty: an unusual console sign-in'),
  'guardduty-root': synthKind(guarddutyRoot, 'GuardDuty: the root user used'),
  'guardduty-attack-sequence': synthKind(
    guarddutyAttackSequence,
    "GuardDuty: an attack sequence of a user's key and a role session it led to",
  ),
  'health-exposed': synthKind(healthExposed, 'AWS Health: a key found publicly exposed'),
  'securityhub-guardduty': synthKind(securityhubGuardduty, "Security Hub's copy of a GuardDuty finding"),
  'securityhub-custom-action': synthKind(
    securityhubCustomAction,
    'Security Hub: a responder sent a GuardDuty finding to Rekey (custom action)',
  ),
  'cloudtrail-quarantine': synthKind(
    cloudtrailQuarantine,
    'CloudTrail: AWS attached its quarantine policy to a user',
  ),
  'cloudtrail-inline-quarantine': synthKind(
    cloudtrailInlineQuarantine,
    'CloudTrail: AWS put its older inline quarantine policy on a user',
  ),
  'cloudtrail-root-login': synthKind(cloudtrailRootLogin, 'CloudTrail: a root console sign-in'),
  'cloudtrail-root-key': synthKind(cloudtrailRootKey, 'CloudTrail: the root user created an access key'),
  'cloudtrail-secret-read': synthKind(cloudtrailSecretRead, 'CloudTrail: a role read a secret'),
};

/** A kind of synthetic event. */
export type SynthKind = keyof typeof SYNTH_KINDS;

/** Who and what a synthetic event names; the template's own values where not given. */
export interface SynthOptions {
  user?: string;
  key?: string;
  secret?: string;
  role?: string;
  account?: string;
  now?: Date;
}

/** The values each template names, replaced by the options. */
const TEMPLATE_VALUES = {
  account: '111122223333',
  key: 'AKIAIOSFODNN7EXAMPLE',
  user: 'alice',
  secret: 'prod/payments/db',
  roles: ['deploy-role', 'web-app-instance-role'],
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A synthetic event of the given kind, shaped exactly as AWS delivers it, naming the user, key, secret, role and
 * account asked for; a fresh envelope id and the current time, so each is a new delivery.
 */
export function synthEvent(kind: string, options: SynthOptions = {}): Record<string, unknown> {
  const entry = SYNTH_KINDS[kind as SynthKind];
  if (!entry)
    throw new InvalidInputError(`no synthetic event ${kind}; one of: ${Object.keys(SYNTH_KINDS).join(', ')}`);
  if (options.account !== undefined && !/^\d{12}$/.test(options.account))
    throw new InvalidInputError(`--account ${options.account} is not a 12-digit account id`);
  if (options.key !== undefined && !/^AKIA[A-Z0-9]{16}$/.test(options.key))
    throw new InvalidInputError(`--key ${options.key} is not a long-term access key id (AKIA + 16)`);
  for (const [name, value] of Object.entries({
    user: options.user,
    role: options.role,
    secret: options.secret,
  }))
    if (value !== undefined && !/^[\w+=,.@/-]{1,128}$/.test(value))
      throw new InvalidInputError(`--${name} ${value} is not a valid IAM or Secrets Manager name`);
  let text = JSON.stringify(entry.template);
  const replace = (from: string, to: string | undefined) => {
    if (to !== undefined) text = text.replace(new RegExp(`\\b${escapeRegExp(from)}\\b`, 'g'), to);
  };
  replace(TEMPLATE_VALUES.account, options.account);
  replace(TEMPLATE_VALUES.key, options.key);
  replace(`secret:${TEMPLATE_VALUES.secret}`, options.secret && `secret:${options.secret}`);
  // Names are replaced wherever the template says them: fields, ARNs, a finding's title and description.
  replace(TEMPLATE_VALUES.user, options.user);
  for (const role of TEMPLATE_VALUES.roles) replace(role, options.role);
  const event = JSON.parse(text) as Record<string, unknown>;
  return {
    ...event,
    id: randomUUID(),
    time: (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}
