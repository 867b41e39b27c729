// A worker thread shared by several stores: each hears its own answers; when the thread fails or
// exits (or an answer cannot be received), every store linked to it is told, and later sends are
// refused at once.

import t from 'tap';
import { Worker } from 'node:worker_threads';
import { SharedThread } from '../../src/threads/shared-thread.js';

type Message = { store: number; type: string; text?: string; delayMs?: number };

function startThread() {
  const worker = new Worker(new URL('../fixtures/echo-worker.mjs', import.meta.url));
  const thread = new SharedThread<Message, Message>(worker, () => 1, (why, cause) => new Error(`echo thread ${why}`, cause ? { cause } : undefined));
  return { worker, thread };
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 20_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function listen() {
  const heard: string[] = [];
  const failures: Error[] = [];
  return { heard, failures, listener: { answer: (message: Message) => heard.push(message.text ?? ''), threadFailed: (error: Error) => failures.push(error) } };
}

t.test('each linked store hears only its own answers', async (t) => {
  const { worker, thread } = startThread();
  t.teardown(() => worker.terminate());
  const first = listen();
  const second = listen();
  const one = thread.link(first.listener);
  const two = thread.link(second.listener);
  t.not(one.store, two.store, 'each link has a number of its own');
  one.send({ store: one.store, type: 'echo', text: 'a' }, 1);
  two.send({ store: two.store, type: 'echo', text: 'b' }, 1);
  one.send({ store: one.store, type: 'echo', text: 'c' }, 1);
  await until(() => first.heard.length === 2 && second.heard.length === 1);
  t.same(first.heard, ['a', 'c']);
  t.same(second.heard, ['b']);
  two.unlink();
  two.send({ store: two.store, type: 'echo', text: 'd' }, 1);
  one.send({ store: one.store, type: 'echo', text: 'e' }, 1);
  await until(() => first.heard.length === 3);
  t.same(second.heard, ['b'], 'an unlinked store hears nothing more');
});

t.test('a thread that throws fails every linked store, and refuses later sends at once', async (t) => {
  const { worker, thread } = startThread();
  t.teardown(() => worker.terminate());
  const first = listen();
  const second = listen();
  const one = thread.link(first.listener);
  thread.link(second.listener);
  one.send({ store: one.store, type: 'crash' }, 1);
  await new Promise((resolve) => worker.once('exit', resolve));
  t.equal(first.failures.length, 1, 'the store that sent it is told');
  t.equal(second.failures.length, 1, 'and so is every other store on the thread');
  t.match(first.failures[0]?.message, /echo thread failed: the worker broke/);
  t.ok(thread.failed);
  const late = listen();
  const three = thread.link(late.listener);
  three.send({ store: three.store, type: 'echo', text: 'x' }, 1);
  t.equal(late.failures.length, 1, 'a send after the failure is refused at once');
});

t.test('a thread that exits fails its stores with the exit code', async (t) => {
  const { worker, thread } = startThread();
  const store = listen();
  const link = thread.link(store.listener);
  link.send({ store: link.store, type: 'exit' }, 1);
  await new Promise((resolve) => worker.once('exit', resolve));
  t.match(store.failures[0]?.message, /stopped \(exit code 3\)/);
});

t.test('an answer that cannot be received fails the thread, and the thread is stopped', async (t) => {
  const { worker, thread } = startThread();
  const store = listen();
  thread.link(store.listener);
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  // What Node reports when a message from the worker cannot be deserialized.
  worker.emit('messageerror', new Error('could not deserialize'));
  t.match(store.failures[0]?.message, /echo thread sent an answer that could not be received: could not deserialize/);
  t.ok(thread.failed);
  await exited;
  t.equal(store.failures.length, 1, 'told once, not again when the thread exits');
});
