/**
 * The seed form (中共长沙市望城区委办公室, 部门整体自评表 2020) as the form reader reads it, kept as data so that
 * the flat-table template can show a real form as its example rows without reading a test fixture. A unit
 * test checks that it still equals what the reader makes of test/fixtures/wangcheng-2020.txt.
 */
import type { ReadForm } from '../domain/form';

export const FLAT_EXAMPLE: ReadForm = {
	kind: 'department',
	title: '部门整体自评表',
	unit: '中共长沙市望城区委办公室',
	project: null,
	supervisor: null,
	implementer: null,
	year: 2020,
	moneyUnit: '万元',
	subunitCount: 0,
	functions: '区委办主要职责为区委的政策调研、文稿撰写、督促检查、会务活动组织、文电处理、档案管理、信息综合、后勤保障、《名望之城》杂志编辑和全区机要保密、区直机关党建、全面深化改革、涉台涉外、承办区委领导交办的其他工作等。',
	rateFormulaPrinted: '(B-C)/A',
	funds: {
		rows: [
			{
				source: '财政拨款',
				initialBudget: null,
				budget: 2083,
				executed: 1967.2,
				transfer: 0,
				weight: null,
				ratePrinted: 0.94,
				scorePrinted: null
			}
		],
		total: {
			source: '年度资金总额',
			initialBudget: null,
			budget: 2083,
			executed: 1967.2,
			transfer: 0,
			weight: 10,
			ratePrinted: 0.94,
			scorePrinted: 9.44
		}
	},
	goals: {
		planned: '1、全力推动党中央决策部署和省委、市委、区委工作要求在望城落地生根；2、紧扣区委重大决策、重大部署、重大任务，统筹各方面调研力量，深入开展战略性、前瞻性、针对性调研，力争形成一批有分量、有见地、有力度的调研成果，为区委决策提供有益参考；3、深度挖掘望城亮点，形成经验文章，不断扩大望城的知名度、美誉度；4、扎实推进全面深化改革，努力打造一批原创性高、特色性强的望城微改革；5、聚焦区委各项工作任务，抓好区委重要会议明确事项、区委主要领导指示批示执行情况的跟踪，建立台账交办、适时现场督办、全称跟踪逐一销号；6、建立健全内部控制制度，长期坚持。',
		achieved: '1、精准组织调查研究。牵头组织开展望城大调研活动，制定大调研活动方案和实施细则，组织召开领导小组会议 4 次，编发大调研活动周报 19 期、月报 6 期，以呈阅件形式编发简报 7 期，5 篇获区委主要领导批示，形成调研报告 135 篇，评出一等奖报告 5 篇、二等奖报告 10 篇、三等奖报告 15 篇、优秀报告 20 篇。2、精心当好改革参谋。铺排了 10 项重点攻坚改革事项和 31 项统筹实施改革事项，所有改革事项均完成了年度改革任务。3、精细提供文稿服务。今年共起草各类文稿 300 余个，其中新华社《湖南高管信息》等署名文章 10 余篇，区委全会讲话、望城工作汇报等大型报告 30 余个，涉及疫情防控 130 余个。编印《全区经济社会发展情况资料汇编》3 期、区委党刊《新望城》3 期。组织召开区委财经委会议 4 次，以区委财经委、区委财经办名义制发文件 5 个。4、精确掌握信息动态。全年共编印《望城要情》57 期、《望城参考》7 期，获区领导批示 58 条，上报省、市委办公厅信息 381 条，有 144 条工作经验、基层反映类信息被省委办公厅《湖南信息》《要情汇报》、市委办公厅《长沙信息》《长沙要情》采用，疫情防控及复工复产期间，积极报送我区经验做法，省市信息采用量名列前茅，为省、市、区领导决策提供参谋服务。'
	},
	indicators: [
		{
			level1: '产出指标',
			level2: '数量指标',
			level3: '部门整体运转',
			content: '建设涉台教育社区教育基地，3个，3万元/个',
			targetValue: '100%',
			actualValue: '2020年9月11日举办区直机关党组织书记培训班（党员轮训）。',
			weight: 6,
			score: 6,
			reason: null,
			measure: null
		},
		{
			level1: '产出指标',
			level2: '数量指标',
			level3: '部门整体运转',
			content: '区直机关工委开展一次党员轮训',
			targetValue: '100%',
			actualValue: '2020年7月1-3日开展入党积极分子（第一期）培训，12月9-11日开展入党积极分子（第二期）培训。',
			weight: 6,
			score: 6,
			reason: null,
			measure: null
		},
		{
			level1: '产出指标',
			level2: '数量指标',
			level3: '部门整体运转',
			content: '区直机关工委开展一次入党积极分子培训',
			targetValue: '100%',
			actualValue: '已建设涉台教育基地3个，拨付3万元/个，总计9万元经费。',
			weight: 6,
			score: 6,
			reason: null,
			measure: null
		},
		{
			level1: '产出指标',
			level2: '质量指标',
			level3: '部门整体运转',
			content: '区直机关工委开展一次党员轮训',
			targetValue: '按时开展',
			actualValue: '2020年9月11日举办区直机关党组织书记培训班（党员轮训）。',
			weight: 6,
			score: 6,
			reason: null,
			measure: null
		},
		{
			level1: '产出指标',
			level2: '质量指标',
			level3: '部门整体运转',
			content: '区直机关工委开展一次入党积极分子培训',
			targetValue: '按时开展',
			actualValue: '2020年7月1-3日开展入党积极分子（第一期）培训，12月9-11日开展入党积极分子分子（第二期）培训。',
			weight: 6,
			score: 6,
			reason: null,
			measure: null
		},
		{
			level1: '产出指标',
			level2: '质量指标',
			level3: '部门整体运转',
			content: '保证区委办各项工作的正常运转和相关人员的福利待遇。',
			targetValue: '100%',
			actualValue: '保证了区委办各项工作的正常运转和相关人员的福利待遇',
			weight: 6,
			score: 6,
			reason: null,
			measure: null
		},
		{
			level1: '产出指标',
			level2: '质量指标',
			level3: '部门整体运转',
			content: '建设涉台教育社区教育基地，9万元',
			targetValue: '100%，按时拨付',
			actualValue: '已按时拨付3个涉台教育基地经费9万元。',
			weight: 6,
			score: 6,
			reason: null,
			measure: null
		},
		{
			level1: '产出指标',
			level2: '时效指标',
			level3: '部门整体运转',
			content: '根据实际需求，按时支付各项支出。',
			targetValue: '100%',
			actualValue: '根据实际需求，按时支付各项支出',
			weight: 8,
			score: 8,
			reason: null,
			measure: null
		},
		{
			level1: '产出指标',
			level2: '成本指标',
			level3: null,
			content: null,
			targetValue: null,
			actualValue: null,
			weight: 0,
			score: 0,
			reason: null,
			measure: null
		},
		{
			level1: '效益指标',
			level2: '经济效益指标',
			level3: null,
			content: null,
			targetValue: null,
			actualValue: null,
			weight: 0,
			score: 0,
			reason: null,
			measure: null
		},
		{
			level1: '效益指标',
			level2: '社会效益指标',
			level3: '部门整体运转',
			content: '同人民群众保持密切联系，同区直各单位保持良好沟通。',
			targetValue: '100%',
			actualValue: '同人民群众保持了密切联系，同区直各单位保持了良好沟通。',
			weight: 10,
			score: 10,
			reason: null,
			measure: null
		},
		{
			level1: '效益指标',
			level2: '生态效益指标',
			level3: null,
			content: null,
			targetValue: null,
			actualValue: null,
			weight: 0,
			score: 0,
			reason: null,
			measure: null
		},
		{
			level1: '效益指标',
			level2: '可持续影响指标',
			level3: '部门整体运转',
			content: '坚持知信行统一，把“两个维护”落实到“三服务”工作的全过程，确保“两个维护”在区委办公室见人、见事、见行动、见实效。',
			targetValue: '长期坚持',
			actualValue: '坚持知信行统一，把“两个维护”落实到“三服务”工作的全过程中，确保了“两个维护”在区委办见人、见事、见行动、见实效。',
			weight: 10,
			score: 10,
			reason: null,
			measure: null
		},
		{
			level1: '效益指标',
			level2: '可持续影响指标',
			level3: '部门整体运转',
			content: '建立健全内部控制制度',
			targetValue: '长期坚持',
			actualValue: '建立健全了内部控制制度',
			weight: 10,
			score: 10,
			reason: null,
			measure: null
		},
		{
			level1: '满意度指标',
			level2: '服务对象满意度指标',
			level3: '部门整体运转',
			content: '服务部门及群众满意度',
			targetValue: '95%',
			actualValue: '发挥本职效能，人民群众满意和代表满意程度：满意。',
			weight: 10,
			score: 10,
			reason: null,
			measure: null
		}
	],
	totalWeight: 100,
	totalScorePrinted: 99.44,
	gradePrinted: null,
	notes: []
};
