import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ReviewDocument, ReviewStore } from '../../ports/review-store.js';
import { awsCall } from './errors.js';

/** Reviews in the versioned reviews bucket, with the timeline head kept beside them as object metadata. */
export class S3ReviewStore implements ReviewStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor({ client, bucket }: { client: S3Client; bucket: string }) {
    this.client = client;
    this.bucket = bucket;
  }

  async put(review: ReviewDocument): Promise<string> {
    const key = `reviews/${review.incidentId}.md`;
    await awsCall('s3:PutObject', () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: review.markdown,
          ContentType: 'text/markdown; charset=utf-8',
          Metadata: {
            'timeline-head-hash': review.timelineHead.hash,
            'timeline-count': String(review.timelineHead.count),
          },
        }),
      ),
    );
    return `s3://${this.bucket}/${key}`;
  }
}
