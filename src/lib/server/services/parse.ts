/**
 * Parsing for the import: bytes → the forms to store, each with the reader's own notes kept apart (a
 * re-evaluation under new settings puts them back). Pure — no database — so that a worker thread can run
 * it (parse-pool.ts) while the main thread stores.
 */
import { evaluate } from '../../domain';
import type { Finding, NormalizedForm, ReadForm, Settings } from '../../domain/form';
import { readDocument, sniff } from '../../import';
import type { FileFormat } from '../../import/sniff';

export interface ParsedForm {
	form: NormalizedForm;
	/** the reader's notes among form.findings */
	readerNotes: Finding[];
	/** the document's format (sniff), stored on its row: importFile sniffs the bytes itself when absent */
	format?: FileFormat;
}

/** bytes → forms with their reader notes; throws ImportError on unreadable input (as parseDocument). */
export type DocumentParser = (bytes: Uint8Array, fileName: string, settings: Settings) => Promise<ParsedForm[]>;

/**
 * parseDocument (read + evaluate), keeping each form's reader notes. evaluate lists the reader's notes
 * first and the domain checks after them, and the checks do not look at the notes: the tail of the findings
 * is exactly what readerNotesOf would get by evaluating the form a second time, which this saves.
 */
export const parseForImport: DocumentParser = async (bytes, fileName, settings) => {
	const { format } = sniff(bytes, fileName);
	const reads = await readDocument(bytes, fileName, format);
	return reads.map((read) => {
		const form = evaluate(read, settings);
		const domain = form.findings.slice(read.notes?.length ?? 0);
		return { form, readerNotes: subtractFindings(form.findings, domain), format };
	});
};

/**
 * The reader's own notes among a form's findings: those the domain checks do not produce by themselves.
 * For a form from any parser (tests inject stubs): it evaluates the form again.
 */
export function readerNotesOf(form: NormalizedForm, settings: Settings): Finding[] {
	return subtractFindings(form.findings, evaluate(toReadForm(form, []), settings).findings);
}

/** `all` without one occurrence of each finding of `domain` (the first occurrences, in order). */
function subtractFindings(all: Finding[], domain: Finding[]): Finding[] {
	const pending = new Map<string, number>();
	for (const f of domain) pending.set(findingKey(f), (pending.get(findingKey(f)) ?? 0) + 1);
	return all.filter((f) => {
		const k = findingKey(f);
		const n = pending.get(k) ?? 0;
		if (n > 0) {
			pending.set(k, n - 1);
			return false;
		}
		return true;
	});
}

function findingKey(f: Finding): string {
	return JSON.stringify([f.code, f.severity, f.message, f.where ?? null]);
}

export function toReadForm(form: NormalizedForm, notes: Finding[]): ReadForm {
	const { computed: _computed, findings: _findings, ...read } = form;
	return { ...read, notes };
}
