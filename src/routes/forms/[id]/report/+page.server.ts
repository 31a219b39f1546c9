import { chromiumExecutable, PDF_UNAVAILABLE } from '$lib/server/services/pdf';
import { loadReport } from '../report-data';
import type { PageServerLoad } from './$types';

/** The form as the official printed table, for printing from the browser or downloading as PDF. */
export const load: PageServerLoad = async ({ params, locals }) => {
	const report = await loadReport(params.id, locals.scope);
	const pdfAvailable = chromiumExecutable() !== null;
	return { report, pdf: { available: pdfAvailable, message: pdfAvailable ? null : PDF_UNAVAILABLE } };
};
