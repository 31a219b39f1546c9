import type { Kysely } from 'kysely';
import { FINDING_CODES } from '../../domain/findings';
import type { FormKind, Severity } from '../../domain/form';
import type { Database } from '../db/schema';
import { scopeCondition, scopeKey, type Scope } from '../auth/scope';
import { containsText } from '../db/sql';
import { cached } from './cache';
import { unitNameKey } from './units';

/** The short label of a finding code for filters (FINDING_CODES), the code itself for a reader's own codes. */
export function findingLabel(code: string): string {
	return (FINDING_CODES as Record<string, { label: string }>)[code]?.label ?? code;
}

export interface FindingFilter {
	code?: string;
	severity?: Severity;
	year?: number;
	kind?: FormKind;
	/** the unit the forms count for (forms of units merged into it included) */
	unitId?: number;
	formId?: number;
	/**
	 * part of the unit name (any spelling) or of the project name. Not the message: that would read every
	 * finding's text of the year (~10^5 rows), and the code filter already says what a finding is about.
	 */
	search?: string;
	/**
	 * only findings of live forms: current, and not hidden by a newer form of the same unit after a merge
	 * (default true; ignored when formId is given)
	 */
	currentOnly?: boolean;
}

export interface FindingListItem {
	formId: number;
	ord: number;
	code: string;
	/** FINDING_CODES label */
	label: string;
	severity: Severity;
	message: string;
	where: string | null;
	/** the unit the form counts for */
	unitId: number;
	unit: string;
	year: number;
	kind: FormKind;
	project: string | null;
}

const KINDS: FormKind[] = ['department', 'project'];

/**
 * Findings matching the filter, read from `findings` alone: its year and kind columns and the
 * `findings_slice` index (kind, year, code, severity, form_id, ord) answer the usual filters without
 * visiting the forms. Only findings of live forms count (unless currentOnly is false): the few forms that
 * are not live (older versions, forms hidden after a merge) are excluded by id, through `forms_dead`.
 * Unit and text filters go through the forms and units they name.
 */
function filtered(db: Kysely<Database>, f: FindingFilter, scope?: Scope) {
	let q = db.selectFrom('findings');
	// a unit account's findings: those of its unit's forms
	const inScope = scopeCondition(scope);
	if (inScope) q = q.where('findings.form_id', 'in', db.selectFrom('forms').select('forms.id').where(inScope));
	if (f.formId !== undefined) q = q.where('findings.form_id', '=', f.formId);
	else {
		// both kinds spelled out, so that the index's first column is constrained
		q = q.where('findings.kind', 'in', f.kind ? [f.kind] : KINDS);
		if (f.currentOnly !== false) {
			let dead = db
				.selectFrom('forms')
				.select('forms.id')
				.where('forms.kind', 'in', f.kind ? [f.kind] : KINDS)
				// literally the predicate of the partial index forms_dead, so that the index applies
				.where((eb) => eb.or([eb('forms.is_current', '=', eb.lit(0)), eb('forms.shadowed_by', 'is not', null)]));
			if (f.year !== undefined) dead = dead.where('forms.year', '=', f.year);
			q = q.where('findings.form_id', 'not in', dead);
		}
	}
	if (f.year !== undefined) q = q.where('findings.year', '=', f.year);
	if (f.code) q = q.where('findings.code', '=', f.code);
	if (f.severity) q = q.where('findings.severity', '=', f.severity);
	if (f.unitId !== undefined) {
		q = q.where('findings.form_id', 'in', db.selectFrom('forms').select('forms.id').where('forms.canonical_unit_id', '=', f.unitId));
	}
	const search = f.search?.trim();
	if (search) {
		// the units named (a scan of the units), then their forms through forms_canonical
		const units = db
			.selectFrom('units')
			.select('units.id')
			.where((eb) => containsText(eb.ref('units.name_key'), unitNameKey(search)));
		let named = db.selectFrom('forms').select('forms.id').where('forms.canonical_unit_id', 'in', units);
		let project = db
			.selectFrom('forms')
			.select('forms.id')
			.where('forms.kind', 'in', f.kind ? [f.kind] : KINDS)
			.where((eb) => containsText(eb.ref('forms.project'), search));
		if (f.year !== undefined) {
			named = named.where('forms.year', '=', f.year);
			project = project.where('forms.year', '=', f.year);
		}
		q = q.where((eb) => eb.or([eb('findings.form_id', 'in', named), eb('findings.form_id', 'in', project)]));
	}
	return q;
}

/**
 * Findings with their form's unit (the unit it counts for), year and project: errors first, then warnings,
 * then notes; within those the newest year first, then by form and position.
 */
export async function listFindings(
	db: Kysely<Database>,
	opts: FindingFilter & { limit?: number; offset?: number } = {},
	scope?: Scope
): Promise<{ rows: FindingListItem[]; total: number }> {
	return cached(db, JSON.stringify(['findings', scopeKey(scope), filterKey(opts), opts.limit ?? null, opts.offset ?? null]), () =>
		computeListFindings(db, opts, scope)
	);
}

/** The filter's fields in a fixed order, for cache keys. */
function filterKey(f: FindingFilter): unknown[] {
	return [f.code, f.severity, f.year, f.kind, f.unitId, f.formId, f.search?.trim(), f.currentOnly].map((v) => v ?? null);
}

async function computeListFindings(
	db: Kysely<Database>,
	opts: FindingFilter & { limit?: number; offset?: number },
	scope?: Scope
): Promise<{ rows: FindingListItem[]; total: number }> {
	// the page's keys first, from the index alone; then those rows in full
	const keys = await filtered(db, opts, scope)
		.select(['findings.form_id as formId', 'findings.ord'])
		.orderBy((eb) =>
			eb
				.case()
				.when('findings.severity', '=', 'error')
				.then(0)
				.when('findings.severity', '=', 'warning')
				.then(1)
				.else(2)
				.end()
		)
		.orderBy('findings.year', 'desc')
		.orderBy('findings.form_id')
		.orderBy('findings.ord')
		.limit(Math.min(Math.max(opts.limit ?? 100, 1), 10_000))
		.offset(Math.max(opts.offset ?? 0, 0))
		.execute();
	const { n } = await filtered(db, opts, scope)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	if (keys.length === 0) return { rows: [], total: Number(n) };

	const full = [];
	for (let i = 0; i < keys.length; i += 200) {
		const chunk = keys.slice(i, i + 200);
		full.push(
			...(await db
				.selectFrom('findings')
				.innerJoin('forms', 'forms.id', 'findings.form_id')
				.innerJoin('units', 'units.id', 'forms.canonical_unit_id')
				.select([
					'findings.form_id as formId',
					'findings.ord',
					'findings.code',
					'findings.severity',
					'findings.message',
					'findings.where',
					'forms.canonical_unit_id as unitId',
					'units.name as unit',
					'forms.year',
					'forms.kind',
					'forms.project'
				])
				.where((eb) =>
					eb.or(chunk.map((k) => eb.and([eb('findings.form_id', '=', k.formId), eb('findings.ord', '=', k.ord)])))
				)
				.execute())
		);
	}
	const byKey = new Map(full.map((r) => [`${r.formId}:${r.ord}`, r]));
	const rows = keys.flatMap((k) => {
		const r = byKey.get(`${k.formId}:${k.ord}`);
		return r ? [{ ...r, label: findingLabel(r.code), project: r.project === '' ? null : r.project }] : [];
	});
	return { rows, total: Number(n) };
}

/**
 * How often each finding code (and severity) occurs, and in how many forms; most frequent first. With the
 * label, these are the options of the findings page's code filter.
 */
export async function countFindingsByCode(
	db: Kysely<Database>,
	opts: Omit<FindingFilter, 'code'> = {},
	scope?: Scope
): Promise<FindingCodeCount[]> {
	return cached(db, JSON.stringify(['findingCodes', scopeKey(scope), filterKey(opts)]), () =>
		computeCountByCode(db, opts, scope)
	);
}

export interface FindingCodeCount {
	code: string;
	/** FINDING_CODES label */
	label: string;
	severity: Severity;
	/** findings of this code */
	count: number;
	/** forms that have one or more */
	forms: number;
}

async function computeCountByCode(
	db: Kysely<Database>,
	opts: Omit<FindingFilter, 'code'>,
	scope?: Scope
): Promise<FindingCodeCount[]> {
	const rows = await filtered(db, opts, scope)
		.select((eb) => [
			'findings.code',
			'findings.severity',
			eb.fn.countAll<number>().as('count'),
			eb.fn.count<number>('findings.form_id').distinct().as('forms')
		])
		.groupBy(['findings.code', 'findings.severity'])
		.orderBy('count', 'desc')
		.orderBy('findings.code')
		.execute();
	return rows.map((r) => ({
		code: r.code,
		label: findingLabel(r.code),
		severity: r.severity as Severity,
		count: Number(r.count),
		forms: Number(r.forms)
	}));
}
