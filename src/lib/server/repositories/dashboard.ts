/**
 * The analyst's dashboard: one function per page, each returning exactly what the page shows.
 *
 * Everything reads the *live* forms: current (`is_current = 1`) and not hidden by a newer form of the same
 * unit after a merge (`shadowed_by is null`), grouped by the unit they count for (`canonical_unit_id`).
 * Money is summed from the 万元 columns (`budget_wan`, `executed_wan`). The partial covering indexes of
 * migration 002 (`forms_live_year`: kind, year, rate, …; `forms_live_unit`: kind, unit, year, …) serve these
 * scans without reading the forms' rows: see scripts/bench-dashboard.ts for the timings at province scale.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { FINDING_CODES } from '../../domain/findings';
import type { FormKind, Grade, Severity } from '../../domain/form';
import { round } from '../../domain/rates';
import type { Database, Origin } from '../db/schema';
import { containsText } from '../db/sql';
import { getForm, yearsAvailable, type FormDetail } from './forms';
import { listMerges, unitsMergedInto, type MergeRecord } from './merges';
import { getSettings } from './settings';
import { canonicalUnitId, listUnitNames, unitNameKey, type UnitAlias } from './units';

type Db = Kysely<Database>;

/** Same tolerance as the RATE_BELOW_ALERT finding and the charts' isBelowAlert. */
const EPS = 1e-9;

export const GRADE_KEYS = ['优', '良', '中', '差'] as const satisfies readonly Grade[];

/** Current forms not hidden by a merge: what every dashboard counts. */
function liveForms(db: Db) {
	return db.selectFrom('forms').where('forms.is_current', '=', 1).where('forms.shadowed_by', 'is', null);
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

function labelOf(code: string): { label: string; severity: Severity | null } {
	const known = (FINDING_CODES as Record<string, { label: string; severity: Severity }>)[code];
	return known ? { label: known.label, severity: known.severity } : { label: code, severity: null };
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
	severity: Severity | null;
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
export async function getOverview(db: Db, opts: { kind: FormKind; year?: number | null }): Promise<Overview> {
	const { kind } = opts;
	const [years, settings] = await Promise.all([yearsAvailable(db, { kind }), getSettings(db)]);
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
	const scope = () => liveForms(db).where('forms.kind', '=', kind).where('forms.year', '=', year);

	const weighed = (eb: ExpressionBuilder<Database, 'forms'>) =>
		eb.and([eb('forms.rate', 'is not', null), eb('forms.budget_wan', '>', 0)]);
	const agg = await scope()
		.select((eb) => [
			eb.fn.countAll<number>().as('forms'),
			eb.fn.count<number>('forms.canonical_unit_id').distinct().as('units'),
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

	const findings = await scope()
		.innerJoin('findings', 'findings.form_id', 'forms.id')
		.select((eb) => [
			'findings.code',
			eb.fn.countAll<number>().as('count'),
			eb.fn.count<number>('findings.form_id').distinct().as('forms')
		])
		.groupBy('findings.code')
		.orderBy('count', 'desc')
		.orderBy('findings.code')
		.limit(10)
		.execute();

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
		topFindings: findings.map((f) => ({
			code: f.code,
			...labelOf(f.code),
			count: Number(f.count),
			forms: Number(f.forms)
		}))
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

const GRADE_ORDER: Record<string, number> = { 优: 0, 良: 1, 中: 2, 差: 3 };

/** The comparison page: every unit's forms of one year and kind, one metric, filtered, sorted, paged. */
export async function getComparison(db: Db, opts: ComparisonOptions): Promise<Comparison> {
	const { year, kind, metric } = opts;
	const alertLine = opts.alertLine ?? (await getSettings(db)).alertLine;
	const sort = opts.sort && COMPARISON_SORTS.includes(opts.sort) ? opts.sort : 'value';
	const dir = opts.dir ?? (sort === 'value' && metric === 'rate' ? 'asc' : sort === 'unit' ? 'asc' : 'desc');
	const pageSize = Math.min(Math.max(Math.floor(opts.pageSize ?? 50), 1), 1000);
	const page = Math.max(Math.floor(opts.page ?? 1), 1);

	let q = liveForms(db)
		.innerJoin('units', 'units.id', 'forms.canonical_unit_id')
		.select([
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
		])
		.where('forms.kind', '=', kind)
		.where('forms.year', '=', year);
	const search = opts.search?.trim();
	if (search) {
		q = q.where((eb) =>
			eb.or([containsText(eb.ref('units.name_key'), unitNameKey(search)), containsText(eb.ref('forms.project'), search)])
		);
	}
	if (opts.grade === 'none') q = q.where('forms.grade', 'is', null);
	else if (opts.grade) q = q.where('forms.grade', '=', opts.grade);
	if (opts.belowOnly) q = q.where('forms.rate', '<', alertLine - EPS);
	const raw = await q.execute();

	const all: ComparisonRow[] = raw.map((r) => {
		const gap = gapOf(r.self, r.score);
		const value = metric === 'rate' ? r.rate : metric === 'self' ? r.self : metric === 'score' ? r.score : gap;
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
			value,
			grade: r.grade as Grade | null,
			findingsCount: r.findingsCount,
			isDemo: (r.origin as Origin) === 'demo'
		};
	});
	const label = (r: ComparisonRow) => (r.project ? `${r.unit} · ${r.project}` : r.unit);

	const byName = (a: ComparisonRow, b: ComparisonRow) =>
		cmpText(a.unit, b.unit) || cmpText(a.project ?? '', b.project ?? '') || a.formId - b.formId;
	const key = (r: ComparisonRow): number | string | null => {
		switch (sort) {
			case 'value':
				return r.value;
			case 'unit':
				return null;
			case 'budget':
				return r.budgetWan;
			case 'grade':
				return r.grade === null ? null : GRADE_ORDER[r.grade];
			case 'findings':
				return r.findingsCount;
			default:
				return r[sort];
		}
	};
	const sign = dir === 'asc' ? 1 : -1;
	const sorted =
		sort === 'unit'
			? [...all].sort((a, b) => sign * byName(a, b))
			: [...all].sort((a, b) => compareNullsLast(key(a), key(b), sign) || byName(a, b));

	const chart = [...all]
		.sort((a, b) => compareNullsLast(a.value, b.value, -1) || byName(a, b))
		.map((r) => ({ id: r.unitId, formId: r.formId, label: label(r), value: r.value }));
	const scatter: ScatterPoint[] = [];
	for (const r of all)
		if (r.budgetWan !== null && r.rate !== null)
			scatter.push({ id: r.unitId, formId: r.formId, label: label(r), budgetWan: r.budgetWan, rate: r.rate });

	return {
		year,
		kind,
		metric,
		alertLine,
		sort,
		dir,
		page,
		pageSize,
		rows: sorted.slice((page - 1) * pageSize, page * pageSize),
		total: all.length,
		chart,
		scatter
	};
}

/** Code-point order, as the database sorts text (and as listCurrentForms does). */
function cmpText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function compareNullsLast(a: number | string | null, b: number | string | null, sign: number): number {
	if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
	return a < b ? -sign : a > b ? sign : 0;
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
	/** the 20 largest falls from a unit's previous year with forms to the next, over all matching units */
	drops: YearDrop[];
}

function unitsOfKind(db: Db, kind: FormKind, search: string | undefined) {
	let q = db
		.selectFrom('units')
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
	opts: { kind: FormKind; metric: 'rate' | 'score' | 'self'; search?: string | null; page?: number; pageSize?: number }
): Promise<YearsMatrix> {
	const { kind, metric } = opts;
	const search = opts.search?.trim() || undefined;
	const pageSize = Math.min(Math.max(Math.floor(opts.pageSize ?? 50), 1), 1000);
	const page = Math.max(Math.floor(opts.page ?? 1), 1);

	const years = (await yearsAvailable(db, { kind })).reverse();
	const { n } = await unitsOfKind(db, kind, search)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	const units = await unitsOfKind(db, kind, search)
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
					await liveForms(db)
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
		drops: await largestDrops(db, kind, metric, search)
	};
}

/**
 * Each unit's value per year, the previous year's beside it (a window over the unit's years in order),
 * and the 20 largest falls. Window functions are standard SQL (SQLite ≥ 3.25, PostgreSQL).
 */
async function largestDrops(db: Db, kind: FormKind, metric: TrendMetric, search: string | undefined): Promise<YearDrop[]> {
	let perYear = liveForms(db)
		.select((eb) => ['forms.canonical_unit_id as unitId', 'forms.year', metricValue(eb, metric).as('value')])
		.where('forms.kind', '=', kind)
		.groupBy(['forms.canonical_unit_id', 'forms.year']);
	if (search) {
		perYear = perYear.where((eb) =>
			eb(
				'forms.canonical_unit_id',
				'in',
				eb
					.selectFrom('units')
					.select('units.id')
					.where((u) => containsText(u.ref('units.name_key'), unitNameKey(search)))
			)
		);
	}
	const rows = await db
		.with('v', () => perYear)
		.with('d', (qc) =>
			qc
				.selectFrom('v')
				.select((eb) => [
					'v.unitId',
					'v.year as toYear',
					'v.value as toValue',
					eb.fn.agg<number>('lag', ['v.year']).over((o) => o.partitionBy('v.unitId').orderBy('v.year')).as('fromYear'),
					eb.fn
						.agg<number | null>('lag', ['v.value'])
						.over((o) => o.partitionBy('v.unitId').orderBy('v.year'))
						.as('fromValue')
				])
		)
		.selectFrom('d')
		.innerJoin('units', 'units.id', 'd.unitId')
		.select((eb) => [
			'd.unitId',
			'units.name',
			'd.fromYear',
			'd.toYear',
			'd.fromValue',
			'd.toValue',
			eb('d.toValue', '-', eb.ref('d.fromValue')).as('delta')
		])
		.where('d.fromValue', 'is not', null)
		.where('d.toValue', 'is not', null)
		.whereRef('d.toValue', '<', 'd.fromValue')
		.orderBy('delta')
		.orderBy('units.name')
		.limit(20)
		.execute();
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
	opts: { unitIds: number[]; kind: FormKind; metric: TrendMetric }
): Promise<Trend> {
	const { kind, metric } = opts;
	const years = (await yearsAvailable(db, { kind })).reverse();
	const asked = [...new Set(opts.unitIds)].slice(0, 200);
	const ids: number[] = [];
	for (const id of asked) {
		const canonical = await canonicalUnitId(db, id);
		if (!ids.includes(canonical)) ids.push(canonical);
	}
	if (ids.length === 0) return { kind, metric, years, series: [] };
	const units = await db.selectFrom('units').select(['id', 'name']).where('id', 'in', ids).execute();
	const values = await liveForms(db)
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
export async function getUnitPage(db: Db, unitId: number, opts: { year?: number | null } = {}): Promise<UnitPage | undefined> {
	const exists = await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
	if (!exists) return undefined;
	const id = await canonicalUnitId(db, unitId);
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
