/**
 * Hostile text in imported forms: a unit name and an indicator carrying `<script>` and an `onerror` image
 * are imported (through the CLI and through the upload page) and every page that shows them is opened in
 * Chromium. Nothing may run (no dialog), no such element may exist, and the text must show as text.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, screenshot } from './browser';
import { fetchRetry, root, startServer, type TestServer } from './server';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const UNIT = `中共${SCRIPT}${IMG}办公室`;
const INDICATOR = `建设${SCRIPT}${IMG}基地`;
const SEED_UNIT = '中共长沙市望城区委办公室';
const SEED_INDICATOR = '建设涉台教育社区教育基地，3个，3万元/个';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let cookie: string;
let formId: number;
let unitId: number;
let hostileFile: string;
const dialogs: string[] = [];

beforeAll(async () => {
	server = await startServer();
	const seed = fs.readFileSync(path.join(root, 'test/fixtures/wangcheng-2020.txt'), 'utf8');
	expect(seed).toContain(SEED_INDICATOR);
	hostileFile = path.join(server.dir, 'hostile.txt');
	fs.writeFileSync(hostileFile, seed.replace(SEED_UNIT, UNIT).replace(SEED_INDICATOR, INDICATOR));
	server.cli(['import', hostileFile]);
	const db = new SqliteDatabase(server.dbPath, { readonly: true });
	const row = db.prepare('select id, canonical_unit_id as unit, unit_name as name from forms').get() as { id: number; unit: number; name: string };
	db.close();
	// the reader kept the name exactly as printed
	expect(row.name).toBe(UNIT);
	formId = row.id;
	unitId = row.unit;
	browser = await launch();
	context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	await server.login(context);
	cookie = await server.cookie();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function open(url: string): Promise<Page> {
	const page = await context.newPage();
	page.on('dialog', async (d) => {
		dialogs.push(`${url}: ${d.message()}`);
		await d.dismiss();
	});
	await page.goto(`${server.baseURL}${url}`, { waitUntil: 'networkidle' });
	return page;
}

/** Nothing ran, no injected element exists, and (where the page shows it) the name reads as text. */
async function expectInert(page: Page, url: string, showsText: boolean): Promise<void> {
	expect(dialogs, 'an alert ran').toEqual([]);
	expect(await page.locator('img[src="x"]').count(), `${url}: injected <img>`).toBe(0);
	const injectedScripts = await page.evaluate(() =>
		[...document.querySelectorAll('script')].filter((s) => s.textContent?.trim() === 'alert(1)').length
	);
	expect(injectedScripts, `${url}: injected <script>`).toBe(0);
	expect(await page.evaluate(() => [...document.querySelectorAll('[onerror]')].length), `${url}: onerror attribute`).toBe(0);
	if (showsText) expect(await page.locator('body').innerText(), `${url}: the text as text`).toContain(SCRIPT);
}

describe('imported text with markup in it', () => {
	const pages: [string, () => string, boolean][] = [
		['forms list', () => '/forms', true],
		['form page', () => `/forms/${formId}`, true],
		['printable report', () => `/forms/${formId}/report`, true],
		['unit page', () => `/units/${unitId}`, true],
		['findings', () => '/findings', false],
		['overview', () => '/', false],
		['comparison', () => '/compare', false],
		['years', () => '/years', false],
		['audit log', () => '/admin/audit', true]
	];

	it.each(pages)('the %s shows it as text and runs nothing', async (_label, url, showsText) => {
		const page = await open(url());
		await expectInert(page, url(), showsText);
		if (url() === `/forms/${formId}`) {
			expect(await page.locator('table.indicators').innerText()).toContain(INDICATOR.replace(/\s+/g, ' ').trim().slice(0, 12));
			await screenshot(page, 'hostile-form-page');
		}
		await page.close();
	});

	it('the server never sends the markup unescaped', async () => {
		for (const url of ['/forms', `/forms/${formId}`, `/forms/${formId}/report`, `/units/${unitId}`, '/findings', '/', '/compare', '/years', '/admin/audit']) {
			const html = await (await fetchRetry(`${server.baseURL}${url}`, { headers: { cookie } })).text();
			expect(html, url).not.toContain(SCRIPT);
			expect(html, url).not.toContain('<img src=x');
		}
		const page = await (await fetchRetry(`${server.baseURL}/forms/${formId}`, { headers: { cookie } })).text();
		// Svelte escapes `<` and `&` in text (`>` needs no escaping there)
		expect(page).toContain('中共&lt;script>alert(1)&lt;/script>">&lt;img src=x onerror=alert(1)>办公室');
	});

	it('the import page shows an uploaded hostile form as text', async () => {
		const page = await open('/import');
		const again = path.join(server.dir, '再导入.txt');
		fs.writeFileSync(again, `${fs.readFileSync(hostileFile, 'utf8')}\n`);
		await page.getByTestId('file-input').setInputFiles([again]);
		await expect.poll(async () => (await page.getByTestId('import-summary').innerText()).startsWith('导入完成'), { timeout: 60_000 }).toBe(true);
		await expectInert(page, '/import', true);
		await page.close();
	}, 90_000);

	/**
	 * {@html} only with constants: the report's own stylesheet, and translated messages (the catalogue is
	 * ours) whose parameters are numbers. A message that takes a name or any imported text must be written
	 * without {@html}.
	 */
	const numericParam = /^[\w.]*(count|Count|total|Total|length|year|Year|pages|Pages)[\w.]*$|^\d+$/;
	function trusted(line: string): boolean {
		if (/\{@html `<style>\$\{REPORT_CSS\}<\/style>`\}/.test(line)) return true;
		const call = /\{@html m\.\w+\((?:\{([^}]*)\})?\)\}/.exec(line);
		if (!call) return false;
		const params = (call[1] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
		return params.every((p) => numericParam.test(p.split(':').pop()!.trim()));
	}

	it('no page renders imported text as HTML ({@html} only with constants)', () => {
		const offenders: string[] = [];
		const walk = (dir: string) => {
			for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
				const full = path.join(dir, e.name);
				if (e.isDirectory()) walk(full);
				else if (e.name.endsWith('.svelte')) {
					for (const line of fs.readFileSync(full, 'utf8').split('\n'))
						if (line.includes('{@html') && !trusted(line))
							offenders.push(`${path.relative(root, full)}: ${line.trim()}`);
				}
			}
		};
		walk(path.join(root, 'src'));
		expect(offenders).toEqual([]);
	});
});
