#!/usr/bin/env node
/**
 * One-off generator of the Word templates in templates/ (bao-cao-tong-hop.docx, cong-van-don-doc.docx,
 * bao-cao-co-quan.docx, bao-cao-sau-chot.docx, y-kien-co-quan.docx), written from hand-made WordprocessingML. After it has run, the .docx files are the
 * source of truth: users open and edit them in Word. Run it again only to start over from the defaults:
 *
 *   node scripts/make-docx-templates.mjs [--out templates] [--force]
 *
 * Format: Decree 30/2020/NĐ-CP, Appendix I (see domain.md §4). A4 portrait, margins top/bottom 20 mm,
 * left 30 mm, right 15 mm; Times New Roman; every element has its own named paragraph style (styles.xml),
 * so a user restyles "Quốc hiệu" or "Nội dung" once in Word. Tags are docxtemplater tags {likeThis}: ASCII
 * names, loops {#list}…{/list}. The body text itself comes from templates/cau-van/*.hbs.
 *
 * Lines under the issuing body, the motto and the subject are bottom borders of short empty paragraphs
 * (their width is set by the left/right indents below); Word and LibreOffice both draw them.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import PizZip from "pizzip";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const outDir = resolve(args.includes("--out") ? args[args.indexOf("--out") + 1] : join(root, "templates"));
const force = args.includes("--force");

// ---------------------------------------------------------------- geometry (twips; 1 mm = 56.7 twips)
const A4 = { w: 11906, h: 16838 };
const MARGIN = { top: 1134, bottom: 1134, left: 1701, right: 851, header: 567, footer: 567 };
const PORTRAIT_TEXT = A4.w - MARGIN.left - MARGIN.right; // 9354
const LANDSCAPE_TEXT = A4.h - MARGIN.left - MARGIN.right; // 14286
const HEAD_LEFT = 3686; // 6,5 cm: parent and issuing body, number
const HEAD_RIGHT = PORTRAIT_TEXT - HEAD_LEFT; // 5668: national title, motto, date
// Measured with Times New Roman metrics (Liberation Serif is metric-compatible):
const MOTTO_WIDTH = 3017; // "Độc lập - Tự do - Hạnh phúc", 13 pt bold
const BODY_LINE = 520; // about 1/2 of "SỞ NỘI VỤ" (1036 twips at 13 pt bold)
const AGENCY_BODY_LINE = 1100; // agency reports: names vary, a middle length
const SUBJECT_LINE = 2400; // about 1/3 of a one-line subject (7396 twips at 14 pt bold)

// ---------------------------------------------------------------- XML helpers
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** A run. opts: b, i, sz (half-points), caps */
function r(text, opts = {}) {
  const props = [
    opts.b ? "<w:b/><w:bCs/>" : "",
    opts.i ? "<w:i/><w:iCs/>" : "",
    opts.sz ? `<w:sz w:val="${opts.sz}"/><w:szCs w:val="${opts.sz}"/>` : "",
  ].join("");
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ""}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
}

/** A paragraph of one style; content is runs (strings are turned into plain runs). opts: ind {left,right}, keepNext */
function p(style, content = [], opts = {}) {
  const runs = (Array.isArray(content) ? content : [content]).map((c) => (c.startsWith("<w:r>") ? c : r(c))).join("");
  const ind = opts.ind ? `<w:ind w:left="${opts.ind.left}" w:right="${opts.ind.right}"/>` : "";
  const extra = opts.sectPr ? `<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>${opts.sectPr}` : "";
  return `<w:p><w:pPr><w:pStyle w:val="${style}"/>${ind}${extra}</w:pPr>${runs}</w:p>`;
}

/** A short solid line: the bottom border of an empty paragraph `width` wide, centred in `within`. */
function line(width, within, style = "DuongKe") {
  const side = Math.round((within - width) / 2);
  return p(style, [], { ind: { left: side, right: within - width - side } });
}

const noBorders = ["top", "left", "bottom", "right", "insideH", "insideV"].map((s) => `<w:${s} w:val="nil"/>`).join("");

function cell(width, paragraphs, opts = {}) {
  const vAlign = opts.vAlign ? `<w:vAlign w:val="${opts.vAlign}"/>` : "";
  return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${vAlign}</w:tcPr>${paragraphs.join("")}</w:tc>`;
}

function row(cells, opts = {}) {
  const trPr = [opts.header ? "<w:tblHeader/>" : "", opts.cantSplit ? "<w:cantSplit/>" : ""].join("");
  return `<w:tr>${trPr ? `<w:trPr>${trPr}</w:trPr>` : ""}${cells.join("")}</w:tr>`;
}

/** A borderless layout table (header, signature block, "Kính gửi"). */
function layoutTable(widths, rows) {
  const total = widths.reduce((a, b) => a + b, 0);
  return (
    `<w:tbl><w:tblPr><w:tblW w:w="${total}" w:type="dxa"/><w:tblBorders>${noBorders}</w:tblBorders><w:tblLayout w:type="fixed"/>` +
    `<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>` +
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>${rows.join("")}</w:tbl>`
  );
}

/** A data table with grid lines; the first row is the header, repeated on every page. */
function gridTable(columns, bodyRows) {
  const widths = columns.map((c) => c.w);
  const total = widths.reduce((a, b) => a + b, 0);
  const head = row(
    columns.map((c) => cell(c.w, [p("BangTieuDe", c.title)], { vAlign: "center" })),
    { header: true, cantSplit: true },
  );
  return (
    `<w:tbl><w:tblPr><w:tblStyle w:val="BangLuoi"/><w:tblW w:w="${total}" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>` +
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>${head}${bodyRows.join("")}</w:tbl>`
  );
}

/** A table-row loop: `{#list}` opens in the first cell, `{/list}` closes in the last. */
function loopRow(list, columns) {
  const cells = columns.map((c, i) => {
    const first = i === 0 ? [r(`{#${list}}`)] : [];
    const last = i === columns.length - 1 ? [r(`{/${list}}`)] : [];
    return cell(c.w, [p(c.style ?? "BangChu", [...first, ...c.content, ...last])]);
  });
  return row(cells);
}

/**
 * A flow of paragraphs from the text snippets: each item is one paragraph of one kind, and each kind has
 * its own style. Paragraphs holding only a loop or condition tag disappear (docxtemplater paragraphLoop).
 */
function blocks(list) {
  return [
    p("NoiDung", `{#${list}}`),
    p("DeMuc2", "{#deMuc}"),
    p("DeMuc2", "{noiDung}"),
    p("DeMuc2", "{/deMuc}"),
    p("DiemMuc", "{#diem}"),
    p("DiemMuc", "{noiDung}"),
    p("DiemMuc", "{/diem}"),
    p("NoiDung", "{#doan}"),
    p("NoiDung", "{noiDung}"),
    p("NoiDung", "{/doan}"),
    p("GachDauDong", "{#gach}"),
    p("GachDauDong", "{noiDung}"),
    p("GachDauDong", "{/gach}"),
    p("NoiDung", `{/${list}}`),
  ].join("");
}

function sectPr({ landscape = false, restart = false } = {}) {
  const size = landscape
    ? `<w:pgSz w:w="${A4.h}" w:h="${A4.w}" w:orient="landscape"/>`
    : `<w:pgSz w:w="${A4.w}" w:h="${A4.h}"/>`;
  return (
    `<w:sectPr><w:headerReference w:type="default" r:id="rIdHeaderPage"/><w:headerReference w:type="first" r:id="rIdHeaderFirst"/>` +
    `<w:type w:val="nextPage"/>${size}` +
    `<w:pgMar w:top="${MARGIN.top}" w:right="${MARGIN.right}" w:bottom="${MARGIN.bottom}" w:left="${MARGIN.left}" w:header="${MARGIN.header}" w:footer="${MARGIN.footer}" w:gutter="0"/>` +
    `${restart ? '<w:pgNumType w:start="1"/>' : ""}<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="381"/></w:sectPr>`
  );
}

/** A tiny empty paragraph: Word wants a paragraph, not a table, as the last thing before the final section properties. */
const endOfBody = `<w:p><w:pPr><w:pStyle w:val="NoiDung"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>`;

/** A paragraph that ends a section (the section before it). */
const sectionBreak = (opts) => p("NoiDung", [], { sectPr: sectPr(opts) });

// ---------------------------------------------------------------- shared blocks
function header({ lineWidth, parentOptional = false, underNumber = [] }) {
  const parent = parentOptional
    ? [
        p("CoQuanChuQuan", "{#coQuanChuQuan}"),
        p("CoQuanChuQuan", "{coQuanChuQuan}"),
        p("CoQuanChuQuan", "{/coQuanChuQuan}"),
      ]
    : [p("CoQuanChuQuan", "{coQuanChuQuan}")];
  return layoutTable(
    [HEAD_LEFT, HEAD_RIGHT],
    [
      row([
        cell(HEAD_LEFT, [...parent, p("CoQuanBanHanh", "{coQuanBanHanh}"), line(lineWidth, HEAD_LEFT)]),
        cell(HEAD_RIGHT, [
          p("QuocHieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
          p("TieuNgu", "Độc lập - Tự do - Hạnh phúc"),
          line(MOTTO_WIDTH, HEAD_RIGHT),
        ]),
      ]),
      row([
        cell(HEAD_LEFT, [p("SoKyHieu", "{soKyHieu}"), ...underNumber]),
        cell(HEAD_RIGHT, [p("DiaDanhNgay", "{diaDanhNgay}")]),
      ]),
    ],
  );
}

function title() {
  return p("TenLoai", "BÁO CÁO") + p("TrichYeu", "{trichYeu}") + line(SUBJECT_LINE, PORTRAIT_TEXT, "DuongKeTrichYeu");
}

function signature() {
  const left = 4536;
  const right = PORTRAIT_TEXT - left;
  return layoutTable(
    [left, right],
    [
      row(
        [
          cell(left, [
            p("NoiNhanTieuDe", "Nơi nhận:"),
            p("NoiNhanMuc", "{#noiNhan}"),
            p("NoiNhanMuc", "{muc}"),
            p("NoiNhanMuc", "{/noiNhan}"),
          ]),
          cell(right, [
            p("ChuKyQuyen", "{chuKyThamQuyen}"),
            p("ChuKyChucVu", "{chuKyChucVu}"),
            p("ChuKyTrong", ""),
            p("ChuKyTrong", ""),
            p("ChuKyTrong", ""),
            p("ChuKyTrong", ""),
            p("ChuKyTen", "{chuKyHoTen}"),
          ]),
        ],
        { cantSplit: true },
      ),
    ],
  );
}

function appendixHead(number, titleRuns) {
  return (
    p("PhuLucSo", `Phụ lục ${number}`) +
    titleRuns.map((t) => p("PhuLucTen", t)).join("") +
    p("PhuLucKemTheo", "{kemTheo}")
  );
}

const bold = (t) => r(t, { b: true });

// ---------------------------------------------------------------- document bodies
function reportBody() {
  const L = LANDSCAPE_TEXT;
  const targetCols = [
    { w: 700, title: "STT", content: [r("{stt}")], style: "BangGiua" },
    { w: 3800, title: "Chỉ tiêu", content: [r("{noiDung}")] },
    { w: 1900, title: "Yêu cầu năm {nam}", content: [r("{yeuCau}")], style: "BangGiua" },
    { w: 2200, title: "Kết quả đạt được", content: [r("{datDuoc}")], style: "BangGiua" },
    { w: 1200, title: "Đánh giá", content: [r("{danhGia}")], style: "BangGiua" },
    { w: L - 700 - 3800 - 1900 - 2200 - 1200, title: "Cách tính, nguồn số liệu", content: [r("{cachTinh}")] },
  ];
  const taskCols = [
    {
      w: 700,
      title: "STT",
      content: [r("{#laLinhVuc}"), bold("{stt}"), r("{/laLinhVuc}"), r("{^laLinhVuc}{stt}{/laLinhVuc}")],
      style: "BangGiua",
    },
    {
      w: 4300,
      title: "Nhiệm vụ",
      content: [r("{#laLinhVuc}"), bold("{nhiemVu}"), r("{/laLinhVuc}"), r("{^laLinhVuc}{nhiemVu}{/laLinhVuc}")],
    },
    { w: 1900, title: "Cơ quan chủ trì", content: [r("{chuTri}")] },
    { w: 1100, title: "Thời gian", content: [r("{thoiGian}")], style: "BangGiua" },
    { w: 1800, title: "Tình trạng", content: [r("{tinhTrang}")] },
    { w: L - 700 - 4300 - 1900 - 1100 - 1800 - 1000, title: "Kết quả, sản phẩm", content: [r("{ketQua}")] },
    { w: 1000, title: "Chậm tiến độ", content: [r("{chamTienDo}")], style: "BangGiua" },
  ];
  const P = PORTRAIT_TEXT;
  const statusCols = [
    { w: 700, title: "STT", content: [r("{stt}")], style: "BangGiua" },
    { w: 2800, title: "Cơ quan, đơn vị", content: [r("{coQuan}")] },
    { w: 1700, title: "Nhóm", content: [r("{nhom}")] },
    { w: 1450, title: "Ngày nhận", content: [r("{ngayNhan}")], style: "BangGiua" },
    { w: P - 700 - 2800 - 1700 - 1450 - 800, title: "Tình trạng", content: [r("{tinhTrang}")] },
    { w: 800, title: "Số lỗi", content: [r("{soLoi}")], style: "BangGiua" },
  ];
  return (
    [
      header({ lineWidth: BODY_LINE }),
      title(),
      blocks("moDau"),
      p("DeMuc1", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
      blocks("chiDao"),
      p("DeMuc1", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"),
      blocks("ketQua"),
      p("DeMuc1", "III. ĐÁNH GIÁ CHUNG"),
      blocks("danhGia"),
      p("DeMuc1", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI"),
      blocks("phuongHuong"),
      p("DeMuc1", "V. ĐỀ XUẤT, KIẾN NGHỊ"),
      blocks("kienNghi"),
      p("KetThuc", [r("{ketThuc}"), r("./.")]),
      signature(),
      sectionBreak({}),
      appendixHead("I", ["KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CỦA KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH", "{kyInHoa}"]),
      gridTable(targetCols, [loopRow("dsChiTieu", targetCols)]),
      p("GhiChuBang", "{ghiChuChiTieu}"),
      sectionBreak({ landscape: true, restart: true }),
      appendixHead("II", ["TIẾN ĐỘ THỰC HIỆN CÁC NHIỆM VỤ CỦA KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH", "{kyInHoa}"]),
      gridTable(taskCols, [loopRow("dsNhiemVu", taskCols)]),
      p("GhiChuBang", "{ghiChuNhiemVu}"),
      sectionBreak({ landscape: true, restart: true }),
      appendixHead("III", ["TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ", "{kyInHoa}"]),
      gridTable(statusCols, [loopRow("dsBaoCao", statusCols)]),
      p("GhiChuBang", "{ghiChuBaoCao}"),
    ].join("") + sectPr({ restart: true })
  );
}

function reminderBody() {
  const left = 2268;
  return (
    [
      header({ lineWidth: BODY_LINE, underNumber: [p("VeViec", "{veViec}")] }),
      p("KhoangCach", ""),
      layoutTable(
        [left, PORTRAIT_TEXT - left],
        [
          row([
            cell(left, [p("KinhGui", "Kính gửi:")]),
            cell(PORTRAIT_TEXT - left, [
              p("KinhGuiMuc", "{#kinhGui}"),
              p("KinhGuiMuc", "{muc}"),
              p("KinhGuiMuc", "{/kinhGui}"),
            ]),
          ]),
        ],
      ),
      p("KhoangCach", ""),
      blocks("noiDung"),
      p("KetThuc", [r("{ketThuc}"), r("./.")]),
      signature(),
      endOfBody,
    ].join("") + sectPr({})
  );
}

function agencyBody() {
  const P = PORTRAIT_TEXT;
  const figureCols = [
    {
      w: 700,
      title: "STT",
      content: [r("{#laLinhVuc}"), bold("{stt}"), r("{/laLinhVuc}"), r("{^laLinhVuc}{stt}{/laLinhVuc}")],
      style: "BangGiua",
    },
    {
      w: 4000,
      title: "Chỉ tiêu",
      content: [r("{#laLinhVuc}"), bold("{chiTieu}"), r("{/laLinhVuc}"), r("{^laLinhVuc}{chiTieu}{/laLinhVuc}")],
    },
    { w: 1300, title: "Đơn vị tính", content: [r("{donVi}")], style: "BangGiua" },
    { w: 1800, title: "Kết quả", content: [r("{ketQua}")], style: "BangGiua" },
    { w: P - 700 - 4000 - 1300 - 1800, title: "Ghi chú", content: [r("{ghiChu}")] },
  ];
  const L = LANDSCAPE_TEXT;
  const taskCols = [
    { w: 700, title: "STT", content: [r("{stt}")], style: "BangGiua" },
    { w: 4800, title: "Nhiệm vụ", content: [r("{nhiemVu}")] },
    { w: 1300, title: "Vai trò", content: [r("{vaiTro}")], style: "BangGiua" },
    { w: 1700, title: "Tình trạng", content: [r("{tinhTrang}")] },
    { w: L - 700 - 4800 - 1300 - 1700 - 2600, title: "Kết quả, văn bản", content: [r("{ketQua}")] },
    { w: 2600, title: "Khó khăn, vướng mắc", content: [r("{khoKhan}")] },
  ];
  return (
    [
      header({ lineWidth: AGENCY_BODY_LINE, parentOptional: true }),
      title(),
      blocks("moDau"),
      p("DeMuc1", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
      blocks("chiDao"),
      p("DeMuc1", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"),
      blocks("ketQua"),
      p("DeMuc1", "III. ĐÁNH GIÁ CHUNG"),
      blocks("danhGia"),
      p("DeMuc1", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI"),
      blocks("phuongHuong"),
      p("DeMuc1", "V. ĐỀ XUẤT, KIẾN NGHỊ"),
      blocks("kienNghi"),
      p("KetThuc", [r("{ketThuc}"), r("./.")]),
      signature(),
      sectionBreak({}),
      appendixHead("I", ["SỐ LIỆU CẢI CÁCH HÀNH CHÍNH", "{kyInHoa}"]),
      gridTable(figureCols, [loopRow("dsSoLieu", figureCols)]),
      sectionBreak({ restart: true }),
      appendixHead("II", ["TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO", "{kyInHoa}"]),
      gridTable(taskCols, [loopRow("dsNhiemVu", taskCols)]),
      p("GhiChuBang", "{ghiChuNhiemVu}"),
    ].join("") + sectPr({ landscape: true, restart: true })
  );
}

/** The note that follows a closed period's signed report: what arrived or changed after the closing. */
function amendmentBody() {
  const P = PORTRAIT_TEXT;
  const cols = [
    { w: 600, title: "STT", content: [r("{stt}")], style: "BangGiua" },
    { w: 2300, title: "Cơ quan, đơn vị", content: [r("{coQuan}")] },
    { w: P - 600 - 2300 - 1450 - 1450 - 1300, title: "Số liệu", content: [r("{chiSo}")] },
    { w: 1450, title: "Theo báo cáo đã chốt", content: [r("{truoc}")], style: "BangGiua" },
    { w: 1450, title: "Hiện nay", content: [r("{nay}")], style: "BangGiua" },
    { w: 1300, title: "Chênh lệch", content: [r("{chenhLech}")], style: "BangGiua" },
  ];
  return (
    [
      header({ lineWidth: BODY_LINE }),
      title(),
      blocks("noiDung"),
      p("KetThuc", [r("{ketThuc}"), r("./.")]),
      signature(),
      sectionBreak({}),
      p("PhuLucSo", "Phụ lục"),
      p("PhuLucTen", "SỐ LIỆU CỦA CÁC CƠ QUAN, ĐƠN VỊ THAY ĐỔI SAU KHI CHỐT BÁO CÁO"),
      p("PhuLucTen", "{kyInHoa}"),
      p("PhuLucKemTheo", "{kemTheo}"),
      gridTable(cols, [loopRow("dsThayDoi", cols)]),
      p("GhiChuBang", "{ghiChuThayDoi}"),
    ].join("") + sectPr({ restart: true })
  );
}

/**
 * The companion of the report (every agency's own words): an attachment, so it opens like an appendix — its title
 * and "(Kèm theo Báo cáo số …)" — then the report's five parts, each a flow of paragraphs.
 */
function companionBody() {
  return (
    [
      p("PhuLucTen", "Ý KIẾN CỦA CÁC CƠ QUAN, ĐƠN VỊ"),
      p("PhuLucTen", "VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH {kyInHoa}"),
      p("PhuLucKemTheo", "{kemTheo}"),
      blocks("moDau"),
      p("DeMuc1", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"),
      blocks("chiDao"),
      p("DeMuc1", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"),
      blocks("ketQua"),
      p("DeMuc1", "III. ĐÁNH GIÁ CHUNG"),
      blocks("danhGia"),
      p("DeMuc1", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI"),
      blocks("phuongHuong"),
      p("DeMuc1", "V. ĐỀ XUẤT, KIẾN NGHỊ"),
      blocks("kienNghi"),
      endOfBody,
    ].join("") + sectPr({})
  );
}

// ---------------------------------------------------------------- package parts
function documentXml(body) {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W_NS}><w:body>${body}</w:body></w:document>`;
}

const FONT = "Times New Roman";
const fonts = `<w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:eastAsia="${FONT}" w:cs="${FONT}"/>`;

/** A paragraph style. o: next, b, i, sz, jc, before, after, line, firstLine, right, keepNext, keepLines, border */
function pStyle(id, name, o = {}) {
  const ppr = [
    o.keepNext ? "<w:keepNext/>" : "",
    o.keepLines ? "<w:keepLines/>" : "",
    o.border ? '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>' : "",
    `<w:spacing w:before="${o.before ?? 0}" w:after="${o.after ?? 0}" w:line="${o.line ?? 240}" w:lineRule="auto"/>`,
    o.firstLine !== undefined
      ? `<w:ind w:firstLine="${o.firstLine}"/>`
      : `<w:ind w:left="0" w:right="${o.right ?? 0}" w:firstLine="0"/>`,
    `<w:jc w:val="${o.jc ?? "left"}"/>`,
  ].join("");
  const rpr = [
    fonts,
    o.b ? "<w:b/><w:bCs/>" : "",
    o.i ? "<w:i/><w:iCs/>" : "",
    '<w:color w:val="000000"/>',
    `<w:sz w:val="${o.sz ?? 28}"/><w:szCs w:val="${o.sz ?? 28}"/>`,
  ].join("");
  return (
    `<w:style w:type="paragraph" w:customStyle="1" w:styleId="${id}"><w:name w:val="${esc(name)}"/><w:basedOn w:val="Normal"/>` +
    `<w:next w:val="${o.next ?? id}"/><w:qFormat/><w:pPr>${ppr}</w:pPr><w:rPr>${rpr}</w:rPr></w:style>`
  );
}

function stylesXml() {
  const body = { jc: "both", firstLine: 720, after: 120, line: 276 };
  const styles = [
    pStyle("CoQuanChuQuan", "Cơ quan chủ quản", { sz: 26, jc: "center" }),
    pStyle("CoQuanBanHanh", "Cơ quan ban hành", { sz: 26, b: true, jc: "center" }),
    pStyle("QuocHieu", "Quốc hiệu", { sz: 24, b: true, jc: "center" }),
    pStyle("TieuNgu", "Tiêu ngữ", { sz: 26, b: true, jc: "center" }),
    pStyle("DuongKe", "Đường kẻ", { sz: 8, border: true }),
    pStyle("DuongKeTrichYeu", "Đường kẻ dưới trích yếu", { sz: 8, border: true, after: 360 }),
    pStyle("SoKyHieu", "Số, ký hiệu", { sz: 26, jc: "center", before: 120 }),
    pStyle("VeViec", "Trích yếu công văn", { sz: 24, jc: "center", before: 60 }),
    pStyle("DiaDanhNgay", "Địa danh, ngày tháng", { sz: 28, i: true, jc: "center", before: 120 }),
    pStyle("TenLoai", "Tên loại văn bản", { sz: 28, b: true, jc: "center", before: 360, keepNext: true }),
    pStyle("TrichYeu", "Trích yếu", { sz: 28, b: true, jc: "center", keepNext: true }),
    pStyle("KhoangCach", "Khoảng cách", { sz: 28 }),
    pStyle("KinhGui", "Kính gửi", { sz: 28, jc: "right", right: 113 }),
    pStyle("KinhGuiMuc", "Nơi gửi", { sz: 28, jc: "left", after: 0 }),
    pStyle("DeMuc1", "Đề mục I", { ...body, jc: "left", b: true, before: 120, keepNext: true }),
    pStyle("DeMuc2", "Đề mục 1", { ...body, jc: "left", b: true, keepNext: true }),
    pStyle("DiemMuc", "Điểm a", { ...body, jc: "left", i: true, keepNext: true }),
    pStyle("NoiDung", "Nội dung", body),
    pStyle("GachDauDong", "Gạch đầu dòng", body),
    // the last paragraph stays on the page of the signature block
    pStyle("KetThuc", "Câu kết", { ...body, keepNext: true, keepLines: true }),
    pStyle("NoiNhanTieuDe", "Nơi nhận", { sz: 24, b: true, i: true, before: 120 }),
    pStyle("NoiNhanMuc", "Nơi nhận - mục", { sz: 22 }),
    pStyle("ChuKyQuyen", "Thẩm quyền ký", { sz: 28, b: true, jc: "center", before: 120 }),
    pStyle("ChuKyChucVu", "Chức vụ người ký", { sz: 28, b: true, jc: "center" }),
    pStyle("ChuKyTrong", "Chỗ ký", { sz: 28, jc: "center", line: 360 }),
    pStyle("ChuKyTen", "Người ký", { sz: 28, b: true, jc: "center" }),
    pStyle("PhuLucSo", "Phụ lục", { sz: 28, b: true, jc: "center", keepNext: true }),
    pStyle("PhuLucTen", "Tên phụ lục", { sz: 28, b: true, jc: "center", keepNext: true }),
    pStyle("PhuLucKemTheo", "Kèm theo", { sz: 28, i: true, jc: "center", after: 240, keepNext: true }),
    pStyle("BangTieuDe", "Bảng - tiêu đề", { sz: 24, b: true, jc: "center", before: 40, after: 40 }),
    pStyle("BangChu", "Bảng - chữ", { sz: 24, jc: "left", before: 40, after: 40 }),
    pStyle("BangGiua", "Bảng - giữa", { sz: 24, jc: "center", before: 40, after: 40 }),
    pStyle("GhiChuBang", "Ghi chú bảng", { sz: 24, i: true, jc: "both", before: 120 }),
    pStyle("SoTrang", "Số trang", { sz: 26, jc: "center" }),
  ];
  const borders = ["top", "left", "bottom", "right", "insideH", "insideV"]
    .map((s) => `<w:${s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles ${W_NS}>` +
    `<w:docDefaults><w:rPrDefault><w:rPr>${fonts}<w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:rPr>${fonts}<w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +
    `<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
    `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
    `<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
    styles.join("") +
    `<w:style w:type="table" w:customStyle="1" w:styleId="BangLuoi"><w:name w:val="Bảng lưới"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:tblPr><w:tblBorders>${borders}</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
    `</w:styles>`
  );
}

const settingsXml = () =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings ${W_NS}><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="vi-VN"/></w:settings>`;

const fontTableXml = () =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts ${W_NS}><w:font w:name="${FONT}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`;

const headerFirstXml = () =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr ${W_NS}><w:p><w:pPr><w:pStyle w:val="SoTrang"/></w:pPr></w:p></w:hdr>`;

const headerPageXml = () =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr ${W_NS}><w:p><w:pPr><w:pStyle w:val="SoTrang"/></w:pPr>` +
  `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>`;

const contentTypesXml = () =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
  `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
  `<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
  `<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
  `<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
  `<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
  `<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
  `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
  `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;

const rootRelsXml = () =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
  `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
  `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`;

const documentRelsXml = () =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
  `<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
  `<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
  `<Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
  `<Relationship Id="rIdHeaderPage" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/></Relationships>`;

const STAMP = "2025-01-01T00:00:00Z";
const coreXml = (title) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
  `<dc:title>${esc(title)}</dc:title><dc:creator>cchc</dc:creator><cp:lastModifiedBy>cchc</cp:lastModifiedBy>` +
  `<dcterms:created xsi:type="dcterms:W3CDTF">${STAMP}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${STAMP}</dcterms:modified></cp:coreProperties>`;

const appXml = () =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>cchc</Application></Properties>`;

function makeDocx(title, body) {
  const zip = new PizZip();
  const date = new Date(2025, 0, 1, 12, 0, 0);
  const add = (name, text) => zip.file(name, text, { date, createFolders: false });
  add("[Content_Types].xml", contentTypesXml());
  add("_rels/.rels", rootRelsXml());
  add("docProps/core.xml", coreXml(title));
  add("docProps/app.xml", appXml());
  add("word/document.xml", documentXml(body));
  add("word/styles.xml", stylesXml());
  add("word/settings.xml", settingsXml());
  add("word/fontTable.xml", fontTableXml());
  add("word/header1.xml", headerFirstXml());
  add("word/header2.xml", headerPageXml());
  add("word/_rels/document.xml.rels", documentRelsXml());
  return zip.generate({ type: "nodebuffer", compression: "DEFLATE" });
}

const outputs = [
  ["bao-cao-tong-hop.docx", "Báo cáo tổng hợp kết quả cải cách hành chính", reportBody()],
  ["cong-van-don-doc.docx", "Công văn đôn đốc gửi báo cáo cải cách hành chính", reminderBody()],
  ["bao-cao-co-quan.docx", "Báo cáo cải cách hành chính của cơ quan, đơn vị", agencyBody()],
  ["bao-cao-sau-chot.docx", "Báo cáo bổ sung sau khi chốt báo cáo cải cách hành chính", amendmentBody()],
  ["y-kien-co-quan.docx", "Ý kiến của các cơ quan, đơn vị về kết quả cải cách hành chính", companionBody()],
];

mkdirSync(outDir, { recursive: true });
for (const [name, title, body] of outputs) {
  const path = join(outDir, name);
  if (existsSync(path) && !force) {
    console.log(`bỏ qua ${path} (đã có; dùng --force để ghi đè)`);
    continue;
  }
  writeFileSync(path, makeDocx(title, body));
  console.log(`đã ghi ${path}`);
}
