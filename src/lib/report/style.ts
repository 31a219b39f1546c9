/**
 * The printable report's stylesheet, one string for both places it is used: inlined into the report page
 * (printed from the browser) and into the standalone HTML that headless Chromium turns into the PDF, so the
 * two print alike. Everything is scoped under `.report-doc` so that on screen it does not touch the app.
 */
export const REPORT_CSS = `
@page { size: A4 landscape; margin: 12mm; }
.report-doc {
	font-family: 'Noto Serif CJK SC', 'Source Han Serif SC', 'SimSun', '宋体', 'Noto Sans CJK SC', serif;
	color: #000;
	background: #fff;
	font-size: 10pt;
	line-height: 1.45;
	-webkit-print-color-adjust: exact;
	print-color-adjust: exact;
}
.report-doc * { box-sizing: border-box; }
.report-doc h1 { font-size: 16pt; text-align: center; margin: 0; font-weight: 700; letter-spacing: 0.1em; }
.report-doc .year { text-align: center; margin: 0.2em 0 0.6em; font-size: 11pt; }
.report-doc .unit-line { display: flex; justify-content: space-between; font-size: 9pt; margin: 0 0 0.3em; }
.report-doc table.sheet { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0; }
.report-doc table.sheet + table.sheet { margin-top: -1px; }
.report-doc table.sheet th,
.report-doc table.sheet td {
	border: 1px solid #000;
	padding: 2pt 4pt;
	vertical-align: middle;
	text-align: left;
	font-weight: normal;
	background: #fff;
	white-space: normal;
	word-break: break-all;
	overflow-wrap: anywhere;
}
.report-doc table.sheet th { text-align: center; font-weight: 700; }
.report-doc table.sheet th.side { width: 7.5em; }
.report-doc table.sheet .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.report-doc table.sheet .center { text-align: center; }
.report-doc table.sheet .recomputed { background: #f1f5f9; }
.report-doc table.sheet .differs { background: #fde68a; font-weight: 700; }
.report-doc table.sheet .differs::after { content: ' ≠'; font-weight: 700; }
.report-doc table.sheet .prose { white-space: pre-wrap; vertical-align: top; }
.report-doc table.sheet tr { break-inside: avoid; page-break-inside: avoid; }
.report-doc table.sheet thead { display: table-header-group; }
.report-doc table.sheet .placeholder td { color: #555; }
.report-doc table.sheet .total th,
.report-doc table.sheet .total td { font-weight: 700; }
.report-doc .grade { font-size: 12pt; font-weight: 700; }
.report-doc h2 { font-size: 12pt; margin: 1em 0 0.4em; border: none; padding: 0; }
.report-doc .note { font-size: 8.5pt; color: #333; margin: 0.4em 0 0; }
.report-doc .sev-error { color: #b91c1c; font-weight: 700; }
.report-doc .sev-warning { color: #b45309; font-weight: 700; }
.report-doc .findings-section { break-before: auto; }
.report-doc .no-findings { margin: 0.3em 0; }
`;
