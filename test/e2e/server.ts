/**
 * The built server (adapter-node) on a free loopback port against a fresh database, driven like a user would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');

export interface TestServer {
	baseURL: string;
	dbPath: string;
	dir: string;
	output: () => string;
	stop: () => Promise<void>;
}

function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const srv = createServer();
		srv.once('error', fail);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			srv.close(() => ok(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

async function waitForServer(url: string, child: ChildProcess, log: () => string): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`);
		try {
			const res = await fetch(url);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 150));
	}
	throw new Error(`server did not answer on ${url} within 30 s:\n${log()}`);
}

export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
	const dir = mkdtempSync(join(tmpdir(), 'jixiao-e2e-'));
	const dbPath = join(dir, 'e2e.sqlite');
	const port = await freePort();
	const baseURL = `http://127.0.0.1:${port}`;
	let output = '';
	const child = spawn(process.execPath, ['build'], {
		cwd: root,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: baseURL,
			DATABASE_URL: dbPath,
			BODY_SIZE_LIMIT: '25M',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (d) => (output += d));
	child.stderr?.on('data', (d) => (output += d));
	await waitForServer(baseURL, child, () => output);
	return {
		baseURL,
		dbPath,
		dir,
		output: () => output,
		stop: async () => {
			child.kill('SIGTERM');
			await new Promise((r) => child.once('exit', r));
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
