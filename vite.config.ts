import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vitest/config';

/**
 * Paraglide's generated registry builds a new Intl.PluralRules / NumberFormat / DateTimeFormat on every call of
 * a message that counts or formats; on the server that was ~0.3 ms per page (a form page asks several plural
 * messages per render; profiled under load). The formatters are immutable, so one per language and options is
 * enough. The generated file is rewritten as it is bundled (src/lib/paraglide is regenerated on every build).
 */
function paraglideIntlCache(): Plugin {
	const constructors = ['PluralRules', 'NumberFormat', 'DateTimeFormat', 'RelativeTimeFormat'];
	return {
		name: 'jixiao-paraglide-intl-cache',
		transform(code, id) {
			if (!id.split('?')[0].replaceAll('\\', '/').endsWith('/src/lib/paraglide/registry.js')) return null;
			let out = code;
			for (const c of constructors) out = out.replaceAll(`new Intl.${c}(`, `__intl(Intl.${c}, `);
			if (out === code) {
				this.warn('paraglide registry.js: no Intl constructor found to cache (generated code changed?)');
				return null;
			}
			const helper = `
const __intlCache = new Map();
function __intl(Ctor, locale, options) {
	const key = Ctor.name + '|' + locale + '|' + JSON.stringify(options ?? null);
	let f = __intlCache.get(key);
	if (!f) { f = new Ctor(locale, options); __intlCache.set(key, f); }
	return f;
}
`;
			return { code: out + helper, map: null };
		}
	};
}

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
		paraglideIntlCache(),
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
