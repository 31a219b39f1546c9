/**
 * The interface in two languages: Chinese by default (whatever the browser prefers), English after the
 * header's switch, remembered by a cookie across reloads and pages, and back to Chinese. Numbers read the same
 * in both (94.44%); the form's own data (unit names, finding messages) stays as printed.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, screenshot } from './browser';
import { startServer, type TestServer } from './server';

const SEED_UNIT = '中共长沙市望城区委办公室';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer();
	server.cli(['import', 'test/fixtures/wangcheng-2020.txt']);
	browser = await launch();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** A logged-in browser whose own language is English: the app must still start in Chinese. */
async function englishBrowser(): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
	await server.login(context);
	return context;
}

async function localeCookie(context: BrowserContext): Promise<string | undefined> {
	return (await context.cookies(server.baseURL)).find((c) => c.name === 'PARAGLIDE_LOCALE')?.value;
}

const heading = (page: Page) => page.locator('h1').first().innerText();
const htmlLang = (page: Page) => page.locator('html').getAttribute('lang');

describe('switching the interface language', () => {
	it('starts in Chinese, switches to English, remembers it, and switches back', async () => {
		const context = await englishBrowser();
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(String(e)));

		// Chinese by default, even for a browser that prefers English
		await page.goto(`${server.baseURL}/`);
		expect(await heading(page)).toMatch(/^总览 · 2020 年$/);
		expect(await htmlLang(page)).toBe('zh-CN');
		expect(await page.getByRole('navigation', { name: '主导航' }).innerText()).toContain('自评表');
		// (Paraglide's client writes the language it found into the cookie: zh-CN, the base)
		expect(await localeCookie(context)).not.toBe('en');

		// the header's switch sets the cookie and reloads the page in English
		await Promise.all([page.waitForEvent('load'), page.getByTestId('lang-en').click()]);
		await expect.poll(() => heading(page)).toBe('Overview · 2020');
		expect(await htmlLang(page)).toBe('en');
		expect(await localeCookie(context)).toBe('en');
		const nav = page.getByRole('navigation', { name: 'Main navigation' });
		expect(await nav.innerText()).toMatch(/Overview[\s\S]*Compare[\s\S]*Trends[\s\S]*Findings[\s\S]*Forms/);
		expect(await page.locator('.card .label').first().innerText()).toBe('Units');
		await expect.poll(() => page.locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
		await screenshot(page, 'i18n-overview-en');

		// other pages follow: headings, table headers, labels of codes; numbers and data as before
		await page.goto(`${server.baseURL}/forms`);
		expect(await heading(page)).toBe('Performance self-evaluation forms');
		const table = page.locator('table.forms');
		expect(await table.locator('thead').innerText()).toMatch(/Unit[\s\S]*Execution rate[\s\S]*Recomputed score/);
		const row = table.locator('tbody tr', { hasText: SEED_UNIT });
		expect(await row.innerText()).toContain('Department-wide');
		expect(await row.innerText()).toContain('94.44%');

		await row.getByRole('link', { name: SEED_UNIT }).click();
		await page.waitForURL(/\/forms\/\d+$/);
		expect(await page.getByRole('heading', { name: 'Basic information' }).count()).toBe(1);
		expect(await page.getByTestId('rate').innerText()).toBe('94.44%');
		expect(await page.getByTestId('grade').innerText()).toBe('Excellent');
		// the finding's own sentence is data, written in Chinese at import: it stays as it was stored
		expect(await page.locator('#findings').innerText()).toMatch(/^Findings \(\d+\)$/);
		expect(await page.locator('#findings + table').innerText()).toContain('94.44%');
		await screenshot(page, 'i18n-form-en');

		await page.goto(`${server.baseURL}/findings`);
		expect(await heading(page)).toBe('Findings');
		const codes = await page.locator('select[name="code"] option').allInnerTexts();
		expect(codes).toContain('All');
		expect(codes.some((c) => c.startsWith('Rate does not match the amounts'))).toBe(true);

		// remembered: a reload and a new tab of the same browser are still in English
		await page.reload();
		expect(await heading(page)).toBe('Findings');
		const second = await context.newPage();
		await second.goto(`${server.baseURL}/compare`);
		expect(await heading(second)).toBe('Units compared · 2020');
		expect(await htmlLang(second)).toBe('en');
		await second.close();

		// and back to Chinese
		await Promise.all([page.waitForEvent('load'), page.getByTestId('lang-zh-CN').click()]);
		await expect.poll(() => heading(page)).toBe('问题');
		expect(await htmlLang(page)).toBe('zh-CN');
		expect(await localeCookie(context)).toBe('zh-CN');
		await page.goto(`${server.baseURL}/forms`);
		expect(await heading(page)).toBe('绩效自评表');

		expect(errors).toEqual([]);
		await context.close();
	});

	it('answers the login page, server-side messages and exports in the chosen language', async () => {
		const context = await browser.newContext({ locale: 'en-US' });
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: server.baseURL }]);
		const page = await context.newPage();
		await page.goto(`${server.baseURL}/login`);
		expect(await heading(page)).toBe('Log in');
		expect(await page.getByLabel('User name').count()).toBe(1);
		await context.close();

		// a 404 raised by a load function speaks the reader's language too
		const cookie = await server.cookie();
		const res = await fetch(`${server.baseURL}/forms/999999`, { headers: { cookie: `${cookie}; PARAGLIDE_LOCALE=en` } });
		expect(res.status).toBe(404);
		const html = await res.text();
		expect(html).toContain('<html lang="en">');
		expect(html).toContain('No such form');
		const zh = await fetch(`${server.baseURL}/forms/999999`, { headers: { cookie } }).then((r) => r.text());
		expect(zh).toContain('<html lang="zh-CN">');
		expect(zh).toContain('没有这份自评表');

		// an export is written in the language of whoever asks for it; the data in it stays as printed
		const csv = await fetch(`${server.baseURL}/forms/export.csv`, { headers: { cookie: `${cookie}; PARAGLIDE_LOCALE=en` } });
		expect(csv.status).toBe(200);
		const text = await csv.text();
		expect(text).toContain('Unit,Year,Type,Project,Full-year budget (万元)');
		expect(text).toContain(`${SEED_UNIT},2020,Department-wide`);
		const zhCsv = await fetch(`${server.baseURL}/forms/export.csv`, { headers: { cookie } }).then((r) => r.text());
		expect(zhCsv).toContain('单位,年度,类型,项目,全年预算数（万元）');
	});
});
