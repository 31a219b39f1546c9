/**
 * Label vocabularies of the forms (domain.md §2–4) and the normalisation used to match them.
 *
 * Labels are matched on a key that ignores whitespace, full/half-width forms, bracket styles and
 * punctuation, and folds traditional characters to simplified ones: mirror sites convert whole pages to
 * traditional characters (real form 27), and a reader keyed on simplified labels alone would see nothing.
 * Printed values are never folded; only the matching key is.
 */

import { memoString } from './memo';

/** Traditional → simplified, limited to characters that occur in form labels and their usual neighbours. */
const TRAD =
	'項项稱称執执預预數数萬万資资總总額额當当財财撥拨結结轉转績绩評评級级標标質质時时會会滿满對对實实單单門门規规劃划際际進进體体產产發发報报務务農农業业據据況况經经濟济態态續续響响環环費费調调決决覽览負负責责聯联繫系電电話话開开關关歸归屬属獨独幣币圓圆計计劃划審审核核類类屬属辦办國国區区縣县鄉乡鎮镇廳厅處处團团衛卫醫医藥药學学園园館馆書书圖图檔档護护導导員员隊队爭争與与為为專专補补貼贴帳账賬账並并從从來来後后個个們们這这裡里內内兩两種种樣样問问題题應应該该範范圍围參参預预設设達达實实現现際际況况評评價价標标準准線线節节約约優优良良差差況况說说明明註注備备說说簽签單单據据記记錄录確确認认響响條条歷历職职責责構构織织領领導导機机務务勞劳動动獎奖懲惩罰罚權权値值值值偏偏離离異异狀状態态維维穩稳運运營营銷销購购買买賣卖價价額额餘余剩剩結结餘余帳账戶户頭头緒绪產产積积壓压軟软硬硬體体觀观覺觉認认識识講讲論论議议訊讯論论讀读寫写課课試试題题級级層层縱纵橫横齊齐齒齿體体紀纪綜综組组織织給给絡络緊紧統统總总續续績绩縮缩纖纤網网羅罗義义習习聖圣聞闻聲声聽听腦脑膽胆腳脚臉脸興兴舉举艦舰藝艺蘇苏蘭兰處处號号裝装製制複复襲袭見见規规視视親亲覽览觸触計计訂订認认討讨訓训記记設设許许訴诉診诊詞词詢询試试詩诗話话該该詳详誌志認认誤误說说誰谁課课調调談谈請请諸诸謀谋講讲謝谢證证識识譯译護护讓让變变豐丰貝贝負负財财貢贡貧贫貨货販贩責责貴贵費费貼贴資资賓宾賞赏賠赔賴赖購购贈赠趙赵趨趋車车軍军軟软較较載载輔辅輕轻輪轮輸输轉转辦办農农邊边遷迁運运過过達达違违遠远適适選选遺遗還还邊边鄉乡醫医釋释鐘钟鋼钢錄录錢钱鍵键長长門门閉闭開开閒闲間间關关闡阐隊队陽阳陰阴陳陈際际險险隨随隱隐雙双雜杂雞鸡離离難难電电靈灵頁页順顺須须預预領领頻频題题額额顏颜願愿類类風风飛飞養养餘余館馆驗验體体鬥斗麗丽點点黨党齡龄';

const T2S = new Map<string, string>();
for (let i = 0; i + 1 < TRAD.length; i += 2) T2S.set(TRAD[i], TRAD[i + 1]);

// Remembered answers (see memo.ts), declared before the vocabularies below are built with them
const labelKeys = memoString(computeLabelKey);
const labelKeysNoParens = memoString(computeLabelKeyNoParens);
const level1 = memoString(computeIsLevel1);
const level2 = memoString(computeIsLevel2);
const blankMarks = memoString(computeIsBlankMark);

/**
 * The characters the fold changes, as one character class (every key of TRAD is one UTF-16 unit): one
 * regex pass finds them, and a text without any (most of a form) comes back as it is, without rebuilding it
 * character by character.
 */
const TRADITIONAL = new RegExp(
	`[${[...T2S].filter(([t, s]) => t !== s).map(([t]) => `\\u${t.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`,
	'g'
);
const simplifiedChar = (ch: string) => T2S.get(ch) as string;

/** Folds traditional characters to simplified (for matching only). */
export function toSimplified(s: string): string {
	return s.replace(TRADITIONAL, simplifiedChar);
}

/** Whether a text holds traditional characters that the fold changes (for a note, not for matching). */
export function hasTraditional(s: string): boolean {
	// the characters the fold changes are TRADITIONAL's class: one regex scan, not a Map lookup per character
	return HAS_TRADITIONAL.test(s);
}

/** TRADITIONAL without the g flag: test() keeps no lastIndex between calls. */
const HAS_TRADITIONAL = new RegExp(TRADITIONAL.source);

/**
 * The display normalisation applied to every cell: pinyin debris that mirror sites append to converted
 * characters removed (區(qū) → 區), spaces collapsed. Full-width punctuation stays as printed; matching
 * keys and numbers normalise it themselves.
 */
export function cleanCell(s: string): string {
	// nothing to clean (most cells): no bracket that could open pinyin debris, no space to turn into a plain
	// one or to collapse, no whitespace at either end (\s and trim() share ECMAScript's one definition)
	if (!CLEAN_NEEDED.test(s)) return s;
	return s
		.replace(PINYIN_DEBRIS, '')
		.replace(/[\u00a0\u3000]/g, ' ')
		.replace(/[ \t]+/g, ' ')
		.trim();
}

const CLEAN_NEEDED = /[(（\u00a0\u3000\t]| {2}|^\s|\s$/;

/** "(qū)", "(zhí)", "(xiàng)" after a character: toned pinyin in parentheses, never real content. */
const PINYIN_DEBRIS = /[(（](?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]/g;

/**
 * The matching key: simplified, no whitespace, no punctuation or brackets, lower-case Latin.
 * 部门（单位）名称 and 部门(单位) 名称 and 部門(單位)名稱 share the key 部门单位名称.
 */
export function labelKey(s: string): string {
	return labelKeys(s);
}

function computeLabelKey(s: string): string {
	return toSimplified(s.normalize('NFKC'))
		.toLowerCase()
		.replace(/[\s\p{P}\p{S}]/gu, '');
}

/** The key without any parenthesised part: 全年预算数 (A) → 全年预算数, 全年(调整)预算数 → 全年预算数. */
export function labelKeyNoParens(s: string): string {
	return labelKeysNoParens(s);
}

function computeLabelKeyNoParens(s: string): string {
	const t = toSimplified(s.normalize('NFKC'));
	let prev = '';
	let cur = t.replace(/[【〔［\[]/g, '(').replace(/[】〕］\]]/g, ')');
	while (prev !== cur) {
		prev = cur;
		cur = cur.replace(/\([^()]*\)/g, '');
	}
	// an unclosed parenthesis (OCR lost the closing one: 执行率(B/A1) drops the rest
	cur = cur.replace(/\([^()]*$/, '');
	return labelKey(cur);
}

// ---------------------------------------------------------------------------------------------------------
// Header fields

export type HeaderField =
	| 'unit'
	| 'project'
	| 'supervisor'
	| 'implementer'
	| 'subunits'
	| 'fillDate'
	| 'functions'
	| 'totalScore'
	| 'year'
	| 'other';

/** Labels of the header block, by key (labelKey of the printed label). */
const HEADER_LABELS: [HeaderField, string[]][] = [
	['unit', ['部门单位名称', '单位名称', '评价部门名称', '部门名称', '项目单位盖章', '项目单位', '填报单位', '单位盖章']],
	['project', ['项目名称', '专项资金名称', '资金名称']],
	['supervisor', ['主管部门', '县级主管部门', '市级主管部门', '主管单位']],
	['implementer', ['实施单位', '实施单位盖章', '项目实施单位', '实施单位名称']],
	['subunits', ['所属独立核算单位个数', '下属单位个数', '所属单位个数', '独立核算单位个数']],
	['fillDate', ['填报日期', '填表日期', '填报时间']],
	['functions', ['部门职能概述', '职能概述', '部门职责']],
	['totalScore', ['自评总分', '自评总分分', '自评得分']],
	['year', ['年度']],
	[
		'other',
		[
			'负责人及电话',
			'项目负责人',
			'财务负责人',
			'部门联系人',
			'联系人',
			'联系电话',
			'财政处室',
			'主要领导签字',
			'项目类别',
			'项目属性',
			'项目类型',
			'报表编号',
			'索引号',
			'发布时间',
			'发布日期',
			'整体支出规模',
			'项目基本情况',
			'基本支出总额',
			'项目支出总额'
		]
	]
];

const HEADER_BY_KEY = new Map<string, HeaderField>();
for (const [field, keys] of HEADER_LABELS) for (const k of keys) HEADER_BY_KEY.set(k, field);

/** The header field a cell labels, if it is exactly a header label. */
export function headerField(text: string): HeaderField | null {
	const k = labelKey(text);
	return HEADER_BY_KEY.get(k) ?? HEADER_BY_KEY.get(labelKeyNoParens(text)) ?? null;
}

/** Every header label key (for splitting run-together text). */
export const HEADER_LABEL_KEYS: readonly string[] = [...HEADER_BY_KEY.keys()];

// ---------------------------------------------------------------------------------------------------------
// Funds block

export type FundsRole =
	| 'label'
	| 'initial'
	| 'budget'
	| 'executed'
	| 'transfer'
	| 'weight'
	| 'rate'
	| 'score'
	| 'reason'
	| 'rowNo'
	| 'other';

/** Funds column headers, matched on the key without parenthesised parts. Order matters: first match wins. */
const FUNDS_HEADERS: [FundsRole, RegExp][] = [
	['label', /^(资金来源|资金性质|项目|来源)$/],
	['rowNo', /^行次$/],
	['initial', /^年初(预算|预算数|预算金额|预算安排数|安排数)$/],
	['transfer', /^上级(财政)?(转移|移动)支付(资金)?$/],
	['weight', /^(执行率)?(分值|权重|分值权重|分数)$/],
	['score', /^(执行率)?得分(分)?$/],
	['rate', /^(预算)?执行率(%)?$|^预算执行$/],
	['budget', /^(全年|调整后|全年调整|年度)?预算(数|金额|安排数)?$|^全年预算数?$|^预算数$/],
	['executed', /^(全年|预算|实际)?执行(数|资金|金额)$|^全年执行$|^实际支出(数)?$|^预算执行数$/],
	['reason', /^(原因|偏差原因|未完成原因|原因说明|原因分析|执行率偏低原因|偏差原因分析)$/],
	['other', /^(统筹整合资金数|扣除统筹整合资金后预算金额|全年到位资金|预算到位|佐证材料|所需材料|上传端口|到位资金)$/]
];

/** The role of a funds column header, or null when the cell is not one. */
export function fundsRole(text: string): FundsRole | null {
	const k = labelKeyNoParens(text);
	if (!k || k.length > 16) return null;
	for (const [role, re] of FUNDS_HEADERS) if (re.test(k)) return role;
	return null;
}

/**
 * The rate formula printed in a header: 执行率 ((B-C)/A) → '(B-C)/A', 执行率(B/A) → 'B/A'.
 * OCR damage such as 'B/A1' is read as B/A when nothing else follows the A.
 */
export function rateFormulaOf(text: string): '(B-C)/A' | 'B/A' | 'B/A0' | null {
	const t = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase().replace(/[−–—]/g, '-');
	if (/\(B-C\)\/A/.test(t)) return '(B-C)/A';
	if (/B\/A0/.test(t)) return 'B/A0';
	if (/B\/A(?![A-Z])/.test(t)) return 'B/A';
	return null;
}

export type FundRowKind = 'total' | 'source';

/** The label key of a fund row without its "其中:" prefix, "(万元)" annotation and trailing colon. */
export function fundRowKey(text: string): string {
	let k = labelKeyNoParens(text.replace(/^\s*其中\s*[:：]?/, ''));
	k = k.replace(/^其中/, '').replace(/^\d+/, '');
	return k;
}

const TOTAL_ROW = /^(年度资金总额|年度财政资金总额|年度财政资金|资金总额|合计|总额|总计|部门整体支出总额|整体支出总额|部门预算总额|年度预算总额)$/;
const SOURCE_ROW =
	/^(当年|本年|上年|年初)?(财政拨款|财政资金|财政专户管理资金|结转资金|结转结余资金|结转|其他资金|单位资金|自有资金|一般公共预算|一般公共预算拨款|政府性基金|政府性基金预算|国有资本经营预算|基本支出|项目支出|事业收入|经营收入|其他收入)$|^.{0,12}(财政资金|补助资金|补助县级资金|专项资金|转移支付资金)$|^(中央|省级?|市级?|县级?|区级?)(财政)?(补助|拨款|资金)/;

/** Whether a cell labels a fund row (the total or a source). */
export function fundRowKind(text: string): FundRowKind | null {
	const k = fundRowKey(text);
	if (!k || k.length > 24) return null;
	if (TOTAL_ROW.test(k)) return 'total';
	if (SOURCE_ROW.test(k)) return 'source';
	return null;
}

// ---------------------------------------------------------------------------------------------------------
// Goals, blocks

export type BlockLabel =
	| 'fundsBlock'
	| 'goalsBlock'
	| 'goalPlanned'
	| 'goalAchieved'
	| 'indicatorBlock'
	| 'totalRow'
	| 'tail'
	| 'fundsStructure'
	| 'headerNumbering';

const BLOCKS: [BlockLabel, RegExp][] = [
	['fundsBlock', /^(资金情况|项目资金|预算执行情况|资金投入情况|年度预算数|部门预算执行情况)(万元|元)?(\d+分)?$/],
	['fundsStructure', /^资金结构$/],
	['goalPlanned', /^(年初设定目标|预期目标|年初绩效目标|总体目标|年度目标|年初目标|项目年度目标)$/],
	['goalAchieved', /^(目标完成情况|实际完成情况|全年实际完成情况|总体目标完成情况|全年完成情况|年度目标完成情况|全年目标实际完成情况|年度总体目标完成情况)$/],
	['goalsBlock', /^(年度总体目标|年度总体目标完成情况|当年绩效目标|年度绩效目标\d*|年度目标\d+|总体目标)$/],
	['indicatorBlock', /^(年度绩效指标|年度绩效指标完成情况|绩效指标|年度绩效指标分)$/],
	['totalRow', /^(总分|合计|自评总分|总计|综合得分)$/],
	['tail', /^(评价结论|存在问题|改进措施及结果应用方案|偏差大或目标未完成原因分析|说明|其他需要说明事项|备注|注|资金管理情况|项目负责人|财务负责人|填表人|审核人|单位负责人)/],
	['headerNumbering', /^列次$/]
];

export function blockLabel(text: string): BlockLabel | null {
	const k = labelKeyNoParens(text);
	if (!k || k.length > 20) return null;
	for (const [b, re] of BLOCKS) if (re.test(k)) return b;
	return null;
}

// ---------------------------------------------------------------------------------------------------------
// Indicators

export type IndicatorRole =
	| 'block'
	| 'l1'
	| 'l2'
	| 'l3'
	| 'content'
	| 'nature'
	| 'target'
	| 'unit'
	| 'actual'
	| 'weight'
	| 'score'
	| 'reason'
	| 'measure'
	| 'other';

const INDICATOR_HEADERS: [IndicatorRole, RegExp][] = [
	['l1', /^一级指标$/],
	['l2', /^二级指标$/],
	['l3', /^(三级指标|指标名称|绩效指标名称|三级指标名称)$/],
	['content', /^(目标内容|指标内容|指标解释)$/],
	['nature', /^指标性质$/],
	['unit', /^(度量单位|计量单位|单位)$/],
	['other', /^(调整指标值|指标值设置依据|上年完成值|上年实际完成值|指标赋分规则|佐证资料|佐证材料|完成率|得分系数|是否核心指标|完成情况说明)$/],
	['target', /^(目标值|年度指标值|年初目标值|年初指标值|指标值|年度目标值|预期目标值|目标值a|年初目标值a|计划值)$/],
	['actual', /^(完成值|实际完成值|全年完成值|指标实际完成值|全年实际完成值|实际值|完成值b|实际完成值b)$/],
	['weight', /^(分值|权重|指标权重|分值权重|指标分值权重|指标权重分|权重分|分值分)$/],
	['score', /^(得分|指标得分|指标得分分|自评得分|得分分)$/],
	['reason', /^(未完成原因|未完成原因分析|偏差原因分析及改进措施|偏差及原因分析|未完成原因和改进措施|偏差原因分析|原因分析|偏差原因|未完成原因及改进措施)$/],
	['measure', /^(改进措施|改进措施及结果应用方案)$/]
];

/** The role of an indicator column header, or null. */
export function indicatorRole(text: string): IndicatorRole | null {
	const k = labelKeyNoParens(text);
	if (!k || k.length > 14) return null;
	for (const [role, re] of INDICATOR_HEADERS) if (re.test(k)) return role;
	return null;
}

/** Headers of a two-tier header that stand for several columns below them (Yunnan template). */
export function indicatorGroup(text: string): 'levels' | 'targetGroup' | null {
	const k = labelKeyNoParens(text);
	if (k === '绩效指标') return 'levels';
	if (k === '年度指标值') return 'targetGroup';
	return null;
}

/** Strips a weight annotation from a level label: 产出指标(40分) → 产出指标. */
export function stripWeightNote(text: string): string {
	return text.replace(/[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]/g, '').trim();
}

/** Level-1 indicator names (first-level categories). */
export function isLevel1(text: string): boolean {
	return level1(text);
}

function computeIsLevel1(text: string): boolean {
	const k = labelKey(stripWeightNote(text)).replace(/\d+分$/, '');
	return /^(产出|效益|满意度|效果|管理|成本|影响|过程|决策)指标$/.test(k) && k !== '成本指标';
}

/** Level-2 indicator names, with the variants seen in real forms (经济效益 without 指标, 日效性指标 …). */
export function isLevel2(text: string): boolean {
	return level2(text);
}

function computeIsLevel2(text: string): boolean {
	const k = labelKey(stripWeightNote(text)).replace(/\d+分$/, '');
	return /^(数量|质量|时效|时效性|日效性|成本|经济成本|社会成本|生态环境成本|经济效益|社会效益|生态效益|环境效益|可持续影响|可持续性|可持续|服务对象满意度|群众满意度|社会公众满意度|满意度)(指标)?等?$/.test(
		k
	) && !/^(数量|质量|成本|满意度)$/.test(k);
}

/** Symbols of 指标性质 (=, ≥, ≤ and their look-alikes), or the qualitative/quantitative words. */
export function isNature(text: string): boolean {
	const t = text.normalize('NFKC').replace(/\s+/g, '');
	return /^(=|≥|≤|>|<|≧|≦|═|﹦|＝|≥=|>=|<=|定性|定量|正向|反向|定量指标|定性指标)$/.test(t);
}

/** Measurement units (度量单位 cells): short, no digits. */
export function isUnitOfMeasure(text: string): boolean {
	const t = text.normalize('NFKC').replace(/\s+/g, '');
	return /^(%|‰|元|万元|亿元|个|人|人次|次|天|日|月|年|项|家|户|所|座|篇|份|期|场|册|本|台|套|辆|公里|千米|米|平方米|亩|吨|件|起|例|种|分|小时|批|处|条|张|间|栋|TB|GB)$/i.test(
		t
	);
}

/** Cells that stand for "nothing printed here": dashes, slashes, ellipses. */
export function isBlankMark(text: string): boolean {
	return blankMarks(text);
}

function computeIsBlankMark(text: string): boolean {
	const t = text.normalize('NFKC').replace(/\s+/g, '');
	return t === '' || /^([-—–―─一/\\、…．.·]+|无数据|\/+)$/.test(t);
}
