import type { RawSheet } from "./raw-workbook.js";
import { XmlScanner, readRichText, type XmlSource } from "./xml-scan.js";

/**
 * The small parts of a workbook that say where everything is: xl/workbook.xml (sheets, their states, the date
 * system), its relationships (sheet part paths), the shared strings and docProps/app.xml (the program that wrote it).
 */

// ---------------------------------------------------------------- parts

export interface SheetRef {
  name: string;
  state: RawSheet["state"];
  path: string | null;
}

function resolvePartPath(base: string, target: string): string {
  const raw = target.startsWith("/") ? target.slice(1) : `${base}${target}`;
  const out: string[] = [];
  for (const seg of raw.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return out.join("/");
}

export function parseWorkbookXml(xml: XmlSource, rels: Map<string, string>): { sheets: SheetRef[]; date1904: boolean } {
  const sc = new XmlScanner(xml, "workbook.xml");
  const sheets: SheetRef[] = [];
  let date1904 = false;
  while (sc.next()) {
    if (sc.close) continue;
    if (sc.name === "workbookPr") {
      const d = sc.attr("date1904");
      date1904 = d === "1" || d === "true";
    } else if (sc.name === "sheet") {
      const state = sc.attr("state");
      const rid = sc.attr("id", true);
      sheets.push({
        name: sc.attr("name") ?? "",
        state: state === "hidden" ? "hidden" : state === "veryHidden" ? "veryHidden" : "visible",
        path: rid !== undefined ? (rels.get(rid) ?? null) : null,
      });
    } else if (sc.name === "definedNames" || sc.name === "extLst") {
      sc.skipElement();
    }
  }
  return { sheets, date1904 };
}

/** Relationship id → part path, for worksheet relationships only. */
export function parseWorkbookRels(xml: XmlSource | null, base: string): Map<string, string> {
  const map = new Map<string, string>();
  if (!xml) return map;
  const sc = new XmlScanner(xml, "workbook.xml.rels");
  while (sc.next()) {
    if (sc.close || sc.name !== "Relationship") continue;
    const id = sc.attr("Id");
    const target = sc.attr("Target");
    const type = sc.attr("Type") ?? "";
    if (id === undefined || target === undefined || sc.attr("TargetMode") === "External") continue;
    if (!type.endsWith("/worksheet")) continue;
    map.set(id, resolvePartPath(base, target));
  }
  return map;
}

export interface SharedString {
  text: string;
  font: string | undefined;
}

export function parseSharedStrings(xml: XmlSource | null): SharedString[] {
  const out: SharedString[] = [];
  if (!xml) return out;
  const sc = new XmlScanner(xml, "sharedStrings.xml");
  while (sc.next()) {
    if (sc.close || !sc.is("si")) continue;
    if (sc.selfClosing) out.push({ text: "", font: undefined });
    else out.push(readRichText(sc, "si"));
  }
  return out;
}

/** docProps/app.xml <Application>, when present. */
export function parseApplication(xml: XmlSource | null): string | undefined {
  if (!xml) return undefined;
  const sc = new XmlScanner(xml, "app.xml");
  while (sc.next()) {
    if (!sc.close && sc.name === "Application" && !sc.selfClosing) {
      const t = sc.text().trim();
      return t || undefined;
    }
  }
  return undefined;
}
