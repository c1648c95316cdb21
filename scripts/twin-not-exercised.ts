// Rewrites twin/not-exercised.json from the last twin run's .rekey/twin/permissions.json: the (role, action) pairs
// no scenario's call needed, in the order the permission-removal test lists them. Run after `npm run twin`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const checks = JSON.parse(readFileSync(join(root, '.rekey/twin/permissions.json'), 'utf8')) as Array<{
  role: string;
  action: string;
  outcome: string;
}>;
const notExercised = checks.filter((c) => c.outcome === 'not-exercised').map((c) => `${c.role} ${c.action}`);
const stillAllowed = checks.filter((c) => c.outcome === 'still-allowed');
writeFileSync(join(root, 'twin/not-exercised.json'), `${JSON.stringify(notExercised, null, 2)}\n`);
console.log(
  `${checks.length - notExercised.length - stillAllowed.length} of ${checks.length} refused, ${notExercised.length} not exercised, ${stillAllowed.length} still allowed without their permission`,
);
