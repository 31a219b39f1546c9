/**
 * FormModel → document text, tab-separated as PDF text extraction gives it (the seed's layout): a merged
 * cell is printed once and the cells it covers are empty, 一级/二级指标 appear on their first row only,
 * a page break is a blank line, and a cell cut by it continues on a line of its own.
 */
import { formatAmount, formatScore, type FormModel, type FundLine, type Row } from './model';

function fundCells(m: FormModel, line: FundLine): string[] {
	const amount = (n: number) => formatAmount(n, m.style.fixed2);
	return [
		line.label,
		...(m.hasInitial ? [line.initial === null ? '' : amount(line.initial)] : []),
		amount(line.budget),
		amount(line.executed),
		...(m.hasTransfer ? [amount(line.transfer ?? 0)] : []),
		line.weightText,
		line.rateText,
		line.scoreText
	];
}

function yearLine(m: FormModel): string[] {
	return m.style.yearLine === null ? [] : [m.style.yearLine.replace('{y}', String(m.year)), ''];
}

/** Indicator rows with 一级/二级 only where they change, each as its cells (block column first). */
function indicatorCells(m: FormModel, first: string): string[][] {
	let l1: string | null = null;
	let l2: string | null = null;
	return m.rows.map((r: Row, i) => {
		const showL1 = r.l1 !== l1;
		const showL2 = showL1 || r.l2 !== l2;
		l1 = r.l1;
		l2 = r.l2;
		const weight = r.placeholder ? '0' : formatScore(r.weight);
		const score = r.placeholder ? '0' : formatScore(r.score);
		const common = [showL1 ? r.l1 : '', showL2 ? r.l2 : '', r.l3];
		const lead = i === 0 ? first : '';
		return m.layout === 'department'
			? [lead, ...common, r.content, r.target, r.actual, weight, score, r.reason, r.measure]
			: [lead, ...common, r.target, r.actual, weight, score, [r.reason, r.measure].filter(Boolean).join('；')];
	});
}

/** Text columns that may be cut by a page break: 目标内容 and 完成值 (department), 三级指标 and 完成值 (project). */
function splittableColumns(m: FormModel): number[] {
	return m.layout === 'department' ? [4, 6] : [3, 5];
}

function pushIndicators(m: FormModel, lines: string[], rows: string[][]): void {
	const at = m.style.pageBreakAt;
	rows.forEach((cells, i) => {
		let out = cells;
		if (at > 0 && i === at) {
			const prev = rows[i - 1];
			lines.push('');
			if (m.style.splitCellAtBreak) {
				const col = splittableColumns(m).find((c) => Array.from(prev[c]).length >= 14);
				if (col !== undefined) {
					const chars = Array.from(prev[col]);
					const cut = Math.floor(chars.length / 2);
					// the first part stays above the break; the line holding the rest replaces the printed row
					lines[lines.length - 2] = joinRow(
						m,
						prev.map((c, k) => (k === col ? chars.slice(0, cut).join('') : c)),
						i - 1
					);
					const rest = prev.map((_, k) => (k === col ? chars.slice(cut).join('') : ''));
					lines.push((m.style.dropLeadAfterBreak ? rest.slice(1) : rest).join('\t'));
				}
			}
		}
		if (at > 0 && i >= at && m.style.dropLeadAfterBreak) out = cells.slice(1);
		lines.push(out.join('\t'));
	});
}

function joinRow(m: FormModel, cells: string[], i: number): string {
	const at = m.style.pageBreakAt;
	return (at > 0 && i >= at && m.style.dropLeadAfterBreak ? cells.slice(1) : cells).join('\t');
}

function renderDepartment(m: FormModel): string {
	const lines: string[] = ['', '', m.style.title, '', ...yearLine(m)];
	lines.push(`部门(单位)名称\t${m.unit ?? ''}\t\t\t所属独立核算单位个数\t\t\t${m.subunits}`);
	const transferHeader = m.style.transferTypo ? '上级财政移动支付 (C)' : '上级财政转移支付 (C)';
	const header = [
		'',
		'资金来源',
		...(m.hasInitial ? ['年初预算数'] : []),
		'全年预算数 (A)',
		'全年执行数 (B)',
		...(m.hasTransfer ? [transferHeader] : []),
		'分值',
		m.formula === '(B-C)/A' ? '执行率 ((B-C)/A)' : '执行率 (B/A)',
		'得分'
	];
	lines.push(header.join('\t'));
	const funds = m.style.totalAfterSources ? [...m.sources, m.total] : [m.total, ...m.sources];
	funds.forEach((line, i) => lines.push([i === 0 ? '资金情况 (万元)' : '', ...fundCells(m, line)].join('\t')));
	const pad = '\t'.repeat(header.length - 2);
	lines.push(`部门职能概述\t${m.functions}${pad}`);
	lines.push('年度总体目标\t年初设定目标\t\t\t目标完成情况\t\t\t');
	lines.push(`\t${m.planned}\t\t\t${m.achieved}\t\t\t`);
	lines.push('');
	lines.push('\t一级指标\t二级指标\t三级指标\t目标内容\t目标值\t完成值\t分值\t得分\t未完成原因\t改进措施');
	pushIndicators(m, lines, indicatorCells(m, '年度绩效指标'));
	if (m.totalScorePrinted !== null) {
		lines.push(`总分\t\t\t\t\t${formatScore(m.totalWeightPrinted)}\t${formatScore(m.totalScorePrinted)}\t\t\t`);
	}
	if (m.style.signOff) lines.push(m.style.signOff);
	return lines.join('\n');
}

function renderProject(m: FormModel): string {
	const lines: string[] = [m.style.title, ...yearLine(m).slice(0, 1)];
	lines.push(`项目名称\t${m.project ?? ''}\t\t\t\t\t\t`);
	lines.push(`主管部门\t${m.supervisor ?? ''}\t\t\t实施单位\t${m.unit ?? ''}\t\t`);
	lines.push(
		[
			'项目资金（万元）',
			m.style.labelHeader ? '资金来源' : '',
			'年初预算数',
			'全年预算数（A）',
			'全年执行数（B）',
			'分值',
			'执行率（B/A）',
			'得分'
		].join('\t')
	);
	for (const line of [m.total, ...m.sources]) lines.push(['', ...fundCells(m, line)].join('\t'));
	lines.push('年度总体目标\t预期目标\t\t\t\t实际完成情况\t\t');
	lines.push(`\t${m.planned}\t\t\t\t${m.achieved}\t\t`);
	lines.push('绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施');
	pushIndicators(m, lines, indicatorCells(m, ''));
	if (m.totalScorePrinted !== null) {
		// 总分 is merged over the columns before 分值; the numbers stand under 分值 and 得分
		lines.push(`总分\t\t\t\t\t\t${formatScore(m.totalWeightPrinted)}\t${formatScore(m.totalScorePrinted)}\t`);
	}
	if (m.style.signOff) lines.push(m.style.signOff);
	return lines.join('\n');
}

export function renderForm(m: FormModel): string {
	return m.layout === 'department' ? renderDepartment(m) : renderProject(m);
}
