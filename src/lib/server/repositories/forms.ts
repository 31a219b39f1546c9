import type { Insertable, Kysely } from 'kysely';
import { pickFundsRow } from '../../domain';
import type { Finding, FormKind, Grade, NormalizedForm, RateFormula } from '../../domain/form';
import type { Database, FormsTable, Origin } from '../db/schema';
import { whereInScope, type Scope } from '../auth/scope';
import { containsText } from '../db/sql';
import { unitNameKey } from './units';

/** (unit, year, kind, project): one current form per key; '' stands for "no project" (department forms). */
export interface FormKey {
	unitId: number;
	year: number;
	kind: FormKind;
	project: string;
}

export function projectKey(form: Pick<NormalizedForm, 'kind' | 'project'>): string {
	return form.kind === 'department' ? '' : (form.project?.trim() ?? '');
}

type Aggregates = Pick<
	FormsTable,
	| 'title'
	| 'supervisor'
	| 'money_unit'
	| 'rate_formula'
	| 'budget'
	| 'executed'
	| 'transfer'
	| 'initial_budget'
	| 'budget_wan'
	| 'executed_wan'
	| 'funds_weight'
	| 'rate_printed'
	| 'rate'
	| 'funds_score_printed'
	| 'funds_score'
	| 'total_weight'
	| 'total_score_printed'
	| 'total_score'
	| 'grade'
	| 'indicator_count'
	| 'findings_count'
	| 'errors_count'
	| 'warnings_count'
>;

/**
 * An amount in 万元: forms in 元 are divided by 10,000; a form without a money unit is taken as 万元, the
 * unit nearly every template prints (the reader records a finding when it cannot tell).
 */
export function toWan(amount: number | null | undefined, moneyUnit: string | null | undefined): number | null {
	if (typeof amount !== 'number' || !Number.isFinite(amount)) return null;
	return moneyUnit === '元' ? amount / 10_000 : amount;
}

/** The per-form columns dashboards read, taken from the same funds row the domain judged. */
export function formAggregates(form: NormalizedForm): Aggregates {
	const funds = pickFundsRow(form);
	return {
		title: form.title,
		supervisor: form.supervisor ?? null,
		money_unit: form.moneyUnit,
		rate_formula: form.computed.rateFormula,
		budget: funds?.budget ?? null,
		executed: funds?.executed ?? null,
		transfer: funds?.transfer ?? null,
		initial_budget: funds?.initialBudget ?? null,
		budget_wan: toWan(funds?.budget, form.moneyUnit),
		executed_wan: toWan(funds?.executed, form.moneyUnit),
		funds_weight: funds?.weight ?? null,
		rate_printed: funds?.ratePrinted ?? null,
		rate: form.computed.rate,
		funds_score_printed: funds?.scorePrinted ?? null,
		funds_score: form.computed.fundsScore,
		total_weight: form.totalWeight,
		total_score_printed: form.totalScorePrinted,
		total_score: form.computed.totalScore,
		grade: form.computed.grade,
		indicator_count: form.indicators.length,
		findings_count: form.findings.length,
		errors_count: form.findings.filter((f) => f.severity === 'error').length,
		warnings_count: form.findings.filter((f) => f.severity === 'warning').length
	};
}

/** Rows per multi-row INSERT: far below SQLite's 32766 bound parameters even for 15 columns. */
const CHUNK = 500;

async function insertChunked<T extends 'fund_rows' | 'indicators' | 'findings'>(
	db: Kysely<Database>,
	table: T,
	rows: Insertable<Database[T]>[]
): Promise<void> {
	for (let i = 0; i < rows.length; i += CHUNK) {
		// the union of the three tables' row types is too wide for Kysely's per-table overloads
		await db
			.insertInto(table)
			.values(rows.slice(i, i + CHUNK) as never)
			.execute();
	}
}

/** A form's findings as `findings` rows, in the form's own (stored) year and kind. */
export function findingRows(
	form: { id: number; year: number; kind: FormKind },
	findings: Finding[]
): Insertable<Database['findings']>[] {
	return findings.map((f, ord) => ({
		form_id: form.id,
		year: form.year,
		kind: form.kind,
		ord,
		code: f.code,
		severity: f.severity,
		message: f.message,
		where: f.where ?? null
	}));
}

async function insertFindings(
	db: Kysely<Database>,
	form: { id: number; year: number; kind: FormKind },
	findings: Finding[]
): Promise<void> {
	await insertChunked(db, 'findings', findingRows(form, findings));
}

export interface NewFormRecord {
	form: NormalizedForm;
	key: FormKey;
	version: number;
	documentId: number;
	importId: number | null;
	/** the unit the form counts for (key.unitId, or the unit that one was merged into) */
	canonicalUnitId: number;
	/** the document's origin (default 'upload') */
	origin?: Origin;
	/** the reader's notes among form.findings, kept so that recomputation can re-add them */
	readerNotes: Finding[];
	createdAt?: string;
}

/**
 * Every row a new form is stored as, but the `forms` row's id: the bulk writer (db/bulk.ts) and insertForm
 * build them here, so that both paths write the same rows.
 */
export function newFormRows(rec: NewFormRecord) {
	const { form, key } = rec;
	const forms: Insertable<Database['forms']> = {
		unit_id: key.unitId,
		canonical_unit_id: rec.canonicalUnitId,
		origin: rec.origin ?? 'upload',
		unit_name: form.unit?.trim() || null,
		year: key.year,
		kind: key.kind,
		project: key.project,
		version: rec.version,
		is_current: 1,
		replaced_by: null,
		document_id: rec.documentId,
		import_id: rec.importId,
		...formAggregates(form),
		created_at: rec.createdAt ?? new Date().toISOString()
	};
	return {
		forms,
		/** the children of the form whose id is given */
		children: (formId: number) => {
			const fundRows = form.funds.total ? [...form.funds.rows, form.funds.total] : form.funds.rows;
			return {
				form_data: {
					form_id: formId,
					data: JSON.stringify(form),
					reader_notes: JSON.stringify(rec.readerNotes)
				} satisfies Insertable<Database['form_data']>,
				fund_rows: fundRows.map(
					(r, ord): Insertable<Database['fund_rows']> => ({
						form_id: formId,
						ord,
						is_total: r === form.funds.total ? 1 : 0,
						source: r.source,
						initial_budget: r.initialBudget,
						budget: r.budget,
						executed: r.executed,
						transfer: r.transfer,
						weight: r.weight,
						rate_printed: r.ratePrinted,
						score_printed: r.scorePrinted
					})
				),
				indicators: form.indicators.map(
					(ind, ord): Insertable<Database['indicators']> => ({
						form_id: formId,
						ord,
						level1: ind.level1,
						level2: ind.level2,
						level3: ind.level3,
						content: ind.content,
						nature: ind.nature ?? null,
						target_value: ind.targetValue,
						actual_value: ind.actualValue,
						weight: ind.weight,
						score: ind.score,
						reason: ind.reason,
						measure: ind.measure,
						where: ind.where ?? null
					})
				),
				findings: findingRows({ id: formId, year: key.year, kind: key.kind }, form.findings)
			};
		}
	};
}

/** Write a form with its fund rows, indicators and findings, as the current version of its key. Call in a transaction. */
export async function insertForm(trx: Kysely<Database>, rec: NewFormRecord): Promise<number> {
	const rows = newFormRows(rec);
	const { id: formId } = await trx.insertInto('forms').values(rows.forms).returning('id').executeTakeFirstOrThrow();
	const children = rows.children(formId);
	await trx.insertInto('form_data').values(children.form_data).execute();
	await insertChunked(trx, 'fund_rows', children.fund_rows);
	await insertChunked(trx, 'indicators', children.indicators);
	await insertChunked(trx, 'findings', children.findings);
	return formId;
}

/** The current form of a key, if any, and the highest version stored for it. */
export async function findCurrentVersion(
	db: Kysely<Database>,
	key: FormKey
): Promise<{ current: { id: number; version: number } | null; maxVersion: number }> {
	const rows = await db
		.selectFrom('forms')
		.select(['id', 'version', 'is_current'])
		.where('unit_id', '=', key.unitId)
		.where('year', '=', key.year)
		.where('kind', '=', key.kind)
		.where('project', '=', key.project)
		.execute();
	const current = rows.find((r) => r.is_current === 1);
	return {
		current: current ? { id: current.id, version: current.version } : null,
		maxVersion: rows.reduce((m, r) => Math.max(m, r.version), 0)
	};
}

/** Make a form a past version (before inserting its successor: only one current row per key is allowed). */
export async function retireForm(db: Kysely<Database>, formId: number): Promise<void> {
	await db.updateTable('forms').set({ is_current: 0, shadowed_by: null }).where('id', '=', formId).execute();
}

export async function setReplacedBy(db: Kysely<Database>, formId: number, successorId: number): Promise<void> {
	await db.updateTable('forms').set({ replaced_by: successorId }).where('id', '=', formId).execute();
}

/** Replace a stored form's evaluation (after a settings change): aggregates, data and findings. */
export async function updateEvaluation(trx: Kysely<Database>, formId: number, form: NormalizedForm): Promise<void> {
	await trx.updateTable('forms').set(formAggregates(form)).where('id', '=', formId).execute();
	await trx.updateTable('form_data').set({ data: JSON.stringify(form) }).where('form_id', '=', formId).execute();
	await trx.deleteFrom('findings').where('form_id', '=', formId).execute();
	// the stored key, not the JSON's: the findings must sit in the form's own year and kind
	const key = await trx.selectFrom('forms').select(['year', 'kind']).where('id', '=', formId).executeTakeFirstOrThrow();
	await insertFindings(trx, { id: formId, year: key.year, kind: key.kind }, form.findings);
}

/** How many forms a whole-table pass (recomputation) goes through: every stored version. */
export async function countFormsForRecompute(db: Kysely<Database>): Promise<number> {
	const row = await db.selectFrom('form_data').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	return Number(row.n);
}

/** Forms in id order, `batch` at a time after `afterId`, for whole-table passes (recomputation). */
export async function formsForRecompute(
	db: Kysely<Database>,
	afterId: number,
	batch: number
): Promise<{ id: number; data: string; readerNotes: string }[]> {
	return db
		.selectFrom('form_data')
		.select(['form_id as id', 'data', 'reader_notes as readerNotes'])
		.where('form_id', '>', afterId)
		.orderBy('form_id')
		.limit(batch)
		.execute();
}

// ---------------------------------------------------------------------------------------------------- reading

export interface FormListItem {
	id: number;
	/** the unit the form is filed under (its printed name's unit) */
	unitId: number;
	unit: string;
	/** the unit it counts for: unitId unless that unit was merged into another */
	canonicalUnitId: number;
	/** the unit name as printed on the form */
	unitPrinted: string | null;
	origin: Origin;
	/** origin 'demo': the UI marks it 演示数据 */
	isDemo: boolean;
	/** a newer current form of the same canonical unit, year, kind and project hides this one (after a merge) */
	shadowedBy: number | null;
	year: number;
	kind: FormKind;
	/** null for department forms */
	project: string | null;
	version: number;
	isCurrent: boolean;
	title: string | null;
	supervisor: string | null;
	moneyUnit: string | null;
	rateFormula: RateFormula;
	budget: number | null;
	executed: number | null;
	transfer: number | null;
	initialBudget: number | null;
	/** budget and executed in 万元 */
	budgetWan: number | null;
	executedWan: number | null;
	fundsWeight: number | null;
	ratePrinted: number | null;
	rate: number | null;
	fundsScorePrinted: number | null;
	fundsScore: number | null;
	totalWeight: number | null;
	totalScorePrinted: number | null;
	totalScore: number | null;
	grade: Grade | null;
	indicatorCount: number;
	findingsCount: number;
	errorsCount: number;
	warningsCount: number;
	documentId: number;
	createdAt: string;
}

const SORTS = {
	unit: 'units.name',
	year: 'forms.year',
	kind: 'forms.kind',
	project: 'forms.project',
	// 万元, so that forms in 元 sort among the others
	budget: 'forms.budget_wan',
	rate: 'forms.rate',
	fundsScore: 'forms.funds_score',
	totalScore: 'forms.total_score',
	totalScorePrinted: 'forms.total_score_printed',
	findings: 'forms.findings_count',
	errors: 'forms.errors_count',
	created: 'forms.created_at'
} as const;

export type FormSortKey = keyof typeof SORTS;
/** a sort key, descending when prefixed with '-': 'unit', '-rate', '-totalScore' … */
export type FormSort = FormSortKey | `-${FormSortKey}`;
export const FORM_SORT_KEYS = Object.keys(SORTS) as FormSortKey[];

export function isFormSort(s: unknown): s is FormSort {
	return typeof s === 'string' && (FORM_SORT_KEYS as string[]).includes(s.replace(/^-/, ''));
}

export interface FormFilter {
	year?: number;
	kind?: FormKind;
	/** the unit the forms count for (a merged unit's forms are listed under the unit it was merged into) */
	unitId?: number;
	/** part of the unit name or the project name */
	search?: string;
	grade?: Grade;
}

export interface ListFormsOptions extends FormFilter {
	/** default '-year' then unit name */
	sort?: FormSort;
	limit?: number;
	offset?: number;
}

function currentForms(db: Kysely<Database>, f: FormFilter, scope?: Scope) {
	let q = whereInScope(
		db.selectFrom('forms').innerJoin('units', 'units.id', 'forms.unit_id').where('forms.is_current', '=', 1),
		scope
	);
	if (f.year !== undefined) q = q.where('forms.year', '=', f.year);
	if (f.kind) q = q.where('forms.kind', '=', f.kind);
	if (f.unitId !== undefined) q = q.where('forms.canonical_unit_id', '=', f.unitId);
	if (f.grade) q = q.where('forms.grade', '=', f.grade);
	const search = f.search?.trim();
	if (search) {
		q = q.where((eb) =>
			eb.or([
				containsText(eb.ref('units.name_key'), unitNameKey(search)),
				containsText(eb.ref('forms.project'), search)
			])
		);
	}
	return q;
}

const LIST_COLUMNS = [
	'forms.id',
	'forms.unit_id as unitId',
	'units.name as unit',
	'forms.canonical_unit_id as canonicalUnitId',
	'forms.unit_name as unitPrinted',
	'forms.origin',
	'forms.shadowed_by as shadowedBy',
	'forms.year',
	'forms.kind',
	'forms.project',
	'forms.version',
	'forms.is_current as isCurrent',
	'forms.title',
	'forms.supervisor',
	'forms.money_unit as moneyUnit',
	'forms.rate_formula as rateFormula',
	'forms.budget',
	'forms.executed',
	'forms.transfer',
	'forms.initial_budget as initialBudget',
	'forms.budget_wan as budgetWan',
	'forms.executed_wan as executedWan',
	'forms.funds_weight as fundsWeight',
	'forms.rate_printed as ratePrinted',
	'forms.rate',
	'forms.funds_score_printed as fundsScorePrinted',
	'forms.funds_score as fundsScore',
	'forms.total_weight as totalWeight',
	'forms.total_score_printed as totalScorePrinted',
	'forms.total_score as totalScore',
	'forms.grade',
	'forms.indicator_count as indicatorCount',
	'forms.findings_count as findingsCount',
	'forms.errors_count as errorsCount',
	'forms.warnings_count as warningsCount',
	'forms.document_id as documentId',
	'forms.created_at as createdAt'
] as const;

type RawListRow = {
	project: string;
	isCurrent: number;
	rateFormula: string;
	grade: string | null;
	kind: string;
	origin: string;
};

function toListItem<R extends RawListRow>(r: R): FormListItem {
	return {
		...(r as unknown as FormListItem),
		kind: r.kind as FormKind,
		project: r.project === '' ? null : r.project,
		isCurrent: r.isCurrent === 1,
		isDemo: r.origin === 'demo',
		rateFormula: r.rateFormula as RateFormula,
		grade: r.grade as Grade | null
	};
}

/** Current forms with their aggregates, one page of them, and how many match in all (within the scope). */
export async function listCurrentForms(
	db: Kysely<Database>,
	opts: ListFormsOptions = {},
	scope?: Scope
): Promise<{ rows: FormListItem[]; total: number }> {
	const sort: FormSort = opts.sort && isFormSort(opts.sort) ? opts.sort : '-year';
	const desc = sort.startsWith('-');
	const column = SORTS[sort.replace(/^-/, '') as FormSortKey];
	const rows = await currentForms(db, opts, scope)
		.select(LIST_COLUMNS)
		.orderBy(column, (ob) => (desc ? ob.desc() : ob.asc()).nullsLast())
		.orderBy('units.name')
		.orderBy('forms.project')
		.orderBy('forms.id')
		.limit(Math.min(Math.max(opts.limit ?? 50, 1), 10_000))
		.offset(Math.max(opts.offset ?? 0, 0))
		.execute();
	const { n } = await currentForms(db, opts, scope)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return { rows: rows.map(toListItem), total: Number(n) };
}

/** The forms a document produced (any version), within the scope. */
export async function listFormsOfDocument(
	db: Kysely<Database>,
	documentId: number,
	scope?: Scope
): Promise<FormListItem[]> {
	const rows = await whereInScope(db.selectFrom('forms').innerJoin('units', 'units.id', 'forms.unit_id'), scope)
		.select(LIST_COLUMNS)
		.where('forms.document_id', '=', documentId)
		.orderBy('forms.id')
		.execute();
	return rows.map(toListItem);
}

export interface FormVersion {
	id: number;
	version: number;
	isCurrent: boolean;
	replacedBy: number | null;
	documentId: number;
	fileName: string;
	importId: number | null;
	rate: number | null;
	totalScorePrinted: number | null;
	totalScore: number | null;
	findingsCount: number;
	createdAt: string;
}

/** Every stored version of the form's key, newest first (within the scope). */
export async function listFormVersions(db: Kysely<Database>, formId: number, scope?: Scope): Promise<FormVersion[]> {
	const rows = await whereInScope(db.selectFrom('forms as f'), scope, 'f.canonical_unit_id')
		.innerJoin('forms as this', (j) =>
			j
				.onRef('this.unit_id', '=', 'f.unit_id')
				.onRef('this.year', '=', 'f.year')
				.onRef('this.kind', '=', 'f.kind')
				.onRef('this.project', '=', 'f.project')
		)
		.innerJoin('documents', 'documents.id', 'f.document_id')
		.select([
			'f.id',
			'f.version',
			'f.is_current as isCurrent',
			'f.replaced_by as replacedBy',
			'f.document_id as documentId',
			'documents.file_name as fileName',
			'f.import_id as importId',
			'f.rate',
			'f.total_score_printed as totalScorePrinted',
			'f.total_score as totalScore',
			'f.findings_count as findingsCount',
			'f.created_at as createdAt'
		])
		.where('this.id', '=', formId)
		.orderBy('f.version', 'desc')
		.execute();
	return rows.map((r) => ({ ...r, isCurrent: r.isCurrent === 1 }));
}

export interface FormDetail extends FormListItem {
	replacedBy: number | null;
	importId: number | null;
	/** the form exactly as imported (and re-evaluated after settings changes) */
	form: NormalizedForm;
	document: { id: number; fileName: string; format: string; size: number };
	versions: FormVersion[];
}

/**
 * One form, current or not, with its document and all versions of its key. undefined also when the form
 * is outside the scope: to a unit account another unit's form does not exist.
 */
export async function getForm(db: Kysely<Database>, id: number, scope?: Scope): Promise<FormDetail | undefined> {
	const row = await whereInScope(db.selectFrom('forms'), scope)
		.innerJoin('units', 'units.id', 'forms.unit_id')
		.innerJoin('documents', 'documents.id', 'forms.document_id')
		.innerJoin('form_data', 'form_data.form_id', 'forms.id')
		.select(LIST_COLUMNS)
		.select([
			'forms.replaced_by as replacedBy',
			'forms.import_id as importId',
			'form_data.data',
			'documents.file_name as fileName',
			'documents.format',
			'documents.size'
		])
		.where('forms.id', '=', id)
		.executeTakeFirst();
	if (!row) return undefined;
	const { data, fileName, format, size, replacedBy, importId, ...list } = row;
	return {
		...toListItem(list),
		replacedBy,
		importId,
		form: JSON.parse(data) as NormalizedForm,
		document: { id: row.documentId, fileName, format, size },
		versions: await listFormVersions(db, id, scope)
	};
}

/** Years that have current forms (within the scope), newest first. */
export async function yearsAvailable(
	db: Kysely<Database>,
	opts: { kind?: FormKind } = {},
	scope?: Scope
): Promise<number[]> {
	let q = whereInScope(db.selectFrom('forms').select('year').distinct().where('is_current', '=', 1), scope);
	if (opts.kind) q = q.where('kind', '=', opts.kind);
	const rows = await q.orderBy('year', 'desc').execute();
	return rows.map((r) => r.year);
}

export async function countForms(
	db: Kysely<Database>,
	opts: { currentOnly?: boolean } = {},
	scope?: Scope
): Promise<number> {
	let q = whereInScope(db.selectFrom('forms').select((eb) => eb.fn.countAll<number>().as('n')), scope);
	if (opts.currentOnly) q = q.where('is_current', '=', 1);
	return Number((await q.executeTakeFirstOrThrow()).n);
}
