import { xmlText } from "./xml.js";

/**
 * The style table of a workbook (xl/styles.xml): number formats, fonts, fills and borders, each kept once by its XML,
 * and the cell formats (xf) that combine them, numbered in the order cells first use them. A style object seen before
 * (by reference) gets its number without being turned into XML again: cells that look alike share one object, so a
 * sheet of a thousand columns builds a handful of keys. The XML is the one exceljs wrote, element for element.
 */

export interface Color {
  argb?: string;
  theme?: number;
}

export interface Font {
  name?: string;
  size?: number;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  color?: Color;
  family?: number;
  scheme?: string;
}

export interface Fill {
  type: "pattern";
  pattern: "solid" | "none" | "gray125";
  fgColor?: Color;
  bgColor?: Color;
}

export interface BorderEdge {
  style?: "thin" | "medium" | "thick" | "dotted" | "dashed" | "hair" | "double";
  color?: Color;
}

export interface Borders {
  left?: BorderEdge;
  right?: BorderEdge;
  top?: BorderEdge;
  bottom?: BorderEdge;
}

export interface Alignment {
  horizontal?: "left" | "center" | "right" | "fill" | "justify" | "centerContinuous" | "distributed";
  vertical?: "top" | "middle" | "bottom" | "distributed" | "justify";
  wrapText?: boolean;
  indent?: number;
}

/** What a cell looks like. Every part is optional; a cell without a part takes the workbook's default. */
export interface Style {
  numFmt?: string | undefined;
  font?: Font | undefined;
  fill?: Fill | undefined;
  border?: Borders | undefined;
  alignment?: Alignment | undefined;
}

/** Excel's built-in number formats the program uses, by code (others get ids from 164 on). */
const BUILT_IN_FORMATS: Record<string, number> = {
  General: 0,
  "0": 1,
  "0.00": 2,
  "#,##0": 3,
  "#,##0.00": 4,
  "0%": 9,
  "0.00%": 10,
  "mm-dd-yy": 14,
};

const colorXml = (tag: string, c: Color | undefined): string => {
  if (!c) return "";
  if (c.argb) return `<${tag} rgb="${xmlText(c.argb)}"/>`;
  if (c.theme !== undefined) return `<${tag} theme="${c.theme}"/>`;
  return `<${tag} auto="1"/>`;
};

/** A font's XML, its children in the order exceljs writes them; `nameTag` is rFont inside a comment's text. */
export function fontXml(f: Font, tag = "font", nameTag = "name"): string {
  let xml = `<${tag}>`;
  if (f.bold) xml += "<b/>";
  if (f.italic) xml += "<i/>";
  if (f.underline) xml += "<u/>";
  xml += colorXml("color", f.color);
  if (f.family) xml += `<family val="${f.family}"/>`;
  if (f.scheme !== undefined) xml += `<scheme val="${xmlText(f.scheme)}"/>`;
  if (f.size) xml += `<sz val="${f.size}"/>`;
  if (f.name !== undefined) xml += `<${nameTag} val="${xmlText(f.name)}"/>`;
  return `${xml}</${tag}>`;
}

function fillXml(f: Fill): string {
  const colors = colorXml("fgColor", f.fgColor) + colorXml("bgColor", f.bgColor);
  return `<fill><patternFill patternType="${f.pattern}"${colors ? `>${colors}</patternFill>` : "/>"}</fill>`;
}

function borderXml(b: Borders): string {
  const edge = (tag: string, e: BorderEdge | undefined): string =>
    e?.style ? `<${tag} style="${e.style}">${colorXml("color", e.color)}</${tag}>` : `<${tag}/>`;
  return `<border>${edge("left", b.left)}${edge("right", b.right)}${edge("top", b.top)}${edge("bottom", b.bottom)}<diagonal/></border>`;
}

function alignmentXml(a: Alignment): string {
  let attrs = "";
  if (a.horizontal) attrs += ` horizontal="${a.horizontal}"`;
  if (a.vertical) attrs += ` vertical="${a.vertical === "middle" ? "center" : a.vertical}"`;
  if (a.wrapText) attrs += ' wrapText="1"';
  if (a.indent) attrs += ` indent="${a.indent}"`;
  return attrs ? `<alignment${attrs}/>` : "";
}

/** The kinds of value a cell holds, as far as its format goes: a date without a format gets Excel's date format. */
export type ValueKind = "null" | "number" | "string" | "date" | "boolean" | "merge";

export class StyleTable {
  private readonly numFmts: string[] = [];
  private readonly numFmtIds = new Map<string, number>();
  private readonly fonts: string[] = [];
  private readonly fontIds = new Map<string, number>();
  private readonly fills: string[] = [];
  private readonly fillIds = new Map<string, number>();
  private readonly borders: string[] = [];
  private readonly borderIds = new Map<string, number>();
  private readonly xfs: string[] = [];
  private readonly xfIds = new Map<string, number>();
  private readonly seen = new WeakMap<Style, number>();
  /** fonts, fills and borders already numbered, by object: style objects differ more often than their parts */
  private readonly partIds = new WeakMap<object, number>();

  constructor() {
    this.add(
      this.fonts,
      this.fontIds,
      fontXml({ size: 11, color: { theme: 1 }, name: "Calibri", family: 2, scheme: "minor" }),
    );
    this.add(this.borders, this.borderIds, borderXml({}));
    this.add(this.xfs, this.xfIds, '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>');
    this.add(this.fills, this.fillIds, fillXml({ type: "pattern", pattern: "none" }));
    this.add(this.fills, this.fillIds, fillXml({ type: "pattern", pattern: "gray125" }));
  }

  private add(list: string[], ids: Map<string, number>, xml: string): number {
    let id = ids.get(xml);
    if (id === undefined) {
      id = list.length;
      list.push(xml);
      ids.set(xml, id);
    }
    return id;
  }

  /** The number of a font, fill or border: by object when seen before, else by its XML. Parts are never changed
   * after use (the sheet builders freeze theirs). */
  private part<T extends object>(obj: T, list: string[], ids: Map<string, number>, toXml: (o: T) => string): number {
    let id = this.partIds.get(obj);
    if (id === undefined) {
      id = this.add(list, ids, toXml(obj));
      this.partIds.set(obj, id);
    }
    return id;
  }

  private numFmtId(code: string): number {
    const builtIn = BUILT_IN_FORMATS[code];
    if (builtIn !== undefined) return builtIn;
    let id = this.numFmtIds.get(code);
    if (id === undefined) {
      id = 164 + this.numFmts.length;
      this.numFmtIds.set(code, id);
      this.numFmts.push(`<numFmt numFmtId="${id}" formatCode="${xmlText(code)}"/>`);
    }
    return id;
  }

  /** The number (s="…") of a cell's format; 0 for no style. */
  idOf(style: Style | undefined, kind: ValueKind = "number"): number {
    if (!style) return 0;
    const known = this.seen.get(style);
    if (known !== undefined) return known;
    const numFmtId = style.numFmt ? this.numFmtId(style.numFmt) : kind === "date" ? 14 : 0;
    const fontId = style.font ? this.part(style.font, this.fonts, this.fontIds, fontXml) : 0;
    const borderId = style.border ? this.part(style.border, this.borders, this.borderIds, borderXml) : 0;
    const fillId = style.fill ? this.part(style.fill, this.fills, this.fillIds, fillXml) : 0;
    let xml = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"`;
    if (numFmtId) xml += ' applyNumberFormat="1"';
    if (fontId) xml += ' applyFont="1"';
    if (fillId) xml += ' applyFill="1"';
    if (borderId) xml += ' applyBorder="1"';
    if (style.alignment) xml += ' applyAlignment="1"';
    const alignment = style.alignment ? alignmentXml(style.alignment) : "";
    xml += alignment ? `>${alignment}</xf>` : "/>";
    const id = this.add(this.xfs, this.xfIds, xml);
    this.seen.set(style, id);
    return id;
  }

  /** xl/styles.xml */
  toXml(): string {
    const numFmts = this.numFmts.length
      ? `<numFmts count="${this.numFmts.length}">${this.numFmts.join("")}</numFmts>`
      : "";
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac x16r2" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main">' +
      numFmts +
      `<fonts count="${this.fonts.length}" x14ac:knownFonts="1">${this.fonts.join("")}</fonts>` +
      `<fills count="${this.fills.length}">${this.fills.join("")}</fills>` +
      `<borders count="${this.borders.length}">${this.borders.join("")}</borders>` +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join("")}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>' +
      '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      '<extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext><ext uri="{9260A510-F301-46a8-8635-F512D64BE5F5}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:timelineStyles defaultTimelineStyle="TimeSlicerStyleLight1"/></ext></extLst></styleSheet>'
    );
  }
}
