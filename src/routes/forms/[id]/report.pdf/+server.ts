import { error } from '@sveltejs/kit';
import { render } from 'svelte/server';
import ReportDocument from '$lib/components/ReportDocument.svelte';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { contentDisposition } from '$lib/server/services/export';
import { htmlToPdf, PdfUnavailableError } from '$lib/server/services/pdf';
import { loadReport, reportFileName } from '../report-data';
import type { RequestHandler } from './$types';

function escapeHtml(s: string): string {
	return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/**
 * The report as a PDF, rendered here rather than by loading the report page over HTTP: the page would need
 * the user's session, and this way Chromium sees only the finished, escaped markup.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const report = await loadReport(params.id, locals.scope);
	const { body, head } = render(ReportDocument, {
		props: {
			form: report.form,
			generatedAt: report.generatedAt,
			formId: report.formId,
			version: report.version,
			isCurrent: report.isCurrent,
			fileName: report.fileName
		}
	});
	const title = escapeHtml(m.report_pdf_title({ name: `${report.form.unit ?? report.unitName} ${report.form.year ?? ''}`.trim() }));
	const html = `<!doctype html><html lang="${getLocale()}"><head><meta charset="utf-8"><title>${title}</title>${head}<style>html,body{margin:0;background:#fff}</style></head><body>${body}</body></html>`;
	let pdf: Uint8Array;
	try {
		pdf = await htmlToPdf(html);
	} catch (err) {
		if (err instanceof PdfUnavailableError) error(503, err.message);
		console.error('[report.pdf] 生成 PDF 失败', err);
		error(500, m.report_pdf_failed());
	}
	return new Response(pdf as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': contentDisposition(reportFileName(report)),
			'content-length': String(pdf.byteLength),
			'cache-control': 'private, no-store'
		}
	});
};
