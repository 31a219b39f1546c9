/**
 * A stand-in parser for the import tests, used until the real importer reads the seed: it builds the seed
 * form (test/fixtures/wangcheng-2020.txt, facts from its README) by hand, taking the funds amounts from the
 * text's 年度资金总额 / 财政拨款 lines so that an edited copy gives an edited form. Anything without the
 * seed title is refused the way the real importer refuses: with an ImportError naming the file.
 */
import { evaluate } from '../../src/lib/domain';
import { emptyFundRow, type FundRow, type Indicator, type NormalizedForm, type ReadForm, type Settings } from '../../src/lib/domain/form';
import { ImportError } from '../../src/lib/import/grid';

const UNIT = '中共长沙市望城区委办公室';

function ind(level1: string, level2: string, content: string | null, target: string | null, actual: string | null, weight: number, line: number): Indicator {
	return {
		level1,
		level2,
		level3: content ? '部门整体运转' : null,
		content,
		targetValue: target,
		actualValue: actual,
		weight,
		score: weight,
		reason: null,
		measure: null,
		where: `第 ${line} 行`
	};
}

const A1 = '2020年9月11日举办区直机关党组织书记培训班（党员轮训）。';
const A2 = '2020年7月1-3日开展入党积极分子（第一期）培训，12月9-11日开展入党积极分子（第二期）培训。';
const A3 = '已建设涉台教育基地3个，拨付3万元/个，总计9万元经费。';

export const SEED_INDICATORS: Indicator[] = [
	ind('产出指标', '数量指标', '建设涉台教育社区教育基地，3个，3万元/个', '100%', A1, 6, 16),
	ind('产出指标', '数量指标', '区直机关工委开展一次党员轮训', '100%', A2, 6, 17),
	ind('产出指标', '数量指标', '区直机关工委开展一次入党积极分子培训', '100%', A3, 6, 18),
	ind('产出指标', '质量指标', '区直机关工委开展一次党员轮训', '按时开展', A1, 6, 19),
	ind('产出指标', '质量指标', '区直机关工委开展一次入党积极分子培训', '按时开展', A2.replace('（第二期）', '分子（第二期）'), 6, 20),
	ind('产出指标', '质量指标', '保证区委办各项工作的正常运转和相关人员的福利待遇。', '100%', '保证了区委办各项工作的正常运转和相关人员的福利待遇', 6, 23),
	ind('产出指标', '质量指标', '建设涉台教育社区教育基地，9万元', '100%，按时拨付', '已按时拨付3个涉台教育基地经费9万元。', 6, 24),
	ind('产出指标', '时效指标', '根据实际需求，按时支付各项支出。', '100%', '根据实际需求，按时支付各项支出', 8, 25),
	ind('产出指标', '成本指标', null, null, null, 0, 26),
	ind('效益指标', '经济效益指标', null, null, null, 0, 27),
	ind('效益指标', '社会效益指标', '同人民群众保持密切联系，同区直各单位保持良好沟通。', '100%', '同人民群众保持了密切联系，同区直各单位保持了良好沟通。', 10, 28),
	ind('效益指标', '生态效益指标', null, null, null, 0, 29),
	ind('效益指标', '可持续影响指标', '坚持知信行统一，把“两个维护”落实到“三服务”工作的全过程，确保“两个维护”在区委办公室见人、见事、见行动、见实效。', '长期坚持', '坚持知信行统一，把“两个维护”落实到“三服务”工作的全过程中，确保了“两个维护”在区委办见人、见事、见行动、见实效。', 10, 30),
	ind('效益指标', '可持续影响指标', '建立健全内部控制制度', '长期坚持', '建立健全了内部控制制度', 10, 33),
	{ ...ind('满意度指标', '服务对象满意度指标', '服务部门及群众满意度', '95%', '发挥本职效能，人民群众满意和代表满意程度：满意。', 10, 34) }
];

function amounts(text: string, label: string, file: string): number[] {
	const line = text.split('\n').find((l) => l.split('\t').some((c) => c.trim() === label));
	if (!line) throw new ImportError(file, `找不到“${label}”行`);
	const cells = line.split('\t').map((c) => c.trim());
	const at = cells.indexOf(label);
	return cells.slice(at + 1, at + 4).map(Number);
}

export function seedReadForm(text: string, file: string): ReadForm {
	if (!text.includes('部门整体自评表')) throw new ImportError(file, '不是绩效自评表：找不到表名');
	const [budget, executed, transfer] = amounts(text, '年度资金总额', file);
	const [b0, e0, t0] = amounts(text, '财政拨款', file);
	const row = (source: string, values: Partial<FundRow>): FundRow => ({ ...emptyFundRow(source), ...values });
	return {
		kind: 'department',
		title: '部门整体自评表',
		unit: UNIT,
		project: null,
		year: 2020,
		moneyUnit: '万元',
		subunitCount: 0,
		rateFormulaPrinted: '(B-C)/A',
		funds: {
			rows: [row('财政拨款', { budget: b0, executed: e0, transfer: t0, ratePrinted: 0.94, ratePrintedText: '94.00%' })],
			total: row('年度资金总额', {
				budget,
				executed,
				transfer,
				weight: 10,
				ratePrinted: 0.94,
				ratePrintedText: '94.00%',
				scorePrinted: 9.44
			})
		},
		goals: { planned: null, achieved: null },
		indicators: SEED_INDICATORS.map((i) => ({ ...i })),
		totalWeight: 100,
		totalScorePrinted: 99.44,
		notes: [{ code: 'READER_NOTE', severity: 'info', message: '第 22 行续接上一行', where: '第 22 行' }]
	};
}

/** The `opts.parse` stand-in. */
export async function stubParse(bytes: Uint8Array, fileName: string, settings: Settings): Promise<NormalizedForm[]> {
	const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
	return [evaluate(seedReadForm(text, fileName), settings)];
}
