/**
 * A settings change on a database too large to re-evaluate within the request: the page answers at once, shows
 * the pass's progress (and every page says figures may be mixed) until it ends, then what changed.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, screenshot } from './browser';
import { startServer, type TestServer } from './server';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
	// the answer does not wait for the pass at all, and there are a few thousand forms to go through
	server = await startServer({ JIXIAO_RECOMPUTE_WAIT_MS: '0' });
	server.cli(['demo', '--units', '400', '--years', '5']);
	browser = await launch();
	context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	await server.login(context);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('settings: the background re-evaluation', () => {
	it('shows its progress, then what it changed', async () => {
		const page = await context.newPage();
		await page.goto(`${server.baseURL}/settings`);
		await page.locator('input[name=alertLine]').fill('80');
		await page.getByRole('button', { name: '保存' }).click();
		const progress = page.getByTestId('settings-recomputing');
		await expect.poll(() => progress.count(), { timeout: 15_000 }).toBe(1);
		expect(await progress.innerText()).toMatch(/正在按新设置重新计算全部自评表：[\d,]+ \/ [\d,]+/);
		expect(await page.getByTestId('recomputing-banner').count()).toBe(1);
		await screenshot(page, 'settings-recomputing');
		// the page follows the pass by itself until it ends
		await expect.poll(() => page.getByTestId('settings-saved').count(), { timeout: 120_000 }).toBe(1);
		expect(await page.getByTestId('settings-saved').innerText()).toMatch(/重新计算了 [\d,]+ 份自评表，其中 [\d,]+ 份的结果有变化/);
		expect(await page.getByTestId('recomputing-banner').count()).toBe(0);
		await page.goto(`${server.baseURL}/`);
		expect(await page.getByTestId('recomputing-banner').count()).toBe(0);
		expect(await page.locator('.card', { hasText: '低于预警线' }).innerText()).toContain('80.00%');
		await page.close();
	});
});
