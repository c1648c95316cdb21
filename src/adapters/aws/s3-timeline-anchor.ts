import { PutObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import type { TimelineHead } from '../../domain/timeline.js';
import type { TimelineAnchor } from '../../ports/timeline-anchor.js';
import { awsCall } from './errors.js';

/**
 * Heads anchored as empty objects named `anchors/<incident>/<count>-<hash>` in a bucket with Object Lock: a writer
 * may add a head but delete none, so the highest head ever anchored survives whoever rewrites the table, and one
 * listing reads them all.
 */
export class S3TimelineAnchor implements TimelineAnchor {
  constructor(private readonly options: { client: S3Client; bucket: string }) {}

  async record(incidentId: string, head: TimelineHead): Promise<void> {
    await awsCall('s3:PutObject', () =>
      this.options.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: `anchors/${incidentId}/${String(head.count).padStart(8, '0')}-${head.hash}`,
          Body: '',
          // Object Lock requires an integrity checksum on every write.
          ChecksumAlgorithm: 'SHA256',
        }),
      ),
    );
  }

  async heads(incidentId: string): Promise<TimelineHead[]> {
    const heads: TimelineHead[] = [];
    const prefix = `anchors/${incidentId}/`;
    await awsCall('s3:ListBucket', async () => {
      for await (const page of paginateListObjectsV2(
        { client: this.options.client },
        { Bucket: this.options.bucket, Prefix: prefix },
      ))
        for (const object of page.Contents ?? []) {
          const [count, hash] = (object.Key ?? '').slice(prefix.length).split('-');
          heads.push({ count: Number(count), hash: hash ?? '' });
        }
    });
    return heads;
  }
}
