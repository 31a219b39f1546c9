import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import v8 from 'node:v8';
import { parseForImport } from '../../src/lib/server/services/parse';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { readDataset } from './datasets';
const all = [];
for await (const d of readDataset('bench-data/dataset-1K.jsonl', 1000)) { try { all.push(await parseForImport(d.bytes, d.fileName, DEFAULT_SETTINGS)); } catch {} }
const { port1, port2 } = new MessageChannel();
const time = (name: string, f: (x: any) => void) => { for (let r = 0; r < 3; r++) { const t = performance.now(); for (const x of all) f(x); if (r === 2) console.log(name, ((performance.now() - t) / all.length * 1000).toFixed(1), 'µs/doc'); } };
time('structuredClone', (x) => structuredClone(x));
time('v8.serialize', (x) => v8.serialize(x));
time('v8 ser+deser', (x) => v8.deserialize(v8.serialize(x)));
time('postMessage+receive', (x) => { port1.postMessage(x); receiveMessageOnPort(port2); });
time('JSON.stringify', (x) => JSON.stringify(x));
let lossy = false;
time('JSON.stringify replacer', (x) => JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? ((lossy = true), v) : v)));
time('JSON roundtrip', (x) => JSON.parse(JSON.stringify(x)));
time('postMessage string+receive', (x) => { port1.postMessage(JSON.stringify(x)); JSON.parse(receiveMessageOnPort(port2)!.message); });
port1.close();
