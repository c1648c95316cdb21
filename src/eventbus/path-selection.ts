import { JsonNumber } from './json-text.js';
import type { Scalar } from './leaf-matchers.js';

/** A leaf of an event with the array elements it sits in: pairs of (array id, element index). */
export interface EventLeaf {
  value: Scalar;
  membership: readonly number[];
}

/** One step of the selection: the slot of the path it ends (-1 when no pattern names it) and its next steps. */
interface PathNode {
  slot: number;
  next: Array<[key: string, node: PathNode]>;
  /** `next` by key, for a node with more steps than an object it meets usually has keys (see LeafWalk). */
  byKey?: Map<string, PathNode>;
}

/** Past this many steps a node's objects are read key by key, each looked up in its steps: fewer lookups. */
const WIDE = 8;

/** The paths a set of patterns names, as steps from an event's root; each named path has a slot. */
export interface PathSelection {
  readonly root: PathNode;
  /** The named paths, by slot. */
  readonly paths: readonly string[];
}

/** An event's leaves at the selected paths, by slot; whether one of them was a JavaScript number. */
export interface SelectedLeaves {
  leaves: Array<EventLeaf[] | undefined>;
  sawNumber: boolean;
}

/** The prefixes of a dotted path that end where a key may end: before each dot (event keys may hold dots). */
function boundaries(path: string): string[] {
  const out: string[] = [];
  for (let dot = path.indexOf('.'); dot !== -1; dot = path.indexOf('.', dot + 1))
    out.push(path.slice(0, dot));
  return out;
}

/**
 * Selects the paths to read from events. Events are flattened as EventBridge flattens them (keys joined with
 * dots), so `{"a": {"b": 1}}` and `{"a.b": 1}` both hold `a.b`: each node steps to every longer node by the
 * key, dots included, that joins them. A top-level key `""` keeps the path where it was, as flattening does.
 */
export function selectPaths(named: readonly string[]): PathSelection {
  const paths = [...new Set(named)].filter((path) => path !== '');
  const nodes = new Map<string, PathNode>([['', { slot: -1, next: [] }]]);
  const node = (path: string) =>
    nodes.get(path) ?? (nodes.set(path, { slot: -1, next: [] }).get(path) as PathNode);
  paths.forEach((path, slot) => {
    node(path).slot = slot;
    for (const prefix of boundaries(path)) node(prefix);
  });
  const all = [...nodes.keys()];
  for (const [from, fromNode] of nodes) {
    for (const to of all) {
      if (to === '' || to === from) continue;
      if (from === '') fromNode.next.push([to, node(to)]);
      else if (to.startsWith(`${from}.`)) fromNode.next.push([to.slice(from.length + 1), node(to)]);
    }
  }
  const root = node('');
  if (root.next.length > 0) root.next.push(['', root]);
  for (const each of nodes.values()) if (each.next.length > WIDE) each.byKey = new Map(each.next);
  return { root, paths };
}

function isScalar(value: unknown): boolean {
  return typeof value !== 'object' || value === null || value instanceof JsonNumber;
}

/** One walk of an event along the selection (methods, not closures: the walk is the hot path of matching). */
class LeafWalk {
  readonly leaves: Array<EventLeaf[] | undefined>;
  sawNumber = false;
  private arrays = 0;

  constructor(slots: number) {
    this.leaves = new Array(slots);
  }

  visit(value: unknown, node: PathNode, membership: readonly number[]): void {
    if (Array.isArray(value)) {
      this.arrays += 1;
      const id = this.arrays;
      for (let index = 0; index < value.length; index += 1)
        this.visit(value[index], node, [...membership, id, index]);
    } else if (!isScalar(value)) {
      const object = value as Record<string, unknown>;
      const byKey = node.byKey;
      if (byKey) {
        // Most steps name keys with dots, which events seldom hold: the event's own keys are fewer to look up.
        // A slot's leaves may come in another order than by steps; matching reads them as a set.
        for (const key in object) {
          const child = byKey.get(key);
          const held = child && object[key];
          if (held !== undefined && Object.hasOwn(object, key))
            this.visit(held, child as PathNode, membership);
        }
        return;
      }
      const next = node.next;
      for (let i = 0; i < next.length; i += 1) {
        const [key, child] = next[i] as [string, PathNode];
        const held = object[key];
        if (held !== undefined && Object.hasOwn(object, key)) this.visit(held, child, membership);
      }
    } else if (node.slot >= 0) {
      if (typeof value === 'number') this.sawNumber = true;
      const leaf = { value: scalar(value), membership };
      const held = this.leaves[node.slot];
      if (held) held.push(leaf);
      else this.leaves[node.slot] = [leaf];
    }
  }
}

/**
 * The leaves of an event (parsed by JSON.parse, or a JsonValue) at the selected paths only: nothing else of the
 * event is visited. Arrays are expanded element by element, each leaf keeping the elements it sits in.
 */
export function selectLeaves(event: unknown, selection: PathSelection): SelectedLeaves {
  const walk = new LeafWalk(selection.paths.length);
  walk.visit(event, selection.root, NO_ARRAYS);
  return { leaves: walk.leaves, sawNumber: walk.sawNumber };
}

const NO_ARRAYS: readonly number[] = [];

/** A leaf as the matchers read it: numbers keep their spelling; what JSON cannot hold is null. */
function scalar(value: unknown): Scalar {
  if (typeof value === 'number') return new JsonNumber(String(value));
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof JsonNumber) return value;
  return null;
}
