// The product's name, version and home, read once from its manifest wherever the code runs
// from (sources, compiled tests, bundles, the packaged extension).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ProductInfo {
  name: string;
  version: string;
  homepage: string;
  /** The folder holding the manifest: the repository or the installed extension. */
  root: string;
}

let cached: ProductInfo | undefined;

export function productInfo(): ProductInfo {
  if (cached) return cached;

  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const json = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (json.name === 'ml-practice') {
        const homepage = String(json.homepage ?? json.repository?.url ?? '').replace(/\.git$/, '');
        cached = { name: json.name, version: json.version, homepage, root: dir };
        return cached;
      }
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`the ml-practice package.json was not found above ${__dirname}`);
    }
  }
}
