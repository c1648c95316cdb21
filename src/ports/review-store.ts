/** A rendered review and the chain head it was rendered from. */
export interface ReviewDocument {
  incidentId: string;
  markdown: string;
  /** Head hash and count of the timeline, kept outside the timeline store so truncation shows. */
  timelineHead: { hash: string; count: number };
}

/** Where post-incident reviews are kept. */
export interface ReviewStore {
  /** Stores the review and returns where it can be read (a path or a URL). */
  put(review: ReviewDocument): Promise<string>;
}
