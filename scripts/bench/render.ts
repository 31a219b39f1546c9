/**
 * Charts in Chromium: a ranking of 20,000 bars drawn by the app's builder (large mode, progressive
 * rendering, dataZoom), and — when the HTTP part's server is up — the compare page's own chart.
 * Debian's Chromium through playwright-core, as the browser tests use it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { build } from 'vite';
import { log, ROOT } from './lib';
import type { RenderResult } from './results';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

async function bundle(): Promise<string> {
	const out = await build({
		configFile: false,
		logLevel: 'warn',
		root: ROOT,
		// a browser bundle: library mode leaves process.env.NODE_ENV for a bundler that will not come
		define: { 'process.env.NODE_ENV': JSON.stringify('production') },
		// the builders' messages are compiled from messages/*.json, as in vite.config.ts
		plugins: [
			paraglideVitePlugin({ project: './project.inlang', outdir: './src/lib/paraglide', strategy: ['cookie', 'baseLocale'] })
		],
		build: {
			write: false,
			minify: true,
			lib: { entry: path.join(import.meta.dirname, 'render-entry.ts'), formats: ['iife'], name: 'benchBundle' }
		}
	});
	const outputs = (Array.isArray(out) ? out : [out]) as { output: { type: string; code?: string }[] }[];
	const chunk = outputs[0].output.find((o) => o.type === 'chunk');
	if (!chunk?.code) throw new Error('render-entry bundle is empty');
	return chunk.code;
}

export async function benchRender(bars: number): Promise<RenderResult> {
	const executablePath = CANDIDATES.find((p): p is string => Boolean(p) && existsSync(p as string));
	if (!executablePath) throw new Error('Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)');
	log(`render: bundling the ranking builder and ECharts`);
	const code = await bundle();
	const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
	try {
		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		// a page with an origin (not about:blank): the builders' messages read the language cookie
		await page.route('http://bench.invalid/', (route) =>
			route.fulfill({
				contentType: 'text/html; charset=utf-8',
				body: '<!doctype html><meta charset="utf-8"><body style="margin:0"><div id="chart" style="width:1200px;height:800px"></div></body>'
			})
		);
		await page.goto('http://bench.invalid/');
		await page.addScriptTag({ content: code });
		if (errors.length) throw new Error(`render-entry failed in the browser: ${errors.join('; ')}`);
		const runs: { firstRenderMs: number; zoomMs: number; tooltipMs: number; optionMs: number }[] = [];
		for (let i = 0; i < 3; i++) {
			await page.evaluate(() => {
				const el = document.getElementById('chart') as HTMLDivElement;
				el.replaceWith(Object.assign(document.createElement('div'), { id: 'chart', style: 'width:1200px;height:800px' }));
			});
			runs.push(await page.evaluate((n) => (window as unknown as { benchRender: (n: number) => Promise<never> }).benchRender(n), bars));
		}
		// the median of three: the first run also pays for compiling ECharts
		const mid = <K extends keyof (typeof runs)[number]>(k: K) => runs.map((r) => r[k]).sort((a, b) => a - b)[1];
		const result: RenderResult = {
			bars,
			firstRenderMs: mid('firstRenderMs'),
			zoomMs: mid('zoomMs'),
			tooltipMs: mid('tooltipMs'),
			optionMs: mid('optionMs'),
			browser: `Chromium ${browser.version()}`
		};
		log(
			`render: ${bars} bars, option built in ${mid('optionMs').toFixed(0)} ms, first render ${result.firstRenderMs.toFixed(0)} ms, ` +
				`dataZoom step ${result.zoomMs.toFixed(0)} ms, tooltip ${mid('tooltipMs').toFixed(0)} ms`
		);
		return result;
	} finally {
		await browser.close();
	}
}
