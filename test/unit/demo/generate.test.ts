import { describe, expect, it } from 'vitest';
import { DEMO_DEFAULTS, PROBLEM_KINDS, generateDataset, type GeneratedDocument } from '../../../src/lib/demo';
import { Rng, hashSeed } from '../../../src/lib/demo/random';

function take(n: number, iterable: Iterable<GeneratedDocument>): GeneratedDocument[] {
	const out: GeneratedDocument[] = [];
	for (const doc of iterable) {
		if (out.length >= n) break;
		out.push(doc);
	}
	return out;
}

function quantile(sorted: number[], p: number): number {
	return sorted[Math.floor(p * (sorted.length - 1))];
}

// 700 units × 3 years with ~0.5 project forms each gives a little over 3,000 forms: the first 2,000 cover
// the first year and most of the second, so drift and renamed units show up too
const DATASET = [...generateDataset({ units: 700, years: 3, seed: 7, limit: 2000 })];

describe('random', () => {
	it('is deterministic per seed and differs between seeds', () => {
		const a = new Rng(hashSeed(1, 2, 3));
		const b = new Rng(hashSeed(1, 2, 3));
		const c = new Rng(hashSeed(1, 2, 4));
		const xs = Array.from({ length: 5 }, () => a.next());
		expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
		expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
		for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
	});
});

describe('generateDataset', () => {
	it('gives the same documents for the same seed, and other documents for another seed', () => {
		const opts = { units: 40, years: 2, seed: 99 };
		const first = [...generateDataset(opts)];
		const again = [...generateDataset(opts)];
		expect(again).toEqual(first);
		const other = [...generateDataset({ ...opts, seed: 100 })];
		expect(other.map((d) => d.text)).not.toEqual(first.map((d) => d.text));
	});

	it('is lazy: the first forms of a province-sized dataset come at once', () => {
		const started = performance.now();
		const docs = take(5, generateDataset({ units: 20_000, years: 10, seed: 1 }));
		expect(docs).toHaveLength(5);
		expect(performance.now() - started).toBeLessThan(2000);
	});

	it('stops at limit, and a year does not depend on how many years follow it', () => {
		const short = [...generateDataset({ units: 30, years: 1, seed: 5 })];
		const long = [...generateDataset({ units: 30, years: 4, seed: 5, limit: short.length })];
		expect(long).toHaveLength(short.length);
		expect(long).toEqual(short);
	});

	it('names files uniquely and gives each document one department form per unit and year', () => {
		const names = new Set(DATASET.map((d) => d.fileName));
		expect(names.size).toBe(DATASET.length);
		const firstYear = DATASET.filter((d) => d.truth.fiscalYear === 2020);
		const departments = firstYear.filter((d) => d.truth.kind === 'department');
		expect(new Set(departments.map((d) => d.truth.canonicalUnit)).size).toBe(700);
		expect(firstYear.some((d) => d.truth.kind === 'project')).toBe(true);
		for (const d of DATASET) {
			expect(d.text.includes('\t')).toBe(true);
			expect(d.truth.kind === 'project').toBe(d.truth.project !== null);
		}
	});

	it('prints the layouts the brief asks for', () => {
		const dept = DATASET.find((d) => d.truth.kind === 'department' && d.truth.formula === '(B-C)/A');
		const project = DATASET.find((d) => d.truth.kind === 'project');
		expect(dept?.text).toMatch(/部门\(单位\)名称\t/);
		expect(dept?.text).toMatch(/全年预算数 \(A\)\t全年执行数 \(B\)\t上级财政(转移|移动)支付 \(C\)\t分值\t执行率 \(\(B-C\)\/A\)\t得分/);
		expect(dept?.text).toMatch(/\t年度资金总额\t/);
		expect(dept?.text).toMatch(/\n年度绩效指标\t产出指标\t数量指标\t/);
		expect(dept?.text).toMatch(/\n总分\t/);
		expect(project?.text).toMatch(/^项目支出绩效自评表\n/);
		for (const label of ['项目名称\t', '主管部门\t', '实施单位\t', '年初预算数\t全年预算数（A）\t全年执行数（B）\t分值\t执行率（B/A）\t得分']) {
			expect(project?.text).toContain(label);
		}
		expect(project?.text).toMatch(/\t其中[:：]/);
		expect(project?.text).toContain('偏差原因分析及改进措施');
	});

	it('has execution rates mostly near 100% with a tail, and budgets over orders of magnitude', () => {
		const rates = DATASET.map((d) => d.truth.rate).sort((a, b) => a - b);
		const median = quantile(rates, 0.5);
		expect(median).toBeGreaterThanOrEqual(0.85);
		expect(median).toBeLessThanOrEqual(1);
		const below60 = rates.filter((r) => r < 0.6).length;
		const above100 = rates.filter((r) => r > 1).length;
		expect(below60).toBeGreaterThanOrEqual(10);
		expect(above100).toBeGreaterThanOrEqual(5);
		expect(above100).toBeLessThan(DATASET.length * 0.1);
		expect(rates[0]).toBeGreaterThanOrEqual(0.29);

		const budgets = DATASET.filter((d) => d.truth.kind === 'department')
			.map((d) => d.truth.budget)
			.sort((a, b) => a - b);
		expect(quantile(budgets, 0.5)).toBeGreaterThan(400);
		expect(quantile(budgets, 0.5)).toBeLessThan(1600);
		expect(budgets[budgets.length - 1] / budgets[0]).toBeGreaterThan(100);
		expect(quantile(budgets, 0.95) / quantile(budgets, 0.05)).toBeGreaterThan(20);
		expect(budgets[0]).toBeGreaterThanOrEqual(20);
		expect(budgets[budgets.length - 1]).toBeLessThanOrEqual(50_000);

		const scores = DATASET.map((d) => d.truth.totalScore)
			.filter((s): s is number => s !== null)
			.sort((a, b) => a - b);
		expect(quantile(scores, 0.5)).toBeGreaterThanOrEqual(85);
		expect(quantile(scores, 0.25)).toBeGreaterThanOrEqual(85);
		const counts = DATASET.map((d) => d.truth.indicatorCount);
		expect(Math.min(...counts)).toBeGreaterThanOrEqual(8);
		expect(Math.max(...counts)).toBeLessThanOrEqual(28);
	});

	it('lets a unit drift from year to year', () => {
		const byUnit = new Map<string, GeneratedDocument[]>();
		for (const d of DATASET) {
			if (d.truth.kind !== 'department') continue;
			byUnit.set(d.truth.canonicalUnit, [...(byUnit.get(d.truth.canonicalUnit) ?? []), d]);
		}
		const pairs = [...byUnit.values()].filter((ds) => ds.length >= 2);
		expect(pairs.length).toBeGreaterThan(100);
		const changed = pairs.filter(([a, b]) => a.truth.budget !== b.truth.budget && a.truth.rate !== b.truth.rate);
		expect(changed.length / pairs.length).toBeGreaterThan(0.8);
		// but stays the same unit: budgets move by a factor, not by orders of magnitude
		const ratios = pairs.map(([a, b]) => b.truth.budget / a.truth.budget).sort((x, y) => x - y);
		expect(quantile(ratios, 0.5)).toBeGreaterThan(0.8);
		expect(quantile(ratios, 0.5)).toBeLessThan(1.3);
	});

	it('prints some units under other spellings in other years', () => {
		const spellings = new Map<string, Set<string>>();
		for (const d of DATASET) {
			if (d.truth.unit === null) continue;
			spellings.set(d.truth.canonicalUnit, (spellings.get(d.truth.canonicalUnit) ?? new Set()).add(d.truth.unit));
		}
		const renamed = [...spellings.entries()].filter(([, s]) => s.size > 1);
		expect(renamed.length).toBeGreaterThanOrEqual(10);
		const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').replace(/^中共/, '');
		for (const [canonical, names] of renamed) {
			for (const name of names) expect(fold(name)).toBe(fold(canonical));
		}
		const all = renamed.flatMap(([c, names]) => [...names].filter((n) => n !== c).map((n) => [c, n] as const));
		expect(all.some(([c, n]) => c.startsWith('中共') && !n.startsWith('中共'))).toBe(true);
		expect(all.some(([c, n]) => c.includes('（') && n.includes('('))).toBe(true);
		expect(all.some(([, n]) => / /.test(n))).toBe(true);
	});

	it('uses real kinds of units, party offices under 中共', () => {
		const units = new Set(DATASET.map((d) => d.truth.canonicalUnit));
		for (const kind of ['教育局', '财政局', '卫生健康局', '人民医院', '第一中学', '镇人民政府', '自然资源和规划局', '农业农村局', '交通运输局', '图书馆', '疾病预防控制中心']) {
			expect([...units].some((u) => u.includes(kind)), kind).toBe(true);
		}
		expect([...units].some((u) => /^中共.+委员会办公室$/.test(u))).toBe(true);
	});

	it('injects every kind of data-quality problem, at a low rate', () => {
		const counts = new Map<string, number>();
		for (const d of DATASET) for (const p of d.truth.problems) counts.set(p, (counts.get(p) ?? 0) + 1);
		for (const kind of PROBLEM_KINDS) expect(counts.get(kind) ?? 0, kind).toBeGreaterThan(0);
		const clean = DATASET.filter((d) => d.truth.problems.length === 0).length;
		expect(clean / DATASET.length).toBeGreaterThan(0.5);
		// missing unit and year leave nothing of either in the text or the file name
		for (const d of DATASET) {
			if (d.truth.year === null) expect(d.text).not.toMatch(/20[12]\d\s*年/);
			if (d.truth.year === null || d.truth.unit === null) expect(d.fileName).toMatch(/^\d{6}-自评表\.txt$/);
		}
	});

	it('has the defaults the README start command uses', () => {
		expect(DEMO_DEFAULTS).toEqual({ units: 120, years: 3, seed: 20201 });
	});

	it('measures its throughput', () => {
		const started = performance.now();
		let n = 0;
		for (const doc of generateDataset({ units: 2000, years: 2, seed: 3, limit: 3000 })) n += doc.text.length > 0 ? 1 : 0;
		const seconds = (performance.now() - started) / 1000;
		console.log(`demo generator: ${n} documents in ${seconds.toFixed(2)} s (${Math.round(n / seconds)} documents/s)`);
		expect(n).toBe(3000);
	});
});
