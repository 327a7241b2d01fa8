// A file's size as `gzip -9` reports it (the tool scripts/test-web.sh uses); zlib's if gzip is
// missing. On its own, without Playwright, for e2e/bench/wasm-size.mjs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export function gzip9(file) {
  const r = spawnSync('gzip', ['-9', '-c', file], { maxBuffer: 64 << 20 });
  return r.status === 0 ? r.stdout.length : gzipSync(readFileSync(file), { level: 9 }).length;
}
