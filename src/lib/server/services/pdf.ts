/**
 * HTML → PDF with the machine's own Chromium (Debian's package), driven by playwright-core. No browser is
 * downloaded: where Chromium is not installed the report page says so and offers the browser's printing.
 *
 * The HTML is given as a string (page.setContent), never fetched over HTTP, so the PDF needs no session
 * of its own and reads exactly what the requesting user may read. JavaScript is off and every network
 * request is refused: a report is inert markup and must not reach anything.
 */
import { existsSync } from 'node:fs';
import { fixPdfText } from './pdf-text';

/** Debian's paths; CHROMIUM_PATH, when set, is the only one tried (also the way to switch PDFs off). */
const DEFAULT_PATHS = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export const PDF_UNAVAILABLE = '服务器未安装 Chromium，无法生成 PDF，请使用浏览器打印';

export function chromiumExecutable(): string | null {
	const configured = process.env.CHROMIUM_PATH;
	const candidates = configured !== undefined && configured !== '' ? [configured] : DEFAULT_PATHS;
	return candidates.find((p) => existsSync(p)) ?? null;
}

export class PdfUnavailableError extends Error {
	constructor(message = PDF_UNAVAILABLE) {
		super(message);
		this.name = 'PdfUnavailableError';
	}
}

/** Two cores: more than two Chromiums at once only makes every PDF slower. */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
	if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	try {
		return await fn();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

const TIMEOUT_MS = 60_000;

/** A complete HTML document as an A4 landscape PDF (margins from the document's own @page rule). */
export async function htmlToPdf(html: string): Promise<Uint8Array> {
	const executablePath = chromiumExecutable();
	if (!executablePath) throw new PdfUnavailableError();
	let chromium: typeof import('playwright-core').chromium;
	try {
		({ chromium } = await import('playwright-core'));
	} catch {
		throw new PdfUnavailableError('服务器缺少 playwright-core，无法生成 PDF，请使用浏览器打印');
	}
	return withSlot(async () => {
		const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: TIMEOUT_MS });
		try {
			const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
			await context.route('**/*', (route) => route.abort());
			const page = await context.newPage();
			await page.setContent(html, { waitUntil: 'load', timeout: TIMEOUT_MS });
			const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
			// Chromium's text layer names radicals for many Chinese glyphs (长 → ⻓): make it searchable
			return fixPdfText(new Uint8Array(pdf));
		} finally {
			await browser.close();
		}
	});
}
