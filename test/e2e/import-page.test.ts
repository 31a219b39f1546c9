/**
 * Batch import from the browser: the seed's three renditions and one broken file in one batch. The first
 * rendition imports, the other two are new versions of the same form (replaced), the broken file fails with
 * its reason; uploading the same batch again changes nothing.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, screenshot } from './browser';
import { startServer, type TestServer } from './server';

const fixtures = resolve(import.meta.dirname, '../fixtures');
let server: TestServer;

let browser: Browser;
let context: BrowserContext;
let broken: string;

beforeAll(async () => {
	server = await startServer();
	browser = await launch();
	context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	await server.login(context);
	const dir = mkdtempSync(join(tmpdir(), 'jixiao-e2e-files-'));
	broken = join(dir, 'broken.pdf');
	// a PNG renamed .pdf: the sniffer must say what it really is
	writeFileSync(broken, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function uploadBatch(page: Page, files: string[]) {
	await page.goto(`${server.baseURL}/import`);
	await page.getByTestId('file-input').setInputFiles(files);
	const summary = page.getByTestId('import-summary');
	await expect.poll(async () => (await summary.innerText()).startsWith('导入完成'), { timeout: 60_000 }).toBe(true);
	return summary;
}

describe('batch import page', () => {
	it('imports three renditions and reports the broken file', async () => {
		const page = await context.newPage();
		const files = ['wangcheng-2020.txt', 'wangcheng-2020.xlsx', 'wangcheng-2020.pdf'].map((f) => join(fixtures, f));
		await uploadBatch(page, [...files, broken]);

		const status = (name: string) => page.locator(`tr[data-file="${name}"]`).getAttribute('data-status');
		const statuses = [
			await status('wangcheng-2020.txt'),
			await status('wangcheng-2020.xlsx'),
			await status('wangcheng-2020.pdf')
		];
		// uploads run in parallel, so which rendition lands first varies: one is new, two replace it
		expect(statuses.filter((s) => s === 'imported')).toHaveLength(1);
		expect(statuses.filter((s) => s === 'replaced')).toHaveLength(2);
		expect(await status('broken.pdf')).toBe('failed');
		const failedRow = await page.locator('tr[data-file="broken.pdf"]').innerText();
		expect(failedRow).toContain('broken.pdf');
		expect(failedRow).toMatch(/PNG|图片/);

		// every imported rendition links to the same unit's form with the recomputed values
		const txtRow = await page.locator('tr[data-file="wangcheng-2020.txt"]').innerText();
		expect(txtRow).toContain('中共长沙市望城区委办公室');
		expect(txtRow).toContain('94.44%');
		await screenshot(page, 'import-batch');

		// the same batch again: nothing new
		await uploadBatch(page, files);
		for (const f of ['wangcheng-2020.txt', 'wangcheng-2020.xlsx', 'wangcheng-2020.pdf']) {
			expect(await status(f)).toBe('unchanged');
		}
		await page.close();
	});
});
