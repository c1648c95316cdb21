import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import type { TrailFacts } from '../../ports/readiness.js';

/** Every trail seen from the home region (shadow trails too): whether it logs, everywhere, management events. */
export async function trailFacts(homeRegion: string): Promise<TrailFacts[]> {
  const client = new CloudTrailClient({ region: homeRegion });
  const trails =
    (await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
  return Promise.all(
    trails.map(async (t): Promise<TrailFacts> => {
      const name = t.TrailARN ?? t.Name ?? '';
      const [status, selectors] = await Promise.all([
        client.send(new GetTrailStatusCommand({ Name: name })),
        client.send(new GetEventSelectorsCommand({ TrailName: name })),
      ]);
      const basic = (selectors.EventSelectors ?? []).some(
        (s) => s.IncludeManagementEvents !== false && (s.ReadWriteType ?? 'All') === 'All',
      );
      const advanced = (selectors.AdvancedEventSelectors ?? []).some((s) =>
        s.FieldSelectors?.some((f) => f.Field === 'eventCategory' && f.Equals?.includes('Management')),
      );
      // A trail without selectors records every management event (CloudTrail's default).
      const noSelectors = !selectors.EventSelectors?.length && !selectors.AdvancedEventSelectors?.length;
      return {
        name: t.Name ?? name,
        multiRegion: t.IsMultiRegionTrail === true,
        logging: status.IsLogging === true,
        managementEvents: basic || advanced || noSelectors,
      };
    }),
  );
}

/** Whether a GuardDuty detector is enabled in the region. */
export async function guardDutyEnabled(region: string): Promise<boolean> {
  const client = new GuardDutyClient({ region });
  const ids = (await client.send(new ListDetectorsCommand({}))).DetectorIds ?? [];
  for (const id of ids)
    if ((await client.send(new GetDetectorCommand({ DetectorId: id }))).Status === 'ENABLED') return true;
  return false;
}
