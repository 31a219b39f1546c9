/**
 * The spine end to end: the seed goes in through the CLI into the database the built server reads,
 * and its form page shows the recomputed values a reviewer checks.
 */
import { execFileSync } from 'node:child_process';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, screenshot } from './browser';
import { root, startServer, type TestServer } from './server';

let server: TestServer;

let browser: Browser;
let context: BrowserContext;
/** the admin's session, for fetch() */
let cookie: string;

beforeAll(async () => {
	server = await startServer();
	const out = execFileSync(
		process.execPath,
		['bin/jixiao.js', 'import', 'test/fixtures/wangcheng-2020.txt'],
		{ cwd: root, env: { ...process.env, DATABASE_URL: server.dbPath }, encoding: 'utf8' }
	);
	expect(out).toContain('中共长沙市望城区委办公室');
	browser = await launch();
	context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	await server.login(context);
	cookie = await server.cookie();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('the seed form in the browser', () => {
	it('lists the form and opens its page with 94.44%, 99.44 and 优', async () => {
		const page = await context.newPage();
		await page.goto(`${server.baseURL}/forms`);
		const row = page.locator('table.forms tbody tr', { hasText: '中共长沙市望城区委办公室' });
		await expect.poll(() => row.count()).toBe(1);
		expect(await row.innerText()).toContain('94.44%');
		await screenshot(page, 'forms-list');

		await row.getByRole('link', { name: '中共长沙市望城区委办公室' }).click();
		await page.waitForURL(/\/forms\/\d+$/);
		expect(await page.getByTestId('rate').innerText()).toBe('94.44%');
		expect(await page.getByTestId('total-score').innerText()).toBe('99.44');
		expect(await page.getByTestId('grade').innerText()).toBe('优');

		// printed 94.00% beside the recomputed 94.44%, highlighted as differing
		const total = page.locator('table.funds tr', { hasText: '年度资金总额' });
		expect(await total.innerText()).toMatch(/94\.00%[\s\S]*94\.44%/);
		expect(await total.locator('td.differs').count()).toBeGreaterThan(0);

		// the indicator tree: 15 rows, 一级 labels merged as on the printed form
		expect(await page.locator('table.indicators tbody tr').count()).toBe(15);
		expect(await page.locator('table.indicators td.level', { hasText: '产出指标' }).getAttribute('rowspan')).toBe('9');

		// the findings name the rate mismatch
		const findings = await page.locator('#findings + table').innerText();
		expect(findings).toContain('94.00%');
		expect(findings).toContain('94.44%');
		await screenshot(page, 'form-page-seed');
		await page.close();
	});

	it('serves the original file for download', async () => {
		const res = await fetch(`${server.baseURL}/forms`, { headers: { cookie } });
		const html = await res.text();
		const id = /href="\/forms\/(\d+)"/.exec(html)?.[1];
		expect(id).toBeDefined();
		const form = await fetch(`${server.baseURL}/forms/${id}`, { headers: { cookie } }).then((r) => r.text());
		const docHref = /href="(\/documents\/\d+)"/.exec(form)?.[1];
		expect(docHref).toBeDefined();
		const doc = await fetch(`${server.baseURL}${docHref}`, { headers: { cookie } });
		expect(doc.status).toBe(200);
		const bytes = new Uint8Array(await doc.arrayBuffer());
		expect(bytes.byteLength).toBe(5782);
	});

	it('answers 404 in Chinese for a form that does not exist', async () => {
		const res = await fetch(`${server.baseURL}/forms/999999`, { headers: { cookie } });
		expect(res.status).toBe(404);
	});
});
