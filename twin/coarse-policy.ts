/**
 * moto authorizes a request by its action only: it compares a statement's Resource with `*` and denies on any
 * Condition it cannot read. So moto is given each role policy's action-level copy: every Allow keeps its actions
 * on `*`, and a Deny stays only where it is unconditional on `*`. The exact documents stay with the twin.
 */

type Statement = Record<string, unknown>;

/**
 * Actions moto checks that AWS has no IAM action for: a DynamoDB transaction is authorized item by item under
 * the underlying actions (the twin checks those exactly), so moto is given the transaction's name as well.
 */
const MOTO_ALIASES: Record<string, string> = {
  'dynamodb:PutItem': 'dynamodb:TransactWriteItems',
  'dynamodb:UpdateItem': 'dynamodb:TransactWriteItems',
  'dynamodb:DeleteItem': 'dynamodb:TransactWriteItems',
  'dynamodb:ConditionCheckItem': 'dynamodb:TransactWriteItems',
  'dynamodb:GetItem': 'dynamodb:TransactGetItems',
};

function withAliases(actions: unknown): string[] {
  const list = [actions].flat().map(String);
  return [...new Set([...list, ...list.flatMap((a) => MOTO_ALIASES[a] ?? [])])];
}

/** The action-level copy of an identity policy that moto's checks can enforce. */
export function coarsePolicy(document: { Statement: Statement[] | Statement }): {
  Version: string;
  Statement: Statement[];
} {
  const statements = [document.Statement].flat();
  const kept = statements.flatMap((statement): Statement[] => {
    const actions =
      'NotAction' in statement
        ? { NotAction: statement.NotAction }
        : { Action: withAliases(statement.Action) };
    if (statement.Effect === 'Allow') return [{ Effect: 'Allow', ...actions, Resource: '*' }];
    const unconditional = !statement.Condition && !statement.NotResource;
    const everywhere = [statement.Resource ?? '*'].flat().every((r) => r === '*');
    return unconditional && everywhere ? [{ Effect: 'Deny', ...actions, Resource: '*' }] : [];
  });
  return { Version: '2012-10-17', Statement: kept };
}

/**
 * A bucket or queue policy as moto can enforce it: moto denies on any Condition it cannot read (an Allow
 * included), so conditional statements are left to the twin; the rest stay as written.
 */
export function unconditionalStatements(document: { Statement: Statement[] | Statement }): {
  kept: { Version: string; Statement: Statement[] };
  left: Statement[];
} {
  const statements = [document.Statement].flat();
  return {
    kept: { Version: '2012-10-17', Statement: statements.filter((s) => !s.Condition) },
    left: statements.filter((s) => s.Condition),
  };
}
