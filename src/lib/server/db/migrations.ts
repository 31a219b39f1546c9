/**
 * The migrations, imported statically so that the server build bundles them: nothing is read from disk at run
 * time. Add each new file of db/migrations here, under its file name (the order is the names' order).
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from '../../../../db/migrations/2026-11-28_001_initial';
import * as m002 from '../../../../db/migrations/2026-11-28_002_dashboard';
import * as m003 from '../../../../db/migrations/2026-11-28_003_auth';
import * as m004 from '../../../../db/migrations/2026-11-28_004_dashboard_indexes';
import * as m005 from '../../../../db/migrations/2026-11-28_005_dashboard_walks';

export const migrations: Record<string, Migration> = {
	'2026-11-28_001_initial': m001,
	'2026-11-28_002_dashboard': m002,
	'2026-11-28_003_auth': m003,
	'2026-11-28_004_dashboard_indexes': m004,
	'2026-11-28_005_dashboard_walks': m005
};

export const migrationProvider: MigrationProvider = {
	async getMigrations() {
		return migrations;
	}
};
