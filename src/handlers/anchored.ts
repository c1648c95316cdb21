import type { TimelineStore } from '../ports/timeline-store.js';

/**
 * A handler that returns only once every timeline head it appended is anchored: the anchoring runs alongside the
 * handler's work (off its critical path), and Lambda freezes a function the moment it answers.
 */
export function anchoredBeforeReturning<A extends unknown[], R>(
  timeline: TimelineStore,
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } finally {
      await timeline.flush();
    }
  };
}
