import { HeadObjectCommand, NotFound, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ReviewDocument, ReviewStore } from '../../ports/review-store.js';
import { awsCall } from './errors.js';

/** Reviews in the versioned reviews bucket (Markdown and HTML), the timeline head kept beside them as metadata. */
export class S3ReviewStore implements ReviewStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor({ client, bucket }: { client: S3Client; bucket: string }) {
    this.client = client;
    this.bucket = bucket;
  }

  async put(review: ReviewDocument): Promise<string> {
    const metadata = {
      'timeline-head-hash': review.timelineHead.hash,
      'timeline-count': String(review.timelineHead.count),
    };
    const key = `reviews/${review.incidentId}.md`;
    for (const [objectKey, body, type] of [
      [key, review.markdown, 'text/markdown; charset=utf-8'],
      [`reviews/${review.incidentId}.html`, review.html, 'text/html; charset=utf-8'],
    ] as const)
      await awsCall('s3:PutObject', () =>
        this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: objectKey,
            Body: body,
            ContentType: type,
            Metadata: metadata,
          }),
        ),
      );
    return `s3://${this.bucket}/${key}`;
  }

  async head(incidentId: string): Promise<{ hash: string; count: number } | undefined> {
    try {
      const out = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: `reviews/${incidentId}.md` }),
      );
      const hash = out.Metadata?.['timeline-head-hash'];
      const count = Number(out.Metadata?.['timeline-count']);
      return hash && Number.isInteger(count) ? { hash, count } : undefined;
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return undefined;
      throw error;
    }
  }
}
