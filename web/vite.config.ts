import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web interface is built into dist/web (git-ignored) and served by the register itself.
const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // `npm run dev:web`: pages with live reload, the API of a register running on REGISTER_URL.
  server: {
    port: 5173,
    proxy: Object.fromEntries(['/api', '/web', '/healthz', '/readyz'].map((path) => [path, process.env.REGISTER_URL ?? 'http://127.0.0.1:3000'])),
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // One small bundle: no inline scripts, so the register's Content-Security-Policy can stay strict.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
