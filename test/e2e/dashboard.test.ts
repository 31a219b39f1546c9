/**
 * The analyst's main path on demo data: overview → compare (filtered to units below the alert line) → the
 * lowest unit → its indicators → back to the same filtered view. Every page is screenshotted into
 * test-results/ so a person can look at what the test saw.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, screenshot } from './browser';
import { startServer, type TestServer } from './server';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
	server = await startServer();
	server.cli(['import', 'test/fixtures/wangcheng-2020.txt']);
	server.cli(['demo', '--units', '30', '--years', '3']);
	browser = await launch();
	context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	await server.login(context);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** waits until the page's charts have drawn (canvas present) so screenshots show them */
async function chartsDrawn(page: Page, n: number) {
	await expect.poll(() => page.locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(n);
	await page.waitForTimeout(400);
}

describe('dashboard walk', () => {
	it('overview → compare → lowest unit → indicators → back', async () => {
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(String(e)));

		// 总览: the latest demo year, department forms
		await page.goto(`${server.baseURL}/`);
		await expect.poll(() => page.locator('h1').innerText()).toMatch(/总览 · 20\d\d 年/);
		expect(Number(await page.getByTestId('units-count').innerText())).toBeGreaterThan(20);
		expect(await page.locator('.demo-note').innerText()).toContain('演示数据');
		await chartsDrawn(page, 2);
		await screenshot(page, 'dash-1-overview');

		// the "below the alert line" card links to the compare page filtered to those units
		const belowCount = Number(await page.locator('.card', { hasText: '低于预警线' }).locator('.value').innerText());
		// the charts' points are not in the page: the page fetches them, with its filters, once it is shown
		const pointsResponse = page.waitForResponse((r) => new URL(r.url()).pathname === '/compare/points');
		await page.locator('.card', { hasText: '低于预警线' }).getByRole('link').click();
		await page.waitForURL(/\/compare\?.*below=1/);
		const filteredUrl = page.url();
		const points = await pointsResponse;
		expect(points.status()).toBe(200);
		expect(new URL(points.url()).searchParams.get('below')).toBe('1');
		const body = (await points.json()) as { chart: { value: number | null }[] };
		expect(body.chart).toHaveLength(belowCount);
		expect(body.chart.every((p) => p.value !== null && p.value < 0.9)).toBe(true);
		await chartsDrawn(page, 2);
		await expect.poll(() => page.getByTestId('chart-loading').count(), { timeout: 15_000 }).toBe(0);
		expect(await page.getByText('图表加载失败').count()).toBe(0);
		const rows = page.getByTestId('compare-table').locator('tbody tr');
		expect(await rows.count()).toBeGreaterThan(0);
		// every row shown is below the line (the rate cell is marked low)
		const lowCells = await page.getByTestId('compare-table').locator('tbody td.low').count();
		expect(lowCells).toBe(await rows.count());
		await screenshot(page, 'dash-2-compare-below');

		// ranked by rate ascending: the first row is the lowest unit
		const first = rows.first();
		const unitName = (await first.locator('td').nth(1).locator('a').first().innerText()).trim();
		await first.locator('td').nth(1).locator('a').first().click();
		await page.waitForURL(/\/units\/\d+/);
		expect(await page.getByTestId('unit-name').innerText()).toBe(unitName);
		await chartsDrawn(page, 1);
		// its indicators, grouped by 一级/二级 with weight and score
		const indicators = page.locator('table.indicators tbody tr');
		expect(await indicators.count()).toBeGreaterThan(5);
		expect(await page.locator('table.indicators td.level').first().innerText()).toMatch(/指标/);
		await screenshot(page, 'dash-3-unit');

		// back to exactly the filtered compare view
		await page.goBack();
		await page.waitForURL(filteredUrl);
		expect(page.url()).toBe(filteredUrl);
		expect(await page.locator('input[type=checkbox][name=below]').isChecked()).toBe(true);

		// 趋势 and 问题 render with data
		await page.goto(`${server.baseURL}/years`);
		await chartsDrawn(page, 1);
		expect(await page.getByTestId('years-table').locator('tbody tr').count()).toBeGreaterThan(10);
		await screenshot(page, 'dash-4-years');
		await page.goto(`${server.baseURL}/findings`);
		expect(await page.getByTestId('findings-table').locator('tbody tr').count()).toBeGreaterThan(5);
		await screenshot(page, 'dash-5-findings');

		expect(errors).toEqual([]);
		await page.close();
	});

	it('a settings change (alert line) changes every page', async () => {
		const page = await context.newPage();
		await page.goto(`${server.baseURL}/`);
		const before = await page.locator('.card', { hasText: '低于预警线' }).locator('.value').innerText();
		await page.goto(`${server.baseURL}/settings`);
		await page.locator('input[name=alertLine]').fill('99');
		await page.getByRole('button', { name: '保存' }).click();
		await expect.poll(() => page.getByTestId('settings-saved').count(), { timeout: 30_000 }).toBe(1);
		await page.goto(`${server.baseURL}/`);
		const after = await page.locator('.card', { hasText: '低于预警线' }).locator('.value').innerText();
		expect(Number(after)).toBeGreaterThan(Number(before));
		expect(await page.locator('.card', { hasText: '低于预警线' }).innerText()).toContain('99.00%');
		await page.close();
	});

	it('serves the chart points gzipped, and a 304 for a view the browser has while the data stay the same', async () => {
		const cookie = await server.cookie();
		const url = `${server.baseURL}/compare/points?year=`;
		// Node's fetch asks for gzip and unpacks it; the headers still say how it came
		const first = await fetch(url, { headers: { cookie } });
		expect(first.status).toBe(200);
		expect(first.headers.get('content-encoding')).toBe('gzip');
		const etag = first.headers.get('etag');
		expect(etag).toMatch(/^W\/".+"$/);
		const points = (await first.json()) as { chart: unknown[] };
		expect(points.chart.length).toBeGreaterThan(20);

		const again = await fetch(url, { headers: { cookie, 'if-none-match': etag! } });
		expect(again.status).toBe(304);
		// other filters are other points
		const other = await fetch(`${url}&below=1`, { headers: { cookie, 'if-none-match': etag! } });
		expect(other.status).toBe(200);
		await other.arrayBuffer();

		// new data: the old tag no longer matches
		server.cli(['import', 'test/fixtures/wangcheng-2020.gbk.txt']);
		const after = await fetch(url, { headers: { cookie, 'if-none-match': etag! } });
		expect(after.status).toBe(200);
		expect(after.headers.get('etag')).not.toBe(etag);
		await after.arrayBuffer();
	});
});
