// Jest (on Node 20) cannot require() ES modules, and Nest 12, TypeORM 1 and jose ship only ESM.
// This transformer compiles our TypeScript and those ESM-only dependencies to CommonJS with swc;
// CommonJS files in node_modules pass through untouched.
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { createHash } = require('node:crypto');
const swc = require('@swc/core');

const packageTypeCache = new Map();

function isEsmFile(filename) {
  if (filename.endsWith('.mjs')) return true;
  if (filename.endsWith('.cjs')) return false;
  let dir = dirname(filename);
  while (dir !== dirname(dir)) {
    if (packageTypeCache.has(dir)) return packageTypeCache.get(dir);
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      let type;
      try {
        type = JSON.parse(readFileSync(manifest, 'utf8')).type;
      } catch {
        type = undefined;
      }
      // Nested package.json files without a name only carry "type"; they still decide.
      const esm = type === 'module';
      packageTypeCache.set(dir, esm);
      return esm;
    }
    dir = dirname(dir);
  }
  return false;
}

const swcOptions = (filename, typescript) => ({
  filename,
  sourceMaps: 'inline',
  jsc: {
    parser: typescript
      ? { syntax: 'typescript', decorators: true, dynamicImport: true }
      : { syntax: 'ecmascript', importMeta: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  // Dynamic import() becomes require() too: jest's VM cannot run a native import() on Node 20.
  module: { type: 'commonjs', ignoreDynamic: false, importInterop: 'swc' },
});

// Once compiled to CommonJS, a module has its own require and __filename: ESM stand-ins for
// them would clash with (or shadow) the real ones.
function toCommonJsGlobals(source) {
  return source
    .replace(/^\s*const require = createRequire\([^)]*\);?$/gm, '')
    .replace(/\bimport\.meta\.url\b/g, 'require("url").pathToFileURL(__filename).href')
    .replace(/\bimport\.meta\.dirname\b/g, '__dirname')
    .replace(/\bimport\.meta\.filename\b/g, '__filename');
}

// Global setup runs in plain Node, which loads ESM dependencies itself (require(esm)) and would
// choke on CommonJS output in a "type": "module" package; it raises this flag while it loads.
const nativeEsm = () => globalThis.__WARDEN_NATIVE_ESM__ === true;

module.exports = {
  process(source, filename) {
    const typescript = /\.tsx?$/.test(filename);
    if (!typescript && (nativeEsm() || !isEsmFile(filename))) return { code: source };
    const patched = typescript ? source : toCommonJsGlobals(source);
    const { code, map } = swc.transformSync(patched, swcOptions(filename, typescript));
    return { code, map };
  },
  getCacheKey(source, filename) {
    return createHash('sha256')
      .update(nativeEsm() ? 'native' : 'vm')
      .update('v4')
      .update(filename)
      .update('\0')
      .update(source)
      .digest('hex');
  },
};
