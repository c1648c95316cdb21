/** Writes playbooks/playbook.schema.json, the playbook schema for editors (a test fails when it is stale). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { playbookJsonSchema } from '../src/playbook/schema.js';

writeFileSync(
  join(import.meta.dirname, '..', 'playbooks', 'playbook.schema.json'),
  `${JSON.stringify(playbookJsonSchema(), null, 2)}\n`,
);
