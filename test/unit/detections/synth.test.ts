import { describe, expect, it } from 'vitest';
import { detectionRules } from '../../../src/detections/rules.js';
import { SYNTH_KINDS, synthEvent } from '../../../src/detections/synth.js';
import { createOfflineTriage } from '../../../src/drills/offline-triage.js';
import { compilePattern } from '../../../src/eventbus/pattern.js';

const settings = { secretReadAllowlist: ['arn:aws:iam::*:role/app-*'] };
const rules = detectionRules(settings);
const options = {
  user: 'bob',
  key: 'AKIABOBEXAMPLEKEY001',
  account: '444455556666',
  role: 'ci-runner',
  secret: 'prod/orders/db',
};

/** The exposure kind each synthetic event is about. */
const EXPECTED: Record<string, string> = {
  'guardduty-tor': 'iam-user-access-key',
  'guardduty-malicious-ip': 'iam-user-access-key',
  'guardduty-instance-exfiltration': 'instance-credentials',
  'guardduty-console-login': 'console-login',
  'guardduty-root': 'root',
  'guardduty-attack-sequence': 'iam-user-access-key',
  'health-exposed': 'iam-user-access-key',
  'securityhub-guardduty': 'iam-user-access-key',
  'securityhub-custom-action': 'iam-user-access-key',
  'cloudtrail-quarantine': 'iam-user-access-key',
  'cloudtrail-inline-quarantine': 'iam-user-access-key',
  'cloudtrail-root-login': 'root',
  'cloudtrail-root-key': 'root',
  'cloudtrail-secret-read': 'secret',
};

describe('synthetic events', () => {
  it('cover every detection rule but the scanner bus', () => {
    const matched = new Set(
      Object.keys(SYNTH_KINDS).flatMap((kind) =>
        rules.filter((r) => compilePattern(r.pattern).matches(synthEvent(kind, options))).map((r) => r.name),
      ),
    );
    expect([...matched].sort()).toEqual(
      rules
        .filter((r) => r.bus === 'default')
        .map((r) => r.name)
        .sort(),
    );
  });

  it.each(Object.keys(SYNTH_KINDS))(
    '%s triages to its exposure, naming the account, user, key, role and secret asked for',
    async (kind) => {
      const triage = createOfflineTriage({
        settings,
        protectedPrincipals: [],
        account: '000000000000',
        region: 'us-east-1',
        now: new Date(),
      });
      const [line] = await triage.assessDocuments(kind, [synthEvent(kind, options)]);
      expect(line?.exposures[0], JSON.stringify(line)).toMatchObject({
        kind: EXPECTED[kind],
        accountId: '444455556666',
      });
      const text = JSON.stringify(line?.exposures);
      expect(text).not.toMatch(
        /alice|AKIAIOSFODNN7EXAMPLE|111122223333|deploy-role|web-app-instance-role|prod\/payments/,
      );
    },
  );

  it('gives each event a fresh envelope id and refuses malformed names with the reason', () => {
    expect(synthEvent('guardduty-tor').id).not.toBe(synthEvent('guardduty-tor').id);
    expect(() => synthEvent('guardduty-tor', { key: 'ASIA123' })).toThrow(/not a long-term access key id/);
    expect(() => synthEvent('guardduty-tor', { account: '12' })).toThrow(/12-digit/);
    expect(() => synthEvent('nothing')).toThrow(/no synthetic event nothing; one of/);
  });
});
