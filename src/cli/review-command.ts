import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deployedReviewStores } from '../adapters/aws/deployed-review-stores.js';
import { FileReviewStore } from '../adapters/local/file-review-store.js';
import { FileTimelineStore } from '../adapters/local/file-timeline-store.js';
import { renderReview } from '../app/review/render-review.js';
import { renderReviewHtml } from '../app/review/render-review-html.js';
import { reviewModel } from '../app/review/review-model.js';
import { formatSummary, summariseReviews } from '../app/review/review-summary.js';
import { reviewedTimeline } from '../app/review/reviewed-timeline.js';
import { checkTimeline } from '../app/verify-timeline.js';
import { printable } from '../domain/inert-text.js';
import type { ReviewStore } from '../ports/review-store.js';
import type { TimelineStore } from '../ports/timeline-store.js';
import { parseOptions } from './parse-options.js';

const USAGE = `usage: rekey review INCIDENT [--html] [--verify] [where]
       rekey review --all [--since DATE] [--include-drills] [--json] [where]
where: --drill NAME | --state-dir DIR (local, default: every drill under .rekey/drills)
       --timeline-table TABLE --anchor-bucket BUCKET [--stage STAGE] [--reviews-bucket BUCKET]
         (deployed; AWS credentials from the environment; the writers' keys are alias/rekey-STAGE-timeline-*)`;

interface Source {
  timeline: TimelineStore;
  reviews?: ReviewStore;
}

/** Where timelines and reviews are read from: the deployed table and bucket, or local state folders. */
function sources(values: Record<string, string | boolean | undefined>): Source[] {
  if (typeof values['timeline-table'] === 'string') {
    const bucket = values['reviews-bucket'];
    const anchors = values['anchor-bucket'];
    if (typeof anchors !== 'string') throw new UsageError('--timeline-table needs --anchor-bucket');
    return [
      deployedReviewStores({
        timelineTable: values['timeline-table'],
        anchorBucket: anchors,
        keyAliasPrefix: `alias/rekey-${typeof values.stage === 'string' ? values.stage : 'dev'}-timeline-`,
        ...(typeof bucket === 'string' ? { reviewsBucket: bucket } : {}),
        // A local stand-in (the SDK's AWS_ENDPOINT_URL, as the tests point it at moto) serves S3 by path.
        forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL),
      }),
    ];
  }
  const dirs =
    typeof values['state-dir'] === 'string'
      ? [resolve(values['state-dir'])]
      : typeof values.drill === 'string'
        ? [resolve('.rekey', 'drills', values.drill)]
        : existsSync(resolve('.rekey', 'drills'))
          ? readdirSync(resolve('.rekey', 'drills')).map((d) => resolve('.rekey', 'drills', d))
          : [];
  return dirs.map((dir) => ({
    timeline: new FileTimelineStore(join(dir, 'timelines')),
    reviews: new FileReviewStore(join(dir, 'reviews')),
  }));
}

/** A command line that cannot be acted on. */
class UsageError extends Error {}

/**
 * `rekey review`: renders an incident's review from its timeline (Markdown, or `--html`), checks the timeline
 * (`--verify`: altered, removed, reordered or cut entries), or summarises the team's metrics (`--all`).
 */
export async function reviewCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    options: {
      all: { type: 'boolean', default: false },
      since: { type: 'string' },
      'include-drills': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      html: { type: 'boolean', default: false },
      verify: { type: 'boolean', default: false },
      drill: { type: 'string' },
      'state-dir': { type: 'string' },
      'timeline-table': { type: 'string' },
      'reviews-bucket': { type: 'string' },
      'anchor-bucket': { type: 'string' },
      stage: { type: 'string' },
    },
  });
  let found: Source[];
  try {
    found = sources(values);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  if (values.all) {
    const since = values.since ? new Date(values.since) : undefined;
    if (since && Number.isNaN(since.getTime())) {
      console.error(`--since ${values.since} is not a date\n${USAGE}`);
      return 2;
    }
    const models = [];
    for (const source of found)
      for (const id of await source.timeline.incidents())
        models.push(reviewModel(await reviewedTimeline(source.timeline, id)));
    const summary = summariseReviews(models, {
      ...(since ? { since } : {}),
      includeDrills: values['include-drills'],
    });
    console.log(values.json ? JSON.stringify(summary, null, 2) : formatSummary(summary).join('\n'));
    return 0;
  }
  const [incidentId] = positionals;
  if (!incidentId || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  for (const source of found) {
    if (values.verify) {
      const check = await checkTimeline(incidentId, source.timeline, source.reviews);
      if (!check.found) continue;
      if (check.intact) {
        console.log(`intact: ${check.count} entries, head ${check.head}`);
        return 0;
      }
      for (const problem of check.problems) console.log(printable(`TAMPERED: ${problem}`));
      return 1;
    }
    const timeline = await reviewedTimeline(source.timeline, incidentId);
    if (timeline.entries.length === 0) continue;
    process.stdout.write(printable(values.html ? renderReviewHtml(timeline) : renderReview(timeline)));
    return 0;
  }
  console.error(`no timeline for incident ${incidentId} here\n${USAGE}`);
  return 2;
}
