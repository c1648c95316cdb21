/**
 * esbuild plugins for serverless-esbuild (serverless.yml, custom.esbuild.plugins).
 *
 * Every function is built on its own into the same folder, and each function's zip takes that folder's files except
 * the other functions' bundles and the files named after them (`triage.mjs`, `triage.mjs.map`, `triage.…`). With code
 * splitting, a function's chunks are written under `<function>.chunks/`, so each zip carries its own chunks only.
 */
const { basename, extname } = require('node:path');

/** Names a build's chunks after its one entry point. */
const chunksBesideTheirFunction = {
  name: 'chunks-beside-their-function',
  setup(build) {
    const [entry] = build.initialOptions.entryPoints;
    const name = basename(entry, extname(entry));
    build.initialOptions.chunkNames = `${name}.chunks/[name]-[hash]`;
  },
};

module.exports = [chunksBesideTheirFunction];
