/**
 * The import pipeline: bytes → forms (parsed outside any transaction, since PDF parsing is slow) → one
 * transaction that stores the document, the units, the forms and the import record, or nothing at all.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Finding, FormKind, Grade, NormalizedForm, Settings } from '../../domain/form';
import { ImportError } from '../../import/grid';
import { sniff } from '../../import/sniff';
import type { Database, Origin } from '../db/schema';
import { canSeeUnit, type Scope } from '../auth/scope';
import { recordAudit, type Actor } from '../repositories/audit';
import { listFormsOfDocument, projectKey, type FormListItem } from '../repositories/forms';
import { getSettings } from '../repositories/settings';
import { reconcileShadows } from '../repositories/merges';
import { kyselyStore, type ImportStore } from './import-store';
import { parseForImport, readerNotesOf, type DocumentParser, type ParsedForm } from './parse';

export { readerNotesOf, parseForImport, type DocumentParser, type ParsedForm } from './parse';

export type ParseFn = (bytes: Uint8Array, fileName: string, settings: Settings) => Promise<NormalizedForm[]>;

export interface ImportOptions {
	/** the parser; tests inject stubs here */
	parse?: ParseFn;
	/**
	 * a parser that also gives each form's reader notes (default parseForImport); ignored when `parse` is
	 * given. importFiles passes the forms its worker threads parsed.
	 */
	parser?: DocumentParser;
	/** defaults to the settings stored in the database */
	settings?: Settings;
	now?: () => Date;
	/**
	 * where the file came from (default 'upload'): stored on the document and its forms. A file imported
	 * before keeps the origin it was first imported with.
	 */
	origin?: Origin;
	/** who imports: when given, an audit entry is written in the import's own transaction */
	actor?: Actor;
	/**
	 * a unit account's scope: every form of the file must count for its unit, else the file fails and
	 * nothing is stored
	 */
	scope?: Scope;
	/**
	 * where the rows go (default: the repositories through Kysely on `db`). importFiles passes a store of
	 * prepared statements on the connection of its open transaction (import-store.ts bulkStore).
	 */
	store?: ImportStore;
	/** the SHA-256 of the file's bytes, when the caller hashed them already (importFiles does, to skip known files) */
	sha256?: string;
}

export type ImportStatus = 'imported' | 'replaced' | 'unchanged' | 'failed';

export interface ImportedForm {
	formId: number;
	/** 'unchanged' when the file had been imported before */
	status: 'imported' | 'replaced' | 'unchanged';
	unit: string;
	year: number;
	kind: FormKind;
	/** null for department forms */
	project: string | null;
	version: number;
	rate: number | null;
	totalScorePrinted: number | null;
	totalScore: number | null;
	grade: Grade | null;
	findingsCount: number;
}

export interface ImportOutcome {
	/** 'replaced' when at least one form superseded a stored one */
	status: ImportStatus;
	fileName: string;
	sha256: string;
	documentId?: number;
	importId?: number;
	forms: ImportedForm[];
	/** for 'failed': one line naming the file and the reason */
	error?: string;
}

/** Another process stored the same bytes between our check and our transaction. */
class AlreadyImported extends Error {}

export async function importFile(
	db: Kysely<Database>,
	file: { fileName: string; bytes: Uint8Array },
	opts: ImportOptions = {}
): Promise<ImportOutcome> {
	const now = opts.now ?? (() => new Date());
	const { fileName, bytes } = file;
	const startedAt = now().toISOString();
	const sha256 = opts.sha256 ?? createHash('sha256').update(bytes).digest('hex');
	const store = opts.store ?? kyselyStore(db);

	const known = await store.documentIdBySha(sha256);
	if (known !== undefined) return unchanged(db, fileName, sha256, known, opts.scope);

	try {
		const settings = opts.settings ?? (await getSettings(db));
		let parsed: ParsedForm[] | null = null;
		let forms: NormalizedForm[];
		if (opts.parse) forms = await opts.parse(bytes, fileName, settings);
		else {
			parsed = await (opts.parser ?? parseForImport)(bytes, fileName, settings);
			forms = parsed.map((p) => p.form);
		}
		const prepared = prepare(forms, fileName, (form, i) => (parsed ? parsed[i].readerNotes : readerNotesOf(form, settings)));
		// the parser sniffed these bytes already (a parse worker's answer carries it)
		const format = parsed?.[0]?.format ?? formatOf(bytes, fileName);

		const stored = await store.inTransaction(async (trx) => {
			// outside a caller's transaction, kyselyStore's store is bound to `db`: this file's own goes on `trx`
			const s = opts.store ?? kyselyStore(trx);
			if ((await s.documentIdBySha(sha256)) !== undefined) throw new AlreadyImported();
			const at = now().toISOString();
			const origin = opts.origin ?? 'upload';
			const documentId = await s.insertDocument({ sha256, fileName, format, bytes, origin, createdAt: at });
			const importId = await s.recordImport({
				startedAt,
				finishedAt: at,
				status: 'ok',
				fileName,
				sha256,
				documentId,
				formsCount: prepared.length
			});
			const results: ImportedForm[] = [];
			for (const [i, { form, unitName, year, readerNotes }] of prepared.entries()) {
				const unit = await s.findOrCreateUnit(unitName, at);
				// a unit merged by hand: new forms printed with its name count for the unit it was merged into
				const canonical = unit.merged_into === null ? unit.id : await s.canonicalUnitId(unit.id);
				if (!canSeeUnit(opts.scope, canonical))
					throw new ImportError(
						fileName,
						`单位「${unitName}」不是您的账号所属的单位，文件未保存`,
						prepared.length > 1 ? `第 ${i + 1} 张表` : undefined
					);
				const key = { unitId: unit.id, year, kind: form.kind, project: projectKey(form) };
				const { current, maxVersion } = await s.findCurrentVersion(key);
				if (current) await s.retireForm(current.id);
				const version = maxVersion + 1;
				const formId = await s.insertForm({
					form,
					key,
					version,
					documentId,
					importId,
					canonicalUnitId: canonical,
					origin,
					readerNotes,
					createdAt: at
				});
				if (current) await s.setReplacedBy(current.id, formId);
				await s.recordUnitName(unit.id, unitName, year);
				// only a merged unit can hold two current forms of one key; otherwise there is nothing to hide
				if (canonical !== unit.id || (await s.hasMergedUnits(canonical))) await reconcileShadows(trx, [canonical]);
				results.push({
					formId,
					status: current ? 'replaced' : 'imported',
					unit: unit.name,
					year,
					kind: form.kind,
					project: key.project === '' ? null : key.project,
					version,
					rate: form.computed.rate,
					totalScorePrinted: form.totalScorePrinted,
					totalScore: form.computed.totalScore,
					grade: form.computed.grade,
					findingsCount: form.findings.length
				});
			}
			if (opts.actor) {
				await recordAudit(trx, opts.actor, {
					action: results.some((r) => r.status === 'replaced') ? 'replace' : 'import',
					target: fileName,
					at,
					details: {
						sha256,
						documentId,
						importId,
						origin,
						forms: results.map((r) => ({
							formId: r.formId,
							status: r.status,
							unit: r.unit,
							year: r.year,
							kind: r.kind,
							project: r.project,
							version: r.version
						}))
					}
				});
			}
			return { documentId, importId, results };
		});

		return {
			status: stored.results.some((r) => r.status === 'replaced') ? 'replaced' : 'imported',
			fileName,
			sha256,
			documentId: stored.documentId,
			importId: stored.importId,
			forms: stored.results
		};
	} catch (err) {
		if (err instanceof AlreadyImported) {
			const doc = await store.documentIdBySha(sha256);
			if (doc !== undefined) return unchanged(db, fileName, sha256, doc, opts.scope);
		}
		const error = failureMessage(err, fileName);
		let importId: number | undefined;
		try {
			// a failure log of its own: the import's transaction is rolled back, this row must survive it
			importId = await store.inTransaction((trx) =>
				(opts.store ?? kyselyStore(trx)).recordImport({
					startedAt,
					finishedAt: now().toISOString(),
					status: 'failed',
					fileName,
					sha256,
					message: error
				})
			);
		} catch {
			// the log is a courtesy; the caller still gets the reason
		}
		return { status: 'failed', fileName, sha256, importId, forms: [], error };
	}
}

async function unchanged(
	db: Kysely<Database>,
	fileName: string,
	sha256: string,
	documentId: number,
	scope?: Scope
): Promise<ImportOutcome> {
	// a unit account re-sending another unit's file learns nothing about that unit's forms
	const forms = await listFormsOfDocument(db, documentId, scope);
	return {
		status: 'unchanged',
		fileName,
		sha256,
		documentId,
		forms: forms.map((f) => importedForm(f, 'unchanged'))
	};
}

function importedForm(f: FormListItem, status: ImportedForm['status']): ImportedForm {
	return {
		formId: f.id,
		status,
		unit: f.unit,
		year: f.year,
		kind: f.kind,
		project: f.project,
		version: f.version,
		rate: f.rate,
		totalScorePrinted: f.totalScorePrinted,
		totalScore: f.totalScore,
		grade: f.grade,
		findingsCount: f.findingsCount
	};
}

interface Prepared {
	form: NormalizedForm;
	unitName: string;
	year: number;
	readerNotes: Finding[];
}

/**
 * Check that every form can be keyed, before any write. Unit and year are the form's identity: a form
 * without them cannot be stored (nor compared with its other versions), so the file fails with the reason.
 */
function prepare(
	forms: NormalizedForm[],
	fileName: string,
	notesOf: (form: NormalizedForm, index: number) => Finding[]
): Prepared[] {
	if (forms.length === 0) throw new ImportError(fileName, '未找到绩效自评表');
	return forms.map((form, i) => {
		const place = forms.length > 1 ? `第 ${i + 1} 张表` : undefined;
		const unitName = form.unit?.trim();
		if (!unitName) throw new ImportError(fileName, '无法识别单位名称，表格未保存', place);
		if (form.year === null || !Number.isInteger(form.year))
			throw new ImportError(fileName, '无法识别年度，表格未保存', place);
		if (form.kind === 'project' && !form.project?.trim())
			throw new ImportError(fileName, '项目支出绩效自评表缺少项目名称，表格未保存', place);
		return { form, unitName, year: form.year, readerNotes: notesOf(form, i) };
	});
}

function formatOf(bytes: Uint8Array, fileName: string): string {
	try {
		return sniff(bytes, fileName).format;
	} catch {
		return 'unknown';
	}
}

/** One line, naming the file. ImportError already does; anything else is a bug or a storage problem. */
function failureMessage(err: unknown, fileName: string): string {
	if (err instanceof ImportError) return err.message;
	const reason = err instanceof Error ? err.message : String(err);
	const line = reason.split('\n')[0];
	return line.includes(fileName) ? line : `${fileName}: 导入失败：${line}`;
}
