// One-off: reads the PHỤ LỤC of Decision 2866/QĐ-UBND (seeds/nguon/…) and writes seeds/tasks.json.
// Usage: node scripts/extract-tasks.mjs [--check]
// Plain Node ESM, no dependencies. The output was checked by eye against the text afterwards.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const srcPath = join(root, "seeds/nguon/quyet-dinh-2866-QD-UBND-2021.txt");
const outPath = join(root, "seeds/tasks.json");

const fold = (s) => s.normalize("NFC").replace(/\s+/g, " ").trim();
const text = readFileSync(srcPath, "utf8").normalize("NFC");
const lines = text.split(/\r?\n/);
const start = lines.findIndex((l) => l.trim() === "PHỤ LỤC");
if (start < 0) throw new Error("PHỤ LỤC not found");
const appendix = lines.slice(start).join("\n");

// Cells: a cell ends with a line holding only "|".
const cells = [];
let buf = [];
for (const l of lines.slice(start)) {
  if (l.trim() === "|") { cells.push(fold(buf.join("\n"))); buf = []; }
  else buf.push(l);
}
// First cell holds the appendix title + "STT"; header row follows.
const header = ["Mục tiêu", "Nhiệm vụ", "Kết quả/ Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"];
if (!cells[0].endsWith("STT")) throw new Error("table header not found");
for (let i = 0; i < header.length; i++) if (cells[1 + i] !== header[i]) throw new Error(`header cell ${i}: ${cells[1 + i]}`);

const areaNames = {
  I: "CẢI CÁCH THỂ CHẾ", II: "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", III: "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC",
  IV: "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", V: "CẢI CÁCH TÀI CHÍNH CÔNG", VI: "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH PHỦ ĐIỆN TỬ, CHÍNH PHỦ SỐ",
};
const timeRe = /^(?:Năm \d{4}|\d{4}(?:\s*[-–—]\s*\d{4})?|Hàng năm|Hằng năm)$/;

// Registry names / phrases, matched longest-first at the start of the remaining wording.
const names = [
  ["Các sở, ban, ngành; UBND cấp huyện", "@so-ban-nganh-va-cap-huyen"],
  ["Các sở, ban, ngành", "@so-ban-nganh"],
  ["UBND cấp huyện", "@ubnd-cap-huyen"],
  ["UBND các huyện, thành phố", "@ubnd-cap-huyen"],
  ["UBND cấp xã", "@ubnd-cap-xa"],
  ["Các cơ quan, đơn vị liên quan", "@co-quan-lien-quan"],
  ["Sở Tài chính", "so-tai-chinh"], ["Sở Xây dựng", "so-xay-dung"],
  ["Sở Thông tin và Truyền thông", "so-thong-tin-truyen-thong"], ["Sở TT&TT", "so-thong-tin-truyen-thong"],
  ["Sở Khoa học và Công nghệ", "so-khoa-hoc-cong-nghe"], ["Sở Tư pháp", "so-tu-phap"],
  ["Văn phòng UBND tỉnh", "van-phong-ubnd-tinh"], ["VP UBND tỉnh", "van-phong-ubnd-tinh"],
  ["Sở Nội vụ", "so-noi-vu"], ["Sở Kế hoạch và Đầu tư", "so-ke-hoach-dau-tu"], ["Sở KH&ĐT", "so-ke-hoach-dau-tu"],
  ["Thanh tra tỉnh", "thanh-tra-tinh"], ["Sở Giao thông vận tải", "so-giao-thong-van-tai"],
  ["Sở Công Thương", "so-cong-thuong"], ["Sở Y tế", "so-y-te"],
  ["Sở Nông nghiệp và Phát triển nông thôn", "so-nong-nghiep-ptnt"],
  ["Sở Giáo dục và Đào tạo", "so-giao-duc-dao-tao"], ["Sở GD&ĐT", "so-giao-duc-dao-tao"],
  ["Sở Lao động – Thương binh và Xã hội", "so-lao-dong-tbxh"], ["Sở LĐ-TB&XH", "so-lao-dong-tbxh"],
  ["Sở Tài nguyên và Môi trường", "so-tai-nguyen-moi-truong"], ["Sở Ngoại vụ", "so-ngoai-vu"],
  ["Ban Quản lý các khu công nghiệp", "ban-quan-ly-kcn"], ["Sở Văn hóa, Thể thao và Du lịch", "so-van-hoa-the-thao-du-lich"],
  ["Bảo hiểm xã hội tỉnh", "bhxh-tinh"], ["Ngân hàng Nhà nước chi nhánh tỉnh", "ngan-hang-nha-nuoc"],
  ["Kho bạc Nhà nước tỉnh", "kho-bac-nha-nuoc"], ["Công an tỉnh", "cong-an-tinh"], ["Cục Thuế tỉnh", "cuc-thue-tinh"],
].sort((a, b) => b[0].length - a[0].length);

/** Splits a lead/coordinate wording into registry references and leftover names. */
function resolve(wording) {
  const refs = [];
  const other = [];
  let rest = wording;
  while (rest) {
    const hit = names.find(([n]) => rest.toLowerCase().startsWith(n.toLowerCase()) && /^($|[,;]\s*)/.test(rest.slice(n.length)));
    if (hit) {
      if (!refs.includes(hit[1])) refs.push(hit[1]);
      rest = rest.slice(hit[0].length);
    } else {
      const m = /^[^,;]+/.exec(rest);
      other.push(m[0].trim());
      rest = rest.slice(m[0].length);
    }
    rest = rest.replace(/^[,;]\s*/, "");
  }
  return { refs, other };
}

function schedule(time) {
  let m;
  if ((m = /^(?:Năm )?(\d{4})$/.exec(time))) return { kind: "year", year: Number(m[1]) };
  if ((m = /^(\d{4})\s*[-–—]\s*(\d{4})$/.exec(time))) return { kind: "range", from: Number(m[1]), to: Number(m[2]) };
  if (/^H[àằ]ng năm$/i.test(time)) return { kind: "yearly" };
  throw new Error(`unknown time wording: ${time}`);
}

const notes = [];
const tasks = [];
let area = null;
let i = 1 + header.length;
while (i < cells.length) {
  const c = cells[i];
  if (/^[IVX]+$/.test(c)) {
    if (cells[i + 1] !== areaNames[c]) throw new Error(`area ${c}: ${cells[i + 1]}`);
    area = c;
    i += 2;
    continue;
  }
  if (!/^\d+$/.test(c)) throw new Error(`expected STT at cell ${i}: ${c}`);
  const stt = Number(c);
  let j = i + 1;
  while (j < cells.length && !timeRe.test(cells[j])) j++;
  const row = cells.slice(i + 1, j + 1);
  if (row.length !== 5 && row.length !== 6) throw new Error(`task ${stt}: ${row.length} cells`);
  let [goal, task, product, lead, coordinate, time] = row.length === 6 ? row : [null, ...row];
  if (goal) {
    // A merged goal cell whose text was written twice in the source file: keep it once.
    const half = goal.length / 2;
    if (Number.isInteger(half - 0.5) && goal.slice(0, half - 0.5) === goal.slice(half + 0.5)) {
      notes.push(`task ${stt}: goal cell holds the same text twice; kept once`);
      goal = goal.slice(0, half - 0.5);
    }
  }
  const l = resolve(lead);
  const co = resolve(coordinate);
  tasks.push({
    stt, area, goal, task, product, lead, coordinate, time,
    leadAgencies: l.refs, coordinateAgencies: co.refs, otherLead: l.other, otherCoordinate: co.other,
    schedule: schedule(time),
  });
  i = j + 1;
}

// Checks.
const fail = [];
if (tasks.length !== 68) fail.push(`expected 68 tasks, got ${tasks.length}`);
tasks.forEach((t, k) => { if (t.stt !== k + 1) fail.push(`stt ${t.stt} at position ${k + 1}`); });
const appendixFolded = fold(appendix);
for (const t of tasks) {
  for (const f of ["task", "product", "lead", "coordinate", "time"]) if (!t[f]) fail.push(`task ${t.stt}: empty ${f}`);
  if (!t.area) fail.push(`task ${t.stt}: no area`);
  if (t.leadAgencies.length === 0) fail.push(`task ${t.stt}: lead "${t.lead}" resolves to nothing`);
  for (const f of ["goal", "task", "product"]) if (t[f] !== null && !appendixFolded.includes(t[f])) fail.push(`task ${t.stt}: ${f} not in appendix text`);
  if (t.otherLead.length || t.otherCoordinate.length) notes.push(`task ${t.stt}: unmatched names ${JSON.stringify([t.otherLead, t.otherCoordinate])}`);
}
for (const s of [3, 5, 6, 8, 10, 11]) if (tasks[s - 1]?.leadAgencies.join() !== "so-tu-phap") fail.push(`task ${s} should be led by Sở Tư pháp`);
for (const s of [9, 12, 32, 33]) if (tasks[s - 1]?.leadAgencies.join() !== "@so-ban-nganh-va-cap-huyen") fail.push(`task ${s} should be led by every department and district`);
for (const n of notes) console.error("note:", n);
if (fail.length) { for (const f of fail) console.error("FAIL:", f); process.exit(1); }

const json = JSON.stringify({ tasks }, null, 2) + "\n";
if (process.argv.includes("--check")) {
  const current = readFileSync(outPath, "utf8");
  if (current !== json) { console.error("seeds/tasks.json differs from the extraction"); process.exit(1); }
  console.log("seeds/tasks.json matches the extraction");
} else {
  writeFileSync(outPath, json);
  console.log(`wrote ${tasks.length} tasks to seeds/tasks.json`);
}
