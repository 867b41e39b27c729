import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

// The built web interface (dist/web, made by web/build.mjs on install and before start), served
// at `/`. File names under assets/ carry a content hash, so they are cached for good; the page
// itself is always revalidated, so a new build is seen at once.

export const WEB_BUILD_DIR = fileURLToPath(new URL('../../../dist/web', import.meta.url));

const NOT_BUILT_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>网页界面尚未构建</title>
<body><h1>网页界面尚未构建 / The web interface is not built</h1>
<p>请运行 <code>npm run build:web</code>（<code>npm install</code> 与 <code>npm start</code> 会自动构建），然后重启登记系统。</p>
<p>Run <code>npm run build:web</code> (<code>npm install</code> and <code>npm start</code> do it for you), then restart the register.</p>
</body></html>`;

export async function staticFiles(app: FastifyInstance, options: { root?: string } = {}): Promise<void> {
  const root = options.root ?? WEB_BUILD_DIR;
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn({ root }, 'the web interface is not built: run npm run build:web');
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.code(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT_PAGE));
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file, read once at start: no catch-all route shadowing the API's 404s.
    wildcard: false,
    decorateReply: false,
    dotfiles: 'ignore',
    globIgnore: ['**/build-stamp.json'],
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.includes(`${sep}assets${sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache');
    },
  });
}
