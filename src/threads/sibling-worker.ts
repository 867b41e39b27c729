import { Worker, type WorkerOptions } from 'node:worker_threads';

// Worker threads run a module next to the code that starts them. Run from TypeScript sources
// (tsx), a worker does not inherit tsx's loader: it registers it first, then imports the module.

/** Starts a worker thread on the module `name` (without extension) in the folder of `callerUrl`. */
export function startSiblingWorker(callerUrl: string, name: string, options: WorkerOptions): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  const entry = new URL(`./${name}.ts`, callerUrl).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
