/**
 * Builds the app once for all browser tests; each test file then starts its own server on a fresh
 * database (test/e2e/server.ts), so files do not depend on each other's data.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { chromiumPath } from './browser';

const root = resolve(import.meta.dirname, '../..');

export default function setup() {
	// fail early and clearly when the browser is missing, before spending time on the build
	chromiumPath();
	if (process.env.E2E_SKIP_BUILD !== '1') {
		execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
	}
}
