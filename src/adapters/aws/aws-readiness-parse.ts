import { type PolicyDocument, PolicyDocumentSchema } from '../../domain/policy-document.js';

/** Parses an IAM policy document as GetAccountAuthorizationDetails returns it (URL-encoded JSON). */
export function documentOf(encoded: string | undefined): PolicyDocument | undefined {
  if (!encoded) return undefined;
  const text = encoded.trim().startsWith('{') ? encoded : decodeURIComponent(encoded);
  const parsed = PolicyDocumentSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

/** An AWS tag list as a record (a tag without a key is dropped, one without a value is empty). */
export const tagsOf = (tags: Array<{ Key?: string; Value?: string }> | undefined) =>
  Object.fromEntries((tags ?? []).flatMap((t) => (t.Key ? [[t.Key, t.Value ?? '']] : [])));
