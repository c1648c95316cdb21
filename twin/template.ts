/**
 * The packaged CloudFormation template read as CloudFormation reads it: conditions evaluated, intrinsics resolved
 * against the physical ids of resources already created, and the resources in an order where each comes after
 * everything it references (CloudFormation's own dependency order).
 */

/** One resource of the template. */
export interface TemplateResource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  Properties?: Record<string, unknown>;
}

/** The parts of the packaged template the twin reads. */
export interface Template {
  Resources: Record<string, TemplateResource>;
  Conditions?: Record<string, unknown>;
}

/** What CloudFormation returns for a created resource: its Ref and its GetAtt attributes. */
export interface Physical {
  ref: string;
  attributes: Record<string, string>;
}

/** The stack's pseudo parameters. */
export interface Pseudo {
  accountId: string;
  region: string;
  stackName: string;
}

type Json = Record<string, unknown>;

/** Resolves the template's values as CloudFormation does, once the resources they name exist. */
export class StackResolver {
  readonly physical = new Map<string, Physical>();
  private readonly pseudo: Record<string, string>;

  constructor(
    readonly template: Template,
    pseudo: Pseudo,
    /** The stack's parameter values (a template's Parameters, by name). */
    parameters: Record<string, string> = {},
  ) {
    this.pseudo = {
      ...parameters,
      'AWS::AccountId': pseudo.accountId,
      'AWS::Region': pseudo.region,
      'AWS::Partition': 'aws',
      'AWS::StackName': pseudo.stackName,
      'AWS::URLSuffix': 'amazonaws.com',
    };
  }

  /** Whether a named condition of the template holds. */
  condition(name: string): boolean {
    const expression = this.template.Conditions?.[name];
    if (expression === undefined) throw new Error(`the template has no condition ${name}`);
    return this.truth(expression);
  }

  private truth(expression: unknown): boolean {
    const e = expression as Json;
    if ('Condition' in e) return this.condition(String(e.Condition));
    if ('Fn::Not' in e) return !this.truth((e['Fn::Not'] as unknown[])[0]);
    if ('Fn::And' in e) return (e['Fn::And'] as unknown[]).every((x) => this.truth(x));
    if ('Fn::Or' in e) return (e['Fn::Or'] as unknown[]).some((x) => this.truth(x));
    if ('Fn::Equals' in e) {
      const [a, b] = (e['Fn::Equals'] as unknown[]).map((x) => JSON.stringify(this.resolve(x)));
      return a === b;
    }
    throw new Error(`unsupported condition ${JSON.stringify(expression)}`);
  }

  /** Whether a resource is part of the stack (its condition holds, or it has none). */
  included(name: string): boolean {
    const resource = this.template.Resources[name];
    return Boolean(resource) && (!resource?.Condition || this.condition(resource.Condition));
  }

  private created(name: string): Physical {
    const physical = this.physical.get(name);
    if (!physical) throw new Error(`${name} is referenced before it is created`);
    return physical;
  }

  private attribute(name: string, attribute: string): string {
    const value = this.created(name).attributes[attribute];
    if (value === undefined) throw new Error(`${name} has no attribute ${attribute} in the twin`);
    return value;
  }

  private substitute(text: string, variables: Json): string {
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
      if (name in variables) return String(variables[name]);
      if (name in this.pseudo) return this.pseudo[name] as string;
      const dot = name.indexOf('.');
      return dot < 0 ? this.created(name).ref : this.attribute(name.slice(0, dot), name.slice(dot + 1));
    });
  }

  /** A template value with every intrinsic function resolved; AWS::NoValue drops the key or item. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)).filter((v) => v !== undefined);
    if (!value || typeof value !== 'object') return value;
    const object = value as Json;
    const [key] = Object.keys(object);
    const argument = key === undefined ? undefined : object[key];
    if (Object.keys(object).length === 1 && key !== undefined) {
      if (key === 'Ref') {
        const ref = String(argument);
        if (ref === 'AWS::NoValue') return undefined;
        return this.pseudo[ref] ?? this.created(ref).ref;
      }
      if (key === 'Fn::GetAtt') {
        const [name, attr] = (typeof argument === 'string' ? argument.split('.') : argument) as string[];
        return this.attribute(String(name), String(attr));
      }
      if (key === 'Fn::Sub') {
        const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
        return this.substitute(String(text), (this.resolve(variables) ?? {}) as Json);
      }
      if (key === 'Fn::If') {
        const [name, whenTrue, whenFalse] = argument as [string, unknown, unknown];
        return this.resolve(this.condition(name) ? whenTrue : whenFalse);
      }
      if (key === 'Fn::Join') {
        const [separator, parts] = argument as [string, unknown[]];
        return (this.resolve(parts) as unknown[]).join(separator);
      }
      if (key === 'Fn::Split') {
        const [separator, text] = argument as [string, unknown];
        return String(this.resolve(text)).split(separator);
      }
      if (key === 'Fn::Select') {
        const [index, list] = argument as [unknown, unknown];
        return (this.resolve(list) as unknown[])[Number(this.resolve(index))];
      }
    }
    return Object.fromEntries(
      Object.entries(object)
        .map(([k, v]) => [k, this.resolve(v)] as const)
        .filter(([, v]) => v !== undefined),
    );
  }

  /** The stack's resources (conditions applied), each after every resource it references. */
  order(): string[] {
    const names = Object.keys(this.template.Resources).filter((n) => this.included(n));
    const done = new Set<string>();
    const ordered: string[] = [];
    const visit = (name: string, path: string[]) => {
      if (done.has(name)) return;
      if (path.includes(name)) throw new Error(`circular dependency: ${[...path, name].join(' -> ')}`);
      for (const dependency of this.references(name)) visit(dependency, [...path, name]);
      done.add(name);
      ordered.push(name);
    };
    for (const name of names) visit(name, []);
    return ordered;
  }

  /** The resources a resource references (Ref, GetAtt, Sub, DependsOn), within the stack. */
  references(name: string): string[] {
    const resource = this.template.Resources[name] as TemplateResource;
    const found = new Set<string>([resource.DependsOn ?? []].flat());
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) {
        for (const item of value) walk(item);
        return;
      }
      if (!value || typeof value !== 'object') return;
      for (const [key, argument] of Object.entries(value as Json)) {
        if (key === 'Ref') found.add(String(argument));
        else if (key === 'Fn::GetAtt')
          found.add(
            String(typeof argument === 'string' ? argument.split('.')[0] : (argument as string[])[0]),
          );
        else if (key === 'Fn::Sub') {
          const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
          for (const match of String(text).matchAll(/\$\{([^}!.]+)[^}]*\}/g)) found.add(String(match[1]));
          walk(variables);
        } else if (key === 'Fn::If') {
          const [condition, whenTrue, whenFalse] = argument as [string, unknown, unknown];
          walk(this.condition(condition) ? whenTrue : whenFalse);
        } else walk(argument);
      }
    };
    walk(resource.Properties);
    return [...found].filter((n) => n !== name && this.included(n));
  }
}
