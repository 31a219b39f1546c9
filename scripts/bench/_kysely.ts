import { openDatabase } from '../../src/lib/server/db';
import { findBySha } from '../../src/lib/server/repositories/documents';
import SqliteDatabase from 'better-sqlite3';
const db = await openDatabase('/tmp/bx/raw.sqlite');
const raw = new SqliteDatabase('/tmp/bx/raw.sqlite');
const shas = (raw.prepare('select sha256 from documents limit 2000').all() as { sha256: string }[]).map((r) => r.sha256);
const cpu = () => performance.now();
for (let r = 0; r < 3; r++) {
	let t = cpu(); for (const s of shas) await findBySha(db, s); const k = (cpu() - t) / shas.length * 1000;
	const st = raw.prepare("select id, sha256, file_name as fileName, format, size, origin, created_at as createdAt from documents where sha256 = ?");
	t = cpu(); for (const s of shas) st.get(s); const w = (cpu() - t) / shas.length * 1000;
	console.log(`findBySha kysely ${k.toFixed(1)} µs, raw ${w.toFixed(1)} µs`);
}
const rows = raw.prepare('select * from indicators limit 20').all() as Record<string, unknown>[];
for (let r = 0; r < 3; r++) {
	const t = cpu();
	for (let i = 0; i < 500; i++) db.insertInto('indicators').values(rows as never).compile();
	console.log(`compile 20-row indicator insert ${((cpu() - t) / 500 * 1000).toFixed(1)} µs`);
}
await db.destroy();
