/**
 * The analyst's dashboard: one function per page, each returning exactly what the page shows.
 *
 * Everything reads the *live* forms: current (`is_current = 1`) and not hidden by a newer form of the same
 * unit after a merge (`shadowed_by is null`), grouped by the unit they count for (`canonical_unit_id`).
 * Money is summed from the 万元 columns (`budget_wan`, `executed_wan`). The partial covering indexes
 * (`forms_live_year`: kind, year, rate, …; `forms_live_unit`: kind, unit, year, …; migration 004) serve these
 * scans without reading the forms' rows, and results are kept per data version (cache.ts): a page loads
 * cold once after each change of data, then from memory. scripts/bench-dashboard.ts times both at province
 * scale. Any future parameter that narrows a result (a user's scope) must be part of its cache key.
 */
import type { AliasableExpression, ExpressionBuilder, Kysely } from 'kysely';
import type { FormKind, Grade, Severity } from '../../domain/form';
import { round } from '../../domain/rates';
import type { Database, Origin } from '../db/schema';
import { canSeeUnit, scopeKey, whereInScope, type Scope } from '../auth/scope';
import { containsText } from '../db/sql';
import { countFindingsByCode } from './findings';
import { getForm, type FormDetail } from './forms';
import { listMerges, unitsMergedInto, type MergeRecord } from './merges';
import { cached } from './cache';
import { getSettings } from './settings';
import { canonicalUnitId, listUnitNames, unitNameKey, type UnitAlias } from './units';

type Db = Kysely<Database>;

/** Same tolerance as the RATE_BELOW_ALERT finding and the charts' isBelowAlert. */
const EPS = 1e-9;

export const GRADE_KEYS = ['优', '良', '中', '差'] as const satisfies readonly Grade[];

/**
 * Years with live forms of a kind, newest first: one index seek per year (max below the last one found)
 * instead of a scan of every form.
 */
export async function liveYears(db: Db, kind: FormKind, scope?: Scope | null): Promise<number[]> {
	const years: number[] = [];
	for (;;) {
		let q = liveForms(db, scope)
			.select((eb) => eb.fn.max<number | null>('forms.year').as('year'))
			.where('forms.kind', '=', kind);
		if (years.length > 0) q = q.where('forms.year', '<', years[years.length - 1]);
		const { year } = await q.executeTakeFirstOrThrow();
		if (year === null || year === undefined) return years;
		years.push(Number(year));
	}
}

/**
 * Current forms not hidden by a merge, narrowed to what the reader may see: what every dashboard counts.
 * Every dashboard query starts here, so a unit account's scope applies to all of them.
 */
function liveForms(db: Db, scope: Scope | null | undefined) {
	return whereInScope(
		db.selectFrom('forms').where('forms.is_current', '=', 1).where('forms.shadowed_by', 'is', null),
		scope
	);
}

function num(v: unknown): number | null {
	if (v === null || v === undefined) return null;
	const n = Number(v);
	return Number.isFinite(n) ? n : null;
}

/** The self-score minus the recomputed one, at the 2 decimals scores are printed with. */
function gapOf(self: number | null, score: number | null): number | null {
	return self === null || score === null ? null : round(self - score, 2);
}

// ─────────────────────────────────────────────── overview

export interface RateBin {
	/** lower bound (inclusive), null for the open "below 30%" bin */
	from: number | null;
	/** upper bound (exclusive; the 95–100% bin includes 100%), null for the open "above 100%" bin */
	to: number | null;
	count: number;
}

/** <30%, then 5% bins 30–35 … 95–100 (100% included), then >100%. */
export function binRates(rates: readonly number[]): RateBin[] {
	const bins: RateBin[] = [{ from: null, to: 0.3, count: 0 }];
	for (let p = 30; p < 100; p += 5) bins.push({ from: p / 100, to: (p + 5) / 100, count: 0 });
	bins.push({ from: 1, to: null, count: 0 });
	for (const rate of rates) {
		// whole percentages, so that 0.35 falls in 35–40 despite binary floats
		const p = round(rate * 100, 6);
		let i: number;
		if (p < 30) i = 0;
		else if (p > 100) i = bins.length - 1;
		else if (p === 100) i = bins.length - 2;
		else i = 1 + Math.floor((p - 30) / 5);
		bins[i].count++;
	}
	return bins;
}

export interface BelowAlertRow {
	formId: number;
	unitId: number;
	unit: string;
	/** null for department forms */
	project: string | null;
	rate: number;
	budgetWan: number | null;
	isDemo: boolean;
}

export interface TopFinding {
	code: string;
	label: string;
	severity: Severity;
	/** findings of this code */
	count: number;
	/** forms that have it */
	forms: number;
}

export interface Overview {
	kind: FormKind;
	/** the year shown: the one asked for, else the latest with forms of this kind; null when there are none */
	year: number | null;
	/** years with forms of this kind, newest first */
	years: number[];
	alertLine: number;
	unitsCount: number;
	formsCount: number;
	demoFormsCount: number;
	/** Σ 全年预算数 / Σ 全年执行数 of the forms that print them, in 万元; null when none does */
	budgetWan: number | null;
	executedWan: number | null;
	/**
	 * Σ(rate × budget) / Σ budget over forms with both: each form's rate by its own formula, weighted by its
	 * 全年预算数. For B/A forms this is Σ executed / Σ budget; it also follows (B−C)/A forms and settings changes.
	 */
	weightedRate: number | null;
	medianRate: number | null;
	/** mean of the printed totals (自评分) */
	avgSelfScore: number | null;
	/** mean of the recomputed totals */
	avgScore: number | null;
	grades: Record<Grade | 'none', number>;
	/** every form's rate, ascending (forms without a rate left out): the histogram builder's input */
	rates: number[];
	rateHistogram: { bins: RateBin[] };
	/** forms below the alert line: the 20 lowest and how many in all */
	belowAlert: { rows: BelowAlertRow[]; total: number };
	/** the 10 most frequent finding codes in this year's forms of this kind */
	topFindings: TopFinding[];
}

/** The overview page: one year, one kind of form. */
export async function getOverview(
	db: Db,
	opts: { kind: FormKind; year?: number | null },
	scope?: Scope | null
): Promise<Overview> {
	return cached(db, JSON.stringify(['overview', opts.kind, opts.year ?? null, scopeKey(scope)]), () =>
		computeOverview(db, opts, scope)
	);
}

async function computeOverview(
	db: Db,
	opts: { kind: FormKind; year?: number | null },
	readScope: Scope | null | undefined
): Promise<Overview> {
	const { kind } = opts;
	const [years, settings] = await Promise.all([liveYears(db, kind, readScope), getSettings(db)]);
	const year = opts.year ?? years[0] ?? null;
	const alertLine = settings.alertLine;
	const empty: Overview = {
		kind,
		year,
		years,
		alertLine,
		unitsCount: 0,
		formsCount: 0,
		demoFormsCount: 0,
		budgetWan: null,
		executedWan: null,
		weightedRate: null,
		medianRate: null,
		avgSelfScore: null,
		avgScore: null,
		grades: { 优: 0, 良: 0, 中: 0, 差: 0, none: 0 },
		rates: [],
		rateHistogram: { bins: binRates([]) },
		belowAlert: { rows: [], total: 0 },
		topFindings: []
	};
	if (year === null) return empty;
	const scope = () => liveForms(db, readScope).where('forms.kind', '=', kind).where('forms.year', '=', year);

	const weighed = (eb: ExpressionBuilder<Database, 'forms'>) =>
		eb.and([eb('forms.rate', 'is not', null), eb('forms.budget_wan', '>', 0)]);
	const agg = await scope()
		.select((eb) => [
			eb.fn.countAll<number>().as('forms'),
			// one live department form per unit and year (merges hide the others): no need to count distinct
			kind === 'department'
				? eb.fn.countAll<number>().as('units')
				: eb.fn.count<number>('forms.canonical_unit_id').distinct().as('units'),
			eb.fn.sum<number>(eb.case().when('forms.origin', '=', 'demo').then(1).else(0).end()).as('demo'),
			eb.fn.sum<number | null>('forms.budget_wan').as('budget'),
			eb.fn.sum<number | null>('forms.executed_wan').as('executed'),
			eb.fn
				.sum<number | null>(eb.case().when(weighed(eb)).then(eb('forms.rate', '*', eb.ref('forms.budget_wan'))).end())
				.as('rateBudget'),
			eb.fn.sum<number | null>(eb.case().when(weighed(eb)).then(eb.ref('forms.budget_wan')).end()).as('rateBase'),
			eb.fn.avg<number | null>('forms.total_score_printed').as('avgSelf'),
			eb.fn.avg<number | null>('forms.total_score').as('avgScore'),
			...GRADE_KEYS.map((g) =>
				eb.fn.sum<number>(eb.case().when('forms.grade', '=', g).then(1).else(0).end()).as(`grade_${g}`)
			),
			eb.fn.sum<number>(eb.case().when('forms.grade', 'is', null).then(1).else(0).end()).as('grade_none')
		])
		.executeTakeFirstOrThrow();
	const formsCount = Number(agg.forms);
	if (formsCount === 0) return empty;
	const row = agg as unknown as Record<string, unknown>;

	const rates = (
		await scope()
			.select('forms.rate')
			.where('forms.rate', 'is not', null)
			.orderBy('forms.rate')
			.execute()
	).map((r) => r.rate as number);
	const threshold = alertLine - EPS;
	const belowTotal = countBelow(rates, threshold);

	const below = await scope()
		.innerJoin('units', 'units.id', 'forms.canonical_unit_id')
		.select([
			'forms.id as formId',
			'forms.canonical_unit_id as unitId',
			'units.name as unit',
			'forms.project',
			'forms.rate',
			'forms.budget_wan as budgetWan',
			'forms.origin'
		])
		.where('forms.rate', '<', threshold)
		.orderBy('forms.rate')
		.orderBy('forms.id')
		.limit(20)
		.execute();

	const findings = (await countFindingsByCode(db, { year, kind }, readScope ?? undefined)).slice(0, 10);

	const rateBase = num(agg.rateBase);
	return {
		...empty,
		unitsCount: Number(agg.units),
		formsCount,
		demoFormsCount: Number(agg.demo),
		budgetWan: num(agg.budget),
		executedWan: num(agg.executed),
		weightedRate: rateBase ? round((num(agg.rateBudget) ?? 0) / rateBase, 4) : null,
		medianRate: median(rates),
		avgSelfScore: roundOrNull(num(agg.avgSelf), 2),
		avgScore: roundOrNull(num(agg.avgScore), 2),
		grades: {
			优: Number(row.grade_优),
			良: Number(row.grade_良),
			中: Number(row.grade_中),
			差: Number(row.grade_差),
			none: Number(row.grade_none)
		},
		rates,
		rateHistogram: { bins: binRates(rates) },
		belowAlert: {
			rows: below.map((r) => ({
				formId: r.formId,
				unitId: r.unitId,
				unit: r.unit,
				project: r.project === '' ? null : r.project,
				rate: r.rate as number,
				budgetWan: r.budgetWan,
				isDemo: r.origin === 'demo'
			})),
			total: belowTotal
		},
		topFindings: findings.map((f) => ({ code: f.code, label: f.label, severity: f.severity, count: f.count, forms: f.forms }))
	};
}

function roundOrNull(v: number | null, digits: number): number | null {
	return v === null ? null : round(v, digits);
}

/** Rates below the threshold in an ascending array (binary search). */
function countBelow(sorted: readonly number[], threshold: number): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (sorted[mid] < threshold) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

function median(sorted: readonly number[]): number | null {
	const n = sorted.length;
	if (n === 0) return null;
	const m = n >> 1;
	return round(n % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2, 4);
}

// ─────────────────────────────────────────────── comparison

export type ComparisonMetric = 'rate' | 'self' | 'score' | 'gap';
export const COMPARISON_METRICS: readonly ComparisonMetric[] = ['rate', 'self', 'score', 'gap'];
export type ComparisonSort = 'value' | 'unit' | 'budget' | 'rate' | 'self' | 'score' | 'gap' | 'grade' | 'findings';
export const COMPARISON_SORTS: readonly ComparisonSort[] = [
	'value',
	'unit',
	'budget',
	'rate',
	'self',
	'score',
	'gap',
	'grade',
	'findings'
];

export interface ComparisonOptions {
	year: number;
	kind: FormKind;
	metric: ComparisonMetric;
	/** part of the unit name (any spelling of 中共, brackets, spaces) or of the project name */
	search?: string | null;
	/** a grade, or 'none' for forms without one */
	grade?: Grade | 'none' | null;
	/** only forms below the alert line */
	belowOnly?: boolean;
	/** default: the stored setting */
	alertLine?: number;
	/** default 'value' */
	sort?: ComparisonSort;
	/** default 'asc' for the rate, 'desc' for the scores and the gap */
	dir?: 'asc' | 'desc';
	/** 1-based */
	page?: number;
	pageSize?: number;
}

export interface ComparisonRow {
	formId: number;
	unitId: number;
	unit: string;
	project: string | null;
	budgetWan: number | null;
	executedWan: number | null;
	rate: number | null;
	/** the printed total (自评分) */
	self: number | null;
	/** the recomputed total */
	score: number | null;
	/** self − score */
	gap: number | null;
	/** the metric's value */
	value: number | null;
	grade: Grade | null;
	findingsCount: number;
	isDemo: boolean;
}

export interface ChartPoint {
	id: number;
	formId: number;
	/** the unit; "unit · project" for project forms */
	label: string;
	value: number | null;
}

export interface ScatterPoint {
	id: number;
	formId: number;
	label: string;
	budgetWan: number;
	rate: number;
}

export interface Comparison {
	year: number;
	kind: FormKind;
	metric: ComparisonMetric;
	alertLine: number;
	sort: ComparisonSort;
	dir: 'asc' | 'desc';
	page: number;
	pageSize: number;
	/** the page of rows, in the asked order */
	rows: ComparisonRow[];
	/** rows matching the filters */
	total: number;
	/** every matching form's metric, highest first, forms without a value last (the ranking chart) */
	chart: ChartPoint[];
	/** every matching form with both a budget and a rate (budget against rate) */
	scatter: ScatterPoint[];
}

/**
 * Rows ranked by value descending (nulls last, ties by unit, project, id) put in the page's order: as they
 * are, or ascending with nulls still last and ties still by unit (each run of equal values keeps its order).
 */
export function byValue<R extends { value: number | string | null }>(ranked: R[], dir: 'asc' | 'desc'): R[] {
	if (dir === 'desc') return ranked;
	let nonNull = ranked.length;
	while (nonNull > 0 && ranked[nonNull - 1].value === null) nonNull--;
	const out: R[] = [];
	let end = nonNull;
	while (end > 0) {
		let start = end - 1;
		while (start > 0 && ranked[start - 1].value === ranked[end - 1].value) start--;
		for (let i = start; i < end; i++) out.push(ranked[i]);
		end = start;
	}
	for (let i = nonNull; i < ranked.length; i++) out.push(ranked[i]);
	return out;
}

/** The self-score minus the recomputed one; both carry 2 decimals, so rounding the difference is exact. */
function gap2(v: number | null): number | null {
	return v === null ? null : Math.round(v * 100) / 100;
}

/** The comparison page: every unit's forms of one year and kind, one metric, filtered, sorted, paged. */
export async function getComparison(db: Db, opts: ComparisonOptions, scope?: Scope | null): Promise<Comparison> {
	const metric: ComparisonMetric = COMPARISON_METRICS.includes(opts.metric) ? opts.metric : 'rate';
	const sort = opts.sort && COMPARISON_SORTS.includes(opts.sort) ? opts.sort : 'value';
	const args = {
		year: opts.year,
		kind: opts.kind,
		metric,
		search: opts.search?.trim() || null,
		grade: opts.grade ?? null,
		belowOnly: opts.belowOnly === true,
		alertLine: opts.alertLine ?? (await getSettings(db)).alertLine,
		sort,
		dir: opts.dir ?? (sort === 'unit' || (sort === 'value' && metric === 'rate') ? 'asc' : 'desc'),
		pageSize: Math.min(Math.max(Math.floor(opts.pageSize ?? 50), 1), 1000),
		page: Math.max(Math.floor(opts.page ?? 1), 1)
	} as const;
	return cached(db, JSON.stringify(['comparison', args, scopeKey(scope)]), () => computeComparison(db, args, scope));
}

async function computeComparison(
	db: Db,
	a: Required<Omit<ComparisonOptions, 'search' | 'grade'>> & { search: string | null; grade: Grade | 'none' | null },
	scope: Scope | null | undefined
): Promise<Comparison> {
	const { year, kind, metric, alertLine, sort, dir, page, pageSize } = a;
	const matching = () => {
		let q = liveForms(db, scope)
			.innerJoin('units', 'units.id', 'forms.canonical_unit_id')
			.where('forms.kind', '=', kind)
			.where('forms.year', '=', year);
		const search = a.search;
		if (search) {
			q = q.where((eb) =>
				eb.or([containsText(eb.ref('units.name_key'), unitNameKey(search)), containsText(eb.ref('forms.project'), search)])
			);
		}
		if (a.grade === 'none') q = q.where('forms.grade', 'is', null);
		else if (a.grade) q = q.where('forms.grade', '=', a.grade);
		if (a.belowOnly) q = q.where('forms.rate', '<', alertLine - EPS);
		return q;
	};
	type Eb = ExpressionBuilder<Database & { units: Database['units'] }, 'forms' | 'units'>;
	const gapExpr = (eb: Eb) => eb('forms.total_score_printed', '-', eb.ref('forms.total_score'));
	const valueExpr = (eb: Eb): AliasableExpression<number | null> =>
		metric === 'rate'
			? eb.ref('forms.rate')
			: metric === 'self'
				? eb.ref('forms.total_score_printed')
				: metric === 'score'
					? eb.ref('forms.total_score')
					: gapExpr(eb);

	// the chart and the scatter: every matching form, few columns, ranked by the database
	const ranked = await matching()
		.select((eb) => [
			'forms.id as formId',
			'forms.canonical_unit_id as unitId',
			'units.name as unit',
			'forms.project',
			valueExpr(eb).as('value'),
			'forms.budget_wan as budgetWan',
			'forms.rate'
		])
		.orderBy('value', (o) => o.desc().nullsLast())
		.orderBy('units.name')
		.orderBy('forms.project')
		.orderBy('forms.id')
		.execute();
	const chart: ChartPoint[] = new Array(ranked.length);
	const scatter: ScatterPoint[] = [];
	for (let i = 0; i < ranked.length; i++) {
		const r = ranked[i];
		const label = r.project ? `${r.unit} · ${r.project}` : r.unit;
		const value = r.value === null ? null : metric === 'gap' ? gap2(Number(r.value)) : Number(r.value);
		chart[i] = { id: r.unitId, formId: r.formId, label, value };
		if (r.budgetWan !== null && r.rate !== null)
			scatter.push({ id: r.unitId, formId: r.formId, label, budgetWan: r.budgetWan, rate: r.rate });
	}

	// the page: sorted and cut by the database
	const order = (eb: Eb): AliasableExpression<unknown> => {
		switch (sort) {
			case 'value':
				return valueExpr(eb);
			case 'budget':
				return eb.ref('forms.budget_wan');
			case 'rate':
				return eb.ref('forms.rate');
			case 'self':
				return eb.ref('forms.total_score_printed');
			case 'score':
				return eb.ref('forms.total_score');
			case 'gap':
				return gapExpr(eb);
			case 'findings':
				return eb.ref('forms.findings_count');
			case 'grade':
				return eb
					.case()
					.when('forms.grade', '=', '优')
					.then(0)
					.when('forms.grade', '=', '良')
					.then(1)
					.when('forms.grade', '=', '中')
					.then(2)
					.when('forms.grade', '=', '差')
					.then(3)
					.end();
			default:
				return eb.ref('units.name');
		}
	};
	const columns = [
		'forms.id as formId',
		'forms.canonical_unit_id as unitId',
		'units.name as unit',
		'forms.project',
		'forms.budget_wan as budgetWan',
		'forms.executed_wan as executedWan',
		'forms.rate',
		'forms.total_score_printed as self',
		'forms.total_score as score',
		'forms.grade',
		'forms.findings_count as findingsCount',
		'forms.origin'
	] as const;
	const offset = (page - 1) * pageSize;
	const readPage = async () => {
		if (sort !== 'value') {
			return matching()
				.select((eb) => [...columns, order(eb).as('sortKey')])
				.orderBy('sortKey', (o) => (dir === 'asc' ? o.asc() : o.desc()).nullsLast())
				.orderBy('units.name', dir === 'asc' || sort !== 'unit' ? 'asc' : 'desc')
				.orderBy('forms.project')
				.orderBy('forms.id')
				.limit(pageSize)
				.offset(offset)
				.execute();
		}
		// the ranking is in this order already: take the page's ids from it and read only those rows
		const ids = byValue(ranked, dir)
			.slice(offset, offset + pageSize)
			.map((r) => r.formId);
		if (ids.length === 0) return [];
		const found = await liveForms(db, scope)
			.innerJoin('units', 'units.id', 'forms.canonical_unit_id')
			.select(columns)
			.where('forms.id', 'in', ids)
			.execute();
		const byId = new Map(found.map((r) => [r.formId, r]));
		return ids.flatMap((id) => byId.get(id) ?? []);
	};
	const raw = await readPage();
	const rows: ComparisonRow[] = raw.map((r) => {
		const gap = r.self === null || r.score === null ? null : gap2(r.self - r.score);
		return {
			formId: r.formId,
			unitId: r.unitId,
			unit: r.unit,
			project: r.project === '' ? null : r.project,
			budgetWan: r.budgetWan,
			executedWan: r.executedWan,
			rate: r.rate,
			self: r.self,
			score: r.score,
			gap,
			value: metric === 'rate' ? r.rate : metric === 'self' ? r.self : metric === 'score' ? r.score : gap,
			grade: r.grade as Grade | null,
			findingsCount: r.findingsCount,
			isDemo: (r.origin as Origin) === 'demo'
		};
	});

	return { year, kind, metric, alertLine, sort, dir, page, pageSize, rows, total: ranked.length, chart, scatter };
}

// ─────────────────────────────────────────────── years matrix and trends

export type TrendMetric = 'rate' | 'score' | 'self';

/**
 * A unit's value for a year: its department form's, or across its project forms the budget-weighted rate
 * (the plain mean when no form prints a budget) and the mean score.
 */
function metricValue(eb: ExpressionBuilder<Database, 'forms'>, metric: TrendMetric) {
	if (metric === 'score') return eb.fn.avg<number | null>('forms.total_score');
	if (metric === 'self') return eb.fn.avg<number | null>('forms.total_score_printed');
	const weighed = eb.and([eb('forms.rate', 'is not', null), eb('forms.budget_wan', '>', 0)]);
	return eb.fn.coalesce(
		eb(
			eb.fn.sum<number>(eb.case().when(weighed).then(eb('forms.rate', '*', eb.ref('forms.budget_wan'))).end()),
			'/',
			eb.fn.sum<number>(eb.case().when(weighed).then(eb.ref('forms.budget_wan')).end())
		),
		eb.fn.avg<number | null>('forms.rate')
	);
}

function roundMetric(v: unknown, metric: TrendMetric): number | null {
	const n = num(v);
	return n === null ? null : round(n, metric === 'rate' ? 4 : 2);
}

export interface YearCell {
	unitId: number;
	year: number;
	value: number | null;
}

export interface YearDrop {
	unitId: number;
	name: string;
	fromYear: number;
	toYear: number;
	from: number;
	to: number;
	/** to − from, negative */
	delta: number;
}

export interface YearsMatrix {
	kind: FormKind;
	metric: TrendMetric;
	/** years with forms of this kind, ascending: the matrix's columns */
	years: number[];
	/** one page of units, by name */
	units: { unitId: number; name: string }[];
	/** the page's units × years that have forms */
	cells: YearCell[];
	totalUnits: number;
	page: number;
	pageSize: number;
	/** the 20 largest falls from one year to the next (y − 1 → y) over all matching units, largest first */
	drops: YearDrop[];
}

function unitsOfKind(db: Db, kind: FormKind, search: string | undefined, scope: Scope | null | undefined) {
	let q = whereInScope(db.selectFrom('units'), scope, 'units.id')
		.where('units.merged_into', 'is', null)
		.where(({ exists, selectFrom }) =>
			exists(
				selectFrom('forms')
					.select('forms.id')
					.whereRef('forms.canonical_unit_id', '=', 'units.id')
					.where('forms.kind', '=', kind)
					.where('forms.is_current', '=', 1)
					.where('forms.shadowed_by', 'is', null)
			)
		);
	if (search) q = q.where((eb) => containsText(eb.ref('units.name_key'), unitNameKey(search)));
	return q;
}

/** The years page: units × years of one metric, a page of units at a time, and the largest drops. */
export async function getYearsMatrix(
	db: Db,
	opts: { kind: FormKind; metric: TrendMetric; search?: string | null; page?: number; pageSize?: number },
	scope?: Scope | null
): Promise<YearsMatrix> {
	const { kind, metric } = opts;
	const search = opts.search?.trim() || undefined;
	const pageSize = Math.min(Math.max(Math.floor(opts.pageSize ?? 50), 1), 1000);
	const page = Math.max(Math.floor(opts.page ?? 1), 1);
	return cached(db, JSON.stringify(['years', kind, metric, search ?? null, page, pageSize, scopeKey(scope)]), () =>
		computeYearsMatrix(db, kind, metric, search, page, pageSize, scope)
	);
}

async function computeYearsMatrix(
	db: Db,
	kind: FormKind,
	metric: TrendMetric,
	search: string | undefined,
	page: number,
	pageSize: number,
	scope: Scope | null | undefined
): Promise<YearsMatrix> {
	const years = (await liveYears(db, kind, scope)).reverse();
	const { n } = await unitsOfKind(db, kind, search, scope)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	const units = await unitsOfKind(db, kind, search, scope)
		.select(['units.id as unitId', 'units.name'])
		.orderBy('units.name')
		.orderBy('units.id')
		.limit(pageSize)
		.offset((page - 1) * pageSize)
		.execute();

	const ids = units.map((u) => u.unitId);
	const cells =
		ids.length === 0
			? []
			: (
					await liveForms(db, scope)
						.select((eb) => [
							'forms.canonical_unit_id as unitId',
							'forms.year',
							metricValue(eb, metric).as('value')
						])
						.where('forms.kind', '=', kind)
						.where('forms.canonical_unit_id', 'in', ids)
						.groupBy(['forms.canonical_unit_id', 'forms.year'])
						.orderBy('forms.canonical_unit_id')
						.orderBy('forms.year')
						.execute()
				).map((c) => ({ unitId: c.unitId, year: c.year, value: roundMetric(c.value, metric) }));

	return {
		kind,
		metric,
		years,
		units,
		cells,
		totalUnits: Number(n),
		page,
		pageSize,
		// the same for every page: kept apart, so that paging does not recompute it
		drops: await cached(db, JSON.stringify(['drops', kind, metric, search ?? null, scopeKey(scope)]), () =>
			largestDrops(db, kind, metric, search, scope)
		)
	};
}

/**
 * The 20 largest falls of a unit's value from one year to the next. A year without forms breaks the
 * comparison: 2020 → 2022 is not a year-on-year change.
 */
async function largestDrops(
	db: Db,
	kind: FormKind,
	metric: TrendMetric,
	search: string | undefined,
	scope: Scope | null | undefined
): Promise<YearDrop[]> {
	const named = db
		.selectFrom('units')
		.select('units.id')
		.where((eb) => containsText(eb.ref('units.name_key'), unitNameKey(search ?? '')));
	let rows: { unitId: number; name: string; fromYear: number; toYear: number; fromValue: unknown; toValue: unknown }[];
	if (kind === 'department') {
		// one live department form per unit and year: each form against the unit's form of the year before,
		// both read from forms_live_unit (kind, unit, year, values), one index probe per form
		const column = metric === 'rate' ? 'rate' : metric === 'score' ? 'total_score' : 'total_score_printed';
		const [a, b] = [`a.${column}`, `b.${column}`] as const;
		let q = db
			.selectFrom('forms as a')
			.innerJoin('forms as b', (j) =>
				j
					.onRef('b.kind', '=', 'a.kind')
					.onRef('b.canonical_unit_id', '=', 'a.canonical_unit_id')
					.on((eb) => eb('b.year', '=', eb('a.year', '+', 1)))
					.on('b.is_current', '=', 1)
					.on('b.shadowed_by', 'is', null)
			)
			.innerJoin('units', 'units.id', 'a.canonical_unit_id')
			.select((eb) => [
				'a.canonical_unit_id as unitId',
				'units.name',
				'a.year as fromYear',
				'b.year as toYear',
				eb.ref(a).as('fromValue'),
				eb.ref(b).as('toValue'),
				eb(eb.ref(b), '-', eb.ref(a)).as('delta')
			])
			.where('a.kind', '=', kind)
			.where('a.is_current', '=', 1)
			.where('a.shadowed_by', 'is', null)
			.whereRef(b, '<', a);
		if (search) q = q.where('a.canonical_unit_id', 'in', named);
		q = whereInScope(q, scope, 'a.canonical_unit_id');
		rows = await q.orderBy('delta').orderBy('units.name').limit(20).execute();
	} else {
		// project forms: combined per unit and year first, then each year against the one before
		let perYear = liveForms(db, scope)
			.select((eb) => ['forms.canonical_unit_id as unitId', 'forms.year', metricValue(eb, metric).as('value')])
			.where('forms.kind', '=', kind)
			.groupBy(['forms.canonical_unit_id', 'forms.year']);
		if (search) perYear = perYear.where('forms.canonical_unit_id', 'in', named);
		rows = await db
			.with('v', () => perYear)
			.selectFrom('v as a')
			.innerJoin('v as b', (j) =>
				j.onRef('b.unitId', '=', 'a.unitId').on((eb) => eb('b.year', '=', eb('a.year', '+', 1)))
			)
			.innerJoin('units', 'units.id', 'a.unitId')
			.select((eb) => [
				'a.unitId',
				'units.name',
				'a.year as fromYear',
				'b.year as toYear',
				'a.value as fromValue',
				'b.value as toValue',
				eb('b.value', '-', eb.ref('a.value')).as('delta')
			])
			.whereRef('b.value', '<', 'a.value')
			.orderBy('delta')
			.orderBy('units.name')
			.limit(20)
			.execute();
	}
	return rows.map((r) => {
		const from = roundMetric(r.fromValue, metric) as number;
		const to = roundMetric(r.toValue, metric) as number;
		return {
			unitId: r.unitId,
			name: r.name,
			fromYear: Number(r.fromYear),
			toYear: r.toYear,
			from,
			to,
			delta: round(to - from, metric === 'rate' ? 4 : 2)
		};
	});
}

export interface Trend {
	kind: FormKind;
	metric: TrendMetric;
	/** ascending */
	years: number[];
	/** one series per unit asked for (unknown units left out), values aligned with `years` */
	series: { id: number; name: string; values: (number | null)[] }[];
}

/** Selected units' values year by year (the trend chart). Merged units are read as the unit they count for. */
export async function getTrend(
	db: Db,
	opts: { unitIds: number[]; kind: FormKind; metric: TrendMetric },
	scope?: Scope | null
): Promise<Trend> {
	const { kind, metric } = opts;
	const years = (await liveYears(db, kind, scope)).reverse();
	const asked = [...new Set(opts.unitIds)].slice(0, 200);
	// one read for all; only a merged unit (rare) follows its chain
	const known =
		asked.length === 0 ? [] : await db.selectFrom('units').select(['id', 'merged_into']).where('id', 'in', asked).execute();
	const mergedInto = new Map(known.map((u) => [u.id, u.merged_into]));
	const ids: number[] = [];
	for (const id of asked) {
		if (!mergedInto.has(id)) continue;
		const canonical = mergedInto.get(id) === null ? id : await canonicalUnitId(db, id);
		if (!ids.includes(canonical) && canSeeUnit(scope, canonical)) ids.push(canonical);
	}
	if (ids.length === 0) return { kind, metric, years, series: [] };
	const units = await db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute();
	const values = await liveForms(db, scope)
		.select((eb) => ['forms.canonical_unit_id as unitId', 'forms.year', metricValue(eb, metric).as('value')])
		.where('forms.kind', '=', kind)
		.where('forms.canonical_unit_id', 'in', ids)
		.groupBy(['forms.canonical_unit_id', 'forms.year'])
		.execute();
	const at = new Map(values.map((v) => [`${v.unitId}:${v.year}`, roundMetric(v.value, metric)]));
	const names = new Map(units.map((u) => [u.id, u.name]));
	return {
		kind,
		metric,
		years,
		series: ids
			.filter((id) => names.has(id))
			.map((id) => ({ id, name: names.get(id)!, values: years.map((y) => at.get(`${id}:${y}`) ?? null) }))
	};
}

// ─────────────────────────────────────────────── unit page

export interface UnitFormSummary {
	formId: number;
	kind: FormKind;
	year: number;
	project: string | null;
	/** the unit the form is filed under: this unit, or one merged into it */
	filedUnitId: number;
	/** the unit name as printed on the form */
	unitPrinted: string | null;
	budgetWan: number | null;
	executedWan: number | null;
	rate: number | null;
	self: number | null;
	score: number | null;
	gap: number | null;
	grade: Grade | null;
	findingsCount: number;
	errorsCount: number;
	isDemo: boolean;
}

export interface UnitYear {
	year: number;
	department: UnitFormSummary | null;
	projects: UnitFormSummary[];
}

/** Something about the unit's data an analyst must know, shaped like a finding. */
export interface UnitNote {
	code: 'MERGED_DUPLICATE';
	severity: Severity;
	message: string;
	/** the form not shown */
	formId: number;
	/** the form shown instead */
	shownFormId: number;
	year: number;
}

export interface UnitPage {
	unit: {
		id: number;
		name: string;
		/** the id asked for when it was a unit merged into this one (the page may redirect), else null */
		requestedId: number | null;
		/** every printed name of this unit and of those merged into it, with the years seen */
		names: UnitAlias[];
		/** units merged into this one (merges not undone) */
		mergedFrom: MergeRecord[];
		/** every merge involving this unit or those merged into it, undone ones included, newest first */
		merges: MergeRecord[];
	};
	/** years with forms, ascending */
	years: UnitYear[];
	/** the year shown: the one asked for if it has forms, else the latest; null without forms */
	year: number | null;
	/** that year's department form in full, or null */
	department: FormDetail | null;
	/** that year's project forms */
	projects: UnitFormSummary[];
	/** department forms over the years, for the charts: arrays aligned with `years` */
	history: { years: number[]; rates: (number | null)[]; scores: (number | null)[]; selfScores: (number | null)[] };
	notes: UnitNote[];
}

const KIND_NAMES: Record<FormKind, string> = { department: '部门整体支出绩效自评表', project: '项目支出绩效自评表' };

/** The unit page. A unit merged into another shows the unit it counts for (unit.requestedId says so). */
export async function getUnitPage(
	db: Db,
	unitId: number,
	opts: { year?: number | null } = {},
	scope?: Scope | null
): Promise<UnitPage | undefined> {
	const exists = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
	if (!exists) return undefined;
	const id = await canonicalUnitId(db, unitId);
	// another unit's page does not exist for a unit account (not even its name)
	if (!canSeeUnit(scope, id)) return undefined;
	const unit = await db.selectFrom('units').select(['id', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
	const family = [id, ...(await unitsMergedInto(db, id))];
	const [names, merges] = await Promise.all([listUnitNames(db, family), listMerges(db, { unitIds: family })]);

	const forms = await db
		.selectFrom('forms')
		.select([
			'forms.id as formId',
			'forms.kind',
			'forms.year',
			'forms.project',
			'forms.unit_id as filedUnitId',
			'forms.unit_name as unitPrinted',
			'forms.budget_wan as budgetWan',
			'forms.executed_wan as executedWan',
			'forms.rate',
			'forms.total_score_printed as self',
			'forms.total_score as score',
			'forms.grade',
			'forms.findings_count as findingsCount',
			'forms.errors_count as errorsCount',
			'forms.origin',
			'forms.shadowed_by as shadowedBy'
		])
		.where('forms.canonical_unit_id', '=', id)
		.where('forms.is_current', '=', 1)
		.orderBy('forms.year')
		.orderBy('forms.kind')
		.orderBy('forms.project')
		.execute();

	const byYear = new Map<number, UnitYear>();
	const notes: UnitNote[] = [];
	const summaries = new Map<number, UnitFormSummary>();
	for (const f of forms) {
		const summary: UnitFormSummary = {
			formId: f.formId,
			kind: f.kind,
			year: f.year,
			project: f.project === '' ? null : f.project,
			filedUnitId: f.filedUnitId,
			unitPrinted: f.unitPrinted,
			budgetWan: f.budgetWan,
			executedWan: f.executedWan,
			rate: f.rate,
			self: f.self,
			score: f.score,
			gap: gapOf(f.self, f.score),
			grade: f.grade as Grade | null,
			findingsCount: f.findingsCount,
			errorsCount: f.errorsCount,
			isDemo: f.origin === 'demo'
		};
		summaries.set(f.formId, summary);
		if (f.shadowedBy !== null) continue;
		let y = byYear.get(f.year);
		if (!y) byYear.set(f.year, (y = { year: f.year, department: null, projects: [] }));
		if (f.kind === 'department') y.department = summary;
		else y.projects.push(summary);
	}
	for (const f of forms) {
		if (f.shadowedBy === null) continue;
		const hidden = summaries.get(f.formId)!;
		const shown = summaries.get(f.shadowedBy);
		const what = `${f.year} 年${hidden.project ? `项目「${hidden.project}」的` : '的'}${KIND_NAMES[f.kind]}`;
		const printed = (s: UnitFormSummary | undefined) => (s?.unitPrinted ? `「${s.unitPrinted}」` : '');
		notes.push({
			code: 'MERGED_DUPLICATE',
			severity: 'warning',
			message:
				`合并单位后，${what}有两份：显示较新导入的${printed(shown)}一份（表 ${f.shadowedBy}），` +
				`未计入${printed(hidden)}一份（表 ${f.formId}）。如两份都应保留，请检查合并是否正确。`,
			formId: f.formId,
			shownFormId: f.shadowedBy,
			year: f.year
		});
	}

	const years = [...byYear.values()].sort((a, b) => a.year - b.year);
	const year =
		opts.year !== undefined && opts.year !== null && byYear.has(opts.year)
			? opts.year
			: (years[years.length - 1]?.year ?? null);
	const chosen = year === null ? undefined : byYear.get(year);
	const department = chosen?.department ? ((await getForm(db, chosen.department.formId)) ?? null) : null;
	const withDepartment = years.filter((y) => y.department);

	return {
		unit: {
			id,
			name: unit.name,
			requestedId: id === unitId ? null : unitId,
			names,
			mergedFrom: merges.filter((m) => m.undoneAt === null && family.includes(m.fromUnitId) && m.fromUnitId !== id),
			merges
		},
		years,
		year,
		department,
		projects: chosen?.projects ?? [],
		history: {
			years: withDepartment.map((y) => y.year),
			rates: withDepartment.map((y) => y.department!.rate),
			scores: withDepartment.map((y) => y.department!.score),
			selfScores: withDepartment.map((y) => y.department!.self)
		},
		notes
	};
}
