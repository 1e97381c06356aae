import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PackageInfo {
  name: string;
  version: string;
  description: string;
}

/** Warden's own package.json, found by walking up from this file (src/ or dist/src/). */
export function packageInfo(): PackageInfo {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as Partial<PackageInfo>;
      if (parsed.name === 'warden') {
        return {
          name: parsed.name,
          version: parsed.version ?? '0.0.0',
          description: parsed.description ?? '',
        };
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return { name: 'warden', version: '0.0.0', description: '' };
    dir = parent;
  }
}
