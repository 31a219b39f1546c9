import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument, readDocument } from '../../../src/lib/import/index';
import { DEFAULT_SETTINGS, type ReadForm } from '../../../src/lib/domain/form';

const FIX = fileURLToPath(new URL('../../fixtures/', import.meta.url));

const fixture = (name: string) => new Uint8Array(readFileSync(`${FIX}${name}`));

async function read(name: string): Promise<ReadForm> {
	const forms = await readDocument(fixture(name), name);
	expect(forms).toHaveLength(1);
	return forms[0];
}

describe('seed form wangcheng-2020.txt', async () => {
	const form = await read('wangcheng-2020.txt');

	it('reads the header', () => {
		expect(form.unit).toBe('中共长沙市望城区委办公室');
		expect(form.year).toBe(2020);
		expect(form.kind).toBe('department');
		expect(form.moneyUnit).toBe('万元');
		expect(form.subunitCount).toBe(0);
		expect(form.title).toBe('部门整体自评表');
		expect(form.rateFormulaPrinted).toBe('(B-C)/A');
	});

	it('reads the funds rows by column', () => {
		expect(form.funds.rows).toEqual([
			{
				source: '财政拨款',
				initialBudget: null,
				budget: 2083,
				executed: 1967.2,
				transfer: 0,
				weight: null,
				ratePrinted: 0.94,
				scorePrinted: null
			}
		]);
		expect(form.funds.total).toEqual({
			source: '年度资金总额',
			initialBudget: null,
			budget: 2083,
			executed: 1967.2,
			transfer: 0,
			weight: 10,
			ratePrinted: 0.94,
			scorePrinted: 9.44
		});
	});

	it('reads 15 indicators with the merged first level filled down', () => {
		const inds = form.indicators;
		expect(inds).toHaveLength(15);
		const scored = inds.filter((i) => (i.weight ?? 0) > 0);
		expect(scored.map((i) => [i.level2, i.weight, i.score])).toEqual([
			['数量指标', 6, 6],
			['数量指标', 6, 6],
			['数量指标', 6, 6],
			['质量指标', 6, 6],
			['质量指标', 6, 6],
			['质量指标', 6, 6],
			['质量指标', 6, 6],
			['时效指标', 8, 8],
			['社会效益指标', 10, 10],
			['可持续影响指标', 10, 10],
			['可持续影响指标', 10, 10],
			['服务对象满意度指标', 10, 10]
		]);
		expect(inds.map((i) => i.level1)).toEqual([
			...Array(9).fill('产出指标'),
			...Array(5).fill('效益指标'),
			'满意度指标'
		]);
		for (const i of scored) expect(i.level3).toBe('部门整体运转');
		const placeholders = inds.filter((i) => i.weight === 0);
		expect(placeholders.map((i) => [i.level1, i.level2, i.score, i.level3, i.content, i.targetValue, i.actualValue])).toEqual([
			['产出指标', '成本指标', 0, null, null, null, null],
			['效益指标', '经济效益指标', 0, null, null, null, null],
			['效益指标', '生态效益指标', 0, null, null, null, null]
		]);
		for (const i of inds) {
			expect(i.reason).toBeNull();
			expect(i.measure).toBeNull();
		}
	});

	it('splits the run-together satisfaction cell and joins page-broken rows literally', () => {
		const sat = form.indicators[14];
		expect(sat.level3).toBe('部门整体运转');
		expect(sat.content).toBe('服务部门及群众满意度');
		expect(sat.targetValue).toBe('95%');
		const quality2 = form.indicators.filter((i) => i.level2 === '质量指标')[1];
		expect(quality2.actualValue!.endsWith('入党积极分子分子（第二期）培训。')).toBe(true);
		const sustain = form.indicators.find((i) => i.level2 === '可持续影响指标')!;
		expect(sustain.content!.startsWith('坚持知信行统一')).toBe(true);
		expect(sustain.content!.endsWith('见实效。')).toBe(true);
		expect(sustain.actualValue).toContain('过程中，确保了');
	});

	it('reads the total, goals and functions', () => {
		expect(form.totalWeight).toBe(100);
		expect(form.totalScorePrinted).toBe(99.44);
		expect(form.goals.planned!.startsWith('1、全力推动')).toBe(true);
		expect(form.goals.achieved!.startsWith('1、精准组织调查研究')).toBe(true);
		expect(form.functions!.startsWith('区委办主要职责')).toBe(true);
	});

	it('is complete and raises no reader notes', () => {
		expect(form.notes).toEqual([]);
	});

	it('gives the same form from the GBK file', async () => {
		const gbk = await read('wangcheng-2020.gbk.txt');
		expect(gbk).toEqual(form);
	});

	it('goes through the domain in parseDocument', async () => {
		const [n] = await parseDocument(fixture('wangcheng-2020.txt'), 'wangcheng-2020.txt', DEFAULT_SETTINGS);
		expect(n.unit).toBe(form.unit);
		// the printed (B-C)/A wins over the bureau default B/A
		expect(n.computed.rateFormula).toBe('(B-C)/A');
		expect(n.computed.rate).toBeCloseTo(1967.2 / 2083, 4);
		expect(n.findings.some((f) => f.code === 'RATE_PRINTED_MISMATCH')).toBe(true);
	});
});

describe('the seed in other text layouts reads the same', async () => {
	const seed = readFileSync(`${FIX}wangcheng-2020.txt`, 'utf8');
	const [tabs] = await readDocument(new TextEncoder().encode(seed), 'seed.txt');
	const comparable = (f: ReadForm) =>
		JSON.parse(JSON.stringify(f, (k, v) => (k === 'where' ? undefined : typeof v === 'string' ? v.replace(/\s+/g, '') : v)));

	it('as a flattened web table (| between cells)', async () => {
		const piped = seed
			.split('\n')
			.map((l) => (l.trim() ? `| ${l.replace(/\t/g, ' | ')} |` : ''))
			.join('\n');
		const [form] = await readDocument(new TextEncoder().encode(piped), 'seed-pipes.txt');
		expect(comparable(form)).toEqual(comparable(tabs));
	});

	it('with runs of spaces between cells (positions lost: continuation lines land at the end of the row)', async () => {
		const spaced = seed.replace(/\t/g, '  ');
		const [form] = await readDocument(new TextEncoder().encode(spaced), 'seed-spaces.txt');
		const { indicators, ...rest } = comparable(form);
		const { indicators: expectedIndicators, ...expectedRest } = comparable(tabs);
		expect(rest).toEqual(expectedRest);
		const pick = (list: typeof indicators) =>
			list.map((i: ReadForm['indicators'][number]) => [i.level1, i.level2, i.level3, i.targetValue, i.weight, i.score]);
		expect(pick(indicators)).toEqual(pick(expectedIndicators));
	});
});
