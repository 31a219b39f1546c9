import { Worker } from 'node:worker_threads';
const w = new Worker(`const { workerData } = require('node:worker_threads'); import(workerData.url).then(() => console.log('loaded'), (e) => console.log('fail', e.code, e.message));`, { eval: true, workerData: { url: new URL('file:///work/main/src/lib/server/services/parse-worker.ts').href } });
w.on('exit', (c) => console.log('exit', c));
setTimeout(() => w.terminate(), 3000);
