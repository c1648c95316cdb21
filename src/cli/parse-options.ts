import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InvalidInputError } from '../domain/errors.js';

/** `parseArgs`, except that an unknown option is refused naming the options the command takes. */
export function parseOptions<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw error;
    const given = (error as Error).message.match(/'([^']+)'/)?.[1] ?? 'an option';
    const valid = Object.keys(config.options ?? {})
      .map((name) => `--${name}`)
      .join(', ');
    throw new InvalidInputError(
      `unknown option ${given}; this command takes ${valid || 'no options'} (and --help)`,
    );
  }
}
