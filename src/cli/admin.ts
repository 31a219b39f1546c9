/**
 * `jixiao user …`, `jixiao backup`, `jixiao restore`: accounts and the safety of the data, from the command
 * line (the server need not run; with it running, everything here is safe too).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import {
	AccountError,
	addUser,
	ensureAdmin,
	isRole,
	resetPassword,
	ROLE_LABELS,
	setDisabled,
	SYSTEM_ACTOR
} from '../lib/server/auth/accounts';
import type { Scope } from '../lib/server/auth/scope';
import { openDatabase, resolveDatabasePath } from '../lib/server/db';
import { backupDatabase, BackupError, restoreDatabase } from '../lib/server/db/backup';
import type { Database } from '../lib/server/db/schema';
import { recordAudit, type Actor } from '../lib/server/repositories/audit';
import { canonicalUnitId } from '../lib/server/repositories/units';
import { findUserByName, listUsers } from '../lib/server/repositories/users';
import { UsageError } from './usage';

export interface AdminIo {
	out: (line: string) => void;
	err: (line: string) => void;
}

export const ADMIN_HELP = `  jixiao user add <用户名> --role admin|analyst|unit [--unit <单位名称或编号>] [--password <密码>]
                                        新建用户；不给 --password 时生成一个随机密码并显示（只显示这一次）
  jixiao user list                      列出用户
  jixiao user passwd <用户名> [--password <密码>]   重置密码（不给则生成），该用户的登录会话全部失效
  jixiao user disable|enable <用户名>   停用 / 启用用户
  jixiao user ensure-admin              还没有任何用户时新建管理员 admin（密码取环境变量 JIXIAO_ADMIN_PASSWORD，
                                        否则随机生成并显示）；已有用户时什么也不做
  jixiao backup <文件或文件夹>          在线备份数据库（服务器运行时也可以）；给文件夹时生成带时间的文件名
  jixiao restore <备份文件>             检查备份后恢复为当前数据库；恢复前把当前数据库另存一份`;

async function withDb<T>(file: string | undefined, fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
	const db = await openDatabase(file);
	try {
		return await fn(db);
	} finally {
		await db.destroy();
	}
}

/** `--as <用户名>` of `jixiao import`: the account the import acts for (audit) and is limited by (scope). */
export async function importIdentity(
	db: Kysely<Database>,
	username: string | undefined
): Promise<{ actor: Actor; scope?: Scope }> {
	if (username === undefined) return { actor: SYSTEM_ACTOR };
	const user = await findUserByName(db, username);
	if (!user || user.disabled) throw new UsageError(`--as：用户「${username}」不存在或已停用`);
	const actor = { userId: user.id, username: user.username };
	if (user.role !== 'unit') return { actor };
	return { actor, scope: { role: 'unit', unitId: user.unitId === null ? null : await canonicalUnitId(db, user.unitId) } };
}

export async function userCommand(args: string[], io: AdminIo): Promise<number> {
	const [sub, ...rest] = args;
	const { values, positionals } = parseArgs({
		args: rest,
		allowPositionals: true,
		options: {
			db: { type: 'string' },
			role: { type: 'string' },
			unit: { type: 'string' },
			password: { type: 'string' }
		}
	});
	const name = () => {
		if (positionals.length !== 1) throw new UsageError(`user ${sub} 需要且只需要一个用户名`);
		return positionals[0];
	};
	try {
		switch (sub) {
			case 'add': {
				const username = name();
				if (!values.role || !isRole(values.role)) throw new UsageError('user add 需要 --role admin|analyst|unit');
				if (values.role === 'unit' && !values.unit) throw new UsageError('单位用户需要 --unit <单位名称或编号>');
				const { user, password } = await withDb(values.db, (db) =>
					addUser(db, { username, role: values.role as never, unit: values.unit ?? null, password: values.password }, SYSTEM_ACTOR)
				);
				io.out(`已新建用户 ${user.username}（${ROLE_LABELS[user.role]}${user.unitName ? ` · ${user.unitName}` : ''}）`);
				if (values.password === undefined) io.out(`密码：${password}`);
				return 0;
			}
			case 'list': {
				const users = await withDb(values.db, listUsers);
				if (users.length === 0) io.out('还没有用户（jixiao user add 或 jixiao user ensure-admin）');
				for (const u of users)
					io.out(
						[u.username, ROLE_LABELS[u.role], u.unitName ?? '', u.disabled ? '已停用' : '启用', u.createdAt.slice(0, 10)]
							.filter((x) => x !== '')
							.join(' · ')
					);
				return 0;
			}
			case 'passwd': {
				const username = name();
				const { password } = await withDb(values.db, async (db) => {
					const user = await findUserByName(db, username);
					if (!user) throw new AccountError(`用户「${username}」不存在`);
					return resetPassword(db, user.id, SYSTEM_ACTOR, values.password);
				});
				io.out(`已重置 ${username} 的密码`);
				if (values.password === undefined) io.out(`密码：${password}`);
				return 0;
			}
			case 'disable':
			case 'enable': {
				const username = name();
				await withDb(values.db, async (db) => {
					const user = await findUserByName(db, username);
					if (!user) throw new AccountError(`用户「${username}」不存在`);
					await setDisabled(db, user.id, sub === 'disable', SYSTEM_ACTOR);
				});
				io.out(`已${sub === 'disable' ? '停用' : '启用'}用户 ${username}`);
				return 0;
			}
			case 'ensure-admin': {
				const result = await withDb(values.db, (db) => ensureAdmin(db, { password: values.password }));
				if (result.created) {
					io.out(`已新建管理员账号。登录：${result.username} / ${result.password}`);
					io.out('请登录后在「我的账号」中修改密码。');
				}
				return 0;
			}
			default:
				throw new UsageError(sub ? `未知的 user 子命令: ${sub}` : 'user 需要子命令: add、list、passwd、disable、enable、ensure-admin');
		}
	} catch (err) {
		if (err instanceof AccountError) {
			io.err(err.message);
			return 1;
		}
		throw err;
	}
}

export async function backupCommand(args: string[], io: AdminIo): Promise<number> {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { db: { type: 'string' } } });
	if (positionals.length !== 1) throw new UsageError('backup 需要且只需要一个目标文件或文件夹');
	try {
		const info = await backupDatabase(positionals[0], { source: values.db });
		io.out(`已备份到 ${info.file}（${(info.size / 1024 / 1024).toFixed(1)} MB，${info.forms} 份自评表，${info.users} 个用户）`);
		return 0;
	} catch (err) {
		if (err instanceof BackupError) {
			io.err(err.message);
			return 1;
		}
		throw err;
	}
}

export async function restoreCommand(args: string[], io: AdminIo): Promise<number> {
	const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { db: { type: 'string' } } });
	if (positionals.length !== 1) throw new UsageError('restore 需要且只需要一个备份文件');
	try {
		const target = resolveDatabasePath(values.db);
		const { restored, safetyCopy } = await restoreDatabase(positionals[0], { target });
		if (safetyCopy) io.out(`恢复前的数据库已另存为 ${safetyCopy}`);
		// bring an older backup's schema up to date, and record the restore in the restored log
		await withDb(target, (db) =>
			recordAudit(db, SYSTEM_ACTOR, {
				action: 'restore',
				target: path.basename(positionals[0]),
				details: { from: path.resolve(positionals[0]), safetyCopy, forms: restored.forms }
			})
		);
		io.out(`已从 ${path.resolve(positionals[0])} 恢复（${restored.forms} 份自评表，${restored.users} 个用户）`);
		return 0;
	} catch (err) {
		if (err instanceof BackupError) {
			io.err(err.message);
			return 1;
		}
		throw err;
	}
}
