import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		// compiles messages/*.json into src/lib/paraglide (not committed) on every build, dev server and test run
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// the language is a choice remembered in a cookie, not part of the address, so every link keeps working;
			// without a choice, Chinese (the base locale), whatever the browser prefers.
			// `npm run check` compiles with the same options through the CLI (package.json): keep them in step
			strategy: ['cookie', 'baseLocale']
		}),
		sveltekit()
	],
	server: { port: 5173 },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
					testTimeout: 30_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['test/e2e/**/*.test.ts'],
					// the app is built once (globalSetup); each test file starts its own server on a fresh database
					globalSetup: ['test/e2e/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 240_000,
					fileParallelism: false
				}
			}
		]
	}
});
