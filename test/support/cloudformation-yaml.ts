import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** CloudFormation's short-form intrinsics (`!Ref`, `!If [...]`), read as their long form (`Fn::If`, `Ref`). */
const CFN_TAGS = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'Condition',
  'Select',
  'Split',
  'ImportValue',
  'FindInMap',
].flatMap((tag) => {
  const key = tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`;
  return [
    { tag: `!${tag}`, resolve: (value: unknown) => ({ [key]: value }) },
    // The same tag on a sequence (`!If [cond, a, b]`).
    {
      tag: `!${tag}`,
      collection: 'seq' as const,
      resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }),
    },
  ];
});

/** A CloudFormation or serverless.yml file, with the short-form intrinsics read as their long form. */
export function readCloudFormationYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8'), { customTags: CFN_TAGS }) as T;
}
