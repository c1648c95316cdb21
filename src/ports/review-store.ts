/** A rendered review and the chain head it was rendered from. */
export interface ReviewDocument {
  incidentId: string;
  markdown: string;
  /** The same review as one self-contained HTML page. */
  html: string;
  /** Head hash and count of the timeline, kept outside the timeline store so truncation shows. */
  timelineHead: { hash: string; count: number };
}

/** Where post-incident reviews are kept. */
export interface ReviewStore {
  /** Stores the review and returns where it can be read (a path or a URL). */
  put(review: ReviewDocument): Promise<string>;
  /** The timeline head recorded with the incident's latest review, if it has one. */
  head(incidentId: string): Promise<{ hash: string; count: number } | undefined>;
}
