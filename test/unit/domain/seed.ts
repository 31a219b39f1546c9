/**
 * The seed form (中共长沙市望城区委办公室 2020 部门整体自评表) built by hand as the ReadForm a reader should
 * produce, so that the domain is tested without depending on the reader. Texts are copied from
 * test/fixtures/wangcheng-2020.txt (seed.test.ts checks that they occur there).
 */
import type { FundRow, Indicator, ReadForm } from '../../../src/lib/domain/form';

export const SEED_TEXTS = {
	unit: '中共长沙市望城区委办公室',
	q1Target: '建设涉台教育社区教育基地，3个，3万元/个',
	q2Target: '区直机关工委开展一次党员轮训',
	q3Target: '区直机关工委开展一次入党积极分子培训',
	q1Actual: '2020年9月11日举办区直机关党组织书记培训班（党员轮训）。',
	q2Actual: '2020年7月1-3日开展入党积极分子（第一期）培训，12月9-11日开展入党积极分子（第二期）培训。',
	q3Actual: '已建设涉台教育基地3个，拨付3万元/个，总计9万元经费。',
	// page-broken in the text file and joined back, keeping the duplicated 分子 as printed
	k2Actual: '2020年7月1-3日开展入党积极分子（第一期）培训，12月9-11日开展入党积极分子分子（第二期）培训。',
	k3Target: '保证区委办各项工作的正常运转和相关人员的福利待遇。',
	k3Actual: '保证了区委办各项工作的正常运转和相关人员的福利待遇',
	k4Target: '建设涉台教育社区教育基地，9万元',
	k4Actual: '已按时拨付3个涉台教育基地经费9万元。',
	timeTarget: '根据实际需求，按时支付各项支出。',
	timeActual: '根据实际需求，按时支付各项支出',
	socialTarget: '同人民群众保持密切联系，同区直各单位保持良好沟通。',
	socialActual: '同人民群众保持了密切联系，同区直各单位保持了良好沟通。',
	sust1Target:
		'坚持知信行统一，把“两个维护”落实到“三服务”工作的全过程，确保“两个维护”在区委办公室见人、见事、见行动、见实效。',
	sust1Actual:
		'坚持知信行统一，把“两个维护”落实到“三服务”工作的全过程中，确保了“两个维护”在区委办见人、见事、见行动、见实效。',
	sust2Target: '建立健全内部控制制度',
	sust2Actual: '建立健全了内部控制制度',
	satisfactionTarget: '服务部门及群众满意度',
	satisfactionActual: '发挥本职效能，人民群众满意和代表满意程度：满意。'
} as const;

function fund(source: string, weight: number | null, scorePrinted: number | null): FundRow {
	return {
		source,
		initialBudget: null,
		budget: 2083,
		executed: 1967.2,
		transfer: 0,
		weight,
		ratePrinted: 0.94,
		ratePrintedText: '94.00%',
		scorePrinted
	};
}

function ind(
	level1: string,
	level2: string,
	content: string | null,
	targetValue: string | null,
	actualValue: string | null,
	weight: number,
	score: number
): Indicator {
	const placeholder = content === null;
	return {
		level1,
		level2,
		level3: placeholder ? null : '部门整体运转',
		content,
		targetValue,
		actualValue,
		weight,
		score,
		reason: null,
		measure: null
	};
}

export function seedReadForm(): ReadForm {
	const t = SEED_TEXTS;
	return {
		kind: 'department',
		title: '部门整体自评表',
		unit: t.unit,
		project: null,
		year: 2020,
		moneyUnit: '万元',
		subunitCount: 0,
		functions: '区委办主要职责为区委的政策调研、文稿撰写……',
		rateFormulaPrinted: '(B-C)/A',
		funds: { rows: [fund('财政拨款', null, null)], total: fund('年度资金总额', 10, 9.44) },
		goals: { planned: '1、全力推动党中央决策部署……', achieved: '1、精准组织调查研究……' },
		indicators: [
			ind('产出指标', '数量指标', t.q1Target, '100%', t.q1Actual, 6, 6),
			ind('产出指标', '数量指标', t.q2Target, '100%', t.q2Actual, 6, 6),
			ind('产出指标', '数量指标', t.q3Target, '100%', t.q3Actual, 6, 6),
			ind('产出指标', '质量指标', t.q2Target, '按时开展', t.q1Actual, 6, 6),
			ind('产出指标', '质量指标', t.q3Target, '按时开展', t.k2Actual, 6, 6),
			ind('产出指标', '质量指标', t.k3Target, '100%', t.k3Actual, 6, 6),
			ind('产出指标', '质量指标', t.k4Target, '100%，按时拨付', t.k4Actual, 6, 6),
			ind('产出指标', '时效指标', t.timeTarget, '100%', t.timeActual, 8, 8),
			ind('产出指标', '成本指标', null, null, null, 0, 0),
			ind('效益指标', '经济效益指标', null, null, null, 0, 0),
			ind('效益指标', '社会效益指标', t.socialTarget, '100%', t.socialActual, 10, 10),
			ind('效益指标', '生态效益指标', null, null, null, 0, 0),
			ind('效益指标', '可持续影响指标', t.sust1Target, '长期坚持', t.sust1Actual, 10, 10),
			ind('效益指标', '可持续影响指标', t.sust2Target, '长期坚持', t.sust2Actual, 10, 10),
			ind('满意度指标', '服务对象满意度指标', t.satisfactionTarget, '95%', t.satisfactionActual, 10, 10)
		],
		totalWeight: 100,
		totalScorePrinted: 99.44,
		notes: []
	};
}
