import { toSimplified } from '../../src/lib/import/aliases';
import { readDataset } from './datasets';
const texts: string[] = [];
for await (const d of readDataset('bench-data/dataset-1K.jsonl', 200)) for (const line of Buffer.from(d.bytes).toString().split('\n')) for (const c of line.split('\t')) if (c.trim()) texts.push(c.trim());
console.log(texts.length);
const TRAD_CHARS = '項稱執預數萬資總額當財撥結轉績評級標質時會滿對實單門規劃際進體產發報務農業據況經濟態續響環費調決覽負責聯繫電話開關歸屬獨幣圓計審類辦國區縣鄉鎮廳處團衛醫藥學園館書圖檔護導員隊爭與為專補貼帳賬並從來後個們這裡內兩種樣問題應該範圍參設達現價準線節約優說註備簽記錄確認條歷職構織領機勞動獎懲罰權値離異狀維穩運營銷購買賣餘戶頭緒積壓軟觀覺識講論議訊讀寫課試層縱橫齊齒紀綜組給絡緊統縮纖網羅義習聖聞聲聽腦膽腳臉興舉艦藝蘇蘭號裝製複襲見視親觸訂討訓許訴診詞詢詩詳誌誤誰談請諸謀謝證譯讓變豐貝貢貧貨販貴賓賞賠賴贈趙趨車軍較載輔輕輪輸遷過違遠適選遺還釋鐘鋼錢鍵長閉閒間闡陽陰陳險隨隱雙雜雞難靈頁順須頻顏願風飛養驗鬥麗點黨齡';
const RE = new RegExp(`[${TRAD_CHARS}]`, 'g');
const f1 = (s: string) => toSimplified(s.normalize('NFKC')).toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
const f0 = (s: string) => s.normalize('NFKC');
const f2 = (s: string) => toSimplified(s);
const f3 = (s: string) => s.replace(/[\s\p{P}\p{S}]/gu, '');
const f4 = (s: string) => s.replace(RE, (c) => c);
for (const [name, f] of [['full', f1], ['nfkc', f0], ['simpl', f2], ['punct', f3], ['re', f4]] as const) {
	for (let r = 0; r < 3; r++) { const t = performance.now(); for (const s of texts) f(s); if (r === 2) console.log(name, ((performance.now() - t) * 1000 / texts.length).toFixed(3), 'µs/text'); }
}
