/**
 * The analyst's dashboard: one function per page, each returning exactly what the page shows.
 *
 * Everything reads the *live* forms: current (`is_current = 1`) and not hidden by a newer form of the same
 * unit after a merge (`shadowed_by is null`), grouped by the unit they count for (`canonical_unit_id`).
 * Money is summed from the 万元 columns (`budget_wan`, `executed_wan`). The partial covering indexes
 * (`forms_live_year`: kind, year, rate, …; `forms_live_unit`: kind, unit, year, …; migration 004) serve these
 * scans without reading the forms' rows, and results are kept per data version (cache.ts): a page loads
 * cold once after each change of data, then from memory. `npm run bench` (scripts/bench/queries.ts) times
 * both at province scale. Any future parameter that narrows a result (a user's scope) must be part of its
 * cache key.
 *
 * A page's data is what it shows, not what it could compute from: the overview ships its histogram's bins
 * (counted along the rate index), not 20,000 rates; the comparison ships its page of rows, and the charts'
 * points for every matching form are served apart (getComparisonPoints, /compare/points); the years page
 * reads its page of units by name and the largest drops without probing every form. The queries stay in
 * Kysely's builder: nothing here is SQLite's own SQL.
 */
import type { AliasableExpression, Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { FormKind, Grade, Severity } from '../../domain/form';
import { round } from '../../domain/rates';
// EPS: the tolerance of the RATE_BELOW_ALERT finding, which the bins and the charts' isBelowAlert share
import { EPS, rateBinLayout, type RateBinLayout, type RateBinning } from '../../charts/bins';
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
	/**
	 * the forms' rates counted into the histogram's bins for this alert line (forms without a rate left
	 * out): the chart draws these, so the page ships ~20 counts instead of every form's rate
	 */
	rateHistogram: RateBinning;
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
		rateHistogram: rateBinLayout(alertLine).binning,
		belowAlert: { rows: [], total: 0 },
		topFindings: []
	};
	if (year === null) return empty;
	const scope = () => liveForms(db, readScope).where('forms.kind', '=', kind).where('forms.year', '=', year);
	const threshold = alertLine - EPS;

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

	// The rates stay in the database: the histogram's bins, the median and the forms below the line are
	// counted and picked there, along forms_live_year (kind, year, rate …), which holds each year's forms in
	// rate order: each count is a range of the index that reads no other column.
	const layout = rateBinLayout(alertLine);
	const counts = await db
		.selectNoFrom((eb) => [
			...binConditions(layout).map((where, i) =>
				scope()
					.select((e) => e.fn.countAll<number>().as('n'))
					.where(where)
					.as(`bin${i}`)
			),
			scope()
				.select((e) => e.fn.countAll<number>().as('n'))
				.where('forms.rate', '<', threshold)
				.as('below')
		])
		.executeTakeFirstOrThrow();
	const bins = layout.binning.bins.map((b, i) => ({ ...b, count: Number((counts as Record<string, unknown>)[`bin${i}`]) }));
	// every rate is in one bin
	const rated = bins.reduce((n, b) => n + b.count, 0);
	const [middle, below, findings] = await Promise.all([
		rated === 0
			? Promise.resolve([])
			: scope()
					.select('forms.rate')
					.where('forms.rate', 'is not', null)
					.orderBy('forms.rate')
					.limit(rated % 2 ? 1 : 2)
					.offset(rated % 2 ? rated >> 1 : (rated >> 1) - 1)
					.execute(),
		scope()
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
			.execute(),
		countFindingsByCode(db, { year, kind }, readScope ?? undefined)
	]);
	const mid = middle.map((m) => m.rate as number);

	const rateBase = num(agg.rateBase);
	return {
		...empty,
		unitsCount: Number(agg.units),
		formsCount,
		demoFormsCount: Number(agg.demo),
		budgetWan: num(agg.budget),
		executedWan: num(agg.executed),
		weightedRate: rateBase ? round((num(agg.rateBudget) ?? 0) / rateBase, 4) : null,
		medianRate: mid.length === 0 ? null : round(mid.length === 1 ? mid[0] : (mid[0] + mid[1]) / 2, 4),
		avgSelfScore: roundOrNull(num(agg.avgSelf), 2),
		avgScore: roundOrNull(num(agg.avgScore), 2),
		grades: {
			优: Number(row.grade_优),
			良: Number(row.grade_良),
			中: Number(row.grade_中),
			差: Number(row.grade_差),
			none: Number(row.grade_none)
		},
		rateHistogram: { ...layout.binning, bins },
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
			total: Number(counts.below)
		},
		topFindings: findings.slice(0, 10).map((f) => ({ code: f.code, label: f.label, severity: f.severity, count: f.count, forms: f.forms }))
	};
}

function roundOrNull(v: number | null, digits: number): number | null {
	return v === null ? null : round(v, digits);
}

/**
 * Which rates each histogram bin holds, as conditions on `forms.rate`: `rateBinIndex`'s rules, comparison
 * for comparison (the layout's bounds already carry the tolerance), so a bin holds the same rates whether
 * the chart or the database counted them. Each is a range of the rate (the |rate − 1| test only filters
 * within it), so that a count walks its part of the index.
 */
function binConditions(layout: RateBinLayout): ((eb: ExpressionBuilder<Database, 'forms'>) => Expression<SqlBool>)[] {
	const { lowerBounds: lb, exact, aboveAlert, aboveAlertFrom } = layout;
	const offOne = (eb: ExpressionBuilder<Database, 'forms'>) => eb.fn<number>('abs', [eb('forms.rate', '-', 1)]);
	const conditions: ((eb: ExpressionBuilder<Database, 'forms'>) => Expression<SqlBool>)[] = [
		(eb) => eb.and([eb('forms.rate', '<', lb[0]), eb(offOne(eb), '>', EPS)])
	];
	for (let i = 0; i < lb.length; i++) {
		// below 100%: from this bound to the next, the last one up to 1 (rates at 1 within the tolerance excluded)
		conditions.push((eb) =>
			eb.and([
				eb('forms.rate', '>=', lb[i]),
				i + 1 < lb.length ? eb('forms.rate', '<', lb[i + 1]) : eb('forms.rate', '<=', 1),
				eb(offOne(eb), '>', EPS)
			])
		);
	}
	// exactly 100%, within the tolerance (the range a little wider than the test, which decides)
	conditions[exact] = (eb) =>
		eb.and([eb('forms.rate', '>=', 1 - 2 * EPS), eb('forms.rate', '<=', 1 + 2 * EPS), eb(offOne(eb), '<=', EPS)]);
	conditions[exact + 1] = (eb) =>
		eb.and([
			eb('forms.rate', '>', 1),
			...(aboveAlertFrom === null ? [] : [eb('forms.rate', '<', aboveAlertFrom)]),
			eb(offOne(eb), '>', EPS)
		]);
	if (aboveAlert !== null && aboveAlertFrom !== null)
		conditions[aboveAlert] = (eb) => eb.and([eb('forms.rate', '>=', aboveAlertFrom), eb(offOne(eb), '>', EPS)]);
	return conditions;
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
}

/**
 * The comparison's charts: every matching form, thousands at province scale, so they are not part of the
 * page's data but served apart (/compare/points) and fetched by the page once its table is on screen.
 */
export interface ComparisonPoints {
	year: number;
	kind: FormKind;
	metric: ComparisonMetric;
	alertLine: number;
	/** every matching form's metric, highest first, forms without a value last (the ranking chart) */
	chart: ChartPoint[];
	/** every matching form with both a budget and a rate (budget against rate) */
	scatter: ScatterPoint[];
}

/** The self-score minus the recomputed one; both carry 2 decimals, so rounding the difference is exact. */
function gap2(v: number | null): number | null {
	return v === null ? null : Math.round(v * 100) / 100;
}

type ComparisonArgs = Required<Omit<ComparisonOptions, 'search' | 'grade'>> & {
	search: string | null;
	grade: Grade | 'none' | null;
};

async function comparisonArgs(db: Db, opts: ComparisonOptions): Promise<ComparisonArgs> {
	const metric: ComparisonMetric = COMPARISON_METRICS.includes(opts.metric) ? opts.metric : 'rate';
	const sort = opts.sort && COMPARISON_SORTS.includes(opts.sort) ? opts.sort : 'value';
	return {
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
	};
}

/** The comparison page: every unit's forms of one year and kind, one metric, filtered, sorted, paged. */
export async function getComparison(db: Db, opts: ComparisonOptions, scope?: Scope | null): Promise<Comparison> {
	const args = await comparisonArgs(db, opts);
	return cached(db, JSON.stringify(['comparison', args, scopeKey(scope)]), () => computeComparison(db, args, scope));
}

/** The comparison's charts for the same filters as getComparison (sort and page do not change them). */
export async function getComparisonPoints(
	db: Db,
	opts: Omit<ComparisonOptions, 'sort' | 'dir' | 'page' | 'pageSize'>,
	scope?: Scope | null
): Promise<ComparisonPoints> {
	const { year, kind, metric, search, grade, belowOnly, alertLine } = await comparisonArgs(db, opts);
	const args = { year, kind, metric, search, grade, belowOnly, alertLine };
	return cached(db, JSON.stringify(['comparisonPoints', args, scopeKey(scope)]), () =>
		computeComparisonPoints(db, args, scope)
	);
}

type ComparisonEb = ExpressionBuilder<Database & { units: Database['units'] }, 'forms' | 'units'>;

/** The matching forms (with their canonical unit's row), and the metric's expression. */
function comparisonQuery(
	db: Db,
	a: Pick<ComparisonArgs, 'year' | 'kind' | 'metric' | 'search' | 'grade' | 'belowOnly' | 'alertLine'>,
	scope: Scope | null | undefined
) {
	const matching = () => {
		let q = liveForms(db, scope)
			.innerJoin('units', 'units.id', 'forms.canonical_unit_id')
			.where('forms.kind', '=', a.kind)
			.where('forms.year', '=', a.year);
		const search = a.search;
		if (search) {
			q = q.where((eb) =>
				eb.or([containsText(eb.ref('units.name_key'), unitNameKey(search)), containsText(eb.ref('forms.project'), search)])
			);
		}
		if (a.grade === 'none') q = q.where('forms.grade', 'is', null);
		else if (a.grade) q = q.where('forms.grade', '=', a.grade);
		if (a.belowOnly) q = q.where('forms.rate', '<', a.alertLine - EPS);
		return q;
	};
	const gapExpr = (eb: ComparisonEb) => eb('forms.total_score_printed', '-', eb.ref('forms.total_score'));
	const valueExpr = (eb: ComparisonEb): AliasableExpression<number | null> =>
		a.metric === 'rate'
			? eb.ref('forms.rate')
			: a.metric === 'self'
				? eb.ref('forms.total_score_printed')
				: a.metric === 'score'
					? eb.ref('forms.total_score')
					: gapExpr(eb);
	return { matching, gapExpr, valueExpr };
}

async function computeComparisonPoints(
	db: Db,
	a: Pick<ComparisonArgs, 'year' | 'kind' | 'metric' | 'search' | 'grade' | 'belowOnly' | 'alertLine'>,
	scope: Scope | null | undefined
): Promise<ComparisonPoints> {
	const { matching, valueExpr } = comparisonQuery(db, a, scope);
	// every matching form, few columns, ranked by the database
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
		const value = r.value === null ? null : a.metric === 'gap' ? gap2(Number(r.value)) : Number(r.value);
		chart[i] = { id: r.unitId, formId: r.formId, label, value };
		if (r.budgetWan !== null && r.rate !== null)
			scatter.push({ id: r.unitId, formId: r.formId, label, budgetWan: r.budgetWan, rate: r.rate });
	}
	return { year: a.year, kind: a.kind, metric: a.metric, alertLine: a.alertLine, chart, scatter };
}

async function computeComparison(db: Db, a: ComparisonArgs, scope: Scope | null | undefined): Promise<Comparison> {
	const { year, kind, metric, alertLine, sort, dir, page, pageSize } = a;
	const { matching, gapExpr, valueExpr } = comparisonQuery(db, a, scope);

	// the count, and how many have a rate (the rate order below reads those apart from the rest)
	const counted = await (a.search
		? matching()
		: // without a text filter the units are not needed: the count is read from forms_live_year alone
			liveForms(db, scope)
				.where('forms.kind', '=', kind)
				.where('forms.year', '=', year)
				.$if(a.grade === 'none', (q) => q.where('forms.grade', 'is', null))
				.$if(a.grade !== null && a.grade !== 'none', (q) => q.where('forms.grade', '=', a.grade as Grade))
				.$if(a.belowOnly, (q) => q.where('forms.rate', '<', alertLine - EPS))
	)
		.select((eb) => [eb.fn.countAll<number>().as('total'), eb.fn.count<number>('forms.rate').as('rated')])
		.executeTakeFirstOrThrow();
	const total = Number(counted.total);
	const rated = Number(counted.rated);

	const order = (eb: ComparisonEb): AliasableExpression<unknown> => {
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
	// Ties go by unit name, project and id whatever the direction (the ranking chart's order, each run of
	// equal values kept in it), except that the unit column sorted descending reverses the names.
	const nameDir = dir === 'asc' || sort !== 'unit' ? 'asc' : 'desc';
	const readPage = async () => {
		if (sort === 'rate' || (sort === 'value' && metric === 'rate')) {
			// By rate: forms_live_year holds each year's forms in rate order, so the page is a walk along the
			// index that sorts only runs of equal rates (by unit), never the year's 20,000 forms. The index
			// puts forms without a rate first, the page wants them last: the two parts are read apart.
			const withRate =
				offset >= rated
					? []
					: await matching()
							.select(columns)
							.where('forms.rate', 'is not', null)
							.orderBy('forms.rate', dir)
							.orderBy('units.name', nameDir)
							.orderBy('forms.project')
							.orderBy('forms.id')
							.limit(pageSize)
							.offset(offset)
							.execute();
			const left = pageSize - withRate.length;
			if (left === 0 || offset + withRate.length >= total) return withRate;
			const withoutRate = await matching()
				.select(columns)
				.where('forms.rate', 'is', null)
				.orderBy('units.name', nameDir)
				.orderBy('forms.project')
				.orderBy('forms.id')
				.limit(left)
				.offset(Math.max(offset - rated, 0))
				.execute();
			return [...withRate, ...withoutRate];
		}
		return matching()
			.select((eb) => [...columns, order(eb).as('sortKey')])
			.orderBy('sortKey', (o) => (dir === 'asc' ? o.asc() : o.desc()).nullsLast())
			.orderBy('units.name', nameDir)
			.orderBy('forms.project')
			.orderBy('forms.id')
			.limit(pageSize)
			.offset(offset)
			.execute();
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

	return { year, kind, metric, alertLine, sort, dir, page, pageSize, rows, total };
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

/**
 * Units with live forms of a kind. A form always counts for a unit that is not merged away (a merge rewrites
 * canonical_unit_id, chains included), so `merged_into is null` is implied; leaving it out keeps the planner
 * on `units_name` (name, id), so that a page of units by name is a walk that stops after the page.
 */
function unitsOfKind(db: Db, kind: FormKind, search: string | undefined, scope: Scope | null | undefined) {
	let q = whereInScope(db.selectFrom('units'), scope, 'units.id')
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
	// Without a text filter, the units are counted along forms_live_unit (kind, unit, …) without visiting
	// them: a form always counts for a unit that is not merged away (a merge rewrites canonical_unit_id), so
	// the distinct units of the live forms are exactly the units listed.
	const { n } = await (
		search
			? unitsOfKind(db, kind, search, scope).select((eb) => eb.fn.countAll<number>().as('n'))
			: liveForms(db, scope)
					.where('forms.kind', '=', kind)
					.select((eb) => eb.fn.count<number>('forms.canonical_unit_id').distinct().as('n'))
	).executeTakeFirstOrThrow();
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
		// One live department form per unit and year: each form against the unit's form of the year before,
		// both read from forms_live_unit (kind, unit, year, values). Probing the year before for each of a
		// province's 80,000 forms is most of the page's time, so the later form is first narrowed to those
		// that can have fallen by at least T: a fall of T leaves the later value at most max − T. When that
		// yields 20 falls of T or more, no other pair can be among the 20 largest; else T is lowered, and at
		// last every form is probed.
		const column = metric === 'rate' ? 'rate' : metric === 'score' ? 'total_score' : 'total_score_printed';
		const [a, b] = [`a.${column}`, `b.${column}`] as const;
		const years = await liveYears(db, kind, scope);
		let hi: number | null = null;
		let lo: number | null = null;
		if (column === 'rate') {
			// forms_live_year (kind, year, rate …) holds each year's rates in order: two seeks per year
			const ends = await Promise.all(
				years.flatMap((y) =>
					(['asc', 'desc'] as const).map((dir) =>
						liveForms(db, scope)
							.select('forms.rate')
							.where('forms.kind', '=', kind)
							.where('forms.year', '=', y)
							.where('forms.rate', 'is not', null)
							.orderBy('forms.rate', dir)
							.limit(1)
							.executeTakeFirst()
					)
				)
			);
			const rates = ends.flatMap((e) => (e?.rate === null || e?.rate === undefined ? [] : [e.rate]));
			if (rates.length > 0) [hi, lo] = [Math.max(...rates), Math.min(...rates)];
		} else {
			const range = await liveForms(db, scope)
				.where('forms.kind', '=', kind)
				.select((eb) => [eb.fn.max<number | null>(`forms.${column}`).as('hi'), eb.fn.min<number | null>(`forms.${column}`).as('lo')])
				.executeTakeFirstOrThrow();
			[hi, lo] = [num(range.hi), num(range.lo)];
		}
		const span = hi === null || lo === null ? 0 : hi - lo;
		const falls = (least: number | null) => {
			let q = db
				.selectFrom('forms as b')
				.innerJoin('forms as a', (j) =>
					j
						.onRef('a.kind', '=', 'b.kind')
						.onRef('a.canonical_unit_id', '=', 'b.canonical_unit_id')
						.on((eb) => eb('a.year', '=', eb('b.year', '-', 1)))
						.on('a.is_current', '=', 1)
						.on('a.shadowed_by', 'is', null)
				)
				.innerJoin('units', 'units.id', 'b.canonical_unit_id')
				.select((eb) => [
					'b.canonical_unit_id as unitId',
					'units.name',
					'a.year as fromYear',
					'b.year as toYear',
					eb.ref(a).as('fromValue'),
					eb.ref(b).as('toValue'),
					eb(eb.ref(b), '-', eb.ref(a)).as('delta')
				])
				.where('b.kind', '=', kind)
				// the years spelled out, so that a rate bound below is a range of forms_live_year in each year
				.where('b.year', 'in', years.length > 0 ? years : [0])
				.where('b.is_current', '=', 1)
				.where('b.shadowed_by', 'is', null)
				.whereRef(b, '<', a);
			if (least !== null && hi !== null) {
				// the slack keeps a fall of exactly T despite the rounding of b − a
				q = q.where(b, '<=', hi - least + 1e-9).where((eb) => eb(eb(eb.ref(b), '-', eb.ref(a)), '<=', -least));
			}
			if (search) q = q.where('b.canonical_unit_id', 'in', named);
			q = whereInScope(q, scope, 'b.canonical_unit_id');
			return q.orderBy('delta').orderBy('units.name').orderBy('b.canonical_unit_id').orderBy('b.year').limit(20).execute();
		};
		rows = [];
		for (const least of span > 0 ? [span / 2, span / 4, span / 16, null] : [null]) {
			rows = await falls(least);
			if (rows.length === 20) break;
		}
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
	return cached(
		db,
		JSON.stringify(['unit', unitId, opts.year ?? null, scopeKey(scope)]),
		() => computeUnitPage(db, unitId, opts, scope),
		'unit'
	);
}

/**
 * The unit a unit counts for (up its merge chain) and every unit merged into that one (down the chains),
 * in one statement; empty when the unit does not exist.
 */
async function unitFamily(db: Db, unitId: number): Promise<{ id: number; name: string; family: number[] } | undefined> {
	const rows = await db
		.withRecursive('up(id, merged_into)', (qb) =>
			qb
				.selectFrom('units')
				.select(['units.id', 'units.merged_into'])
				.where('units.id', '=', unitId)
				// union, not union all: a cycle (which merges refuse) would end instead of looping
				.union(qb.selectFrom('units').innerJoin('up', 'up.merged_into', 'units.id').select(['units.id', 'units.merged_into']))
		)
		.withRecursive('down(id)', (qb) =>
			qb
				.selectFrom('up')
				.select('up.id')
				.where('up.merged_into', 'is', null)
				.union(qb.selectFrom('units').innerJoin('down', 'units.merged_into', 'down.id').select('units.id'))
		)
		.selectFrom('down')
		.innerJoin('units', 'units.id', 'down.id')
		.select(['units.id', 'units.name', 'units.merged_into'])
		.execute();
	const top = rows.find((r) => r.merged_into === null);
	if (top) return { id: top.id, name: top.name, family: [top.id, ...rows.filter((r) => r !== top).map((r) => r.id)] };
	// no end to the chain (data no merge makes): the unit-by-unit walk, which stops where it loops
	const exists = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
	if (!exists) return undefined;
	const id = await canonicalUnitId(db, unitId);
	const unit = await db.selectFrom('units').select(['id', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
	return { id, name: unit.name, family: [id, ...(await unitsMergedInto(db, id))] };
}

async function computeUnitPage(
	db: Db,
	unitId: number,
	opts: { year?: number | null },
	scope: Scope | null | undefined
): Promise<UnitPage | undefined> {
	const found = await unitFamily(db, unitId);
	if (!found) return undefined;
	const { id, family } = found;
	const unit = { name: found.name };
	// another unit's page does not exist for a unit account (not even its name)
	if (!canSeeUnit(scope, id)) return undefined;
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
