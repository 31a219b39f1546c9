/**
 * Upload and parsing limits, explicit and configurable through the environment so that a bureau with
 * unusually large workbooks can raise them without a code change. Hitting one is a clear error, never a crash.
 */

export interface Limits {
	/** one uploaded file (JIXIAO_MAX_FILE_MB, default 20) */
	maxFileBytes: number;
	/** files in one batch, counting the files inside zips (JIXIAO_MAX_FILES, default 1000) */
	maxFilesPerBatch: number;
	/** what one zip or XLSX may inflate to (JIXIAO_MAX_UNZIPPED_MB, default 200) */
	maxUnzippedBytes: number;
	/** pages of one PDF (JIXIAO_MAX_PDF_PAGES, default 200) */
	maxPdfPages: number;
}

function envNumber(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const n = Number(raw);
	return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function getLimits(): Limits {
	return {
		maxFileBytes: Math.round(envNumber('JIXIAO_MAX_FILE_MB', 20) * 1024 * 1024),
		maxFilesPerBatch: Math.round(envNumber('JIXIAO_MAX_FILES', 1000)),
		maxUnzippedBytes: Math.round(envNumber('JIXIAO_MAX_UNZIPPED_MB', 200) * 1024 * 1024),
		maxPdfPages: Math.round(envNumber('JIXIAO_MAX_PDF_PAGES', 200))
	};
}

export function formatBytes(n: number): string {
	if (n < 1024) return `${n} B`;
	if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
	return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
