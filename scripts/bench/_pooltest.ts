import fs from 'node:fs';
import { createParsePool } from '/work/main/src/lib/server/services/parse-pool';
import { DEFAULT_SETTINGS } from '/work/main/src/lib/domain/form';
const pool = createParsePool({ workers: 1 });
const bytes = fs.readFileSync('/work/main/test/fixtures/wangcheng-2020.txt');
const t = setTimeout(() => console.log('timeout'), 10000);
try {
  const r = await pool.parse(bytes, 'x.txt', DEFAULT_SETTINGS);
  console.log('ok', r.length, r[0].form.unit, r[0].readerNotes.length);
} catch (e) { console.log('err', e); }
clearTimeout(t);
await pool.close();
