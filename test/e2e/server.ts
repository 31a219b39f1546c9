/**
 * The built server (adapter-node) on a free loopback port against a fresh database, driven like a user would.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

export const root = resolve(import.meta.dirname, '../..');

/** The admin every test server's database starts with (created through the CLI, as an operator would). */
export const ADMIN = { username: 'e2e-admin', password: 'e2e-admin-password' } as const;

export interface TestServer {
	baseURL: string;
	dbPath: string;
	dir: string;
	output: () => string;
	stop: () => Promise<void>;
	/** `jixiao …` against this server's database; returns stdout */
	cli: (args: string[]) => string;
	/** log a browser context (or a page's context) in; default: the admin */
	login: (target: BrowserContext | Page, user?: { username: string; password: string }) => Promise<void>;
	/** a Cookie header value for fetch(); default: the admin */
	cookie: (user?: { username: string; password: string }) => Promise<string>;
}

/**
 * fetch, tried again once when the connection drops before an answer: the server closes idle keep-alive
 * connections after 5 s, and a request sent on one at that moment fails with "other side closed".
 */
export async function fetchRetry(url: string, init?: RequestInit): Promise<Response> {
	try {
		return await fetch(url, init);
	} catch (err) {
		if (!(err instanceof TypeError)) throw err;
		return fetch(url, init);
	}
}

/** POST /login as a browser form would (with its Origin, which SvelteKit's CSRF check requires). */
export async function loginCookie(baseURL: string, user: { username: string; password: string }): Promise<string> {
	const res = await fetchRetry(`${baseURL}/login`, {
		method: 'POST',
		redirect: 'manual',
		// accept: text/html, as a browser's form post: SvelteKit answers other clients with JSON instead of the redirect
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL, accept: 'text/html' },
		body: new URLSearchParams({ username: user.username, password: user.password })
	});
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('jixiao_session='));
	if (res.status !== 303 || !cookie) throw new Error(`login as ${user.username} failed: ${res.status}`);
	return cookie.split(';')[0];
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
	const cli = (args: string[]) =>
		execFileSync(process.execPath, [join(root, 'bin/jixiao.js'), ...args], {
			cwd: root,
			env: { ...process.env, DATABASE_URL: dbPath },
			encoding: 'utf8'
		});
	cli(['user', 'add', ADMIN.username, '--role', 'admin', '--password', ADMIN.password]);
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
		cli,
		login: async (target, user = ADMIN) => {
			const context = 'context' in target && typeof target.context === 'function' ? target.context() : (target as BrowserContext);
			const value = (await loginCookie(baseURL, user)).slice('jixiao_session='.length);
			await context.addCookies([{ name: 'jixiao_session', value, url: baseURL, httpOnly: true, sameSite: 'Lax' }]);
		},
		cookie: (user = ADMIN) => loginCookie(baseURL, user),
		stop: async () => {
			child.kill('SIGTERM');
			await new Promise((r) => child.once('exit', r));
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
