/**
 * Words the demo forms are made of: places, kinds of budget units, indicator templates by sector, project
 * names and narrative phrases. Everything is invented from the patterns of real published forms; no real
 * unit's figures are reproduced.
 */

/** Which template a region's department forms follow (domain.md §3). */
export type Region = 'changsha' | 'hubei' | 'mof';

/** Cities, with the template their counties use: Hunan prints (B-C)/A, Hubei weighs execution 20. */
export const CITIES: readonly (readonly [string, Region])[] = [
	['长沙市', 'changsha'],
	['株洲市', 'changsha'],
	['湘潭市', 'changsha'],
	['衡阳市', 'changsha'],
	['岳阳市', 'changsha'],
	['常德市', 'changsha'],
	['益阳市', 'changsha'],
	['郴州市', 'changsha'],
	['永州市', 'changsha'],
	['娄底市', 'changsha'],
	['襄阳市', 'hubei'],
	['宜昌市', 'hubei'],
	['黄石市', 'hubei'],
	['荆州市', 'hubei'],
	['孝感市', 'hubei'],
	['咸宁市', 'hubei'],
	['十堰市', 'hubei'],
	['眉山市', 'mof'],
	['雅安市', 'mof'],
	['绵阳市', 'mof'],
	['南充市', 'mof'],
	['滁州市', 'mof'],
	['安庆市', 'mof'],
	['六安市', 'mof'],
	['临沧市', 'mof'],
	['曲靖市', 'mof'],
	['赣州市', 'mof'],
	['上饶市', 'mof'],
	['运城市', 'mof'],
	['临汾市', 'mof'],
	['昌吉市', 'mof']
];

/** Two-character place names are a first and a second character from these (30 × 20 = 600 names). */
export const PLACE_FIRST = '清安平永长宁兴和东西南新丰泰昌华顺临江河桃柳云龙凤金石青白双武'.split('');
export const PLACE_SECOND = '阳平安宁江源山丰乐城溪陵德川水化明州林湖'.split('');

/** Town names (per county): first × second character. */
export const TOWN_FIRST = '塘花杨马黄李白石高桥沙湾铁柏枫竹茶梅荷莲'.split('');
export const TOWN_SECOND = '湖田坪口岭冲铺市坝桥山溪河湾'.split('');

export type Sector =
	| 'party'
	| 'admin'
	| 'finance'
	| 'social'
	| 'education'
	| 'school'
	| 'health'
	| 'hospital'
	| 'agriculture'
	| 'transport'
	| 'resources'
	| 'culture'
	| 'law'
	| 'economy'
	| 'town';

/**
 * A kind of department. `name` has {p} for the place; a name with an alias in brackets is written with
 * full-width brackets (the canonical form) and may be printed half-width in some years.
 */
export interface DepartmentKind {
	name: string;
	sector: Sector;
	/** budget factor against the median unit */
	scale: number;
	/** the department that supervises its projects (主管部门), by name pattern; absent: itself */
	parent?: string;
}

export const DEPARTMENTS: readonly DepartmentKind[] = [
	{ name: '中共{p}委员会办公室', sector: 'party', scale: 0.8 },
	{ name: '中共{p}委组织部（{s}委老干部局）', sector: 'party', scale: 0.7 },
	{ name: '中共{p}委宣传部', sector: 'party', scale: 0.6 },
	{ name: '中共{p}委统一战线工作部', sector: 'party', scale: 0.3 },
	{ name: '中共{p}委政法委员会', sector: 'party', scale: 0.4 },
	{ name: '中共{p}纪律检查委员会', sector: 'party', scale: 0.7 },
	{ name: '中共{p}委党校', sector: 'party', scale: 0.3 },
	{ name: '中共{p}委机构编制委员会办公室', sector: 'party', scale: 0.15 },
	{ name: '{p}人民政府办公室（{s}外事办公室）', sector: 'admin', scale: 1.2 },
	{ name: '{p}发展和改革局', sector: 'admin', scale: 0.8 },
	{ name: '{p}财政局', sector: 'finance', scale: 1.6 },
	{ name: '{p}审计局', sector: 'finance', scale: 0.4 },
	{ name: '{p}统计局', sector: 'finance', scale: 0.2 },
	{ name: '{p}人力资源和社会保障局', sector: 'social', scale: 1.5 },
	{ name: '{p}民政局', sector: 'social', scale: 2 },
	{ name: '{p}医疗保障局', sector: 'social', scale: 0.6 },
	{ name: '{p}退役军人事务局', sector: 'social', scale: 0.6 },
	{ name: '{p}残疾人联合会', sector: 'social', scale: 0.3 },
	{ name: '{p}司法局', sector: 'law', scale: 0.6 },
	{ name: '{p}公安局', sector: 'law', scale: 4 },
	{ name: '{p}应急管理局', sector: 'law', scale: 0.7 },
	{ name: '{p}市场监督管理局', sector: 'law', scale: 1.2 },
	{ name: '{p}信访局', sector: 'admin', scale: 0.2 },
	{ name: '{p}机关事务服务中心', sector: 'admin', scale: 0.8 },
	{ name: '{p}行政审批服务局', sector: 'admin', scale: 0.5 },
	{ name: '{p}档案馆', sector: 'culture', scale: 0.15 },
	{ name: '{p}总工会', sector: 'social', scale: 0.3 },
	{ name: '{p}妇女联合会', sector: 'social', scale: 0.1 },
	{ name: '{p}教育局', sector: 'education', scale: 8 },
	{ name: '{p}卫生健康局', sector: 'health', scale: 3 },
	{ name: '{p}农业农村局（{s}乡村振兴局）', sector: 'agriculture', scale: 3 },
	{ name: '{p}林业局', sector: 'agriculture', scale: 1.2 },
	{ name: '{p}水利局', sector: 'agriculture', scale: 2.5 },
	{ name: '{p}畜牧水产事务中心', sector: 'agriculture', scale: 0.4, parent: '{p}农业农村局（{s}乡村振兴局）' },
	{ name: '{p}农业机械化服务中心', sector: 'agriculture', scale: 0.2, parent: '{p}农业农村局（{s}乡村振兴局）' },
	{ name: '{p}交通运输局', sector: 'transport', scale: 4 },
	{ name: '{p}公路建设养护中心', sector: 'transport', scale: 1.5, parent: '{p}交通运输局' },
	{ name: '{p}自然资源和规划局', sector: 'resources', scale: 2 },
	{ name: '{p}不动产登记中心', sector: 'resources', scale: 0.3, parent: '{p}自然资源和规划局' },
	{ name: '{p}住房和城乡建设局', sector: 'resources', scale: 3 },
	{ name: '{p}城市管理和综合执法局', sector: 'resources', scale: 2 },
	{ name: '{p}生态环境分局', sector: 'resources', scale: 0.5 },
	{ name: '{p}文化旅游广电体育局（{s}文物局）', sector: 'culture', scale: 1 },
	{ name: '{p}图书馆', sector: 'culture', scale: 0.25, parent: '{p}文化旅游广电体育局（{s}文物局）' },
	{ name: '{p}文化馆', sector: 'culture', scale: 0.2, parent: '{p}文化旅游广电体育局（{s}文物局）' },
	{ name: '{p}博物馆', sector: 'culture', scale: 0.2, parent: '{p}文化旅游广电体育局（{s}文物局）' },
	{ name: '{p}融媒体中心', sector: 'culture', scale: 0.6 },
	{ name: '{p}工业和信息化局', sector: 'economy', scale: 0.8 },
	{ name: '{p}商务局', sector: 'economy', scale: 0.6 },
	{ name: '{p}科学技术局', sector: 'economy', scale: 0.4 },
	{ name: '{p}供销合作社联合社', sector: 'economy', scale: 0.2 },
	{ name: '{p}疾病预防控制中心', sector: 'health', scale: 0.8, parent: '{p}卫生健康局' },
	{ name: '{p}妇幼保健计划生育服务中心', sector: 'hospital', scale: 1.2, parent: '{p}卫生健康局' },
	{ name: '{p}人民医院', sector: 'hospital', scale: 6, parent: '{p}卫生健康局' },
	{ name: '{p}中医医院', sector: 'hospital', scale: 3, parent: '{p}卫生健康局' },
	{ name: '{p}第一中学', sector: 'school', scale: 1.5, parent: '{p}教育局' },
	{ name: '{p}第二中学', sector: 'school', scale: 1.2, parent: '{p}教育局' },
	{ name: '{p}实验中学', sector: 'school', scale: 1, parent: '{p}教育局' },
	{ name: '{p}实验小学', sector: 'school', scale: 0.8, parent: '{p}教育局' },
	{ name: '{p}第一完全小学', sector: 'school', scale: 0.6, parent: '{p}教育局' },
	{ name: '{p}职业中等专业学校', sector: 'school', scale: 0.9, parent: '{p}教育局' },
	{ name: '{p}特殊教育学校', sector: 'school', scale: 0.2, parent: '{p}教育局' },
	{ name: '{p}机关幼儿园', sector: 'school', scale: 0.3, parent: '{p}教育局' }
];

/** Units below the county: towns (乡镇) and their health centres. `name` has {p} and {t} for the town. */
export const TOWN_KINDS: readonly (DepartmentKind & { weight: number })[] = [
	{ name: '{p}{t}镇人民政府', sector: 'town', scale: 1.5, weight: 7 },
	{ name: '{p}{t}乡人民政府', sector: 'town', scale: 0.9, weight: 2 },
	{ name: '{p}{t}街道办事处', sector: 'town', scale: 1.2, weight: 2 },
	{ name: '{p}{t}镇卫生院', sector: 'hospital', scale: 0.5, parent: '{p}卫生健康局', weight: 3 }
];

/** Units per county taken from TOWN_KINDS (after the departments). */
export const TOWNS_PER_COUNTY = 24;

// ---------------------------------------------------------------------------------------------------------
// Indicators

export type Level1 = '产出指标' | '效益指标' | '满意度指标';
export type Level2 =
	| '数量指标'
	| '质量指标'
	| '时效指标'
	| '成本指标'
	| '经济效益指标'
	| '社会效益指标'
	| '生态效益指标'
	| '可持续影响指标'
	| '服务对象满意度指标';

export const LEVEL1_OF: Record<Level2, Level1> = {
	数量指标: '产出指标',
	质量指标: '产出指标',
	时效指标: '产出指标',
	成本指标: '产出指标',
	经济效益指标: '效益指标',
	社会效益指标: '效益指标',
	生态效益指标: '效益指标',
	可持续影响指标: '效益指标',
	服务对象满意度指标: '满意度指标'
};

export const LEVEL2_ORDER: readonly Level2[] = [
	'数量指标',
	'质量指标',
	'时效指标',
	'成本指标',
	'经济效益指标',
	'社会效益指标',
	'生态效益指标',
	'可持续影响指标',
	'服务对象满意度指标'
];

/**
 * How a target is stated and met:
 * - count: ≥N 期 (higher is better), N drawn in [lo, hi];
 * - pct: ≥N% with N one of `levels`;
 * - pctLe: ≤N% (lower is better);
 * - exact: 100% = 100%;
 * - cost: ≤X 万元, X a share of the budget;
 * - qual: a word target (按时完成, 有效提升), met or partly met.
 */
export type Spec =
	| { k: 'count'; unit: string; lo: number; hi: number }
	| { k: 'pct'; levels: readonly number[] }
	| { k: 'pctLe'; levels: readonly number[] }
	| { k: 'exact' }
	| { k: 'cost'; lo: number; hi: number }
	| { k: 'qual'; targets: readonly string[] };

export interface IndicatorTemplate {
	l2: Level2;
	/** 三级指标 name */
	name: string;
	/** what was to be done (目标内容, and the root of the 完成值 text) */
	act: string;
	spec: Spec;
}

const t = (l2: Level2, name: string, act: string, spec: Spec): IndicatorTemplate => ({ l2, name, act, spec });
const count = (unit: string, lo: number, hi: number): Spec => ({ k: 'count', unit, lo, hi });
const pct = (...levels: number[]): Spec => ({ k: 'pct', levels });
const qual = (...targets: string[]): Spec => ({ k: 'qual', targets });
const EXACT: Spec = { k: 'exact' };

/** Indicators any unit may report (部门整体运转). */
export const GENERIC_INDICATORS: readonly IndicatorTemplate[] = [
	t('数量指标', '召开党组会议次数', '召开党组会议研究部署重点工作', count('次', 8, 24)),
	t('数量指标', '业务培训期数', '组织干部职工业务能力培训', count('期', 2, 12)),
	t('数量指标', '政务信息报送条数', '向上级报送政务信息', count('条', 20, 200)),
	t('数量指标', '政策宣传活动场次', '开展政策法规宣传进社区活动', count('场', 3, 20)),
	t('数量指标', '档案整理归档卷数', '整理归档年度文书档案', count('卷', 50, 600)),
	t('数量指标', '政府采购项目个数', '依法实施政府采购项目', count('个', 2, 15)),
	t('数量指标', '结对帮扶户数', '走访慰问结对帮扶困难群众', count('户', 5, 60)),
	t('数量指标', '督查督办事项件数', '跟踪督办上级交办事项', count('件', 10, 80)),
	t('质量指标', '预算编制准确率', '提高部门预算编制质量', pct(90, 95)),
	t('质量指标', '政府采购执行率', '严格执行政府采购预算', EXACT),
	t('质量指标', '内部控制制度健全性', '修订完善单位内部控制制度', qual('健全', '制度健全')),
	t('质量指标', '信息公开及时准确率', '按规定公开预决算和政务信息', pct(95, 98)),
	t('质量指标', '固定资产管理规范性', '开展固定资产清查盘点登记', qual('规范', '账实相符')),
	t('质量指标', '财务核算合规率', '规范会计核算和财务报销', EXACT),
	t('时效指标', '资金支付及时率', '按进度及时支付各项资金', pct(90, 95)),
	t('时效指标', '重点工作完成时限', '完成年度重点工作任务', qual('按时完成', '年底前完成')),
	t('时效指标', '资金拨付时限', '按规定时限拨付专项资金', qual('按时拨付', '及时拨付')),
	t('时效指标', '决算报送及时性', '按时编报部门决算和财务报告', qual('按时报送')),
	t('成本指标', '三公经费控制数', '压减因公出国境、公务接待和公务用车经费', { k: 'cost', lo: 0.002, hi: 0.01 }),
	t('成本指标', '日常公用经费支出', '严控日常公用经费开支', { k: 'cost', lo: 0.04, hi: 0.12 }),
	t('成本指标', '会议费支出', '精简会议压缩会议费用', { k: 'cost', lo: 0.001, hi: 0.005 }),
	t('经济效益指标', '节约财政资金', '通过集中采购和竞争性谈判节约财政资金', qual('有效节约', '有所节约')),
	t('经济效益指标', '带动相关产业发展', '发挥财政资金引导作用带动社会投入', qual('有所带动', '逐步显现')),
	t('社会效益指标', '公共服务水平', '提升公共服务能力和服务质量', qual('有效提升', '明显提升')),
	t('社会效益指标', '群众办事便利度', '推行一窗受理优化群众办事流程', qual('明显提高', '有效提高')),
	t('社会效益指标', '政务服务事项网上可办率', '推进政务服务事项网上办理', pct(90, 95)),
	t('社会效益指标', '社会和谐稳定', '排查化解矛盾纠纷维护社会稳定', qual('保持稳定', '和谐稳定')),
	t('社会效益指标', '部门履职能力', '加强干部队伍建设提升履职效能', qual('有效提升', '稳步提升')),
	t('生态效益指标', '节能降耗', '推进节约型机关建设降低能源消耗', qual('有效降低', '逐年下降')),
	t('生态效益指标', '垃圾分类覆盖率', '在机关院落推行生活垃圾分类', pct(90, 100)),
	t('可持续影响指标', '长效管理机制', '建立健全长效管理机制', qual('长期坚持', '长效运行')),
	t('可持续影响指标', '干部队伍建设', '加强干部教育培训和作风建设', qual('持续加强', '长期坚持')),
	t('可持续影响指标', '制度体系建设', '完善内部管理制度体系', qual('逐步完善', '持续完善')),
	t('可持续影响指标', '信息化建设', '推进办公自动化和信息化平台建设', qual('持续推进', '稳步推进')),
	t('服务对象满意度指标', '服务对象满意度', '开展服务对象满意度测评', pct(85, 90, 95)),
	t('服务对象满意度指标', '群众满意度', '开展群众满意度问卷调查', pct(90, 95)),
	t('服务对象满意度指标', '干部职工满意度', '开展干部职工满意度测评', pct(90, 95))
];

export interface SectorVocabulary {
	/** 部门职能概述 */
	functions: string;
	/** goals: [planned, achieved] phrase pairs for 年度总体目标 */
	goals: readonly (readonly [string, string])[];
	indicators: readonly IndicatorTemplate[];
	projects: readonly string[];
}

const PARTY_GOALS: readonly (readonly [string, string])[] = [
	['全力推动党中央决策部署和上级工作要求落地生根', '认真贯彻落实党中央决策部署和上级工作要求，各项任务按期完成'],
	['统筹调研力量，深入开展战略性、前瞻性调研', '牵头组织开展调研活动，形成调研报告 {N} 篇'],
	['加强党的建设，扎实开展党员教育培训', '组织党员轮训 {N} 人次，开展主题党日活动 {n} 次'],
	['建立健全内部控制制度，规范财务管理', '修订完善内部控制制度 {n} 项，财务管理更加规范']
];

export const SECTORS: Record<Sector, SectorVocabulary> = {
	party: {
		functions:
			'主要职责为贯彻落实党的路线方针政策和上级决策部署，负责政策调研、文稿起草、督促检查、会务组织、文电处理、档案管理、机要保密、机关党建及领导交办的其他工作。',
		goals: PARTY_GOALS,
		indicators: [
			t('数量指标', '调研报告篇数', '组织开展专题调查研究形成调研报告', count('篇', 10, 150)),
			t('数量指标', '文稿起草篇数', '起草各类综合文稿和领导讲话', count('篇', 50, 300)),
			t('数量指标', '党员轮训人次', '举办党员和入党积极分子培训班', count('人次', 80, 600)),
			t('数量指标', '新闻稿件刊发篇数', '在各级媒体刊发宣传稿件', count('篇', 30, 400)),
			t('质量指标', '机要文件处理准确率', '规范处理机要文电和保密工作', EXACT),
			t('社会效益指标', '基层党组织战斗力', '推进基层党组织标准化规范化建设', qual('明显增强', '有效提升'))
		],
		projects: ['党员教育培训经费', '党建工作专项经费', '宣传思想文化工作经费', '信息化建设运维经费', '纪检监察办案经费']
	},
	admin: {
		functions:
			'主要负责本级政府日常政务运转、重要会议组织、综合协调、督查督办、政务公开、政务服务和机关后勤保障等工作。',
		goals: [
			['保障机关正常高效运转', '机关运转经费保障到位，各项工作有序开展'],
			['深化放管服改革，提升政务服务效能', '政务服务事项网上可办率达到 {r}%'],
			['抓好重点工作督查督办', '督办重点事项 {n} 件，按期办结'],
			['加强政务信息和政务公开工作', '编发政务信息 {n} 期，主动公开政府信息 {N} 条']
		],
		indicators: [
			t('数量指标', '政务服务事项办件量', '受理办结各类政务服务事项', count('件', 2000, 40000)),
			t('数量指标', '重要会议保障场次', '做好重要会议和活动的服务保障', count('场', 10, 80)),
			t('质量指标', '办件按时办结率', '提高政务服务事项按时办结水平', pct(98, 100)),
			t('社会效益指标', '营商环境', '持续优化营商环境', qual('持续优化', '明显改善'))
		],
		projects: ['政务服务中心运行经费', '电子政务平台运维经费', '机关车辆运行维护经费', '重点项目前期工作经费', '信访维稳专项经费']
	},
	finance: {
		functions: '主要负责财政预算编制与执行、财政资金监管、国有资产管理、审计统计监督和政府债务管理等工作。',
		goals: [
			['加强预算编制和执行管理', '全年预算执行进度符合要求，预算执行率达到 {r}%'],
			['推进预算绩效管理全覆盖', '完成 {N} 个项目的绩效自评和重点评价'],
			['规范政府债务管理，防范化解风险', '政府债务风险总体可控'],
			['加强财政资金监督检查', '开展专项检查 {n} 次，发现问题全部整改']
		],
		indicators: [
			t('数量指标', '绩效评价项目个数', '开展财政重点项目绩效评价', count('个', 5, 60)),
			t('数量指标', '审计项目个数', '完成年度审计计划项目', count('个', 8, 40)),
			t('数量指标', '统计调查项目数', '完成各项统计调查任务', count('项', 10, 40)),
			t('质量指标', '监督检查问题整改率', '督促整改监督检查发现的问题', pct(95, 100)),
			t('社会效益指标', '财政资金使用效益', '提高财政资金使用效益', qual('有效提高', '逐步提高'))
		],
		projects: ['预算绩效管理经费', '财政信息化建设经费', '审计业务经费', '统计调查专项经费', '国有资产清查经费']
	},
	social: {
		functions: '主要负责就业创业、社会保障、社会救助、养老服务、优抚安置和困难群众帮扶等民生保障工作。',
		goals: [
			['落实就业优先政策，促进城乡劳动者就业', '城镇新增就业 {N} 人，开展职业技能培训 {N} 人次'],
			['保障困难群众基本生活', '按时足额发放低保和特困供养资金'],
			['完善养老服务体系', '新建和改造养老服务设施 {n} 个'],
			['做好优抚对象服务保障', '优抚对象抚恤补助按时足额发放']
		],
		indicators: [
			t('数量指标', '职业技能培训人次', '开展城乡劳动者职业技能培训', count('人次', 300, 5000)),
			t('数量指标', '城乡低保保障户数', '对城乡低保对象实施动态管理', count('户', 500, 8000)),
			t('数量指标', '城镇新增就业人数', '落实就业创业扶持政策', count('人', 500, 6000)),
			t('数量指标', '走访慰问优抚对象人次', '开展节日走访慰问优抚对象', count('人次', 100, 2000)),
			t('质量指标', '救助资金发放准确率', '确保救助资金精准发放到户', EXACT),
			t('社会效益指标', '困难群众基本生活', '兜住困难群众基本生活底线', qual('有效保障', '得到保障'))
		],
		projects: ['城乡居民最低生活保障资金', '就业创业补助资金', '特困人员救助供养资金', '优抚对象抚恤补助经费', '养老服务体系建设补助资金']
	},
	education: {
		functions: '主要负责全县教育事业发展规划、学校布局调整、教育经费管理、教师队伍建设、学生资助和教育督导等工作。',
		goals: [
			['巩固义务教育均衡发展成果', '义务教育巩固率达到 {r}%'],
			['落实学生资助政策', '资助家庭经济困难学生 {N} 人次'],
			['加强教师队伍建设', '组织教师培训 {N} 人次'],
			['改善办学条件', '完成校舍维修改造 {N} 平方米']
		],
		indicators: [
			t('数量指标', '资助家庭经济困难学生人次', '落实家庭经济困难学生资助政策', count('人次', 300, 6000)),
			t('数量指标', '教师培训人次', '组织中小学教师全员培训', count('人次', 200, 3000)),
			t('数量指标', '校舍维修改造面积', '实施中小学校舍维修改造', count('平方米', 1000, 20000)),
			t('数量指标', '营养餐受益学生人数', '实施农村义务教育学生营养改善计划', count('人', 1000, 30000)),
			t('质量指标', '义务教育巩固率', '巩固提高义务教育普及水平', pct(95, 98)),
			t('质量指标', '校舍安全达标率', '消除校舍安全隐患', EXACT),
			t('社会效益指标', '教育公平', '促进城乡教育均衡发展', qual('有效促进', '明显改善'))
		],
		projects: ['义务教育营养改善计划专项资金', '学生资助补助经费', '校舍维修改造项目', '教师培训专项经费', '学前教育发展专项资金', '教育信息化建设经费']
	},
	school: {
		functions: '主要承担本校教育教学、德育、安全管理、后勤保障和学生资助等工作，落实立德树人根本任务。',
		goals: [
			['全面提高教育教学质量', '学生学业水平稳步提升，合格率达到 {r}%'],
			['保障学校正常运转', '公用经费按标准保障到位'],
			['加强校园安全管理', '全年无重大安全事故'],
			['落实学生资助和营养改善计划', '资助学生 {N} 人次，营养餐按时供应']
		],
		indicators: [
			t('数量指标', '在校学生人数', '保障在校学生正常教育教学', count('人', 300, 4000)),
			t('数量指标', '资助学生人次', '落实学生资助政策', count('人次', 50, 1200)),
			t('数量指标', '教研活动次数', '组织开展校本教研活动', count('次', 10, 60)),
			t('质量指标', '学业水平考试合格率', '提高教育教学质量', pct(90, 95)),
			t('质量指标', '营养餐食品安全事故', '保障学生营养餐食品安全', qual('零发生', '无事故')),
			t('社会效益指标', '学生综合素质', '促进学生德智体美劳全面发展', qual('明显提升', '稳步提升'))
		],
		projects: ['学生资助经费', '营养改善计划补助', '校园安全设施建设', '教学设备购置项目', '公用经费补助']
	},
	health: {
		functions: '主要负责卫生健康事业发展规划、疾病预防控制、基本公共卫生服务、妇幼健康、医政管理和卫生应急等工作。',
		goals: [
			['做好基本公共卫生服务', '建立居民电子健康档案 {M} 份'],
			['加强重大传染病防控', '传染病疫情得到有效控制'],
			['提升基层医疗服务能力', '基层医疗机构诊疗人次增长 {n}%'],
			['落实计划免疫工作', '免疫规划疫苗接种率达到 {r}%']
		],
		indicators: [
			t('数量指标', '居民电子健康档案建档份数', '建立居民电子健康档案', count('份', 5000, 80000)),
			t('数量指标', '老年人健康体检人数', '为65岁以上老年人免费健康体检', count('人', 1000, 20000)),
			t('数量指标', '预防接种剂次', '开展免疫规划疫苗接种', count('剂次', 5000, 60000)),
			t('质量指标', '电子健康档案建档率', '提高居民健康档案管理质量', pct(85, 90)),
			t('质量指标', '传染病报告及时率', '规范传染病疫情报告', EXACT),
			t('社会效益指标', '居民健康素养水平', '开展健康教育和健康促进活动', qual('稳步提升', '有效提升'))
		],
		projects: ['基本公共卫生服务项目', '重大传染病防控经费', '医疗卫生机构能力建设补助', '计划生育家庭奖励扶助资金', '卫生应急物资储备经费']
	},
	hospital: {
		functions: '主要承担辖区群众的医疗救治、急诊急救、公共卫生服务、健康管理和基层医疗卫生人员培训等工作。',
		goals: [
			['提升医疗服务能力和质量', '全年门急诊 {M} 人次，出院 {N} 人次'],
			['加强重点专科建设', '新建重点专科 {n} 个'],
			['完善医疗设备配置', '购置医疗设备 {n} 台（套）'],
			['落实公共卫生服务任务', '公共卫生服务各项指标完成']
		],
		indicators: [
			t('数量指标', '门急诊人次', '提供门急诊医疗服务', count('人次', 20000, 600000)),
			t('数量指标', '开放床位数', '保障住院病人收治', count('张', 20, 800)),
			t('数量指标', '医疗设备购置台数', '购置更新医疗设备', count('台', 3, 60)),
			t('质量指标', '院内感染发生率', '加强院内感染防控管理', { k: 'pctLe', levels: [3, 5] }),
			t('质量指标', '病历书写合格率', '规范病历书写和质量管理', pct(95, 98)),
			t('社会效益指标', '群众就医条件', '改善群众就医条件', qual('明显改善', '有效改善'))
		],
		projects: ['医疗设备购置项目', '重点专科建设经费', '基本公共卫生服务补助', '公立医院综合改革补助', '发热门诊改造项目']
	},
	agriculture: {
		functions: '主要负责农业农村发展规划、粮食生产、农田水利建设、动植物防疫、林业生态保护和乡村振兴等工作。',
		goals: [
			['稳定粮食生产', '粮食播种面积 {n} 万亩，产量保持稳定'],
			['推进高标准农田建设', '建成高标准农田 {N} 亩'],
			['做好动物疫病防控', '重大动物疫病免疫密度达到 {r}%'],
			['巩固拓展脱贫攻坚成果', '未发生规模性返贫']
		],
		indicators: [
			t('数量指标', '高标准农田建设面积', '建设高标准农田', count('亩', 1000, 30000)),
			t('数量指标', '农技培训人次', '开展新型职业农民和农技培训', count('人次', 200, 3000)),
			t('数量指标', '植树造林面积', '实施国土绿化植树造林', count('亩', 500, 10000)),
			t('数量指标', '水利设施维修处数', '维修加固小型水利设施', count('处', 5, 120)),
			t('质量指标', '重大动物疫病免疫密度', '开展重大动物疫病强制免疫', pct(90, 95)),
			t('质量指标', '工程验收合格率', '加强工程质量监管', EXACT),
			t('经济效益指标', '农民人均可支配收入增长', '促进农民增收', qual('稳步增长', '持续增长')),
			t('生态效益指标', '森林覆盖率', '保护森林资源巩固生态屏障', qual('稳中有升', '保持稳定'))
		],
		projects: ['高标准农田建设项目', '动物防疫补助经费', '农业生产发展资金', '林业草原改革发展资金', '小型水利工程维修养护经费', '衔接推进乡村振兴补助资金']
	},
	transport: {
		functions: '主要负责交通基础设施建设和养护、道路运输管理、农村公路管理和交通安全监管等工作。',
		goals: [
			['加强农村公路养护管理', '完成农村公路养护 {N} 公里'],
			['实施危桥改造和安防工程', '完成危桥改造 {n} 座'],
			['提升道路运输服务水平', '城乡客运通达率达到 {r}%'],
			['保障交通运输安全', '全年未发生重大交通安全责任事故']
		],
		indicators: [
			t('数量指标', '农村公路养护里程', '开展农村公路日常养护', count('公里', 50, 900)),
			t('数量指标', '危桥改造座数', '实施危桥改造工程', count('座', 1, 12)),
			t('数量指标', '安全生命防护工程里程', '实施公路安全生命防护工程', count('公里', 5, 120)),
			t('质量指标', '公路优良路率', '提升公路技术状况', pct(75, 80, 85)),
			t('社会效益指标', '群众出行条件', '改善群众出行条件', qual('明显改善', '有效改善'))
		],
		projects: ['农村公路养护补助资金', '危桥改造项目', '公路安全生命防护工程', '城乡客运补贴资金', '交通运输执法经费']
	},
	resources: {
		functions: '主要负责国土空间规划、自然资源管理、不动产登记、城乡建设、市政设施管理和生态环境保护等工作。',
		goals: [
			['严格耕地保护', '耕地保有量不低于上级下达任务'],
			['提高不动产登记服务效率', '办理不动产登记 {M} 件'],
			['推进城镇老旧小区改造', '改造老旧小区 {n} 个'],
			['加强生态环境保护', '空气质量优良天数比例达到 {r}%']
		],
		indicators: [
			t('数量指标', '不动产登记办件量', '办理各类不动产登记业务', count('件', 2000, 30000)),
			t('数量指标', '卫片执法图斑核查个数', '开展土地卫片执法图斑核查', count('个', 50, 800)),
			t('数量指标', '老旧小区改造个数', '实施城镇老旧小区改造', count('个', 2, 40)),
			t('质量指标', '登记差错率', '提高不动产登记质量', { k: 'pctLe', levels: [1, 2] }),
			t('生态效益指标', '空气质量优良天数比例', '开展大气污染防治', pct(85, 90)),
			t('社会效益指标', '城乡人居环境', '改善城乡人居环境', qual('明显改善', '持续改善'))
		],
		projects: ['土地卫片执法补助经费', '国土空间规划编制经费', '不动产登记信息化建设', '老旧小区改造项目', '城市环境卫生保洁经费', '大气污染防治专项资金']
	},
	culture: {
		functions: '主要负责公共文化服务、文物保护、广播电视、全民健身、图书借阅和档案管理等工作。',
		goals: [
			['完善公共文化服务体系', '开展文化惠民活动 {N} 场'],
			['推进公共文化设施免费开放', '全年免费开放 {D} 天'],
			['加强文物保护利用', '完成文物修缮 {n} 处'],
			['丰富群众精神文化生活', '群众文化获得感明显增强']
		],
		indicators: [
			t('数量指标', '文化惠民演出场次', '组织送戏下乡文化惠民演出', count('场', 10, 200)),
			t('数量指标', '图书借阅人次', '开展图书借阅服务', count('人次', 5000, 200000)),
			t('数量指标', '新增馆藏图书册数', '采购补充馆藏图书', count('册', 1000, 30000)),
			t('数量指标', '免费开放天数', '公共文化设施免费开放', count('天', 300, 360)),
			t('质量指标', '文物安全事故', '落实文物安全责任', qual('零发生', '无事故')),
			t('社会效益指标', '群众文化生活', '丰富群众精神文化生活', qual('更加丰富', '明显丰富'))
		],
		projects: ['公共文化设施免费开放补助', '送戏下乡文化惠民经费', '文物保护修缮项目', '全民健身活动经费', '数字文化共享工程']
	},
	law: {
		functions: '主要负责社会治安、公共安全、市场监管、应急管理、法治宣传和人民调解等工作，维护社会和谐稳定。',
		goals: [
			['维护社会治安稳定', '刑事案件发案率同比下降'],
			['加强安全生产监管', '开展安全生产检查 {N} 次'],
			['深化法治宣传教育', '开展普法宣传活动 {N} 场'],
			['强化市场监管', '完成食品抽检 {N} 批次']
		],
		indicators: [
			t('数量指标', '安全生产检查次数', '开展安全生产隐患排查检查', count('次', 20, 300)),
			t('数量指标', '普法宣传活动场次', '开展法治宣传进村入户', count('场', 10, 120)),
			t('数量指标', '食品安全抽检批次', '开展食品安全监督抽检', count('批次', 200, 3000)),
			t('数量指标', '矛盾纠纷调解件数', '开展人民调解化解矛盾纠纷', count('件', 50, 1500)),
			t('质量指标', '调解成功率', '提高人民调解工作质量', pct(95, 98)),
			t('社会效益指标', '群众安全感', '提升人民群众安全感', qual('明显提升', '稳步提升'))
		],
		projects: ['安全生产专项经费', '法治宣传教育经费', '食品安全抽检经费', '应急物资储备经费', '人民调解补助经费']
	},
	economy: {
		functions: '主要负责工业和信息化、商贸流通、科技创新、招商引资和供销合作等经济发展工作。',
		goals: [
			['推动工业经济稳定增长', '规模以上工业增加值增长 {n}%'],
			['促进消费和商贸流通', '社会消费品零售总额稳步增长'],
			['加强科技创新服务', '新认定高新技术企业 {n} 家'],
			['优化招商引资服务', '新引进项目 {n} 个']
		],
		indicators: [
			t('数量指标', '新认定高新技术企业家数', '培育高新技术企业', count('家', 2, 30)),
			t('数量指标', '招商引资项目个数', '开展招商引资活动', count('个', 3, 40)),
			t('数量指标', '企业服务走访次数', '走访服务重点企业', count('次', 20, 200)),
			t('经济效益指标', '工业增加值增长', '推动工业经济稳定增长', qual('稳步增长', '持续增长')),
			t('社会效益指标', '营商环境满意度', '优化企业发展环境', qual('持续提升', '明显提升'))
		],
		projects: ['工业发展专项资金', '电子商务进农村补助资金', '科技创新专项资金', '招商引资工作经费', '消费帮扶活动经费']
	},
	town: {
		functions: '主要负责本乡镇经济社会发展、基层党建、乡村振兴、社会治理、安全生产、环境整治和便民服务等工作。',
		goals: [
			['推进乡村振兴', '完成村级基础设施建设项目 {n} 个'],
			['加强基层社会治理', '化解矛盾纠纷 {N} 起，社会大局稳定'],
			['整治农村人居环境', '完成 {n} 个村的人居环境整治'],
			['做好防汛抗旱工作', '安全度汛，未发生人员伤亡']
		],
		indicators: [
			t('数量指标', '人居环境整治村数', '开展农村人居环境整治', count('个', 3, 25)),
			t('数量指标', '防汛巡查次数', '开展防汛抗旱隐患巡查', count('次', 10, 80)),
			t('数量指标', '村级道路硬化里程', '实施村组道路硬化', count('公里', 2, 40)),
			t('数量指标', '低保对象动态管理户数', '对低保对象开展入户核查', count('户', 50, 800)),
			t('质量指标', '项目验收合格率', '加强村级项目质量管理', EXACT),
			t('社会效益指标', '基层治理能力', '推进基层治理体系建设', qual('有效提升', '明显增强'))
		],
		projects: ['村级组织运转经费', '农村人居环境整治经费', '防汛抗旱专项经费', '美丽乡村建设项目', '村级公益事业一事一议奖补资金']
	}
};

// ---------------------------------------------------------------------------------------------------------
// Narrative

/** 完成值 texts of a met qualitative target: the act, then how it went. */
export const DONE_TAILS = ['，达到预期目标', '，效果良好', '，目标已实现', '，已全面完成', '，按计划推进'];

/** 完成值 texts of a partly met qualitative target. */
export const PARTLY_TAILS = ['，部分完成', '，基本完成', '，尚未全部完成'];

/** Reasons for a missed target (未完成原因 / 偏差原因分析). */
export const REASONS = [
	'受疫情影响，部分活动延期开展',
	'项目前期手续办理时间较长，实施进度滞后',
	'上级资金下达较晚，部分支出未能在年内完成',
	'部分服务对象长期在外，未能全部覆盖',
	'人员调整较大，工作衔接不够顺畅',
	'年中任务调整，原定目标未能全部完成',
	'受天气影响，工程施工进度推迟'
];

/** Improvement measures (改进措施). */
export const MEASURES = [
	'加强计划管理，及早部署实施',
	'加快项目推进，强化督促检查',
	'加强与财政部门沟通，加快资金支付进度',
	'完善工作机制，加强跟踪问效',
	'科学合理设定绩效目标'
];

/** A reason printed although the target was met (REASON_WITH_FULL_MARKS). */
export const NEEDLESS_REASONS = [
	'受疫情影响，部分培训改为线上开展',
	'因人员调整，部分工作有所延后',
	'年中追加任务，工作量有所增加'
];
