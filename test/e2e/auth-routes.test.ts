/**
 * Authorization, route by route, against the built server: a table gives, for every route and method and
 * for each of anonymous / unit / analyst / admin, the expected answer. The test discovers the routes from
 * src/routes and fails when one exists that the table does not cover (or the table names one that is gone),
 * so a new page cannot ship without a decision about who may open it.
 *
 * Unit accounts are also checked for what the allowed pages *show*: only their own unit.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRetry, root, startServer, type TestServer } from './server';

type Role = 'anonymous' | 'unit' | 'analyst' | 'admin';
const ROLES: Role[] = ['anonymous', 'unit', 'analyst', 'admin'];

/**
 * 'login': 303 to /login?next=…; 'redirect': 303 elsewhere; 'allowed': passes authorization (any answer but
 * 401, 403 or the login redirect; used for form actions whose validation answer is not the point); a number:
 * that status.
 */
type Expect = number | 'login' | 'redirect' | 'allowed';

interface Ids {
	ownForm: number;
	otherForm: number;
	ownDoc: number;
	otherDoc: number;
	ownUnit: number;
	otherUnit: number;
	/** a batch started by the unit account, and one started by the analyst */
	unitJob: string;
	analystJob: string;
}

interface Entry {
	method: 'GET' | 'POST';
	route: string;
	/** the request path (params filled); defaults to the route */
	path?: (ids: Ids) => string;
	note?: string;
	body?: BodyInit;
	headers?: Record<string, string>;
	/** log in afresh for this request (logout ends the session) */
	fresh?: boolean;
	expect: Record<Role, Expect>;
}

const everyone = (e: Expect, anonymous: Expect = 'login'): Record<Role, Expect> => ({ anonymous, unit: e, analyst: e, admin: e });
const adminOnly: Record<Role, Expect> = { anonymous: 'login', unit: 403, analyst: 403, admin: 200 };
const form = (fields: Record<string, string> = {}) => ({
	body: new URLSearchParams(fields).toString(),
	headers: { 'content-type': 'application/x-www-form-urlencoded' }
});
/** another unit's data: a unit account must not learn it exists */
const othersOnly: Record<Role, Expect> = { anonymous: 'login', unit: 404, analyst: 200, admin: 200 };

const TABLE: Entry[] = [
	{ method: 'GET', route: '/login', expect: { anonymous: 200, unit: 'redirect', analyst: 'redirect', admin: 'redirect' } },
	// a logged-in user is sent on from the login page, whatever was posted
	{ method: 'POST', route: '/login', ...form(), expect: everyone('redirect', 400) },
	{ method: 'POST', route: '/logout', fresh: true, expect: everyone('login') },
	{ method: 'GET', route: '/account', expect: everyone(200) },
	{ method: 'POST', route: '/account', path: () => '/account?/password', ...form(), expect: everyone('allowed') },
	{ method: 'GET', route: '/admin/users', expect: adminOnly },
	{ method: 'POST', route: '/admin/users', path: () => '/admin/users?/create', ...form(), expect: { ...adminOnly, admin: 'allowed' } },
	{ method: 'GET', route: '/admin/audit', expect: adminOnly },

	{ method: 'GET', route: '/', expect: everyone(200) },
	{ method: 'GET', route: '/compare', expect: everyone(200) },
	{ method: 'GET', route: '/compare/export.csv', expect: everyone(200) },
	{ method: 'GET', route: '/compare/points', expect: everyone(200) },
	{ method: 'GET', route: '/compare/export.xlsx', expect: everyone(200) },
	{ method: 'GET', route: '/years', expect: everyone(200) },
	{ method: 'GET', route: '/years/export.csv', expect: everyone(200) },
	{ method: 'GET', route: '/years/export.xlsx', expect: everyone(200) },
	{ method: 'GET', route: '/findings', expect: everyone(200) },
	{ method: 'GET', route: '/findings/export.csv', expect: everyone(200) },
	{ method: 'GET', route: '/findings/export.xlsx', expect: everyone(200) },
	{ method: 'GET', route: '/forms', expect: everyone(200) },
	{ method: 'GET', route: '/forms/export.csv', expect: everyone(200) },
	{ method: 'GET', route: '/forms/export.xlsx', expect: everyone(200) },
	{ method: 'GET', route: '/forms/[id]', path: (i) => `/forms/${i.ownForm}`, note: 'own', expect: everyone(200) },
	{ method: 'GET', route: '/forms/[id]', path: (i) => `/forms/${i.otherForm}`, note: 'other unit', expect: othersOnly },
	{ method: 'GET', route: '/forms/[id]/report', path: (i) => `/forms/${i.ownForm}/report`, note: 'own', expect: everyone(200) },
	{ method: 'GET', route: '/forms/[id]/report', path: (i) => `/forms/${i.otherForm}/report`, note: 'other unit', expect: othersOnly },
	{ method: 'GET', route: '/forms/[id]/report.pdf', path: (i) => `/forms/${i.ownForm}/report.pdf`, note: 'own', expect: everyone(200) },
	{ method: 'GET', route: '/forms/[id]/report.pdf', path: (i) => `/forms/${i.otherForm}/report.pdf`, note: 'other unit', expect: othersOnly },
	{ method: 'GET', route: '/documents/[id]', path: (i) => `/documents/${i.ownDoc}`, note: 'own', expect: everyone(200) },
	{ method: 'GET', route: '/documents/[id]', path: (i) => `/documents/${i.otherDoc}`, note: 'other unit', expect: othersOnly },
	{ method: 'GET', route: '/units/[id]', path: (i) => `/units/${i.ownUnit}`, note: 'own', expect: everyone(200) },
	{ method: 'GET', route: '/units/[id]', path: (i) => `/units/${i.otherUnit}`, note: 'other unit', expect: othersOnly },
	{
		method: 'POST',
		route: '/units/[id]',
		path: (i) => `/units/${i.ownUnit}?/merge`,
		...form(),
		expect: { anonymous: 'login', unit: 403, analyst: 'allowed', admin: 'allowed' }
	},
	{ method: 'GET', route: '/units/[id]/indicators.csv', path: (i) => `/units/${i.ownUnit}/indicators.csv`, note: 'own', expect: everyone(200) },
	{ method: 'GET', route: '/units/[id]/indicators.csv', path: (i) => `/units/${i.otherUnit}/indicators.csv`, note: 'other unit', expect: othersOnly },
	{ method: 'GET', route: '/units/[id]/indicators.xlsx', path: (i) => `/units/${i.ownUnit}/indicators.xlsx`, note: 'own', expect: everyone(200) },
	{ method: 'GET', route: '/units/[id]/indicators.xlsx', path: (i) => `/units/${i.otherUnit}/indicators.xlsx`, note: 'other unit', expect: othersOnly },
	{ method: 'GET', route: '/settings', expect: adminOnly },
	{ method: 'POST', route: '/settings', ...form(), expect: { ...adminOnly, admin: 'allowed' } },

	{ method: 'GET', route: '/import', expect: everyone(200) },
	{ method: 'GET', route: '/import/template.csv', expect: everyone(200) },
	{ method: 'GET', route: '/import/template.xlsx', expect: everyone(200) },
	{ method: 'POST', route: '/api/imports', expect: everyone(201, 401) },
	{ method: 'GET', route: '/api/imports/[id]', path: (i) => `/api/imports/${i.unitJob}`, note: "unit's batch", expect: everyone(200, 401) },
	{
		method: 'GET',
		route: '/api/imports/[id]',
		path: (i) => `/api/imports/${i.analystJob}`,
		note: "analyst's batch",
		expect: { anonymous: 401, unit: 404, analyst: 200, admin: 200 }
	},
	{ method: 'GET', route: '/api/imports/[id]/events', path: (i) => `/api/imports/${i.unitJob}/events`, expect: everyone(200, 401) },
	{
		method: 'GET',
		route: '/api/imports/[id]/events',
		path: (i) => `/api/imports/${i.analystJob}/events`,
		note: "analyst's batch",
		expect: { anonymous: 401, unit: 404, analyst: 200, admin: 200 }
	},
	// no X-File-Name: allowed callers get the endpoint's own 400, others never reach it
	{ method: 'POST', route: '/api/imports/[id]/files', path: (i) => `/api/imports/${i.unitJob}/files`, body: 'x', expect: everyone(400, 401) },
	{
		method: 'POST',
		route: '/api/imports/[id]/files',
		path: (i) => `/api/imports/${i.analystJob}/files`,
		note: "analyst's batch",
		body: 'x',
		expect: { anonymous: 401, unit: 404, analyst: 400, admin: 400 }
	},
	{
		method: 'POST',
		route: '/api/imports/[id]/close',
		path: (i) => `/api/imports/${i.analystJob}/close`,
		note: "analyst's batch",
		expect: { anonymous: 401, unit: 404, analyst: 200, admin: 200 }
	}
];

/** Every route under src/routes with the methods it answers: pages GET (and POST with actions), endpoints their exports. */
function discoverRoutes(): string[] {
	const base = path.join(root, 'src/routes');
	const found = new Set<string>();
	const walk = (dir: string) => {
		for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, e.name);
			if (e.isDirectory()) {
				walk(full);
				continue;
			}
			const rel = path.relative(base, dir).split(path.sep).filter((s) => s !== '' && !/^\(.*\)$/.test(s));
			const id = `/${rel.join('/')}`;
			const text = fs.readFileSync(full, 'utf8');
			if (e.name === '+page.svelte' || /^\+page\.(server\.)?[jt]s$/.test(e.name)) found.add(`GET ${id}`);
			if (/^\+page\.server\.[jt]s$/.test(e.name) && /export\s+const\s+actions\b/.test(text)) found.add(`POST ${id}`);
			if (/^\+server\.[jt]s$/.test(e.name)) {
				for (const m of text.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g))
					found.add(`${m[1]} ${id}`);
			}
		}
	};
	walk(base);
	return [...found].sort();
}

let server: TestServer;
let ids: Ids;
const cookies: Partial<Record<Role, string>> = {};
const USERS = {
	unit: { username: 'wangcheng-staff', password: 'unit-password-1' },
	analyst: { username: 'analyst-1', password: 'analyst-password-1' }
};
const OWN_UNIT = '中共长沙市望城区委办公室';
/** a department form like the seed's, printed under another unit's name */
const OTHER_UNIT = '测试县财政局';

beforeAll(async () => {
	server = await startServer();
	const otherFile = path.join(server.dir, 'other-unit.txt');
	fs.writeFileSync(otherFile, fs.readFileSync(path.join(root, 'test/fixtures/wangcheng-2020.txt'), 'utf8').replace(OWN_UNIT, OTHER_UNIT));
	server.cli(['import', 'test/fixtures/wangcheng-2020.txt', otherFile, 'test/fixtures/real/01_sichuan-qingshen-fgj-2023-project.txt']);
	server.cli(['user', 'add', USERS.unit.username, '--role', 'unit', '--unit', OWN_UNIT, '--password', USERS.unit.password]);
	server.cli(['user', 'add', USERS.analyst.username, '--role', 'analyst', '--password', USERS.analyst.password]);
	try {
		cookies.admin = await server.cookie();
	} catch (err) {
		throw new Error(`${(err as Error).message}\n${server.output()}`);
	}
	cookies.unit = await server.cookie(USERS.unit);
	cookies.analyst = await server.cookie(USERS.analyst);

	const db = new SqliteDatabase(server.dbPath, { readonly: true });
	const formOf = (name: string) =>
		db.prepare(`select f.id, f.document_id as doc, f.canonical_unit_id as unit from forms f where f.unit_name = ?`).get(name) as {
			id: number;
			doc: number;
			unit: number;
		};
	const own = formOf(OWN_UNIT);
	const other = formOf(OTHER_UNIT);
	db.close();
	const job = async (role: Role) => {
		const res = await fetch(`${server.baseURL}/api/imports`, { method: 'POST', headers: { cookie: cookies[role]!, origin: server.baseURL } });
		expect(res.status).toBe(201);
		return ((await res.json()) as { id: string }).id;
	};
	ids = {
		ownForm: own.id,
		otherForm: other.id,
		ownDoc: own.doc,
		otherDoc: other.doc,
		ownUnit: own.unit,
		otherUnit: other.unit,
		unitJob: await job('unit'),
		analystJob: await job('analyst')
	};
});

afterAll(async () => {
	await server?.stop();
});

async function request(entry: Entry, role: Role): Promise<{ status: number; location: string | null }> {
	let cookie = cookies[role];
	if (entry.fresh && role !== 'anonymous') cookie = await server.cookie(role === 'admin' ? undefined : USERS[role]);
	const controller = new AbortController();
	const res = await fetchRetry(`${server.baseURL}${entry.path ? entry.path(ids) : entry.route}`, {
		method: entry.method,
		redirect: 'manual',
		signal: controller.signal,
		// accept: text/html, as a browser: SvelteKit answers form actions of other clients with JSON and 200
		headers: { origin: server.baseURL, accept: 'text/html', ...(cookie ? { cookie } : {}), ...(entry.headers ?? {}) },
		body: entry.method === 'POST' ? (entry.body ?? '') : undefined
	});
	// event streams stay open: the status is all we need
	controller.abort();
	return { status: res.status, location: res.headers.get('location') };
}

function meets(got: { status: number; location: string | null }, want: Expect): boolean {
	const toLogin = got.status === 303 && (got.location ?? '').startsWith('/login');
	if (want === 'login') return toLogin;
	if (want === 'redirect') return got.status === 303 && !toLogin;
	if (want === 'allowed') return !toLogin && got.status !== 401 && got.status !== 403;
	return got.status === want;
}

describe('the authorization table', () => {
	it('covers every route in src/routes, and only those', () => {
		const discovered = discoverRoutes();
		const listed = new Set(TABLE.map((e) => `${e.method} ${e.route}`));
		expect(discovered.filter((r) => !listed.has(r)), 'routes missing from the table').toEqual([]);
		expect([...listed].filter((r) => !discovered.includes(r)), 'table entries without a route').toEqual([]);
	});

	it('answers every route as the table says, for every role', async () => {
		const wrong: string[] = [];
		for (const entry of TABLE) {
			for (const role of ROLES) {
				const got = await request(entry, role);
				if (!meets(got, entry.expect[role]))
					wrong.push(
						`${entry.method} ${entry.route}${entry.note ? ` (${entry.note})` : ''} as ${role}: expected ${entry.expect[role]}, got ${got.status}${got.location ? ` → ${got.location}` : ''}`
					);
			}
		}
		expect(wrong).toEqual([]);
	}, 240_000);

	it('sends strangers to the login page with the way back, and answers unknown addresses 404 only after login', async () => {
		const res = await fetch(`${server.baseURL}/forms?year=2020`, { redirect: 'manual' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/forms?year=2020')}`);
		expect((await fetch(`${server.baseURL}/no-such-page`, { redirect: 'manual' })).status).toBe(303);
		expect((await fetch(`${server.baseURL}/no-such-page`, { headers: { cookie: cookies.analyst! } })).status).toBe(404);
		const api = await fetch(`${server.baseURL}/api/imports/x`);
		expect(api.status).toBe(401);
		expect(await api.json()).toEqual({ message: '请先登录' });
	});

	it('sets the session cookie HttpOnly and SameSite=Lax, and logs out on POST', async () => {
		const res = await fetch(`${server.baseURL}/login`, {
			method: 'POST',
			redirect: 'manual',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseURL, accept: 'text/html' },
			body: new URLSearchParams(USERS.analyst).toString()
		});
		const set = res.headers.getSetCookie().find((c) => c.startsWith('jixiao_session='))!;
		expect(set).toMatch(/HttpOnly/i);
		expect(set).toMatch(/SameSite=Lax/i);
		// plain HTTP here; Secure is set when the server is reached over HTTPS
		expect(set).not.toMatch(/Secure/i);
		const cookie = set.split(';')[0];
		const account = await fetch(`${server.baseURL}/account`, { headers: { cookie }, redirect: 'manual' });
		expect(account.status).toBe(200);
		// confidential pages stay out of shared and back-button caches; framing is refused
		expect(account.headers.get('cache-control')).toBe('private, no-store');
		expect(account.headers.get('x-frame-options')).toBe('DENY');
		await fetch(`${server.baseURL}/logout`, { method: 'POST', headers: { cookie, origin: server.baseURL }, redirect: 'manual' });
		expect((await fetch(`${server.baseURL}/account`, { headers: { cookie }, redirect: 'manual' })).status).toBe(303);
	});

	it('keeps SvelteKit’s CSRF check: a form post from another origin is refused', async () => {
		const res = await fetch(`${server.baseURL}/admin/users?/create`, {
			method: 'POST',
			headers: { cookie: cookies.admin!, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ username: 'intruder', role: 'admin' }).toString()
		});
		expect(res.status).toBe(403);
		expect(server.cli(['user', 'list'])).not.toContain('intruder');
	});

	it('answers 429 in Chinese after 5 failed logins of one username from one address', async () => {
		server.cli(['user', 'add', 'guessed', '--role', 'analyst', '--password', 'the-right-one']);
		const attempt = (password: string) =>
			fetchRetry(`${server.baseURL}/login`, {
				method: 'POST',
				redirect: 'manual',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseURL, accept: 'text/html' },
				body: new URLSearchParams({ username: 'guessed', password }).toString()
			});
		for (let i = 0; i < 5; i++) expect((await attempt(`guess-${i}`)).status).toBe(400);
		const blocked = await attempt('the-right-one');
		expect(blocked.status).toBe(429);
		expect(await blocked.text()).toMatch(/登录失败次数过多，请 \d+ 分钟后再试/);
	});

	it('refuses oversized request bodies', async () => {
		const res = await fetch(`${server.baseURL}/account?/password`, {
			method: 'POST',
			headers: { cookie: cookies.analyst!, origin: server.baseURL, 'content-type': 'application/x-www-form-urlencoded' },
			body: `current=${'x'.repeat(2 * 1024 * 1024)}`
		});
		expect(res.status).toBe(413);
	});
});

describe('a unit account sees only its unit', () => {
	const pages = [
		'/',
		'/compare',
		'/years',
		'/findings',
		'/forms',
		'/forms/export.csv',
		'/compare/export.csv',
		'/compare/points',
		'/years/export.csv',
		'/findings/export.csv'
	];

	it.each(pages)('%s shows no other unit', async (page) => {
		const analyst = await (await fetchRetry(`${server.baseURL}${page}`, { headers: { cookie: cookies.analyst! } })).text();
		const unit = await (await fetchRetry(`${server.baseURL}${page}`, { headers: { cookie: cookies.unit! } })).text();
		// the analyst's view has both units (where the page lists units at all); the unit account's never the other
		if (analyst.includes(OTHER_UNIT)) expect(analyst).toContain('望城区委办公室');
		expect(unit).not.toContain(OTHER_UNIT);
		expect(unit).not.toContain('青神县');
		expect(unit).not.toContain('测试县');
	});

	it('the forms list holds exactly its own forms', async () => {
		const html = await (await fetchRetry(`${server.baseURL}/forms`, { headers: { cookie: cookies.unit! } })).text();
		const links = [...html.matchAll(/href="\/forms\/(\d+)"/g)].map((m) => Number(m[1]));
		expect(new Set(links)).toEqual(new Set([ids.ownForm]));
	});

	it('imports of another unit’s form are refused and leave nothing behind', async () => {
		const file = fs.readFileSync(path.join(root, 'test/fixtures/real/03_anhui-tianchang-slj-2022-project.txt'));
		const res = await fetch(`${server.baseURL}/api/imports/${ids.unitJob}/files`, {
			method: 'POST',
			headers: {
				cookie: cookies.unit!,
				origin: server.baseURL,
				'x-file-name': encodeURIComponent('别的单位.txt'),
				// as the import page sends it (without a type the server reads no body)
				'content-type': 'application/octet-stream'
			},
			body: file
		});
		expect(res.status).toBe(200);
		await fetch(`${server.baseURL}/api/imports/${ids.unitJob}/close`, { method: 'POST', headers: { cookie: cookies.unit!, origin: server.baseURL } });
		let snapshot: { finished: boolean; files: { name: string; status: string; message: string | null }[] } = { finished: false, files: [] };
		for (let i = 0; i < 300 && !snapshot.finished; i++) {
			await new Promise((r) => setTimeout(r, 200));
			snapshot = await (await fetch(`${server.baseURL}/api/imports/${ids.unitJob}`, { headers: { cookie: cookies.unit! } })).json();
		}
		expect(snapshot.finished).toBe(true);
		const row = snapshot.files.find((f) => f.name === '别的单位.txt')!;
		expect(row.status).toBe('failed');
		expect(row.message).toContain('不是您的账号所属的单位');
		const db = new SqliteDatabase(server.dbPath, { readonly: true });
		const n = db.prepare(`select count(*) as n from documents where file_name = '别的单位.txt'`).get() as { n: number };
		db.close();
		expect(n.n).toBe(0);
	}, 90_000);
});
