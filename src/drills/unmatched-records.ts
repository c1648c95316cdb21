import { knownValues, type RecordSkeleton, recordSkeleton } from '../detections/record-skeleton.js';
import type { SplitValue } from '../detections/split-value.js';
import { printable } from '../domain/inert-text.js';
import type { LocalEventBus } from '../runtime/local-event-bus.js';
import type { TriageLine } from './triage-line.js';

/** How many kinds of record are remembered before the memory starts again (CloudTrail has a few hundred). */
const KINDS = 10_000;

const LONE_SURROGATE = /[\ud800-\udfff]/;

interface Kind {
  possible: boolean;
  file: string | undefined;
  parts: [before: string, after: string];
}

/**
 * CloudTrail records no rule can take, answered from their top-level fields without parsing them: whether a rule
 * could take a kind of record is asked of the bus once per kind, and each answer says what offline triage's full
 * path would say of the record.
 */
export class UnmatchedRecords {
  /**
   * By kind: whether a rule could take it and, for the last file it was met in (files are read one after another),
   * the JSON text of its line around the event id. One look-up per record.
   */
  private readonly kinds = new Map<string, Kind>();

  constructor(private readonly bus: LocalEventBus) {}

  /** The line of a record no rule can take, with the record's time; undefined when it must be read whole. */
  line(file: string, value: SplitValue): { line: TriageLine; time: string } | undefined {
    const skeleton = this.unmatched(value)?.skeleton;
    if (!skeleton) return undefined;
    return { line: this.lineOf(file, skeleton), time: skeleton.time };
  }

  /** The same line as printable JSON text: what printable(JSON.stringify(line)) writes. */
  json(file: string, value: SplitValue): string | undefined {
    const unmatched = this.unmatched(value);
    if (!unmatched) return undefined;
    const { skeleton, kind } = unmatched;
    // A plain string from the splitter holds no quote, backslash or control character: it is its own JSON text.
    // JSON text holds no raw escape sequence, so printable removes characters one by one: part by part is the same.
    if (LONE_SURROGATE.test(skeleton.id)) return printable(JSON.stringify(this.lineOf(file, skeleton)));
    if (kind.file !== file) {
      const [before = '', after = ''] = JSON.stringify(
        this.lineOf(file, { ...skeleton, id: '\u0000' }),
      ).split('"\\u0000"');
      kind.file = file;
      kind.parts = [printable(before), printable(after)];
    }
    return `${kind.parts[0]}"${printable(skeleton.id)}"${kind.parts[1]}`;
  }

  private unmatched(value: SplitValue): { skeleton: RecordSkeleton; kind: Kind } | undefined {
    const skeleton = value.fields && recordSkeleton(value.fields);
    if (!skeleton) return undefined;
    let kind = this.kinds.get(skeleton.kind);
    if (kind === undefined) {
      if (this.kinds.size >= KINDS) this.kinds.clear();
      kind = { possible: this.bus.couldMatch(knownValues(skeleton)), file: undefined, parts: ['', ''] };
      this.kinds.set(skeleton.kind, kind);
    }
    return kind.possible ? undefined : { skeleton, kind };
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
