import { knownValues, type RecordSkeleton, recordSkeleton } from '../detections/record-skeleton.js';
import type { SplitValue } from '../detections/split-value.js';
import { printable } from '../domain/inert-text.js';
import type { LocalEventBus } from '../runtime/local-event-bus.js';
import type { TriageLine } from './triage-line.js';

/** How many kinds of record are remembered before the memory starts again (CloudTrail has a few hundred). */
const KINDS = 10_000;

const LONE_SURROGATE = /[\ud800-\udfff]/;

/**
 * CloudTrail records no rule can take, answered from their top-level fields without parsing them: whether a rule
 * could take a kind of record is asked of the bus once per kind, and each answer says what offline triage's full
 * path would say of the record.
 */
export class UnmatchedRecords {
  private readonly possible = new Map<string, boolean>();
  /** The JSON text of a line around its event id, by file and kind. */
  private readonly texts = new Map<string, [before: string, after: string]>();

  constructor(private readonly bus: LocalEventBus) {}

  /** The line of a record no rule can take, with the record's time; undefined when it must be read whole. */
  line(file: string, value: SplitValue): { line: TriageLine; time: string } | undefined {
    const skeleton = this.unmatched(value);
    if (!skeleton) return undefined;
    return { line: this.lineOf(file, skeleton), time: skeleton.time };
  }

  /** The same line as printable JSON text: what printable(JSON.stringify(line)) writes. */
  json(file: string, value: SplitValue): string | undefined {
    const skeleton = this.unmatched(value);
    if (!skeleton) return undefined;
    // A plain string from the splitter holds no quote, backslash or control character: it is its own JSON text.
    // JSON text holds no raw escape sequence, so printable removes characters one by one: part by part is the same.
    if (LONE_SURROGATE.test(skeleton.id)) return printable(JSON.stringify(this.lineOf(file, skeleton)));
    const key = `${file}\u0000${skeleton.kind}`;
    let parts = this.texts.get(key);
    if (!parts) {
      const [before = '', after = ''] = JSON.stringify(
        this.lineOf(file, { ...skeleton, id: '\u0000' }),
      ).split('"\\u0000"');
      parts = [printable(before), printable(after)];
      if (this.texts.size >= KINDS) this.texts.clear();
      this.texts.set(key, parts);
    }
    return `${parts[0]}"${printable(skeleton.id)}"${parts[1]}`;
  }

  private unmatched(value: SplitValue): RecordSkeleton | undefined {
    const skeleton = value.fields && recordSkeleton(value.fields);
    if (!skeleton) return undefined;
    let possible = this.possible.get(skeleton.kind);
    if (possible === undefined) {
      if (this.possible.size >= KINDS) this.possible.clear();
      possible = this.bus.couldMatch(knownValues(skeleton));
      this.possible.set(skeleton.kind, possible);
    }
    return possible ? undefined : skeleton;
  }

  private lineOf(file: string, skeleton: RecordSkeleton): TriageLine {
    return {
      file,
      shape: 'CloudTrail record',
      eventId: skeleton.id,
      rules: [],
      exposures: [],
      incidentId: null,
      playbook: null,
      reason: `no detection rule matches this ${skeleton.source}/${skeleton.detailType} event`,
    };
  }
}
