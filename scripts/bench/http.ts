/**
 * HTTP: the built server (adapter-node) on 127.0.0.1 over a benchmark database, loaded with autocannon.
 *
 * The app is built in a copy of the project (bench-data/app, node_modules linked), so that the build does
 * not touch the working tree's build/ and .svelte-kit/ that the browser tests use. Pages need a login: a
 * `bench` analyst account and a session are added to the database, and every request carries the cookie.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import SqliteDatabase from 'better-sqlite3';
import { addUser, SYSTEM_ACTOR } from '../../src/lib/server/auth/accounts';
import { createSession, SESSION_COOKIE } from '../../src/lib/server/auth/session';
import { openDatabase } from '../../src/lib/server/db';
import { findUserByName } from '../../src/lib/server/repositories/users';
import { benchUnit, log, ROOT } from './lib';
import type { HttpPageResult } from './results';

const SKIP = new Set(['node_modules', 'build', 'bench-data', 'test-results', '.git', '.svelte-kit', 'test']);

/** Copy the project (without the heavy or generated folders) and build it there; returns the server entry. */
export function buildApp(dataDir: string, rebuild: boolean): string {
	const app = path.join(dataDir, 'app');
	const entry = path.join(app, 'build', 'index.js');
	if (!rebuild && fs.existsSync(entry)) {
		log(`http: reusing the build in ${path.relative(ROOT, app)} (--fresh rebuilds it)`);
		return entry;
	}
	log(`http: building the app in ${path.relative(ROOT, app)}`);
	fs.rmSync(app, { recursive: true, force: true });
	fs.mkdirSync(app, { recursive: true });
	for (const name of fs.readdirSync(ROOT)) {
		if (SKIP.has(name)) continue;
		fs.cpSync(path.join(ROOT, name), path.join(app, name), { recursive: true });
	}
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir');
	execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: app, stdio: 'inherit' });
	return entry;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
		srv.on('error', reject);
	});
}

/** A `bench` analyst and a fresh session: the cookie every request sends. */
async function benchCookie(file: string): Promise<string> {
	const db = await openDatabase(file);
	try {
		let user = await findUserByName(db, 'bench');
		if (!user) user = (await addUser(db, { username: 'bench', role: 'analyst' }, SYSTEM_ACTOR)).user;
		const { token } = await createSession(db, user.id);
		return `${SESSION_COOKIE}=${token}`;
	} finally {
		await db.destroy();
	}
}

/** A process's memory from /proc (MB): peak resident set (VmHWM), and the resident set now, split into the
 * process's own memory (RssAnon: heaps) and file pages mapped into it (RssFile: the program, and the database
 * pages SQLite reads through its memory map). */
function memory(pid: number): { peak: number; anon: number; file: number } {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const mb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(status)?.[1] ?? NaN) / 1024;
	return { peak: mb('VmHWM'), anon: mb('RssAnon'), file: mb('RssFile') };
}

async function waitUp(base: string, cookie: string, child: ChildProcess): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`服务器已退出（退出码 ${child.exitCode}）`);
		try {
			const res = await fetch(`${base}/`, { headers: { cookie }, redirect: 'manual' });
			if (res.status === 200) return;
			if (res.status >= 300 && res.status < 400) throw new Error(`登录未生效：/ 重定向到 ${res.headers.get('location')}`);
		} catch (err) {
			if (err instanceof Error && err.message.startsWith('登录')) throw err;
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error('服务器 60 秒内没有就绪');
}

/** CPU time (user + system) a process has used so far, ms: what a page costs the server, whatever else runs. */
function cpuMs(pid: number): number {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	// utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux)
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** `paths` cycles through several addresses (one per request), so that no per-page result can be reused. */
function cannon(
	base: string,
	paths: string[],
	headers: Record<string, string>,
	connections: number,
	duration: number
): Promise<autocannon.Result> {
	let next = 0;
	const requests = paths.length > 1 ? [{ setupRequest: (req: { path?: string }) => ({ ...req, path: paths[next++ % paths.length] }) }] : undefined;
	return new Promise((resolve, reject) => {
		autocannon({ url: base + paths[0], connections, duration, headers, requests }, (err, result) =>
			err ? reject(err) : resolve(result)
		);
	});
}

/** Units with forms in the latest year, spread over the id range: the rotating unit-page run visits these. */
function rotatingUnits(sqlite: SqliteDatabase.Database, count: number): number[] {
	const ids = sqlite
		.prepare(
			`select distinct canonical_unit_id from forms where is_current = 1 and shadowed_by is null and kind = 'department'
			 and year = (select max(year) from forms where is_current = 1 and kind = 'department') order by canonical_unit_id`
		)
		.pluck()
		.all() as number[];
	const step = Math.max(1, Math.floor(ids.length / count));
	return ids.filter((_, i) => i % step === 0).slice(0, count);
}

export async function benchHttp(
	file: string,
	opts: { dataDir: string; connections: number; duration: number; rebuild: boolean }
): Promise<{ pages: HttpPageResult[]; peakRssMb: number }> {
	const entry = buildApp(opts.dataDir, opts.rebuild);
	const cookie = await benchCookie(file);
	const sqlite = new SqliteDatabase(file, { readonly: true });
	const unitId = benchUnit(sqlite);
	const unitIds = rotatingUnits(sqlite, 2000);
	sqlite.close();
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [entry], {
		env: { ...process.env, DATABASE_URL: file, HOST: '127.0.0.1', PORT: String(port), ORIGIN: base, NODE_ENV: 'production' },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr?.on('data', (d: Buffer) => {
		stderr = (stderr + d.toString()).slice(-4000);
	});
	const pages: HttpPageResult[] = [];
	try {
		await waitUp(base, cookie, child);
		const plain = { cookie };
		const runs: [string, string, string[], Record<string, string>][] = [
			['overview', '/', ['/'], plain],
			['compare', '/compare', ['/compare'], plain],
			['unit', `/units/${unitId}`, [`/units/${unitId}`], plain],
			// the same page over and over may be answered from what the first request computed; an analyst
			// clicking through units is not: a different unit on every request
			['unit, a different one per request', `/units/{${unitIds.length} units}`, unitIds.map((id) => `/units/${id}`), plain],
			// not a page: what the compare page's charts fetch once the table is shown, gzipped as for a browser
			// (a browser that has the points already gets a 304 instead)
			['compare chart points (gzip)', '/compare/points', ['/compare/points'], { cookie, 'accept-encoding': 'gzip' }]
		];
		for (const [page, label, paths, headers] of runs) {
			// a few requests first: the first one computes what later ones are served from
			for (let i = 0; i < 3; i++) {
				const res = await fetch(base + paths[i % paths.length], { headers, redirect: 'manual' });
				if (res.status !== 200) throw new Error(`${paths[i % paths.length]}: HTTP ${res.status}`);
				await res.arrayBuffer();
			}
			log(`http: ${page} ${label}, ${opts.connections} connections × ${opts.duration} s`);
			const cpuBefore = cpuMs(child.pid as number);
			const r = await cannon(base, paths, headers, opts.connections, opts.duration);
			const cpu = cpuMs(child.pid as number) - cpuBefore;
			const mem = memory(child.pid as number);
			const result: HttpPageResult = {
				page,
				path: label,
				serverCpuMsPerRequest: r.requests.total ? cpu / r.requests.total : undefined,
				rssAfter: { peakMb: mem.peak, anonMb: mem.anon, fileMb: mem.file },
				requestsPerSecond: r.requests.average,
				p50: r.latency.p50,
				p99: r.latency.p99,
				errors: r.errors + r.timeouts,
				non2xx: r.non2xx,
				bytesPerResponse: r.requests.total ? r.throughput.total / r.requests.total : 0
			};
			pages.push(result);
			log(
				`  ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
					`server CPU ${result.serverCpuMsPerRequest?.toFixed(2)} ms per request, ` +
					`RSS peak ${mem.peak.toFixed(0)} MB (now ${mem.anon.toFixed(0)} MB own + ${mem.file.toFixed(0)} MB mapped files), ` +
					`${result.errors} errors, ${result.non2xx} non-2xx, ${(result.bytesPerResponse / 1024).toFixed(0)} KB per response`
			);
		}
		const peakRssMb = memory(child.pid as number).peak;
		log(`http: server peak RSS ${peakRssMb.toFixed(0)} MB`);
		return { pages, peakRssMb };
	} catch (err) {
		if (stderr) process.stderr.write(`server stderr:\n${stderr}\n`);
		throw err;
	} finally {
		child.kill('SIGTERM');
		await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
	}
}
