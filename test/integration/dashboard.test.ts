import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { round } from '../../src/lib/domain/rates';
import type { Database } from '../../src/lib/server/db/schema';
import { rateBins } from '../../src/lib/charts/bins';
import {
	getComparison,
	getComparisonPoints,
	getOverview,
	getTrend,
	getUnitPage,
	getYearsMatrix
} from '../../src/lib/server/repositories/dashboard';
import { countFindingsByCode, listFindings } from '../../src/lib/server/repositories/findings';
import { getForm } from '../../src/lib/server/repositories/forms';
import { mergeUnits } from '../../src/lib/server/repositories/merges';
import { listUnits, unitNameKey } from '../../src/lib/server/repositories/units';
import { setSettings } from '../../src/lib/server/repositories/settings';
import { type ImportedForm } from '../../src/lib/server/services/import';
import { changeSettings } from '../../src/lib/server/services/recompute';
import { importAll, type Spec } from './build';
import { tempDb } from './helpers';

const ORG = '中共某县委组织部';
const FIN = '某县财政局（本级）';
const EDU = '某县教育局';
const HEALTH = '某县卫生健康局';
const DEMO = '演示县林业局';
const WATER = '某县水利局';

const SPECS: Spec[] = [
	{ unit: ORG, year: 2020, budget: 100, executed: 95, self: 99 },
	{ unit: FIN, year: 2020, budget: 200, executed: 198, self: 98 },
	{ unit: EDU, year: 2020, budget: 100, executed: 50, self: 96 },
	// printed without 中共 this year, and with an upper-level transfer that (B-C)/A deducts
	{ unit: '某县委组织部', year: 2021, budget: 100, executed: 80, transfer: 10, self: 97 },
	// in 元, with half-width brackets
	{ unit: '某县财政局 (本级)', year: 2021, budget: 12_000_000, executed: 12_360_000, moneyUnit: '元', self: 100 },
	{ unit: EDU, year: 2021, budget: 100, executed: 70, self: 95 },
	{ unit: HEALTH, year: 2021, budget: null, executed: null, self: null },
	{ unit: DEMO, year: 2021, budget: 300, executed: 285, self: 92, origin: 'demo' },
	{ unit: EDU, year: 2021, kind: 'project', project: '学校建设', budget: 500, executed: 300, self: 90 },
	{ unit: EDU, year: 2021, kind: 'project', project: '营养餐', budget: 100, executed: 95, self: 99 },
	{ unit: EDU, year: 2022, kind: 'project', project: '学校建设', budget: 500, executed: 200, self: 85 },
	{ unit: ORG, year: 2022, budget: 100, executed: 85, self: 96 },
	{ unit: FIN, year: 2022, budget: 200, executed: 150, self: 97 },
	{ unit: EDU, year: 2022, budget: 100, executed: 90, self: 98 },
	// no 2021 form: its fall from 2020 to 2022 is not a year-on-year change
	{ unit: WATER, year: 2020, budget: 100, executed: 99, self: 99 },
	{ unit: WATER, year: 2022, budget: 100, executed: 40, self: 80 }
];

let db: Kysely<Database>;
let close: () => Promise<void>;
let imported: ImportedForm[];
let unitId: Record<string, number>;

beforeAll(async () => {
	({ db, close } = await tempDb());
	imported = await importAll(db, SPECS);
	unitId = Object.fromEntries((await listUnits(db)).map((u) => [u.name, u.id]));
});
afterAll(async () => {
	await close();
});

const wan = (s: Spec, v: number | null) => (v === null ? null : s.moneyUnit === '元' ? v / 10_000 : v);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** The specs and import results of one year's forms of a kind. */
function slice(year: number, kind: 'department' | 'project' = 'department') {
	return SPECS.map((s, i) => ({ s, f: imported[i] })).filter(({ s }) => s.year === year && (s.kind ?? 'department') === kind);
}

describe('getOverview', () => {
	it('summarises one year of department forms, in 万元, with the demo forms counted apart', async () => {
		const o = await getOverview(db, { kind: 'department', year: 2021 });
		const forms = slice(2021);
		const withMoney = forms.filter(({ s }) => s.budget !== null);
		const rates = forms.map(({ f }) => f.rate).filter((r): r is number => r !== null);
		expect(o).toMatchObject({
			kind: 'department',
			year: 2021,
			years: [2022, 2021, 2020],
			alertLine: 0.9,
			unitsCount: 5,
			formsCount: forms.length,
			demoFormsCount: 1
		});
		expect(o.budgetWan).toBeCloseTo(sum(withMoney.map(({ s }) => wan(s, s.budget)!)), 6);
		expect(o.executedWan).toBeCloseTo(sum(withMoney.map(({ s }) => wan(s, s.executed)!)), 6);
		// all B/A forms: the budget-weighted rate is Σ executed / Σ budget
		expect(o.weightedRate).toBe(round(o.executedWan! / o.budgetWan!, 4));
		// four rates: the median is the mean of the middle two
		const sorted = [...rates].sort((a, b) => a - b);
		expect(sorted).toHaveLength(4);
		expect(o.medianRate).toBe(round((sorted[1] + sorted[2]) / 2, 4));
		// the chart's own bins, counted by the database
		expect(o.rateHistogram).toEqual(rateBins(rates, 0.9));
		const selves = forms.map(({ s }) => s.self).filter((v): v is number => typeof v === 'number');
		expect(o.avgSelfScore).toBe(round(sum(selves) / selves.length, 2));
		const scores = forms.map(({ f }) => f.totalScore).filter((v): v is number => v !== null);
		expect(o.avgScore).toBe(round(sum(scores) / scores.length, 2));
		for (const g of ['优', '良', '中', '差'] as const)
			expect(o.grades[g]).toBe(forms.filter(({ f }) => f.grade === g).length);
		expect(o.grades.none).toBe(forms.filter(({ f }) => f.grade === null).length);
		expect(sum(o.rateHistogram.bins.map((b) => b.count))).toBe(rates.length);

		const below = forms.filter(({ f }) => f.rate !== null && f.rate < 0.9).sort((a, b) => a.f.rate! - b.f.rate!);
		expect(o.belowAlert.total).toBe(below.length);
		expect(o.belowAlert.rows.map((r) => [r.formId, r.unit, r.rate])).toEqual(
			// the 2021 form printed 某县委组织部 shows under the unit's name, 中共某县委组织部
			below.map(({ f }) => [f.formId, f.unit, f.rate])
		);
		expect(o.belowAlert.rows.find((r) => r.unit === ORG)?.unitId).toBe(unitId[ORG]);

		// the same counts as the findings page's filter options, most frequent first
		const byCode = await countFindingsByCode(db, { year: 2021, kind: 'department' });
		expect(o.topFindings).toEqual(
			byCode
				.map(({ code, label, severity, count, forms }) => ({ code, label, severity, count, forms }))
				.sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1))
				.slice(0, 10)
		);
		expect(o.topFindings.find((t) => t.code === 'RATE_BELOW_ALERT')).toMatchObject({ label: '执行率低于预警线', forms: below.length });
	});

	it('defaults to the latest year and is empty where there are no forms', async () => {
		expect((await getOverview(db, { kind: 'department' })).year).toBe(2022);
		expect((await getOverview(db, { kind: 'project' })).year).toBe(2022);
		const none = await getOverview(db, { kind: 'project', year: 2019 });
		expect(none).toMatchObject({ formsCount: 0, budgetWan: null, weightedRate: null, medianRate: null });
		expect(none.rateHistogram).toEqual(rateBins([], 0.9));
	});
});

describe('the overview’s histogram counted by the database', () => {
	// rates on and beside every edge (within and beyond the tolerance), 100% and around it, far out
	const RATES = [
		-0.2, 0, 0.1, 0.3 - 2e-9, 0.3 - 5e-10, 0.3, 0.3 + 1e-12, 0.35, 0.3499, 0.6, 0.85 - 1e-10, 0.899, 0.9 - 2e-9, 0.9 - 1e-12,
		0.9, 0.92, 0.95, 1 - 2e-9, 1 - 1e-10, 1, 1 + 1e-10, 1 + 2e-9, 1.0001, 1.05 - 1e-12, 1.05, 1.2, 3
	];
	let dbB: Kysely<Database>;
	let closeB: () => Promise<void>;
	beforeAll(async () => {
		({ db: dbB, close: closeB } = await tempDb());
		const specs: Spec[] = RATES.map((_, i) => ({ unit: `某县第${i + 1}单位`, year: 2021, budget: 100, executed: 90, self: 90 }));
		const forms = await importAll(dbB, specs);
		// rates no form prints: set directly, as only the columns the dashboards read matter here
		for (let i = 0; i < forms.length; i++) await dbB.updateTable('forms').set({ rate: RATES[i] }).where('id', '=', forms[i].formId).execute();
	});
	afterAll(async () => {
		await closeB();
	});

	it('holds each rate in the chart’s bin, whatever the alert line, and takes the median from the index', async () => {
		const sorted = [...RATES].sort((a, b) => a - b);
		// the settings keep the line within (0, 1]: the chart's bins above 100% for a higher line are not reached
		for (const alertLine of [0.9, 0.92, 0.3, 0.875, 0.05, 1]) {
			await setSettings(dbB, { alertLine });
			const o = await getOverview(dbB, { kind: 'department', year: 2021 });
			expect(o.alertLine).toBe(alertLine);
			expect(o.rateHistogram).toEqual(rateBins(RATES, alertLine));
			expect(o.belowAlert.total).toBe(RATES.filter((r) => r < alertLine - 1e-9).length);
			expect(o.medianRate).toBe(round(sorted[sorted.length >> 1], 4));
		}
		// an even count: the mean of the middle two
		await dbB.updateTable('forms').set({ rate: null }).where('rate', '=', 3).execute();
		const even = sorted.slice(0, -1);
		const o = await getOverview(dbB, { kind: 'department', year: 2021 });
		expect(o.medianRate).toBe(round((even[even.length / 2 - 1] + even[even.length / 2]) / 2, 4));
		expect(o.rateHistogram.bins.reduce((n, b) => n + b.count, 0)).toBe(even.length);
	});
});

/**
 * The ranking (descending, nulls last, ties by unit) in ascending order: each run of equal values reversed
 * as a whole and kept in its order, nulls still last. The table sorted by the metric must follow the chart.
 */
function ascendingOf<R extends { value: number | null }>(ranked: R[]): R[] {
	const nonNull = ranked.filter((r) => r.value !== null);
	const out: R[] = [];
	let end = nonNull.length;
	while (end > 0) {
		let start = end - 1;
		while (start > 0 && nonNull[start - 1].value === nonNull[end - 1].value) start--;
		out.push(...nonNull.slice(start, end));
		end = start;
	}
	return [...out, ...ranked.filter((r) => r.value === null)];
}

describe('getComparison', () => {
	it('pages and sorts the rows, and charts every matching form', async () => {
		const c = await getComparison(db, { year: 2021, kind: 'department', metric: 'rate', pageSize: 2 });
		const forms = slice(2021);
		expect(c.total).toBe(forms.length);
		expect(c.dir).toBe('asc');
		expect(c.rows.map((r) => r.rate)).toEqual([0.7, 0.8]);
		const rest = await getComparison(db, { year: 2021, kind: 'department', metric: 'rate', pageSize: 2, page: 3 });
		// forms without a rate last, whatever the direction
		expect(rest.rows.map((r) => [r.unit, r.rate])).toEqual([[HEALTH, null]]);
		// the charts are served apart, for the same filters
		expect(c).not.toHaveProperty('chart');
		const p = await getComparisonPoints(db, { year: 2021, kind: 'department', metric: 'rate' });
		expect(p.chart).toHaveLength(forms.length);
		expect(p.chart.map((x) => x.value)).toEqual([1.03, 0.95, 0.8, 0.7, null]);
		expect(p.chart[0]).toMatchObject({ id: unitId[FIN], label: FIN });
		expect(p.scatter.map((x) => x.label).sort()).toEqual([ORG, FIN, EDU, DEMO].sort());
		expect(p.scatter.find((x) => x.label === FIN)?.budgetWan).toBe(1200);
		expect(p.alertLine).toBe(c.alertLine);
		// the table, page after page, in the chart's order (descending) and in its runs reversed (ascending)
		for (const dir of ['asc', 'desc'] as const) {
			const pages = [];
			for (let page = 1; page <= 3; page++)
				pages.push(...(await getComparison(db, { year: 2021, kind: 'department', metric: 'rate', pageSize: 2, page, dir })).rows);
			const chart = dir === 'desc' ? p.chart : ascendingOf(p.chart);
			expect(pages.map((r) => r.formId)).toEqual(chart.map((x) => x.formId));
		}
		const demo = c.rows.concat(rest.rows).find((r) => r.unit === DEMO);
		expect(demo === undefined || demo.isDemo).toBe(true);

		// the metric's page and the rate column's: the same order
		for (const dir of ['asc', 'desc'] as const) {
			const byMetric = await getComparison(db, { year: 2021, kind: 'department', metric: 'rate', sort: 'value', dir });
			const byColumn = await getComparison(db, { year: 2021, kind: 'department', metric: 'rate', sort: 'rate', dir });
			expect(byMetric.rows).toEqual(byColumn.rows);
		}
		const desc = await getComparison(db, { year: 2021, kind: 'department', metric: 'rate', dir: 'desc', sort: 'budget' });
		expect(desc.rows.map((r) => r.budgetWan)).toEqual([1200, 300, 100, 100, null]);
		expect(desc.rows.find((r) => r.unit === DEMO)?.isDemo).toBe(true);
	});

	it('compares self-scores with recomputed ones (gap) and filters by name, grade and alert line', async () => {
		const gap = await getComparison(db, { year: 2021, kind: 'department', metric: 'gap' });
		for (const r of gap.rows) expect(r.gap).toBe(r.self === null || r.score === null ? null : round(r.self - r.score, 2));
		const gapPoints = await getComparisonPoints(db, { year: 2021, kind: 'department', metric: 'gap' });
		expect(gap.rows.map((r) => r.value)).toEqual(gapPoints.chart.map((p) => p.value));

		// the points follow the filters, and a unit account sees only its unit's
		const belowPoints = await getComparisonPoints(db, { year: 2021, kind: 'department', metric: 'rate', belowOnly: true });
		expect(belowPoints.chart.map((x) => x.label)).toEqual([ORG, EDU]);
		const scoped = await getComparisonPoints(db, { year: 2021, kind: 'department', metric: 'rate' }, { role: 'unit', unitId: unitId[EDU] });
		expect(scoped.chart.map((x) => x.id)).toEqual([unitId[EDU]]);
		const named = await getComparisonPoints(db, { year: 2021, kind: 'department', metric: 'rate', search: '财政局' });
		expect(named.chart.map((x) => x.label)).toEqual([FIN]);

		// any spelling of the unit finds it: with 中共, half-width brackets
		const org = await getComparison(db, { year: 2021, kind: 'department', metric: 'rate', search: '中共某县委组织部' });
		expect(org.rows.map((r) => r.unit)).toEqual([ORG]);
		expect((await getComparison(db, { year: 2021, kind: 'department', metric: 'rate', search: '财政局(本级' })).total).toBe(1);

		const below = await getComparison(db, { year: 2021, kind: 'department', metric: 'rate', belowOnly: true });
		expect(below.rows.map((r) => r.unit)).toEqual([EDU, ORG]);
		const stricter = await getComparison(db, { year: 2021, kind: 'department', metric: 'rate', belowOnly: true, alertLine: 0.75 });
		expect(stricter.rows.map((r) => r.unit)).toEqual([EDU]);

		const all = await getComparison(db, { year: 2021, kind: 'department', metric: 'score' });
		const grade = all.rows.find((r) => r.grade !== null)!.grade!;
		const graded = await getComparison(db, { year: 2021, kind: 'department', metric: 'score', grade });
		expect(graded.total).toBe(all.rows.filter((r) => r.grade === grade).length);
		const ungraded = await getComparison(db, { year: 2021, kind: 'department', metric: 'score', grade: 'none' });
		expect(ungraded.rows.every((r) => r.grade === null)).toBe(true);
	});

	it('keeps ties by name in both directions, forms without a value last', async () => {
		// four 2021 department forms printed without a rate or at the same rate: a run of ties
		const all = [];
		for (let page = 1; page <= 5; page++)
			all.push(...(await getComparison(db, { year: 2021, kind: 'department', metric: 'self', pageSize: 1, page, dir: 'asc' })).rows);
		const p = await getComparisonPoints(db, { year: 2021, kind: 'department', metric: 'self' });
		expect(all.map((r) => r.formId)).toEqual(ascendingOf(p.chart).map((x) => x.formId));
		expect(all[all.length - 1].self).toBeNull();
	});

	it('labels project forms with their project', async () => {
		const p = await getComparison(db, { year: 2021, kind: 'project', metric: 'rate' });
		const points = await getComparisonPoints(db, { year: 2021, kind: 'project', metric: 'rate' });
		expect(points.chart.map((x) => x.label)).toEqual([`${EDU} · 营养餐`, `${EDU} · 学校建设`]);
		expect(p.rows.map((r) => r.project)).toEqual(['学校建设', '营养餐']);
	});
});

describe('the largest drops of many units', () => {
	// 40 units over three years: enough falls that the first narrowing (a fall of half the values' span)
	// already holds 20, and others (smaller falls, rises, a gap year) that must stay out
	let dbD: Kysely<Database>;
	let closeD: () => Promise<void>;
	let specs: Spec[];
	let forms: ImportedForm[];
	beforeAll(async () => {
		({ db: dbD, close: closeD } = await tempDb());
		specs = [];
		for (let i = 0; i < 40; i++) {
			const unit = `某市第${String(i).padStart(2, '0')}局`;
			// rates from 100% falling by 0 … 0.78, some units rising back; scores falling by 0 … 39
			specs.push({ unit, year: 2020, budget: 100, executed: 100, self: 100 });
			specs.push({ unit, year: 2021, budget: 100, executed: 100 - ((i * 37) % 79), self: 100 - ((i * 13) % 40) });
			if (i % 3 !== 0) specs.push({ unit, year: 2022, budget: 100, executed: 100 - ((i * 11) % 60), self: 99 });
			else specs.push({ unit, year: 2023, budget: 100, executed: 22, self: 50 });
		}
		forms = await importAll(dbD, specs);
	});
	afterAll(async () => {
		await closeD();
	});

	/** Every year-on-year fall, computed here from the imported forms, largest first, ties by name then year. */
	function expected(value: (i: number) => number | null, digits: number) {
		const at = new Map(specs.map((s, i) => [`${s.unit}:${s.year}`, value(i)]));
		const falls: [string, number, number, number, number, number][] = [];
		for (const s of specs) {
			const from = at.get(`${s.unit}:${s.year - 1}`);
			const to = at.get(`${s.unit}:${s.year}`);
			if (from === undefined || from === null || to === undefined || to === null || !(to < from)) continue;
			falls.push([s.unit, s.year - 1, s.year, round(from, digits), round(to, digits), to - from]);
		}
		falls.sort((a, b) => a[5] - b[5] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) || a[2] - b[2]);
		return falls.slice(0, 20).map((f) => f.slice(0, 5));
	}

	it('are the 20 largest of all, by rate, score and self-score', async () => {
		const cases = [
			['rate', (i: number) => forms[i].rate, 4],
			['score', (i: number) => forms[i].totalScore, 2],
			['self', (i: number) => specs[i].self ?? null, 2]
		] as const;
		for (const [metric, value, digits] of cases) {
			const m = await getYearsMatrix(dbD, { kind: 'department', metric });
			const want = expected(value, digits);
			expect(want).toHaveLength(20);
			expect(m.drops.map((d) => [d.name, d.fromYear, d.toYear, d.from, d.to])).toEqual(want);
		}
	});

	it('follow the text filter and a unit account’s scope', async () => {
		const m = await getYearsMatrix(dbD, { kind: 'department', metric: 'rate', search: '第1' });
		expect(m.drops.length).toBeGreaterThan(0);
		expect(m.drops.every((d) => d.name.startsWith('某市第1'))).toBe(true);
		const one = (await getYearsMatrix(dbD, { kind: 'department', metric: 'rate' })).drops[0];
		const scoped = await getYearsMatrix(dbD, { kind: 'department', metric: 'rate' }, { role: 'unit', unitId: one.unitId });
		expect(scoped.drops.every((d) => d.unitId === one.unitId)).toBe(true);
		expect(scoped.drops[0]).toEqual(one);
		expect(scoped.totalUnits).toBe(1);
	});
});

describe('getYearsMatrix / getTrend', () => {
	it('gives a page of units by name, their values per year, and the largest drops over all units', async () => {
		const m = await getYearsMatrix(db, { kind: 'department', metric: 'rate', pageSize: 2 });
		expect(m.years).toEqual([2020, 2021, 2022]);
		expect(m.totalUnits).toBe(6);
		expect(m.units.map((u) => u.name)).toEqual([ORG, HEALTH]);
		const rateOf = (unit: string, year: number) => {
			const i = SPECS.findIndex((s) => !s.kind && s.year === year && unitNameKey(s.unit) === unitNameKey(unit));
			return imported[i].rate;
		};
		expect(m.cells).toEqual([
			{ unitId: unitId[ORG], year: 2020, value: rateOf(ORG, 2020) },
			{ unitId: unitId[ORG], year: 2021, value: rateOf(ORG, 2021) },
			{ unitId: unitId[ORG], year: 2022, value: rateOf(ORG, 2022) },
			{ unitId: unitId[HEALTH], year: 2021, value: null }
		]);
		// falls only, largest first: 财政局 2021→2022, 组织部 2020→2021
		expect(m.drops.map((d) => [d.name, d.fromYear, d.toYear, d.delta])).toEqual([
			[FIN, 2021, 2022, round(rateOf(FIN, 2022)! - rateOf(FIN, 2021)!, 4)],
			[ORG, 2020, 2021, round(rateOf(ORG, 2021)! - rateOf(ORG, 2020)!, 4)]
		]);
		const page2 = await getYearsMatrix(db, { kind: 'department', metric: 'rate', pageSize: 2, page: 2 });
		expect(page2.units.map((u) => u.name)).toEqual([EDU, WATER]);
		const searched = await getYearsMatrix(db, { kind: 'department', metric: 'score', search: '财政' });
		expect(searched.units.map((u) => u.name)).toEqual([FIN]);
		expect(searched.drops.every((d) => d.name === FIN)).toBe(true);
	});

	it('weights a unit’s project rates by budget', async () => {
		const m = await getYearsMatrix(db, { kind: 'project', metric: 'rate' });
		const weighted = (year: number) => {
			const projects = slice(year, 'project');
			return round(sum(projects.map(({ s, f }) => f.rate! * s.budget!)) / sum(projects.map(({ s }) => s.budget!)), 4);
		};
		expect(m.cells).toEqual([
			{ unitId: unitId[EDU], year: 2021, value: weighted(2021) },
			{ unitId: unitId[EDU], year: 2022, value: weighted(2022) }
		]);
		expect(m.drops).toEqual([
			{
				unitId: unitId[EDU],
				name: EDU,
				fromYear: 2021,
				toYear: 2022,
				from: weighted(2021),
				to: weighted(2022),
				delta: round(weighted(2022) - weighted(2021), 4)
			}
		]);
	});

	it('gives trends aligned with the years', async () => {
		const t = await getTrend(db, { unitIds: [unitId[EDU], unitId[HEALTH]], kind: 'department', metric: 'score' });
		expect(t.years).toEqual([2020, 2021, 2022]);
		const eduScores = [2020, 2021, 2022].map((y) => imported[SPECS.findIndex((s) => s.unit === EDU && s.year === y && !s.kind)].totalScore);
		expect(t.series[0]).toEqual({ id: unitId[EDU], name: EDU, values: eduScores });
		expect(t.series[1].values[0]).toBeNull();
	});
});

describe('getUnitPage', () => {
	it('gives the unit’s years, the chosen year’s forms and its history', async () => {
		const page = (await getUnitPage(db, unitId[EDU], { year: 2021 }))!;
		expect(page.unit).toMatchObject({ id: unitId[EDU], name: EDU, requestedId: null, mergedFrom: [] });
		expect(page.years.map((y) => [y.year, y.department?.rate, y.projects.length])).toEqual([
			[2020, 0.5, 0],
			[2021, 0.7, 2],
			[2022, 0.9, 1]
		]);
		expect(page.year).toBe(2021);
		const dept = imported[SPECS.findIndex((s) => s.unit === EDU && s.year === 2021 && !s.kind)];
		expect(page.department?.id).toBe(dept.formId);
		expect(page.department).toEqual(await getForm(db, dept.formId));
		expect(page.projects.map((p) => p.project)).toEqual(['学校建设', '营养餐']);
		expect(page.history).toEqual({
			years: [2020, 2021, 2022],
			rates: page.years.map((y) => y.department!.rate),
			scores: page.years.map((y) => y.department!.score),
			selfScores: [96, 95, 98]
		});
		expect((await getUnitPage(db, unitId[EDU]))!.year).toBe(2022);
		expect(await getUnitPage(db, 999_999)).toBeUndefined();
	});

	it('follows a chain of merges up to the unit shown and down to every unit merged into it', async () => {
		const { db: dbM, close: closeM } = await tempDb();
		try {
			await importAll(dbM, [
				{ unit: '甲县水务局', year: 2020, budget: 100, executed: 90 },
				{ unit: '甲县水利局', year: 2021, budget: 100, executed: 80 },
				{ unit: '甲县水利和湖泊局', year: 2022, budget: 100, executed: 70 }
			]);
			const ids = Object.fromEntries((await listUnits(dbM)).map((u) => [u.name, u.id]));
			// 水务局 into 水利局, then 水利局 into 水利和湖泊局: 水务局 still points at 水利局
			await mergeUnits(dbM, { from: ids['甲县水务局'], into: ids['甲县水利局'] });
			await mergeUnits(dbM, { from: ids['甲县水利局'], into: ids['甲县水利和湖泊局'] });
			const row = await dbM.selectFrom('units').select('merged_into').where('id', '=', ids['甲县水务局']).executeTakeFirstOrThrow();
			expect(row.merged_into).toBe(ids['甲县水利局']);
			const page = (await getUnitPage(dbM, ids['甲县水务局']))!;
			expect(page.unit).toMatchObject({ id: ids['甲县水利和湖泊局'], name: '甲县水利和湖泊局', requestedId: ids['甲县水务局'] });
			expect(page.years.map((y) => [y.year, y.department?.filedUnitId])).toEqual([
				[2020, ids['甲县水务局']],
				[2021, ids['甲县水利局']],
				[2022, ids['甲县水利和湖泊局']]
			]);
			expect(page.unit.names.map((n) => n.name).sort()).toEqual(['甲县水利和湖泊局', '甲县水利局', '甲县水务局'].sort());
			expect(page.unit.mergedFrom.map((m) => m.fromUnitId).sort()).toEqual([ids['甲县水务局'], ids['甲县水利局']].sort());
		} finally {
			await closeM();
		}
	});

	it('lists every printed name with its years', async () => {
		const page = (await getUnitPage(db, unitId[ORG]))!;
		expect(page.unit.names.map((n) => [n.name, n.firstYear, n.lastYear])).toEqual([
			[ORG, 2020, 2022],
			['某县委组织部', 2021, 2021]
		]);
	});
});

describe('findings for the 问题 page', () => {
	it('filters by unit (any spelling), year, kind and code, errors first, with labels', async () => {
		const org = await listFindings(db, { search: '某县委组织部', year: 2021 });
		expect(org.total).toBeGreaterThan(0);
		expect(org.rows.every((r) => r.unit === ORG && r.unitId === unitId[ORG] && r.year === 2021)).toBe(true);
		const projects = await listFindings(db, { unitId: unitId[EDU], kind: 'project' });
		expect(projects.rows.every((r) => r.project !== null)).toBe(true);
		const below = await listFindings(db, { search: '教育', code: 'RATE_BELOW_ALERT' });
		expect(below.rows.map((r) => [r.unit, r.year, r.project])).toEqual([
			[EDU, 2022, '学校建设'],
			[EDU, 2021, null],
			[EDU, 2021, '学校建设'],
			[EDU, 2020, null]
		]);
		expect(below.rows.every((r) => r.label === '执行率低于预警线')).toBe(true);
		// errors first, then warnings, then notes; the newest year first within each
		const all = (await listFindings(db, { limit: 1000 })).rows;
		const rank = { error: 0, warning: 1, info: 2 } as const;
		for (let i = 1; i < all.length; i++) {
			const [a, b] = [all[i - 1], all[i]];
			expect(rank[a.severity] < rank[b.severity] || (rank[a.severity] === rank[b.severity] && a.year >= b.year)).toBe(true);
		}
		const codes = await countFindingsByCode(db, { year: 2021 });
		expect(codes.find((c) => c.code === 'RATE_BELOW_ALERT')?.label).toBe('执行率低于预警线');
	});
});

describe('settings changes', () => {
	it('reach the dashboards: the formula through recomputed rates, the alert line through the queries', async () => {
		const before = await getOverview(db, { kind: 'department', year: 2021 });
		await changeSettings(db, { defaultRateFormula: '(B-C)/A' });
		try {
			const after = await getOverview(db, { kind: 'department', year: 2021 });
			// 某县委组织部 printed C = 10: (80 − 10) / 100
			expect(after.rateHistogram).toEqual(rateBins([0.7, 0.7, 0.95, 1.03], after.alertLine));
			expect(after.weightedRate).toBe(round((70 + 1236 + 70 + 285) / 1700, 4));
			expect(after.weightedRate).not.toBe(before.weightedRate);
			await changeSettings(db, { alertLine: 0.75 });
			const line = await getOverview(db, { kind: 'department', year: 2021 });
			expect(line.alertLine).toBe(0.75);
			expect(line.belowAlert.total).toBe(2);
			expect((await getComparison(db, { year: 2021, kind: 'department', metric: 'rate', belowOnly: true })).total).toBe(2);
		} finally {
			await changeSettings(db, { defaultRateFormula: 'B/A', alertLine: 0.9 });
		}
		expect(await getOverview(db, { kind: 'department', year: 2021 })).toEqual(before);
	});
});
