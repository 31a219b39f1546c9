/**
 * "Take it to the boss": every table's 导出 Excel / 导出 CSV link clicked as a user would, each download
 * opened (the XLSX with exceljs: values and number formats; the CSV: BOM, Chinese intact), and the printable
 * report downloaded as a PDF whose text is read back with pdfjs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, screenshot } from './browser';
import { root, startServer, type TestServer } from './server';

const SEED_UNIT = '中共长沙市望城区委办公室';
const INJECTIONS = ['=HYPERLINK("http://x","点我")', '@SUM(A1)'];
const USER = 'e2e-boss';
const PASSWORD = 'export-e2e-Passw0rd';

function cli(server: TestServer, args: string[]): string {
	return execFileSync(process.execPath, ['bin/jixiao.js', ...args], {
		cwd: root,
		env: { ...process.env, DATABASE_URL: server.dbPath },
		encoding: 'utf8'
	});
}

/** The seed, plus copies of it printed under names that a spreadsheet would run as formulas. */
function loadData(server: TestServer, opts: { demo: boolean }): void {
	expect(cli(server, ['import', 'test/fixtures/wangcheng-2020.txt'])).toContain(SEED_UNIT);
	const seed = readFileSync(join(root, 'test/fixtures/wangcheng-2020.txt'), 'utf8');
	INJECTIONS.forEach((name, i) => {
		const file = join(server.dir, `injection-${i}.txt`);
		writeFileSync(file, seed.replace(SEED_UNIT, name));
		expect(cli(server, ['import', file])).toContain(name);
	});
	if (opts.demo) cli(server, ['demo', '--units', '5', '--years', '2', '--db', server.dbPath]);
	cli(server, ['user', 'add', USER, '--role', 'admin', '--password', PASSWORD]);
}

/** Log in as the test's own admin through the shared helper (a form POST, then the cookie on the context). */
async function login(context: BrowserContext, server: TestServer): Promise<void> {
	await server.login(context, { username: USER, password: PASSWORD });
}

interface Download {
	name: string;
	bytes: Buffer;
}

async function download(page: Page, click: () => Promise<void>): Promise<Download> {
	const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
	const path = await dl.path();
	expect(await dl.failure()).toBeNull();
	return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

async function sheetOf(bytes: Buffer): Promise<ExcelJS.Worksheet> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(bytes as unknown as ArrayBuffer);
	return wb.worksheets[0];
}

/** The sheet as rows of header → cell (row 2 is the header, data from row 3). */
function records(ws: ExcelJS.Worksheet): Map<string, ExcelJS.Cell>[] {
	const header = ws.getRow(2);
	const names: string[] = [];
	header.eachCell((cell, col) => (names[col] = String(cell.value)));
	const out: Map<string, ExcelJS.Cell>[] = [];
	for (let r = 3; r <= ws.rowCount; r++) {
		const row = ws.getRow(r);
		const rec = new Map<string, ExcelJS.Cell>();
		names.forEach((name, col) => name && rec.set(name, row.getCell(col)));
		out.push(rec);
	}
	return out;
}

function csvText(bytes: Buffer): string {
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
}

async function pdfText(bytes: Buffer): Promise<string> {
	const require = createRequire(import.meta.url);
	const pdfRoot = require.resolve('pdfjs-dist/package.json').replace(/package\.json$/, '');
	const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
	pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(`${pdfRoot}legacy/build/pdf.worker.mjs`).href;
	const doc = await pdfjs.getDocument({
		data: new Uint8Array(bytes),
		cMapUrl: pathToFileURL(`${pdfRoot}cmaps/`).href,
		cMapPacked: true,
		standardFontDataUrl: pathToFileURL(`${pdfRoot}standard_fonts/`).href
	}).promise;
	let text = '';
	for (let p = 1; p <= doc.numPages; p++) {
		const content = await (await doc.getPage(p)).getTextContent();
		for (const item of content.items) if ('str' in item) text += item.str;
	}
	await doc.destroy();
	return text.replace(/\s+/g, '');
}

describe('exports and the printable report', () => {
	let server: TestServer;
	let browser: Browser;
	let context: BrowserContext;

	beforeAll(async () => {
		server = await startServer();
		loadData(server, { demo: true });
		browser = await launch();
		context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
		await login(context, server);
	});

	afterAll(async () => {
		await context?.close();
		await browser?.close();
		await server?.stop();
	});

	it('exports the forms list with its filters: numbers with formats, formulas inert, CSV with a BOM', async () => {
		const page = await context.newPage();
		await page.goto(`${server.baseURL}/forms?year=2020&kind=department`);
		const shown = await page.locator('table.forms tbody tr').count();
		expect(shown).toBeGreaterThanOrEqual(3 + 5);

		const xlsx = await download(page, () => page.getByTestId('export-xlsx').click());
		expect(xlsx.name).toBe('自评表-2020-部门整体.xlsx');
		const ws = await sheetOf(xlsx.bytes);
		expect(String(ws.getCell('A1').value)).toMatch(/^自评表 · 2020 年 · 部门整体 · 导出于 \d{4}-\d\d-\d\d \d\d:\d\d$/);
		expect((ws.views[0] as ExcelJS.WorksheetViewFrozen).ySplit).toBe(2);
		const rows = records(ws);
		expect(rows).toHaveLength(shown);
		expect(rows.every((r) => r.get('年度')?.value === 2020 && r.get('类型')?.value === '部门整体')).toBe(true);
		const seed = rows.find((r) => r.get('单位')?.value === SEED_UNIT)!;
		expect(seed).toBeDefined();
		expect(seed.get('全年预算数（万元）')!.value).toBe(2083);
		expect(seed.get('全年预算数（万元）')!.numFmt).toBe('0.00');
		expect(seed.get('全年执行数（万元）')!.value).toBe(1967.2);
		expect(seed.get('执行率（复核）')!.value).toBe(0.9444);
		expect(seed.get('执行率（复核）')!.numFmt).toBe('0.00%');
		expect(seed.get('执行率（印刷）')!.value).toBe(0.94);
		expect(seed.get('复核得分')!.value).toBe(99.44);
		expect(seed.get('复核得分')!.numFmt).toBe('0.00');
		expect(seed.get('等级')!.value).toBe('优');
		const units = rows.map((r) => r.get('单位')!.value);
		for (const name of INJECTIONS) expect(units).toContain(`'${name}`);
		expect(rows.some((r) => r.get('单位')!.formula)).toBe(false);

		const csv = await download(page, () => page.getByTestId('export-csv').click());
		expect(csv.name).toBe('自评表-2020-部门整体.csv');
		const text = csvText(csv.bytes);
		const lines = text.split('\r\n');
		expect(lines[0]).toMatch(/^单位,年度,类型,项目,全年预算数（万元）/);
		expect(lines).toHaveLength(shown + 2);
		expect(lines.find((l) => l.startsWith(`${SEED_UNIT},`))).toMatch(/^中共长沙市望城区委办公室,2020,部门整体,,2083,1967\.2,94\.44%,94\.00%,9\.44,99\.44,99\.44,优,4,/);
		expect(text).toContain(`"'=HYPERLINK(""http://x"",""点我"")",2020`);
		expect(text).toContain("\r\n'@SUM(A1),2020");
		await page.close();
	});

	it('exports the comparison in the table’s order, every page', async () => {
		const page = await context.newPage();
		await page.goto(`${server.baseURL}/compare?year=2020&kind=department&sort=unit&dir=desc`);
		const table = page.getByTestId('compare-table');
		const shownUnits = (await table.locator('tbody tr td:nth-child(2) a').allInnerTexts()).map((s) => s.trim());
		expect(shownUnits.length).toBeGreaterThanOrEqual(8);

		const xlsx = await download(page, () => page.getByTestId('export-xlsx').click());
		expect(xlsx.name).toBe('对比-2020-部门整体-执行率.xlsx');
		const ws = await sheetOf(xlsx.bytes);
		expect(String(ws.getCell('A1').value)).toContain('对比 · 2020 年 · 部门整体 · 指标：执行率');
		const rows = records(ws);
		expect(rows.map((r) => String(r.get('单位')!.value).replace(/^'/, ''))).toEqual(shownUnits);
		const seed = rows.find((r) => r.get('单位')!.value === SEED_UNIT)!;
		expect(seed.get('执行率')!.value).toBe(0.9444);
		expect(seed.get('执行率')!.numFmt).toBe('0.00%');
		expect(seed.get('全年预算数（万元）')!.value).toBe(2083);
		expect(seed.get('全年预算数（万元）')!.numFmt).toBe('0.00');
		expect(seed.get('自评得分')!.value).toBe(99.44);
		expect(seed.get('分差（自评−复核）')!.value).toBe(0);

		const csv = csvText((await download(page, () => page.getByTestId('export-csv').click())).bytes);
		expect(csv.split('\r\n')[0]).toBe('序号,单位,全年预算数（万元）,全年执行数（万元）,执行率,自评得分,复核得分,分差（自评−复核）,等级（复核）,问题数,演示数据');
		expect(csv).toContain(`,${SEED_UNIT},2083,1967.2,94.44%,99.44,99.44,0,优,4,`);

		// a filter in force reaches the file: only the units below the alert line (none of the seed's copies)
		await page.goto(`${server.baseURL}/compare?year=2020&kind=department&below=1`);
		const below = await sheetOf((await download(page, () => page.getByTestId('export-xlsx').click())).bytes);
		expect(String(below.getCell('A1').value)).toContain('仅低于预警线（90.00%）');
		const belowRows = records(below);
		expect(belowRows.every((r) => (r.get('执行率')!.value as number) < 0.9)).toBe(true);
		expect(belowRows.some((r) => r.get('单位')!.value === SEED_UNIT)).toBe(false);
		await page.close();
	});

	it('exports the years matrix: one column per year, rates as fractions in %', async () => {
		const page = await context.newPage();
		await page.goto(`${server.baseURL}/years?kind=department&metric=rate`);
		const shown = await page.getByTestId('years-table').locator('tbody tr').count();
		const xlsx = await download(page, () => page.getByTestId('export-xlsx').click());
		expect(xlsx.name).toBe('趋势-执行率-部门整体.xlsx');
		const ws = await sheetOf(xlsx.bytes);
		const header = ws.getRow(2).values as unknown[];
		expect(header.slice(1, 3)).toEqual(['单位', expect.stringMatching(/^\d{4} 年$/)]);
		expect(header).toContain('2020 年');
		const rows = records(ws);
		expect(rows).toHaveLength(shown);
		const seed = rows.find((r) => r.get('单位')!.value === SEED_UNIT)!;
		expect(seed.get('2020 年')!.value).toBe(0.9444);
		expect(seed.get('2020 年')!.numFmt).toBe('0.00%');

		const csv = csvText((await download(page, () => page.getByTestId('export-csv').click())).bytes);
		expect(csv).toMatch(new RegExp(`\\r\\n${SEED_UNIT},94\\.44%`));
		await page.close();
	});

	it('exports the findings with the page’s filters', async () => {
		const page = await context.newPage();
		await page.goto(`${server.baseURL}/findings?year=2020&severity=error`);
		const total = Number(/共 (\d+) 条/.exec(await page.locator('form.toolbar').innerText())![1]);
		expect(total).toBeGreaterThanOrEqual(3);
		const xlsx = await download(page, () => page.getByTestId('export-xlsx').click());
		expect(xlsx.name).toBe('问题-2020-错误.xlsx');
		const ws = await sheetOf(xlsx.bytes);
		expect(String(ws.getCell('A1').value)).toContain('问题 · 级别：错误 · 2020 年');
		const rows = records(ws);
		expect(rows).toHaveLength(total);
		expect(rows.every((r) => r.get('级别')!.value === '错误' && r.get('年度')!.value === 2020)).toBe(true);
		const mismatch = rows.find((r) => r.get('单位')!.value === SEED_UNIT && r.get('代码')!.value === 'RATE_PRINTED_MISMATCH');
		expect(String(mismatch?.get('问题')!.value)).toContain('94.44%');

		const csv = csvText((await download(page, () => page.getByTestId('export-csv').click())).bytes);
		expect(csv.split('\r\n')[0]).toBe('级别,问题类型,问题,位置,单位,年度,类型,项目,代码,表编号');
		expect(csv).toContain('RATE_PRINTED_MISMATCH');
		expect(csv).toContain('所印执行率 94.00%');
		await page.close();
	});

	it('exports a unit’s indicators, downloads its report as PDF and shows the printable report', async () => {
		const page = await context.newPage();
		await page.goto(`${server.baseURL}/forms?q=${encodeURIComponent('望城区委办公室')}`);
		await page.locator('table.forms tbody tr', { hasText: SEED_UNIT }).getByRole('link', { name: SEED_UNIT }).click();
		await page.waitForURL(/\/forms\/\d+$/);
		const formUrl = page.url();

		// the unit page: the chosen year's indicator tree
		await page.getByRole('link', { name: SEED_UNIT }).first().click();
		await page.waitForURL(/\/units\/\d+/);
		const xlsx = await download(page, () => page.getByTestId('export-xlsx').click());
		expect(xlsx.name).toBe(`${SEED_UNIT}-2020-绩效指标.xlsx`);
		const ws = await sheetOf(xlsx.bytes);
		const rows = records(ws);
		expect(rows).toHaveLength(15);
		expect(ws.getRow(2).values).toEqual([undefined, '序号', '一级指标', '二级指标', '三级指标', '目标内容', '目标值', '完成值', '分值', '得分', '扣分', '未完成原因', '改进措施']);
		expect(rows[0].get('一级指标')!.value).toBe('产出指标');
		expect(rows[0].get('二级指标')!.value).toBe('数量指标');
		expect(rows[0].get('分值')!.value).toBe(6);
		expect(rows[0].get('分值')!.numFmt).toBe('0.00');
		expect(rows[0].get('扣分')!.value).toBe(0);
		expect(rows[14].get('目标内容')!.value).toBe('服务部门及群众满意度');
		expect(rows[14].get('目标值')!.value).toBe('95%');
		const weights = rows.reduce((s, r) => s + Number(r.get('分值')!.value ?? 0), 0);
		expect(weights).toBe(90);
		const csv = csvText((await download(page, () => page.getByTestId('export-csv').click())).bytes);
		expect(csv).toContain('服务部门及群众满意度,95%');

		// the printable report from the form page
		await page.goto(formUrl);
		await page.getByTestId('report-link').click();
		await page.waitForURL(/\/report$/);
		expect(await page.getByTestId('report-unit').innerText()).toBe(SEED_UNIT);
		expect(await page.getByTestId('report-total').innerText()).toBe('99.44');
		expect(await page.getByTestId('report-total-printed').innerText()).toBe('99.44');
		expect(await page.getByTestId('report-grade').innerText()).toBe('优');
		expect(await page.getByTestId('report-rate').innerText()).toContain('94.44%');
		expect(await page.locator('.report-doc').innerText()).toContain('复核发现的问题（4）');
		// printing hides the site's header and the toolbar
		await page.emulateMedia({ media: 'print' });
		expect(await page.locator('header.site').isVisible()).toBe(false);
		expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
		await screenshot(page, 'report-print');
		await page.emulateMedia({ media: 'screen' });
		expect(await page.locator('header.site').isVisible()).toBe(true);

		const pdf = await download(page, () => page.getByTestId('download-pdf').click());
		expect(pdf.name).toBe(`${SEED_UNIT}-2020-部门整体自评报告.pdf`);
		expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const text = await pdfText(pdf.bytes);
		// Chromium's own text layer would read 长 as the radical ⻓ (see src/lib/server/services/pdf-text.ts)
		expect(text).not.toMatch(/[\u2E80-\u2FDF]/);
		expect(text).toContain(SEED_UNIT);
		expect(text).toContain('99.44');
		expect(text).toContain('94.44%');
		expect(text).toContain('部门整体自评表');
		await page.close();
	});

	it('refuses exports and the report to a visitor who is not logged in', async () => {
		for (const path of ['/forms/export.xlsx', '/compare/export.csv', '/years/export.xlsx', '/findings/export.csv', '/forms/1/report.pdf']) {
			const res = await fetch(`${server.baseURL}${path}`, { redirect: 'manual' });
			expect(res.status, path).toBe(303);
			expect(res.headers.get('location'), path).toMatch(/^\/login\?next=/);
		}
	});
});

describe('the report without Chromium on the server', () => {
	let server: TestServer;
	let browser: Browser;

	beforeAll(async () => {
		server = await startServer({ CHROMIUM_PATH: '/nonexistent/chromium' });
		loadData(server, { demo: false });
		browser = await launch();
	});

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('says so on the button and answers the PDF address with 503', async () => {
		const context = await browser.newContext();
		await login(context, server);
		const page = await context.newPage();
		await page.goto(`${server.baseURL}/forms?q=${encodeURIComponent('望城区委办公室')}`);
		const href = await page.locator('table.forms tbody tr', { hasText: SEED_UNIT }).getByRole('link', { name: SEED_UNIT }).getAttribute('href');
		await page.goto(`${server.baseURL}${href}/report`);
		const button = page.getByTestId('download-pdf');
		expect(await button.innerText()).toBe('服务器未安装 Chromium，无法生成 PDF，请使用浏览器打印');
		expect(await button.isDisabled()).toBe(true);
		// the browser's printing still works from the same page
		expect(await page.getByTestId('report-total').innerText()).toBe('99.44');
		const res = await page.request.get(`${server.baseURL}${href}/report.pdf`);
		expect(res.status()).toBe(503);
		await context.close();
	});
});
