/**
 * The import rules of docs/architecture.md, checked in CI:
 * domain imports nothing of the project; playbook, eventbus and detections import only domain;
 * ports import domain; actions and app import domain and ports (app may also use actions, detections,
 * playbook); adapters import ports and domain; only handlers, runtime, drills and cli wire adapters;
 * the local runtime never imports the drill machinery built on it.
 */
const layer = (name) => `^src/${name}/`;
const allowedFor = {
  domain: ['domain'],
  playbook: ['domain', 'playbook'],
  eventbus: ['domain', 'eventbus'],
  detections: ['domain', 'detections'],
  ports: ['domain', 'ports'],
  actions: ['domain', 'ports', 'actions'],
  app: ['domain', 'ports', 'app', 'actions', 'detections', 'playbook'],
  adapters: ['domain', 'ports', 'adapters'],
  handlers: [
    'domain',
    'ports',
    'app',
    'actions',
    'detections',
    'playbook',
    'eventbus',
    'adapters',
    'handlers',
  ],
  runtime: [
    'domain',
    'ports',
    'app',
    'actions',
    'detections',
    'playbook',
    'eventbus',
    'adapters',
    'handlers',
    'runtime',
  ],
  drills: [
    'domain',
    'ports',
    'app',
    'actions',
    'detections',
    'playbook',
    'eventbus',
    'adapters',
    'handlers',
    'runtime',
    'drills',
  ],
  cli: [
    'domain',
    'ports',
    'app',
    'actions',
    'detections',
    'playbook',
    'eventbus',
    'adapters',
    'handlers',
    'runtime',
    'drills',
    'cli',
  ],
};
const all = Object.keys(allowedFor);

module.exports = {
  forbidden: [
    ...all.map((from) => ({
      name: `${from}-imports`,
      comment: `${from} may import only: ${allowedFor[from].join(', ')}`,
      severity: 'error',
      from: { path: layer(from) },
      to: { path: `^src/(${all.filter((to) => !allowedFor[from].includes(to)).join('|')})/` },
    })),
    {
      name: 'adapters-do-not-import-each-other',
      comment: 'an adapter family (aws, slack, sandbox, local) does not import another',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: ['^src/adapters/$1/'] },
    },
    {
      name: 'domain-is-pure',
      comment: 'domain does no I/O: no fs, net, http, child_process, and no AWS or Slack SDK',
      severity: 'error',
      from: { path: layer('domain') },
      to: {
        path: '^(node:)?(fs|fs/promises|net|http|https|child_process|dns)$|@aws-sdk|@slack',
        dependencyTypes: ['core', 'npm', 'unknown'],
      },
    },
    {
      name: 'sdk-only-in-adapters',
      comment: 'only adapters (and Lambda entry points that build clients) import the AWS and Slack SDKs',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/adapters/(aws|slack)/', '^src/handlers/lambda/'] },
      to: { path: '@aws-sdk|@slack/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
