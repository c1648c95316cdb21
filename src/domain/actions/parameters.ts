import * as z from 'zod';

/** Whether an object gives exactly one of two parameters. */
const exactlyOne = (a: string, b: string) => ({
  check: (p: Record<string, unknown>) => (p[a] === undefined) !== (p[b] === undefined),
  message: `give exactly one of ${a} and ${b}`,
});

/** One key or a list of keys, never both and never neither. */
export const oneKeyOrKeys = exactlyOne('accessKeyId', 'accessKeyIds');

/** An AWS account id. */
export const accountId = z.string().regex(/^\d{12}$/, 'a 12-digit account id');

/** A long-term access key id. */
export const accessKeyId = z.string().regex(/^AKIA[A-Z0-9]{16}$/, 'a long-term access key id (AKIA...)');

/** A long-term or session access key id. */
export const anyAccessKeyId = z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{16}$/, 'an access key id');

/** An IAM user or role, by name. */
export const principal = z.object({ kind: z.enum(['user', 'role']), name: z.string().min(1) });

/** An IAM user's name. */
export const userName = z.string().min(1);

/** A region. */
export const region = z.string().min(1);

/** A secret's ARN or name. */
export const secretId = z.string().min(1);

/** An IAM role's name. */
export const roleName = z.string().min(1);

/** An ARN (a principal's, a secret's). */
export const arn = z.string().startsWith('arn:');

/** A time with its offset (ISO 8601). */
export const isoTime = z.iso.datetime({ offset: true });

/** Where to look in CloudTrail; by default every region enabled in the account (EC2 DescribeRegions). */
export const regions = z.array(z.string().min(1)).min(1).optional();

/** Errors every IAM-changing action can raise, by name. */
export const IAM_ERRORS = [
  'NotFoundError',
  'ThrottlingError',
  'AccessDeniedError',
  'ProtectedPrincipalError',
] as const;

/** Errors an IAM-changing action that may find its target not containable can raise. */
export const CONTAIN_ERRORS = [...IAM_ERRORS, 'NotContainableError'] as const;

/** Errors any call to AWS can raise, by name: throttled, or refused. */
export const CALL_ERRORS = ['ThrottlingError', 'AccessDeniedError'] as const;
