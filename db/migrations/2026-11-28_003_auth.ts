/**
 * Accounts, sessions, login throttling and the audit log. Frozen once released, like 001.
 *
 * - `users`: username (unique, compared case-insensitively), an argon2id hash, a role, and for role 'unit'
 *   the unit the account is bound to. A CHECK keeps role and unit consistent, so a unit account can never
 *   exist without its unit (which would otherwise read as "no restriction").
 * - `sessions`: the id is the SHA-256 of the cookie's random token, so a copy of the database (a backup)
 *   does not hold usable cookies.
 * - `login_attempts`: failed logins per username and address, for the rate limit.
 * - `audit_log`: append-only. Triggers refuse UPDATE and DELETE, so not even a bug or a hand-written query
 *   through the application can rewrite history. `user_id` has no foreign key on purpose: an ON DELETE action
 *   would be an update of the log, and the username is copied beside it anyway.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('users')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('username', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('unit_id', 'integer', (c) => c.references('units.id').onDelete('restrict'))
		.addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addCheckConstraint('users_role_check', sql`role in ('admin', 'analyst', 'unit')`)
		.addCheckConstraint('users_unit_check', sql`(role = 'unit') = (unit_id is not null)`)
		.addCheckConstraint('users_disabled_check', sql`disabled in (0, 1)`)
		.execute();
	await sql`create unique index users_username on users (username collate nocase)`.execute(db);
	await db.schema.createIndex('users_unit').on('users').column('unit_id').execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
	await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

	await db.schema
		.createTable('login_attempts')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('username', 'text', (c) => c.notNull())
		.addColumn('ip', 'text', (c) => c.notNull())
		.addColumn('at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('login_attempts_key').on('login_attempts').columns(['username', 'ip', 'at']).execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('user_id', 'integer')
		.addColumn('username', 'text', (c) => c.notNull())
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('target', 'text')
		.addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
		.execute();
	await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();
	await db.schema.createIndex('audit_log_user').on('audit_log').columns(['username', 'id']).execute();
	await sql`create trigger audit_log_no_update before update on audit_log
		begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
	await sql`create trigger audit_log_no_delete before delete on audit_log
		begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop trigger if exists audit_log_no_delete`.execute(db);
	await sql`drop trigger if exists audit_log_no_update`.execute(db);
	for (const table of ['audit_log', 'login_attempts', 'sessions', 'users']) await db.schema.dropTable(table).ifExists().execute();
}
