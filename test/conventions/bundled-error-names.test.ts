import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { readCloudFormationYaml } from '../support/cloudformation-yaml.js';
import { ROOT } from '../support/drills.js';

const serverless = readCloudFormationYaml<{
  custom: {
    esbuild: {
      minify?: boolean;
      minifyWhitespace?: boolean;
      minifySyntax?: boolean;
      minifyIdentifiers?: boolean;
      keepNames?: boolean;
      target?: string;
      platform?: 'node';
    };
  };
}>(join(ROOT, 'serverless.yml'));

describe('the Lambda bundles, as serverless.yml builds them', () => {
  it('keep the error names Step Functions retries and catches by', async () => {
    const { minify, minifyWhitespace, minifySyntax, minifyIdentifiers, keepNames, target, platform } =
      serverless.custom.esbuild;
    const out = await build({
      stdin: {
        contents: `import * as errors from './src/domain/errors.ts';
          export const names = Object.entries(errors)
            .filter(([, value]) => typeof value === 'function')
            .map(([exported, Type]) => [exported, new Type('x').name]);`,
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'esm',
      ...(minify !== undefined ? { minify } : {}),
      ...(minifyWhitespace !== undefined ? { minifyWhitespace } : {}),
      ...(minifySyntax !== undefined ? { minifySyntax } : {}),
      ...(minifyIdentifiers !== undefined ? { minifyIdentifiers } : {}),
      ...(keepNames !== undefined ? { keepNames } : {}),
      ...(target ? { target } : {}),
      ...(platform ? { platform } : {}),
    });
    const code = out.outputFiles[0]?.text ?? '';
    const { names } = (await import(
      `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
    )) as {
      names: Array<[string, string]>;
    };
    expect(names.length).toBeGreaterThan(10);
    for (const [exported, name] of names) expect(name).toBe(exported);
  });
});
