/**
 * Accounts, sessions, the login rate limit, the append-only audit log and per-unit scoping of the
 * repositories, against a real SQLite file.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	AccountError,
	addUser,
	changeOwnPassword,
	changeRole,
	ensureAdmin,
	resetPassword,
	setDisabled,
	SYSTEM_ACTOR
} from '../../src/lib/server/auth/accounts';
import { changeSettingsAudited, mergeUnitsAudited, splitUnitAudited } from '../../src/lib/server/auth/audited';
import { generatePassword, hashPassword, verifyPassword } from '../../src/lib/server/auth/password';
import { can, requiredCapability, ROLE_CAPABILITIES } from '../../src/lib/server/auth/policy';
import { UNRESTRICTED, whereInScope, type Scope } from '../../src/lib/server/auth/scope';
import { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS, login, resolveSession, sessionLifetimeMs } from '../../src/lib/server/auth/session';
import type { Database } from '../../src/lib/server/db/schema';
import { listAudit, recordAudit } from '../../src/lib/server/repositories/audit';
import { getDocument, getDocumentBytes } from '../../src/lib/server/repositories/documents';
import { countFindingsByCode, listFindings } from '../../src/lib/server/repositories/findings';
import {
	countForms,
	getForm,
	listCurrentForms,
	listFormsOfDocument,
	listFormVersions,
	yearsAvailable
} from '../../src/lib/server/repositories/forms';
import { findUserByName } from '../../src/lib/server/repositories/users';
import { importFile } from '../../src/lib/server/services/import';
import { waitForRecompute } from '../../src/lib/server/services/recompute';
import { evaluate } from '../../src/lib/domain';
import { readFormOf, importSpec } from './build';
import { rowCounts, tempDb } from './helpers';

let db: Kysely<Database>;
let close: () => Promise<void>;
beforeEach(async () => {
	({ db, close } = await tempDb());
});
afterEach(async () => {
	await close();
});

async function unitId(name: string): Promise<number> {
	return (await db.selectFrom('units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

describe('passwords', () => {
	it('are stored as argon2id and verified', async () => {
		const hash = await hashPassword('正确的密码 horse');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(hash, '正确的密码 horse')).toBe(true);
		expect(await verifyPassword(hash, '正确的密码 horsE')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});

	it('generated passwords differ and avoid look-alike characters', () => {
		const seen = new Set(Array.from({ length: 50 }, () => generatePassword()));
		expect(seen.size).toBe(50);
		for (const p of seen) expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{16}$/);
	});
});

describe('accounts', () => {
	it('creates users of each role; a unit account needs its unit', async () => {
		await importSpec(db, { unit: '甲局', year: 2022, budget: 100, executed: 90 });
		const { user: admin, password } = await addUser(db, { username: 'boss', role: 'admin' }, SYSTEM_ACTOR);
		expect(admin.role).toBe('admin');
		expect(password).toHaveLength(16);
		const { user: staff } = await addUser(db, { username: 'jia', role: 'unit', unit: '甲局', password: 'jia-password' }, SYSTEM_ACTOR);
		expect(staff.unitId).toBe(await unitId('甲局'));
		expect(staff.unitName).toBe('甲局');
		// by id too
		const { user: byId } = await addUser(db, { username: 'jia2', role: 'unit', unit: String(await unitId('甲局')) }, SYSTEM_ACTOR);
		expect(byId.unitId).toBe(staff.unitId);

		await expect(addUser(db, { username: 'nounit', role: 'unit' }, SYSTEM_ACTOR)).rejects.toThrow('必须指定所属单位');
		await expect(addUser(db, { username: 'ghost', role: 'unit', unit: '不存在局' }, SYSTEM_ACTOR)).rejects.toThrow('找不到单位');
		await expect(addUser(db, { username: 'BOSS', role: 'analyst' }, SYSTEM_ACTOR)).rejects.toThrow('已存在');
		await expect(addUser(db, { username: 'short', role: 'analyst', password: '1234567' }, SYSTEM_ACTOR)).rejects.toThrow('至少 8');
		await expect(addUser(db, { username: 'has space', role: 'analyst' }, SYSTEM_ACTOR)).rejects.toThrow('用户名');
		await expect(addUser(db, { username: 'x', role: 'root' as never }, SYSTEM_ACTOR)).rejects.toBeInstanceOf(AccountError);
	});

	it('the database itself refuses a unit account without a unit and an analyst bound to one', async () => {
		const now = new Date().toISOString();
		const row = { password_hash: 'h', created_at: now, updated_at: now };
		await expect(db.insertInto('users').values({ ...row, username: 'a', role: 'unit', unit_id: null }).execute()).rejects.toThrow(
			/CHECK/
		);
		await importSpec(db, { unit: '甲局', year: 2022, budget: 1, executed: 1 });
		await expect(
			db.insertInto('users').values({ ...row, username: 'b', role: 'analyst', unit_id: await unitId('甲局') }).execute()
		).rejects.toThrow(/CHECK/);
	});

	it('keeps at least one enabled admin, and nobody disables themselves', async () => {
		const { user: a } = await addUser(db, { username: 'a1', role: 'admin' }, SYSTEM_ACTOR);
		await expect(setDisabled(db, a.id, true, SYSTEM_ACTOR)).rejects.toThrow('至少要保留一个');
		await expect(changeRole(db, a.id, { role: 'analyst' }, SYSTEM_ACTOR)).rejects.toThrow('至少要保留一个');
		const { user: b } = await addUser(db, { username: 'a2', role: 'admin' }, SYSTEM_ACTOR);
		await expect(setDisabled(db, b.id, true, { userId: b.id, username: 'a2' })).rejects.toThrow('不能停用自己');
		expect((await changeRole(db, a.id, { role: 'analyst' }, SYSTEM_ACTOR)).role).toBe('analyst');
	});

	it('ensure-admin creates admin only on an empty user table, with JIXIAO_ADMIN_PASSWORD when set', async () => {
		const saved = process.env.JIXIAO_ADMIN_PASSWORD;
		process.env.JIXIAO_ADMIN_PASSWORD = 'from-the-environment';
		try {
			const first = await ensureAdmin(db);
			expect(first).toEqual({ created: true, username: 'admin', password: 'from-the-environment' });
			expect(await ensureAdmin(db)).toEqual({ created: false });
			const ok = await login(db, { username: 'admin', password: 'from-the-environment', ip: '127.0.0.1' });
			expect(ok.ok).toBe(true);
		} finally {
			if (saved === undefined) delete process.env.JIXIAO_ADMIN_PASSWORD;
			else process.env.JIXIAO_ADMIN_PASSWORD = saved;
		}
	});
});

describe('login and sessions', () => {
	const ip = '10.0.0.7';

	it('logs in (username case-insensitive), resolves the cookie token, and stores only its hash', async () => {
		await addUser(db, { username: 'Analyst', role: 'analyst', password: 'analyst-pass' }, SYSTEM_ACTOR);
		const r = await login(db, { username: 'analyst', password: 'analyst-pass', ip });
		if (!r.ok) throw new Error(r.message);
		const stored = await db.selectFrom('sessions').select('id').execute();
		expect(stored).toHaveLength(1);
		expect(stored[0].id).not.toBe(r.token);
		expect(stored[0].id).toMatch(/^[0-9a-f]{64}$/);
		const s = await resolveSession(db, r.token);
		expect(s?.user.username).toBe('Analyst');
		expect(s?.scope).toEqual({ role: 'analyst', unitId: null });
		expect(await resolveSession(db, r.token.slice(0, -1) + (r.token.endsWith('A') ? 'B' : 'A'))).toBeNull();
		expect(await resolveSession(db, '')).toBeNull();
	});

	it('refuses wrong passwords and unknown users with the same message', async () => {
		await addUser(db, { username: 'u1', role: 'analyst', password: 'right-password' }, SYSTEM_ACTOR);
		const wrong = await login(db, { username: 'u1', password: 'wrong-password', ip });
		const unknown = await login(db, { username: 'nobody', password: 'wrong-password', ip });
		expect(wrong).toEqual({ ok: false, status: 400, message: '用户名或密码不正确' });
		expect(unknown).toEqual(wrong);
	});

	it(`answers 429 after ${LOGIN_MAX_FAILURES} failures per username and address within 15 minutes`, async () => {
		await addUser(db, { username: 'target', role: 'admin', password: 'the-real-one' }, SYSTEM_ACTOR);
		const t0 = new Date('2026-01-01T08:00:00Z');
		const at = (ms: number) => new Date(t0.getTime() + ms);
		for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
			const r = await login(db, { username: 'target', password: `guess-${i}`, ip }, at(i * 1000));
			expect(r).toMatchObject({ ok: false, status: 400 });
		}
		// even the right password is refused now, without being checked
		const blocked = await login(db, { username: 'TARGET', password: 'the-real-one', ip }, at(10_000));
		expect(blocked).toMatchObject({ ok: false, status: 429 });
		if (!blocked.ok) expect(blocked.message).toMatch(/^登录失败次数过多，请 \d+ 分钟后再试$/);
		// another address is not affected, nor the same address for another user
		expect((await login(db, { username: 'target', password: 'the-real-one', ip: '10.0.0.8' }, at(11_000))).ok).toBe(true);
		// when the first failure leaves the window, one more try is allowed
		expect((await login(db, { username: 'target', password: 'the-real-one', ip }, at(LOGIN_WINDOW_MS + 500))).ok).toBe(true);
		// and a success clears the count
		const count = await db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(0);
	});

	it('expires idle sessions and slides active ones', async () => {
		await addUser(db, { username: 'slide', role: 'analyst', password: 'session-pass' }, SYSTEM_ACTOR);
		const t0 = new Date('2026-03-01T00:00:00Z');
		const r = await login(db, { username: 'slide', password: 'session-pass', ip }, t0);
		if (!r.ok) throw new Error(r.message);
		const life = sessionLifetimeMs();
		// early on: no write
		expect((await resolveSession(db, r.token, new Date(t0.getTime() + life / 4)))?.renewed).toBeNull();
		// past half its life: pushed forward
		const late = new Date(t0.getTime() + life * 0.75);
		const renewed = await resolveSession(db, r.token, late);
		expect(renewed?.renewed?.getTime()).toBe(late.getTime() + life);
		// still valid after the original expiry, because it was used
		expect(await resolveSession(db, r.token, new Date(t0.getTime() + life + 1000))).not.toBeNull();
		// idle for a whole lifetime: gone
		expect(await resolveSession(db, r.token, new Date(late.getTime() + life + 1))).toBeNull();
	});

	it('disabling an account, resetting its password or changing one’s own ends sessions', async () => {
		const { user } = await addUser(db, { username: 'dee', role: 'analyst', password: 'first-password' }, SYSTEM_ACTOR);
		const one = await login(db, { username: 'dee', password: 'first-password', ip });
		const two = await login(db, { username: 'dee', password: 'first-password', ip });
		if (!one.ok || !two.ok) throw new Error('login');
		const current = (await resolveSession(db, one.token))!;
		await expect(changeOwnPassword(db, user.id, 'wrong', 'second-password', current.user.sessionId)).rejects.toThrow('当前密码不正确');
		await changeOwnPassword(db, user.id, 'first-password', 'second-password', current.user.sessionId);
		expect(await resolveSession(db, one.token)).not.toBeNull();
		expect(await resolveSession(db, two.token)).toBeNull();
		expect((await login(db, { username: 'dee', password: 'first-password', ip })).ok).toBe(false);

		const { password } = await resetPassword(db, user.id, SYSTEM_ACTOR);
		expect(await resolveSession(db, one.token)).toBeNull();
		const three = await login(db, { username: 'dee', password, ip });
		if (!three.ok) throw new Error('login after reset');
		await setDisabled(db, user.id, true, SYSTEM_ACTOR);
		expect(await resolveSession(db, three.token)).toBeNull();
		expect((await login(db, { username: 'dee', password, ip })).ok).toBe(false);
	});
});

describe('the audit log', () => {
	it('is append-only: the database refuses UPDATE and DELETE', async () => {
		await recordAudit(db, SYSTEM_ACTOR, { action: 'settings', target: 't', details: { a: 1 } });
		await expect(sql`update audit_log set username = 'someone else'`.execute(db)).rejects.toThrow('append-only');
		await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow('append-only');
		await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow('append-only');
		const { rows } = await listAudit(db);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ username: '命令行', action: 'settings', target: 't', details: { a: 1 } });
	});

	it('records user changes, merges, splits and settings with who and what', async () => {
		await importSpec(db, { unit: '甲局', year: 2021, budget: 100, executed: 80 });
		await importSpec(db, { unit: '甲局（简称）', year: 2022, budget: 100, executed: 80 });
		const admin = { userId: 99, username: 'boss' };
		const { user } = await addUser(db, { username: 'xavier', role: 'analyst' }, admin);
		await changeRole(db, user.id, { role: 'unit', unit: '甲局' }, admin);
		await resetPassword(db, user.id, admin);
		await setDisabled(db, user.id, true, admin);
		const merged = await mergeUnitsAudited(db, { from: await unitId('甲局（简称）'), into: await unitId('甲局') }, admin);
		expect(merged.formsMoved).toBe(1);
		await splitUnitAudited(db, { unitId: await unitId('甲局（简称）') }, admin);
		await changeSettingsAudited(db, { alertLine: 0.85 }, admin);
		expect(await waitForRecompute(db, 10_000)).toBe(true);

		const { rows, total } = await listAudit(db);
		expect(total).toBe(7);
		expect(rows.map((r) => r.action).reverse()).toEqual([
			'user.create',
			'user.update',
			'user.password',
			'user.disable',
			'merge',
			'split',
			'settings'
		]);
		expect(rows.every((r) => r.username === 'boss')).toBe(true);
		expect(rows.find((r) => r.action === 'merge')?.target).toBe('甲局（简称） → 甲局');
		expect(rows.find((r) => r.action === 'settings')?.details).toMatchObject({
			before: { alertLine: 0.9 },
			after: { alertLine: 0.85 }
		});
		expect(rows.find((r) => r.action === 'user.update')?.details).toMatchObject({ after: { role: 'unit', unit: '甲局' } });
		// a refused change leaves no entry
		await expect(mergeUnitsAudited(db, { from: 999, into: 1 }, admin)).rejects.toThrow();
		expect((await listAudit(db)).total).toBe(7);
		expect((await listAudit(db, { action: 'merge' })).rows).toHaveLength(1);
		expect((await listAudit(db, { username: 'nobody' })).total).toBe(0);
	});

	it('an import with an actor writes its entry in the same transaction; a failed one writes none', async () => {
		const actor = { userId: 7, username: '张三' };
		const parse = async (_b: Uint8Array, _f: string, settings: Parameters<typeof evaluate>[1]) => [
			evaluate(readFormOf({ unit: '乙局', year: 2023, budget: 10, executed: 9 }), settings)
		];
		const first = await importFile(db, { fileName: 'a.txt', bytes: new TextEncoder().encode('a') }, { parse, actor });
		const second = await importFile(db, { fileName: 'b.txt', bytes: new TextEncoder().encode('b') }, { parse, actor });
		expect([first.status, second.status]).toEqual(['imported', 'replaced']);
		const failed = await importFile(
			db,
			{ fileName: 'c.txt', bytes: new TextEncoder().encode('c') },
			{ parse: async () => [], actor }
		);
		expect(failed.status).toBe('failed');
		const { rows } = await listAudit(db);
		expect(rows.map((r) => [r.action, r.target, r.username])).toEqual([
			['replace', 'b.txt', '张三'],
			['import', 'a.txt', '张三']
		]);
		expect(rows[0].details).toMatchObject({ documentId: second.documentId, forms: [{ unit: '乙局', year: 2023, version: 2 }] });
	});
});

describe('per-unit scope in the repositories', () => {
	let jia: number;
	let yi: number;
	let jiaForm: number;
	let yiForm: number;
	const scopeOf = (unitId: number | null): Scope => ({ role: 'unit', unitId });

	beforeEach(async () => {
		jiaForm = (await importSpec(db, { unit: '甲局', year: 2021, budget: 100, executed: 50 })).formId;
		await importSpec(db, { unit: '甲局', year: 2022, budget: 100, executed: 60 });
		yiForm = (await importSpec(db, { unit: '乙局', year: 2023, budget: 100, executed: 200 })).formId;
		jia = await unitId('甲局');
		yi = await unitId('乙局');
	});

	it('lists, counts and opens only the unit’s own forms', async () => {
		const own = await listCurrentForms(db, {}, scopeOf(jia));
		expect(own.total).toBe(2);
		expect(own.rows.every((r) => r.unit === '甲局')).toBe(true);
		expect((await listCurrentForms(db, {}, UNRESTRICTED)).total).toBe(3);
		expect((await listCurrentForms(db, {})).total).toBe(3);
		expect((await listCurrentForms(db, { search: '乙' }, scopeOf(jia))).total).toBe(0);
		expect(await yearsAvailable(db, {}, scopeOf(jia))).toEqual([2022, 2021]);
		expect(await countForms(db, {}, scopeOf(yi))).toBe(1);

		expect((await getForm(db, jiaForm, scopeOf(jia)))?.unit).toBe('甲局');
		expect(await getForm(db, yiForm, scopeOf(jia))).toBeUndefined();
		expect(await listFormVersions(db, yiForm, scopeOf(jia))).toEqual([]);
		expect((await getForm(db, yiForm, { role: 'analyst', unitId: null }))?.unit).toBe('乙局');
	});

	it('a unit scope without a unit reads nothing', async () => {
		expect((await listCurrentForms(db, {}, scopeOf(null))).total).toBe(0);
		expect(await getForm(db, jiaForm, scopeOf(null))).toBeUndefined();
		expect((await listFindings(db, {}, scopeOf(null))).total).toBe(0);
	});

	it('filters findings and their counts', async () => {
		const all = await listFindings(db, {});
		const own = await listFindings(db, {}, scopeOf(yi));
		expect(own.total).toBeGreaterThan(0);
		expect(own.total).toBeLessThan(all.total);
		expect(own.rows.every((r) => r.unit === '乙局')).toBe(true);
		const codes = await countFindingsByCode(db, {}, scopeOf(yi));
		expect(codes.reduce((s, c) => s + c.count, 0)).toBe(own.total);
		// the cache never hands one scope's result to another
		expect((await listFindings(db, {}, scopeOf(jia))).rows.every((r) => r.unit === '甲局')).toBe(true);
		expect((await listFindings(db, {})).total).toBe(all.total);
	});

	it('hands out a document only when all its forms are the unit’s', async () => {
		const yiDoc = (await getForm(db, yiForm))!.document.id;
		expect(await getDocumentBytes(db, yiDoc, scopeOf(jia))).toBeUndefined();
		expect(await getDocument(db, yiDoc, scopeOf(jia))).toBeUndefined();
		expect((await getDocumentBytes(db, yiDoc, scopeOf(yi)))?.bytes.byteLength).toBeGreaterThan(0);
		expect(await listFormsOfDocument(db, yiDoc, scopeOf(jia))).toEqual([]);
		// one workbook with both units' forms: neither unit account gets the file
		const both = await importFile(
			db,
			{ fileName: 'both.xlsx', bytes: new TextEncoder().encode('both units') },
			{
				parse: async (_b, _f, settings) => [
					evaluate(readFormOf({ unit: '甲局', year: 2024, budget: 1, executed: 1 }), settings),
					evaluate(readFormOf({ unit: '乙局', year: 2024, budget: 1, executed: 1 }), settings)
				]
			}
		);
		expect(both.status).toBe('imported');
		expect(await getDocumentBytes(db, both.documentId!, scopeOf(jia))).toBeUndefined();
		expect(await getDocumentBytes(db, both.documentId!, scopeOf(yi))).toBeUndefined();
		expect(await getDocumentBytes(db, both.documentId!, UNRESTRICTED)).toBeDefined();
	});

	it('whereInScope narrows an aliased query', async () => {
		const rows = await whereInScope(db.selectFrom('forms as f').select('f.id'), scopeOf(yi), 'f.canonical_unit_id').execute();
		expect(rows.map((r) => r.id)).toEqual([yiForm]);
	});

	it('a unit account imports only its own unit’s forms, and a refused file leaves nothing', async () => {
		const before = await rowCounts(db);
		const parse = (unit: string) => async (_b: Uint8Array, _f: string, settings: Parameters<typeof evaluate>[1]) => [
			evaluate(readFormOf({ unit, year: 2024, budget: 1, executed: 1 }), settings)
		];
		const refused = await importFile(
			db,
			{ fileName: '别人的表.txt', bytes: new TextEncoder().encode('other') },
			{ parse: parse('丙局（新单位）'), scope: scopeOf(jia), actor: { userId: 3, username: 'jia' } }
		);
		expect(refused.status).toBe('failed');
		expect(refused.error).toBe('别人的表.txt: 单位「丙局（新单位）」不是您的账号所属的单位，文件未保存');
		const after = await rowCounts(db);
		// only the failure log row
		expect({ ...after, imports: before.imports }).toEqual(before);
		expect(after.imports).toBe(before.imports + 1);
		expect((await listAudit(db)).total).toBe(0);

		const ok = await importFile(
			db,
			{ fileName: '本单位.txt', bytes: new TextEncoder().encode('own') },
			{ parse: parse(' 甲局 '), scope: scopeOf(jia) }
		);
		expect(ok.status).toBe('imported');
		// re-sending another unit's stored file reveals none of its forms
		const yiBytes = (await getDocumentBytes(db, (await getForm(db, yiForm))!.document.id))!.bytes;
		const again = await importFile(db, { fileName: 'x.txt', bytes: yiBytes }, { scope: scopeOf(jia) });
		expect(again).toMatchObject({ status: 'unchanged', forms: [] });
	});

	it('a unit account bound to a merged unit reads the unit it was merged into', async () => {
		await importSpec(db, { unit: '甲局简称', year: 2020, budget: 1, executed: 1 });
		const alias = await unitId('甲局简称');
		const { user } = await addUser(db, { username: 'alias', role: 'unit', unit: '甲局简称', password: 'alias-password' }, SYSTEM_ACTOR);
		const r = await login(db, { username: 'alias', password: 'alias-password', ip: '1.2.3.4' });
		if (!r.ok) throw new Error('login');
		expect((await resolveSession(db, r.token))?.scope).toEqual({ role: 'unit', unitId: alias });
		await mergeUnitsAudited(db, { from: alias, into: jia }, SYSTEM_ACTOR);
		const s = await resolveSession(db, r.token);
		expect(s?.scope).toEqual({ role: 'unit', unitId: jia });
		expect(s?.user.unitId).toBe(user.unitId);
		expect((await listCurrentForms(db, {}, s!.scope)).total).toBe(3);
	});
});

describe('the route policy', () => {
	it('gives each role its capabilities and refuses routes it does not list', () => {
		expect(requiredCapability('/nope', 'GET')).toBeNull();
		expect(requiredCapability('/units/[id]', 'GET')).toBe('read');
		expect(requiredCapability('/units/[id]', 'POST')).toBe('merge');
		expect(can('unit', 'merge')).toBe(false);
		expect(can('analyst', 'merge')).toBe(true);
		expect(can('analyst', 'settings')).toBe(false);
		expect(can(null, 'read')).toBe(false);
		expect(can(null, 'public')).toBe(true);
		expect(ROLE_CAPABILITIES.admin).toContain('audit');
	});

	it('finds users case-insensitively', async () => {
		await addUser(db, { username: 'MiXeD', role: 'analyst' }, SYSTEM_ACTOR);
		expect((await findUserByName(db, 'mixed'))?.username).toBe('MiXeD');
	});
});
