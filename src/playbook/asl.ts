/** One state of a compiled state machine, as JSONPath ASL writes it. */
export type State = Record<string, unknown>;

/** The ARN of a function the deployment defines, by its CloudFormation logical id. */
export const fn = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

/** Lambda's own failures to take an invocation, which AWS advises every Lambda task to retry. */
export const LAMBDA_RETRY = {
  ErrorEquals: [
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.TooManyRequestsException',
  ],
  IntervalSeconds: 1,
  BackoffRate: 2,
  MaxAttempts: 3,
};

/** An asynchronous notification of `kind` (with `details` from the given path), then on to `next`. */
export function notify(kind: string, next: string, details?: string, extra: State = {}): State {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: fn('NotifyLambdaFunction'),
      InvocationType: 'Event',
      Payload: {
        'incident.$': '$.incident',
        kind,
        ...(details ? { 'details.$': details } : {}),
        // Made once per invocation: the same in Lambda's retries and repeated deliveries of it, new each time.
        'noticeId.$': 'States.UUID()',
        ...extra,
      },
    },
    ResultPath: null,
    // Lambda refusing the invocation for a moment must not drop the notice (each retry may make a new id, so a notice
    // may then be posted more than once; never lost).
    Retry: [LAMBDA_RETRY],
    // A notification can never fail the playbook.
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: next }],
    Next: next,
  };
}
