/**
 * When each secret version was created, as the twin saw it: moto answers ListSecretVersionIds' `CreatedDate` with
 * the time of the listing, so every version would look new (a rotation stopped an hour ago too). The versions'
 * creations all pass through the gateway (CreateSecret, PutSecretValue, UpdateSecret, RotateSecret answer the
 * version made), each at its caller's clock; the listing is answered with those dates.
 */
const CREATING = new Set(['CreateSecret', 'PutSecretValue', 'UpdateSecret', 'RotateSecret']);

/** Secret version ids -> their creation, in epoch seconds. */
export class SecretVersionDates {
  private readonly created = new Map<string, number>();

  /** Notes the version a creating call's answer names, created at `at` (ms). */
  observe(action: string, answer: string, at: number): void {
    if (!CREATING.has(action)) return;
    const versionId = (JSON.parse(answer) as { VersionId?: string }).VersionId;
    if (versionId && !this.created.has(versionId)) this.created.set(versionId, at / 1000);
  }

  /** A ListSecretVersionIds answer with each version's creation date as the twin saw it. */
  listing(answer: Buffer): Buffer {
    const listed = JSON.parse(answer.toString()) as {
      Versions?: Array<{ VersionId?: string; CreatedDate?: number }>;
    };
    for (const version of listed.Versions ?? []) {
      const created = this.created.get(String(version.VersionId));
      if (created !== undefined) version.CreatedDate = created;
    }
    return Buffer.from(JSON.stringify(listed));
  }
}
