/**
 * Seeded synthetic self-evaluation forms for the demo dashboard and the province-scale benchmark.
 *
 * The generator writes documents, not rows: each form is text in the seed's tab-separated layout
 * (department forms) or the Ministry of Finance project layout, so that demo data and benchmarks go
 * through the real import pipeline. Pure and lazy: no I/O, no Math.random, one document at a time; the
 * same options give the same documents, and each document depends only on (seed, unit, year, project).
 */
import type { FormKind, RateFormula } from '../domain/form';
import { buildForm, type ProblemKind } from './model';
import { Rng, hashSeed } from './random';
import { renderForm } from './render';
import { Roster, STREAM, clampBudget, drawRate, unitYear, variantYears, type UnitProfile } from './units';

export { INJECTED_PROBLEMS, PROBLEM_KINDS, type InjectedProblem, type ProblemKind } from './model';

export interface DatasetOptions {
	units: number;
	years: number;
	/** first fiscal year (default 2020) */
	firstYear?: number;
	/** average project forms per unit and year (default 0.5) */
	projectsPerUnit?: number;
	seed?: number;
	/** stop after this many documents (benchmarks ask for a round number of forms) */
	limit?: number;
}

export interface GeneratedTruth {
	/** the unit as printed (implementer on project forms), null when the form leaves it blank */
	unit: string | null;
	/** the unit's usual name: the same across years even when a year prints it differently */
	canonicalUnit: string;
	/** the year as printed, null when the form does not print one */
	year: number | null;
	/** the fiscal year the form belongs to, printed or not */
	fiscalYear: number;
	kind: FormKind;
	/** project name as printed (project forms), else null */
	project: string | null;
	/** 主管部门 as printed (project forms), else null */
	supervisor: string | null;
	/** amounts of the funds total, 万元: 全年预算数 (A), 全年执行数 (B), 上级财政转移支付 (C, null without a C column) */
	budget: number;
	executed: number;
	transfer: number | null;
	/** 年初预算数, null when the form has no such column */
	initialBudget: number | null;
	/** the rate formula the form prints in its header */
	formula: RateFormula;
	/** execution rate recomputed from the amounts by that formula, 4 decimals */
	rate: number;
	/** 分值 of the funds block (10, or 20 in Hubei-style forms) */
	fundsWeight: number;
	/** 总分 as printed, null when there is no total row */
	totalScore: number | null;
	/** rows of the indicator table, empty template rows (分值 0) included */
	indicatorCount: number;
	/**
	 * every data-quality problem the form shows, as the domain's finding codes, sorted: injected ones and
	 * those its numbers give (RATE_BELOW_ALERT, RATE_ABOVE_100 …). Empty for a clean form.
	 */
	problems: ProblemKind[];
}

export interface GeneratedDocument {
	fileName: string;
	text: string;
	truth: GeneratedTruth;
}

export const DEMO_DEFAULTS = { units: 120, years: 3, seed: 20201 } as const;

const DEFAULT_FIRST_YEAR = 2020;
const DEFAULT_PROJECTS_PER_UNIT = 0.5;

function safeFilePart(text: string): string {
	return text.replace(/[\s/\\:*?"<>|]+/g, '');
}

/** The number of project forms a unit files in its k-th year, and their names (the same projects recur). */
function projectsOf(seed: number, unit: UnitProfile, k: number, perUnit: number): string[] {
	const rng = new Rng(hashSeed(seed, STREAM.projects, unit.index, k));
	const count = Math.min(unit.projects.length, rng.poisson(perUnit * unit.projectFactor));
	// a unit's projects persist: this year's are mostly last year's, in the order the unit took them up
	const start = rng.chance(0.2) ? rng.int(0, Math.max(0, unit.projects.length - count)) : 0;
	return unit.projects.slice(start, start + count);
}

/**
 * The documents of a dataset: year by year, unit by unit, each unit's department form followed by its
 * project forms. Lazy: iterate it (or take the first N) without holding the dataset in memory.
 */
export function* generateDataset(opts: DatasetOptions): Generator<GeneratedDocument, void, undefined> {
	const units = Math.max(0, Math.floor(opts.units));
	const years = Math.max(0, Math.floor(opts.years));
	const firstYear = opts.firstYear ?? DEFAULT_FIRST_YEAR;
	const perUnit = opts.projectsPerUnit ?? DEFAULT_PROJECTS_PER_UNIT;
	const seed = opts.seed ?? DEMO_DEFAULTS.seed;
	const limit = opts.limit ?? Infinity;
	let seq = 0;

	for (let k = 0; k < years; k++) {
		const year = firstYear + k;
		const roster = new Roster(seed);
		for (let i = 0; i < units; i++) {
			const unit = roster.unit(i);
			const state = unitYear(seed, unit, k);
			const renamed = variantYears(seed, unit, years).has(k);
			const unitName = renamed && unit.variant ? unit.variant : unit.name;
			const supervisorName = unit.supervisor === unit.name ? unitName : unit.supervisor;

			const forms: { kind: FormKind; project: string | null }[] = [
				{ kind: 'department', project: null },
				...projectsOf(seed, unit, k, perUnit).map((project) => ({ kind: 'project' as const, project }))
			];
			for (let p = 0; p < forms.length; p++) {
				if (seq >= limit) return;
				const { kind, project } = forms[p];
				const rng = new Rng(hashSeed(seed, STREAM.form, i, year, p));
				let budget = state.budget;
				let rate = state.rate;
				if (kind === 'project') {
					// projects are a slice of the unit's spending, with their own execution
					budget = clampBudget(budget * 0.08 * Math.exp(0.9 * rng.normal()), 1, 20000);
					rate = drawRate(rng, unit.diligence, true);
				}
				const model = buildForm({ rng, unit, kind, year, unitName, supervisorName, project, budget, rate });
				seq++;
				const named = model.unit !== null && model.style.yearLine !== null;
				const label = kind === 'department' ? '部门整体支出绩效自评表' : `${model.project}绩效自评表`;
				const fileName = named
					? `${String(seq).padStart(6, '0')}-${year}-${safeFilePart(model.unit as string)}-${safeFilePart(label)}.txt`
					: `${String(seq).padStart(6, '0')}-自评表.txt`;
				yield {
					fileName,
					text: renderForm(model),
					truth: {
						unit: model.unit,
						canonicalUnit: unit.name,
						year: model.style.yearLine === null ? null : year,
						fiscalYear: year,
						kind,
						project: model.project,
						supervisor: model.supervisor,
						budget: sum(model, 'budget'),
						executed: sum(model, 'executed'),
						transfer: model.hasTransfer ? sumTransfer(model) : null,
						initialBudget: model.hasInitial ? sumInitial(model) : null,
						formula: model.formula,
						rate: model.rate,
						fundsWeight: model.fundsWeight,
						totalScore: model.totalScorePrinted,
						indicatorCount: model.rows.length,
						problems: model.problems
					}
				};
			}
		}
	}
}

/** The real amounts (the sum of the source rows): a total row printed as 0 does not change them. */
function sum(m: ReturnType<typeof buildForm>, key: 'budget' | 'executed'): number {
	return m.sources.reduce((s, r) => s + r[key], 0) / 100;
}

function sumTransfer(m: ReturnType<typeof buildForm>): number {
	return m.sources.reduce((s, r) => s + (r.transfer ?? 0), 0) / 100;
}

function sumInitial(m: ReturnType<typeof buildForm>): number {
	return m.sources.reduce((s, r) => s + (r.initial ?? 0), 0) / 100;
}
