/**
 * render/sheetml: the program's own SpreadsheetML writer, for the workbooks it makes (the consolidated workbook
 * tong-hop-<P>.xlsx and the feedback workbooks phan-hoi/<agency>.xlsx). Cells are set through the small part of
 * exceljs's interface the sheet builders use (getCell, getRow, getColumn, mergeCells, views, autoFilter, pageSetup,
 * headerFooter, notes), with exceljs's meaning (a merged cell shares its master's style object; a new cell takes its
 * column's style), and each finished row is turned straight into XML and let go. The parts are the ones exceljs's
 * streaming writer made, element for element (test/sheetml-writer.test.ts compares the two), zipped natively with one
 * fixed date (../zip-write.ts). Loading it costs nothing next to exceljs (~0.15 s), which build and check no longer load.
 */
import { writeZip, type ZipWriteEntry } from "../zip-write.js";
import {
  StyleTable,
  fontXml,
  type Alignment,
  type Borders,
  type Fill,
  type Font,
  type Style,
  type ValueKind,
} from "./styles.js";
import { THEME_XML } from "./theme.js";
import { ByteSink, cellAddress, columnLetters, tElement, xmlText } from "./xml.js";

export type { Alignment, Borders, Color, Fill, Font, Style } from "./styles.js";

export type CellValue = string | number | boolean | Date | null;

/** A cell comment: a plain text, or runs of text with their fonts. */
export type Note =
  string | { texts: { text: string; font?: Font }[]; margins?: { insetmode?: string }; editAs?: string };

export interface WorksheetView {
  state?: "frozen" | "normal";
  xSplit?: number;
  ySplit?: number;
  topLeftCell?: string;
  activeCell?: string;
  showGridLines?: boolean;
}

export interface PageMargins {
  left: number;
  right: number;
  top: number;
  bottom: number;
  header: number;
  footer: number;
}

export interface PageSetup {
  paperSize?: number;
  orientation?: "portrait" | "landscape";
  fitToPage?: boolean;
  fitToWidth?: number;
  fitToHeight?: number;
  scale?: number;
  pageOrder?: "downThenOver" | "overThenDown";
  /** accepted but not written, as exceljs's streaming writer did not: the workbooks print as they always have */
  horizontalCentered?: boolean;
  margins?: Partial<PageMargins>;
  /** rows repeated at the top of every printed page, "6:7" */
  printTitlesRow?: string;
  /** columns repeated at the left of every printed page, "A:D" */
  printTitlesColumn?: string;
}

export interface HeaderFooter {
  differentFirst?: boolean;
  oddHeader?: string;
  oddFooter?: string;
  firstHeader?: string;
  firstFooter?: string;
}

export interface AutoFilter {
  from: { row: number; column: number };
  to: { row: number; column: number };
}

export interface WorksheetOptions {
  properties?: { defaultRowHeight?: number };
  pageSetup?: PageSetup;
  views?: WorksheetView[];
}

const kindOf = (v: CellValue): ValueKind =>
  v === null
    ? "null"
    : typeof v === "number"
      ? "number"
      : typeof v === "string"
        ? "string"
        : typeof v === "boolean"
          ? "boolean"
          : "date";

export class Cell {
  private own: CellValue = null;
  /** the top-left cell of the merged range this cell belongs to; the cell itself when not merged into another */
  master: Cell = this;
  private merges = 0;
  /** the cell's style; until it is first read or set, a copy of its column's (made then) */
  private ownStyle: Style | undefined;
  note: Note | undefined;

  constructor(
    readonly worksheet: Worksheet,
    readonly row: number,
    readonly col: number,
    private readonly columnStyle: Style,
  ) {}

  get style(): Style {
    if (!this.ownStyle) {
      const c = this.columnStyle;
      const style: Style = {};
      if (c.numFmt) style.numFmt = c.numFmt;
      if (c.font) style.font = c.font;
      if (c.alignment) style.alignment = c.alignment;
      if (c.border) style.border = c.border;
      if (c.fill) style.fill = c.fill;
      this.ownStyle = style;
    }
    return this.ownStyle;
  }
  set style(s: Style) {
    this.ownStyle = s;
  }

  get value(): CellValue {
    return this.master === this ? this.own : this.master.value;
  }
  /** A merged cell's value is its master's. */
  set value(v: CellValue | undefined) {
    if (this.master === this) this.own = v ?? null;
    else this.master.value = v;
  }

  get isMerged(): boolean {
    return this.merges > 0 || this.master !== this;
  }

  /** Makes this cell part of the master's merged range: it shows nothing and takes the master's style object. */
  mergeInto(master: Cell): void {
    this.own = null;
    this.master = master;
    master.merges++;
    this.style = master.style;
  }

  get font(): Font | undefined {
    return this.style.font;
  }
  set font(v: Font | undefined) {
    this.style.font = v;
  }
  get alignment(): Alignment | undefined {
    return this.style.alignment;
  }
  set alignment(v: Alignment | undefined) {
    this.style.alignment = v;
  }
  get border(): Borders | undefined {
    return this.style.border;
  }
  set border(v: Borders | undefined) {
    this.style.border = v;
  }
  get fill(): Fill | undefined {
    return this.style.fill;
  }
  set fill(v: Fill | undefined) {
    this.style.fill = v;
  }
  get numFmt(): string | undefined {
    return this.style.numFmt;
  }
  set numFmt(v: string | undefined) {
    this.style.numFmt = v;
  }
}

export class Row {
  height: number | undefined;
  /** cells by column - 1; gaps stay empty */
  readonly cells: (Cell | undefined)[] = [];

  constructor(
    readonly worksheet: Worksheet,
    readonly number: number,
  ) {}

  getCell(col: number): Cell {
    let cell = this.cells[col - 1];
    if (!cell) {
      cell = new Cell(this.worksheet, this.number, col, this.worksheet.getColumn(col).style);
      this.cells[col - 1] = cell;
    }
    return cell;
  }

  /** The highest column that has a cell. */
  get cellCount(): number {
    return this.cells.length;
  }

  /** The cells that hold a value or belong to a merged range, with their column. */
  eachCell(fn: (cell: Cell, col: number) => void): void {
    const cells = this.cells;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (cell && (cell.value !== null || cell.master !== cell)) fn(cell, i + 1);
    }
  }

  /** Declares this row and every row above finished: they are written and let go (see Worksheet.commitRows). */
  commit(): void {
    this.worksheet.commitRows(this.number);
  }
}

export class Column {
  width: number | undefined;
  style: Style = {};

  get font(): Font | undefined {
    return this.style.font;
  }
  set font(v: Font | undefined) {
    this.style.font = v;
  }
}

const DEFAULT_MARGINS: PageMargins = { left: 0.7, right: 0.7, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 };

export class Worksheet {
  readonly columns: Column[] = [];
  readonly views: WorksheetView[];
  readonly pageSetup: PageSetup;
  readonly headerFooter: HeaderFooter = {};
  autoFilter: AutoFilter | undefined;
  /** rows not yet written, by number */
  private rows = new Map<number, Row>();
  /** rows up to this one are written */
  private written = 0;
  private readonly merges: { top: number; left: number; bottom: number; right: number }[] = [];
  private readonly rowXml = new ByteSink();
  private colsXml: string | undefined;
  private readonly comments: { ref: string; row: number; col: number; note: Note }[] = [];
  private committed = false;
  /** the sheet's parts once committed */
  parts: ZipWriteEntry[] = [];

  constructor(
    readonly workbook: Workbook,
    readonly id: number,
    readonly name: string,
    options: WorksheetOptions = {},
  ) {
    this.views = [...(options.views ?? [])];
    this.pageSetup = { ...options.pageSetup };
    const p = options.pageSetup;
    this.fitToPage = p?.fitToPage ?? (!!(p?.fitToWidth || p?.fitToHeight) && !p?.scale);
  }

  /** whether the sheet is printed fitted to pages (set when the sheet is made, as exceljs does) */
  private readonly fitToPage: boolean;

  getColumn(col: number): Column {
    while (this.columns.length < col) this.columns.push(new Column());
    return this.columns[col - 1]!;
  }

  getRow(row: number): Row {
    if (row <= this.written) throw new Error(`${this.name}: row ${row} is already written`);
    let r = this.rows.get(row);
    if (!r) {
      r = new Row(this, row);
      this.rows.set(row, r);
    }
    return r;
  }

  getCell(row: number, col: number): Cell {
    return this.getRow(row).getCell(col);
  }

  /** Merges the range; its other cells take the top-left cell's style object (and show its value). */
  mergeCells(top: number, left: number, bottom: number, right: number): void {
    for (const m of this.merges) {
      if (m.left <= right && left <= m.right && m.top <= bottom && top <= m.bottom)
        throw new Error(
          `${this.name}: cells ${cellAddress(top, left)}:${cellAddress(bottom, right)} are already merged`,
        );
    }
    const master = this.getCell(top, left);
    for (let r = top; r <= bottom; r++)
      for (let c = left; c <= right; c++) if (r > top || c > left) this.getCell(r, c).mergeInto(master);
    this.merges.push({ top, left, bottom, right });
  }

  /** Writes every row up to `row` (in order) and lets them go: they must not be touched again. */
  commitRows(row: number): void {
    if (this.rows.size === 1) {
      // the usual case: the builder commits each row as it finishes it
      const [n, only] = this.rows.entries().next().value as [number, Row];
      if (n <= row) {
        this.writeRow(only);
        this.rows.clear();
      }
    } else {
      const numbers = [...this.rows.keys()].filter((n) => n <= row).sort((a, b) => a - b);
      for (const n of numbers) {
        this.writeRow(this.rows.get(n)!);
        this.rows.delete(n);
      }
    }
    this.written = Math.max(this.written, row);
  }

  private writeRow(row: Row): void {
    const styles = this.workbook.styles;
    if (this.colsXml === undefined) this.colsXml = this.columnsXml();
    let cellsXml = "";
    let min = 0;
    let max = 0;
    let hasValues = false;
    const rowNumber = String(row.number);
    for (let i = 0; i < row.cells.length; i++) {
      const cell = row.cells[i];
      if (!cell) continue;
      const col = i + 1;
      if (!min) min = col;
      max = col;
      const merged = cell.master !== cell;
      const value = merged ? null : cell.value;
      const kind: ValueKind = merged ? "merge" : kindOf(value);
      if (kind !== "null") hasValues = true;
      const s = styles.idOf(cell.style, kind);
      if (kind === "null" && !s) continue;
      const ref = columnLetters(col) + rowNumber;
      const sAttr = s ? ` s="${s}"` : "";
      switch (kind) {
        case "null":
        case "merge":
          cellsXml += `<c r="${ref}"${sAttr}/>`;
          break;
        case "number":
          cellsXml += `<c r="${ref}"${sAttr}><v>${value as number}</v></c>`;
          break;
        case "string":
          cellsXml += `<c r="${ref}"${sAttr} t="s"><v>${this.workbook.sharedString(value as string)}</v></c>`;
          break;
        case "boolean":
          cellsXml += `<c r="${ref}"${sAttr} t="b"><v>${value ? 1 : 0}</v></c>`;
          break;
        case "date":
          cellsXml += `<c r="${ref}"${sAttr}><v>${25569 + (value as Date).getTime() / 86400000}</v></c>`;
          break;
      }
      if (cell.note !== undefined && !merged) this.comments.push({ ref, row: row.number, col, note: cell.note });
    }
    if (!hasValues && !row.height) return;
    const ht = row.height ? ` ht="${row.height}" customHeight="1"` : "";
    const spans = min > 0 ? ` spans="${min}:${max}"` : "";
    this.rowXml.write(`<row r="${row.number}"${ht}${spans} x14ac:dyDescent="0.25">${cellsXml}</row>`);
  }

  private columnsXml(): string {
    let xml = "";
    let run: { min: number; max: number; width: number; style: Style } | undefined;
    const flush = (): void => {
      if (!run) return;
      const s = this.workbook.styles.idOf(run.style);
      xml += `<col min="${run.min}" max="${run.max}" width="${run.width}"${s ? ` style="${s}"` : ""} customWidth="1"/>`;
      run = undefined;
    };
    this.columns.forEach((c, i) => {
      const s = c.style;
      const isDefault =
        (c.width === undefined || c.width === 9) && !(s.font || s.numFmt || s.alignment || s.border || s.fill);
      if (isDefault) {
        flush();
        return;
      }
      if (run && run.width === (c.width ?? 9) && sameStyle(run.style, s)) run.max = i + 1;
      else {
        flush();
        run = { min: i + 1, max: i + 1, width: c.width ?? 9, style: s };
      }
    });
    flush();
    return xml ? `<cols>${xml}</cols>` : "";
  }

  /** Writes the rows left and the rest of the sheet's parts. */
  commit(): void {
    if (this.committed) return;
    let last = 0;
    for (const n of this.rows.keys()) last = Math.max(last, n);
    this.commitRows(last);
    this.committed = true;
    const id = this.id;
    let xml =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">';
    if (this.fitToPage) xml += '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
    xml += sheetViewsXml(this.views);
    xml += '<sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/>';
    // the columns are written with the first row (a sheet without rows has none, as with exceljs)
    xml += this.colsXml ?? "";
    const head = `${xml}<sheetData>`;
    const rows = this.rowXml.take();
    xml = "</sheetData>";
    const f = this.autoFilter;
    if (f) xml += `<autoFilter ref="${cellAddress(f.from.row, f.from.column)}:${cellAddress(f.to.row, f.to.column)}"/>`;
    if (this.merges.length) {
      xml += `<mergeCells count="${this.merges.length}">`;
      for (const m of this.merges)
        xml += `<mergeCell ref="${cellAddress(m.top, m.left)}:${cellAddress(m.bottom, m.right)}"/>`;
      xml += "</mergeCells>";
    }
    const p = this.pageSetup;
    const mg = { ...DEFAULT_MARGINS, ...p.margins };
    xml += `<pageMargins left="${mg.left}" right="${mg.right}" top="${mg.top}" bottom="${mg.bottom}" header="${mg.header}" footer="${mg.footer}"/>`;
    xml +=
      "<pageSetup" +
      (p.paperSize !== undefined ? ` paperSize="${p.paperSize}"` : "") +
      ` orientation="${p.orientation ?? "portrait"}" horizontalDpi="4294967295" verticalDpi="4294967295"` +
      (p.pageOrder === "overThenDown" ? ' pageOrder="overThenDown"' : "") +
      ` scale="${p.scale ?? 100}" fitToWidth="${p.fitToWidth ?? 1}" fitToHeight="${p.fitToHeight ?? 1}"/>`;
    xml += headerFooterXml(this.headerFooter);
    const parts: ZipWriteEntry[] = [];
    if (this.comments.length) xml += '<legacyDrawing r:id="rId2"/>';
    xml += "</worksheet>";
    parts.push({
      name: `xl/worksheets/sheet${id}.xml`,
      data: Buffer.concat([Buffer.from(head, "utf8"), rows, Buffer.from(xml, "utf8")]),
    });
    if (this.comments.length) {
      parts.push({ name: `xl/comments${id}.xml`, data: commentsXml(this.comments) });
      parts.push({ name: `xl/drawings/vmlDrawing${id}.vml`, data: vmlXml(this.comments) });
      parts.push({
        name: `xl/worksheets/_rels/sheet${id}.xml.rels`,
        data:
          '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n       <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments${id}.xml"/>` +
          `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing${id}.vml"/>` +
          "</Relationships>",
      });
    }
    this.comments.length = 0;
    this.parts = parts;
  }

  get hasComments(): boolean {
    return this.parts.some((p) => p.name.startsWith("xl/comments"));
  }
}

function sameStyle(a: Style, b: Style): boolean {
  if (a === b) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The <sheetViews> of a sheet: a frozen pane (with its selection) or a plain view; nothing when it has none. */
export function sheetViewsXml(views: readonly WorksheetView[]): string {
  const parts = views.map((v) => {
    const grid = v.showGridLines === false ? ' showGridLines="0"' : "";
    if (v.state !== "frozen") {
      const sel = v.activeCell ? `<selection activeCell="${v.activeCell}" sqref="${v.activeCell}"/>` : "";
      return sel ? `<sheetView workbookViewId="0"${grid}>${sel}</sheetView>` : `<sheetView workbookViewId="0"${grid}/>`;
    }
    const x = v.xSplit ?? 0;
    const y = v.ySplit ?? 0;
    const pane = x > 0 && y > 0 ? "bottomRight" : x > 0 ? "topRight" : "bottomLeft";
    const topLeft = v.topLeftCell ?? cellAddress(y + 1, x + 1);
    const active = v.activeCell ? ` activeCell="${v.activeCell}" sqref="${v.activeCell}"` : "";
    return (
      `<sheetView workbookViewId="0"${grid}><pane${x > 0 ? ` xSplit="${x}"` : ""}${y > 0 ? ` ySplit="${y}"` : ""} topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/>` +
      `<selection pane="${pane}"${active}/></sheetView>`
    );
  });
  return parts.length > 0 ? `<sheetViews>${parts.join("")}</sheetViews>` : "";
}

function headerFooterXml(h: HeaderFooter): string {
  let inner = "";
  if (h.oddHeader) inner += `<oddHeader>${xmlText(h.oddHeader)}</oddHeader>`;
  if (h.oddFooter) inner += `<oddFooter>${xmlText(h.oddFooter)}</oddFooter>`;
  if (h.firstHeader) inner += `<firstHeader>${xmlText(h.firstHeader)}</firstHeader>`;
  if (h.firstFooter) inner += `<firstFooter>${xmlText(h.firstFooter)}</firstFooter>`;
  if (!h.differentFirst && !inner) return "";
  return `<headerFooter${h.differentFirst ? ' differentFirst="1"' : ""}>${inner}</headerFooter>`;
}

const noteRuns = (note: Note): { text: string; font?: Font }[] =>
  typeof note === "string" ? [{ text: note }] : note.texts;

function commentsXml(comments: readonly { ref: string; note: Note }[]): string {
  let xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>Author</author></authors><commentList>';
  for (const c of comments) {
    xml += `<comment ref="${c.ref}" authorId="0"><text>`;
    for (const run of noteRuns(c.note))
      xml += `<r>${run.font ? fontXml(run.font, "rPr", "rFont") : ""}${tElement(run.text)}</r>`;
    xml += "</text></comment>";
  }
  return `${xml}</commentList></comments>`;
}

/** The legacy drawing that places each note's box (hidden until the cell is pointed at), as exceljs drew it. */
function vmlXml(comments: readonly { row: number; col: number; note: Note }[]): string {
  let xml =
    '<?xml version="1.0" encoding="UTF-8"?><xml xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1" /></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter" /><v:path gradientshapeok="t" o:connecttype="rect" /></v:shapetype>';
  comments.forEach((c, i) => {
    const inset = (typeof c.note === "string" ? undefined : c.note.margins?.insetmode) ?? "auto";
    const t = Math.max(c.row - 2, 0);
    xml +=
      `<v:shape id="_x0000_s${1025 + i}" type="#_x0000_t202" style="position:absolute; margin-left:105.3pt;margin-top:10.5pt;width:97.8pt;height:59.1pt;z-index:1;visibility:hidden" fillcolor="infoBackground [80]" strokecolor="none [81]" o:insetmode="${xmlText(inset)}">` +
      '<v:fill color2="infoBackground [80]"/><v:shadow color="none [81]" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto" inset="1.3mm,1.3mm,2.5mm,2.5mm"><div style="text-align:left"/></v:textbox>' +
      `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${c.col}, 6, ${t}, 14, ${c.col + 2}, 2, ${t + 4}, 16</x:Anchor><x:Locked>True</x:Locked><x:AutoFill>False</x:AutoFill><x:LockText>True</x:LockText><x:Row>${c.row - 1}</x:Row><x:Column>${c.col - 1}</x:Column></x:ClientData></v:shape>`;
  });
  return `${xml}</xml>`;
}

const iso = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

export class Workbook {
  readonly styles = new StyleTable();
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly sheets: Worksheet[] = [];
  creator = "";
  lastModifiedBy = "";
  title = "";
  company = "";
  created: Date | undefined;
  modified: Date | undefined;
  lastPrinted: Date | undefined;

  addWorksheet(name: string, options?: WorksheetOptions): Worksheet {
    if (this.sheets.some((s) => s.name === name)) throw new Error(`sheet ${name} already exists`);
    const ws = new Worksheet(this, this.sheets.length + 1, name, options);
    this.sheets.push(ws);
    return ws;
  }

  getWorksheet(name: string): Worksheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  get worksheets(): readonly Worksheet[] {
    return this.sheets;
  }

  /** The shared-string index of a text (each distinct text is kept once). */
  sharedString(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  /** The .xlsx: every sheet committed, the parts in exceljs's order, zipped with `zipDate` on every entry. */
  toBuffer(zipDate: Date): Buffer {
    for (const ws of this.sheets) ws.commit();
    const entries: ZipWriteEntry[] = [
      { name: "xl/theme/theme1.xml", data: THEME_XML },
      {
        name: "_rels/.rels",
        data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>',
      },
    ];
    for (const ws of this.sheets) entries.push(...ws.parts);
    entries.push({ name: "[Content_Types].xml", data: this.contentTypesXml() });
    entries.push({ name: "docProps/app.xml", data: this.appXml() });
    entries.push({ name: "docProps/core.xml", data: this.coreXml() });
    if (this.strings.length) entries.push({ name: "xl/sharedStrings.xml", data: this.sharedStringsXml() });
    entries.push({ name: "xl/styles.xml", data: this.styles.toXml() });
    entries.push({ name: "xl/_rels/workbook.xml.rels", data: this.workbookRelsXml() });
    entries.push({ name: "xl/workbook.xml", data: this.workbookXml() });
    return writeZip(entries, zipDate);
  }

  private contentTypesXml(): string {
    const ct = (part: string, type: string): string =>
      `<Override PartName="${part}" ContentType="application/vnd.openxmlformats-${type}"/>`;
    let xml =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>';
    xml += ct("/xl/workbook.xml", "officedocument.spreadsheetml.sheet.main+xml");
    for (const ws of this.sheets)
      xml += ct(`/xl/worksheets/sheet${ws.id}.xml`, "officedocument.spreadsheetml.worksheet+xml");
    xml += ct("/xl/theme/theme1.xml", "officedocument.theme+xml");
    xml += ct("/xl/styles.xml", "officedocument.spreadsheetml.styles+xml");
    if (this.strings.length) xml += ct("/xl/sharedStrings.xml", "officedocument.spreadsheetml.sharedStrings+xml");
    xml += '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>';
    for (const ws of this.sheets)
      if (ws.hasComments) xml += ct(`/xl/comments${ws.id}.xml`, "officedocument.spreadsheetml.comments+xml");
    xml += ct("/docProps/core.xml", "package.core-properties+xml");
    xml += ct("/docProps/app.xml", "officedocument.extended-properties+xml");
    return `${xml}</Types>`;
  }

  private appXml(): string {
    const n = this.sheets.length;
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
      `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
      `<TitlesOfParts><vt:vector size="${n}" baseType="lpstr">${this.sheets.map((s) => `<vt:lpstr>${xmlText(s.name)}</vt:lpstr>`).join("")}</vt:vector></TitlesOfParts>` +
      `<Company>${xmlText(this.company)}</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>`
    );
  }

  private coreXml(): string {
    let xml =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">';
    if (this.creator) xml += `<dc:creator>${xmlText(this.creator)}</dc:creator>`;
    if (this.title) xml += `<dc:title>${xmlText(this.title)}</dc:title>`;
    if (this.lastModifiedBy) xml += `<cp:lastModifiedBy>${xmlText(this.lastModifiedBy)}</cp:lastModifiedBy>`;
    if (this.lastPrinted) xml += `<cp:lastPrinted>${iso(this.lastPrinted)}</cp:lastPrinted>`;
    if (this.created) xml += `<dcterms:created xsi:type="dcterms:W3CDTF">${iso(this.created)}</dcterms:created>`;
    if (this.modified) xml += `<dcterms:modified xsi:type="dcterms:W3CDTF">${iso(this.modified)}</dcterms:modified>`;
    return `${xml}</cp:coreProperties>`;
  }

  private sharedStringsXml(): Buffer {
    const xml = new ByteSink();
    xml.write(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.strings.length}" uniqueCount="${this.strings.length}">`,
    );
    for (const s of this.strings) xml.write(`<si>${tElement(s)}</si>`);
    xml.write("</sst>");
    return xml.take();
  }

  private workbookRelsXml(): string {
    const rel = (id: number, type: string, target: string): string =>
      `<Relationship Id="rId${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
    let xml =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      rel(1, "styles", "styles.xml") +
      rel(2, "theme", "theme/theme1.xml");
    let id = 3;
    if (this.strings.length) xml += rel(id++, "sharedStrings", "sharedStrings.xml");
    for (const ws of this.sheets) xml += rel(id++, "worksheet", `worksheets/sheet${ws.id}.xml`);
    return `${xml}</Relationships>`;
  }

  private workbookXml(): string {
    const first = this.strings.length ? 4 : 3;
    let xml =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><fileVersion appName="xl" lastEdited="5" lowestEdited="5" rupBuild="9303"/><workbookPr defaultThemeVersion="164011" filterPrivacy="1"/><sheets>';
    this.sheets.forEach((ws, i) => {
      xml += `<sheet sheetId="${ws.id}" name="${xmlText(ws.name)}" state="visible" r:id="rId${first + i}"/>`;
    });
    xml += "</sheets>";
    const names: string[] = [];
    this.sheets.forEach((ws, i) => {
      const { printTitlesRow: rows, printTitlesColumn: cols } = ws.pageSetup;
      if (!rows && !cols) return;
      const ranges: string[] = [];
      const quoted = `'${ws.name}'`;
      if (cols) {
        const [a, b] = cols.split(":");
        ranges.push(`${quoted}!$${a}:$${b}`);
      }
      if (rows) {
        const [a, b] = rows.split(":");
        ranges.push(`${quoted}!$${a}:$${b}`);
      }
      names.push(
        `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(ranges.join(","))}</definedName>`,
      );
    });
    if (names.length) xml += `<definedNames>${names.join("")}</definedNames>`;
    return `${xml}<calcPr calcId="171027"/></workbook>`;
  }
}

export { columnLetters };

/** The local midnight of an ISO day, the date of a zip's entries: a zip stores local fields, so the bytes do not
 * depend on the machine's time zone. */
export function localMidnight(isoDay: string): Date {
  const [y, m, d] = isoDay.slice(0, 10).split("-").map(Number);
  return new Date(y ?? 1980, (m ?? 1) - 1, d ?? 1, 0, 0, 0);
}
