/** A port's methods, each named once: the list cannot miss one the port has or name one it lacks. */
export type MethodNames<T> = {
  readonly [K in keyof T]: T[K] extends (...args: never[]) => Promise<unknown> ? true : never;
};

/**
 * A port whose adapter (and the AWS SDK client behind it) is loaded when one of its methods is first called: a
 * function that rarely needs a service does not load its client at every cold start. Every method of such a port is
 * asynchronous, so the load is awaited where the call already was. A failed load is tried again at the next call.
 */
export function loadedOnFirstCall<T extends object>(load: () => Promise<T>, methods: MethodNames<T>): T {
  let adapter: Promise<T> | undefined;
  const loaded = () => {
    adapter ??= load().catch((error: unknown) => {
      adapter = undefined;
      throw error;
    });
    return adapter;
  };
  const port: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of Object.keys(methods)) {
    port[name] = async (...args) => {
      const target = (await loaded()) as Record<string, (...args: unknown[]) => Promise<unknown>>;
      return (target[name] as (...args: unknown[]) => Promise<unknown>).apply(target, args);
    };
  }
  return port as T;
}
