/** Small builders for hand-made ReadForms in the domain tests. */
import type { FundRow, Indicator, ReadForm } from '../../../src/lib/domain/form';
import { emptyFundRow } from '../../../src/lib/domain/form';

export function fundRow(source: string, values: Partial<FundRow> = {}): FundRow {
	return { ...emptyFundRow(source), ...values };
}

export function indicator(values: Partial<Indicator> = {}): Indicator {
	return {
		level1: '产出指标',
		level2: '数量指标',
		level3: null,
		content: null,
		targetValue: null,
		actualValue: null,
		weight: null,
		score: null,
		reason: null,
		measure: null,
		...values
	};
}

/**
 * A complete, consistent project form (B/A, 10 + 90 points, rate 100%) that raises no finding, so that each
 * test changes one thing and sees one finding appear.
 */
export function cleanForm(overrides: Partial<ReadForm> = {}): ReadForm {
	return {
		kind: 'project',
		title: '项目支出绩效自评表',
		unit: '某县财政局',
		project: '某项目',
		year: 2022,
		moneyUnit: '万元',
		rateFormulaPrinted: 'B/A',
		funds: {
			rows: [
				fundRow('当年财政拨款', { initialBudget: 80, budget: 80, executed: 80 }),
				fundRow('上年结转资金', { initialBudget: 20, budget: 20, executed: 20 })
			],
			total: fundRow('年度资金总额', {
				initialBudget: 100,
				budget: 100,
				executed: 100,
				weight: 10,
				ratePrinted: 1,
				ratePrintedText: '100%',
				scorePrinted: 10
			})
		},
		goals: { planned: null, achieved: null },
		indicators: [
			indicator({ level3: '培训人次', targetValue: '≥100人次', actualValue: '120人次', weight: 50, score: 50 }),
			indicator({ level1: '效益指标', level2: '社会效益指标', level3: '群众知晓度', targetValue: '提高', actualValue: '有所提高', weight: 30, score: 30 }),
			indicator({ level1: '满意度指标', level2: '服务对象满意度指标', level3: '满意度', targetValue: '≥90%', actualValue: '95%', weight: 10, score: 10 })
		],
		totalWeight: 100,
		totalScorePrinted: 100,
		notes: [],
		...overrides
	};
}
