#!/usr/bin/env node
// Tiny dependency-free static file server for the Trunk bundle (dist/).
//
//   node e2e/static-server.mjs [--dir dist] [--host 127.0.0.1] [--port 8080] [--mount /nested/txscope/]
//
// - Serves <dir> at "/" and, if --mount is given, also under that sub-path, so
//   tests can prove the bundle only uses relative URLs.
// - Explicit MIME map (.wasm -> application/wasm, needed for streaming compilation).
// - Loopback only by default; GET/HEAD only; no directory listings; no path traversal.
// - No caching, so a rebuilt dist/ is always picked up.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    dir: { type: 'string', default: 'dist' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: process.env.PORT || '8080' },
    mount: { type: 'string', default: '' },
    quiet: { type: 'boolean', default: false },
    // Test pages (e.g. a page that embeds the app in an iframe), served at /__e2e__/.
    pages: { type: 'string', default: '' },
  },
});

const root = resolve(opts.dir);
const mount = opts.mount ? `/${opts.mount.replace(/^\/+|\/+$/g, '')}/` : '';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

const pages = opts.pages ? resolve(opts.pages) : '';

async function resolveFile(urlPath) {
  if (pages && urlPath.startsWith('/__e2e__/')) {
    const full = normalize(join(pages, urlPath.slice('/__e2e__/'.length)));
    if (!full.startsWith(pages + sep)) return null;
    try {
      await stat(full);
      return { file: full };
    } catch {
      return null;
    }
  }
  let rel = urlPath;
  if (mount && rel.startsWith(mount)) rel = `/${rel.slice(mount.length)}`;
  else if (mount && `${rel}/` === mount) return { redirect: mount };
  let decoded;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  if (full !== root && !full.startsWith(root + sep)) return null;
  let file = full;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    await stat(file);
    return { file };
  } catch {
    return null;
  }
}

const server = createServer(async (req, res) => {
  const send = (status, body, headers = {}) => {
    res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(405, 'method not allowed\n', { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' });
  }
  const path = new URL(req.url, 'http://localhost').pathname;
  const hit = await resolveFile(path);
  if (hit?.redirect) return send(301, '', { Location: hit.redirect });
  if (!hit) {
    if (!opts.quiet) console.log(`404 ${req.method} ${req.url}`);
    return send(404, 'not found\n', { 'Content-Type': 'text/plain; charset=utf-8' });
  }
  try {
    const body = await readFile(hit.file);
    const type = MIME[extname(hit.file).toLowerCase()] || 'application/octet-stream';
    send(200, body, {
      'Content-Type': type,
      'Content-Length': body.length,
      'X-Content-Type-Options': 'nosniff',
      // Like GitHub Pages: a player in <iframe sandbox="allow-scripts"> has an opaque origin,
      // so its module script and wasm fetches are cross-origin requests (docs/hosting.md).
      'Access-Control-Allow-Origin': '*',
    });
  } catch (err) {
    send(500, `error: ${err.message}\n`, { 'Content-Type': 'text/plain' });
  }
});

server.listen(Number(opts.port), opts.host, () => {
  const base = `http://${opts.host}:${opts.port}`;
  console.log(`serving ${root} at ${base}/${mount ? ` and ${base}${mount}` : ''}`);
});

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => server.close(() => process.exit(0)));
}
