import { describe, expect, it } from "vitest";
import {
  assertWellFormedOffice,
  assertWellFormedOutputs,
  MalformedOutputError,
  xmlBytesWellFormed,
  xmlProblem,
} from "../src/render/office-check.js";
import { textOfXml, textOfXmlBytes } from "../src/render/docx-engine.js";
import { writeZip } from "../src/render/zip-write.js";

const docx = (documentXml: string | Uint8Array): Buffer =>
  writeZip(
    [
      {
        name: "[Content_Types].xml",
        data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      },
      {
        name: "_rels/.rels",
        data: '<Relationships xmlns="x"><Relationship Id="r1" Target="word/document.xml"/></Relationships>',
      },
      { name: "word/document.xml", data: documentXml },
      { name: "word/media/image1.png", data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]) },
    ],
    new Date(2025, 0, 1),
  );

describe("well-formed XML (the read-back of generated documents)", () => {
  it("accepts what document writers produce: declaration, namespaces, entities, character references, CDATA, comments, PIs", () => {
    expect(
      xmlProblem(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document xmlns:w="u" a=\'1\'><w:t xml:space="preserve"> Tiếng Việt &amp; &lt;x&gt; &#7871; &#x1EBF; &quot;😀&apos;\t</w:t><!-- c --><?mso-x y?><![CDATA[<not a tag> & ]]><w:br/></w:document>\n',
      ),
    ).toBeNull();
    expect(xmlProblem("\uFEFF<a/>")).toBeNull();
    expect(xmlProblem('<a b="x > y"/>')).toBeNull();
  });

  const refused: [string, string, string][] = [
    ["a lone high surrogate", "<t>a\uD83D b</t>", "U+D83D"],
    ["a lone low surrogate", "<t>\uDE00</t>", "U+DE00"],
    ["U+FFFF", "<t>\uFFFF</t>", "U+FFFF"],
    ["U+FFFE", "<t>\uFFFE</t>", "U+FFFE"],
    ["a C0 control", "<t>a\u0001b</t>", "U+0001"],
    ["a vertical tab in an attribute", '<t v="\u000B"/>', "U+000B"],
    ["a character reference to a control", "<t>&#1;</t>", "&#1;"],
    ["a character reference to a surrogate", "<t>&#xD83D;</t>", "&#xD83D;"],
    ["a bare ampersand", "<t>R&D</t>", "dấu &"],
    ["an undeclared entity", "<t>&nbsp;</t>", "&nbsp;"],
    ["a bare <", "<t>1 < 2</t>", 'dấu "<"'],
    ["an unclosed element", "<a><b></a>", "</a>"],
    ["a stray end tag", "<a/></b>", "</b>"],
    ["an element left open", "<a><b/>", "<a>"],
    ["two roots", "<a/><b/>", "gốc thứ hai"],
    ["text outside the root", "<a/>x", "ngoài phần tử gốc"],
    ["no root", "  ", "không có phần tử gốc"],
    ["a duplicate attribute", '<a x="1" x="2"/>', "lặp lại"],
    ["an unquoted attribute", "<a x=1/>", "nháy"],
    ["< inside an attribute", '<a x="<"/>', "dấu <"],
    ["attributes run together", '<a x="1"y="2"/>', "viết sai"],
    ["]]> in text", "<a>]]></a>", "]]>"],
    ["a DOCTYPE", "<!DOCTYPE a><a/>", "DOCTYPE"],
    ["-- in a comment", "<a><!-- a -- b --></a>", "--"],
    ["an unclosed CDATA", "<a><![CDATA[x</a>", "CDATA"],
    ["a late XML declaration", '<a><?xml version="1.0"?></a>', "chỉ thị"],
    ["a reference without its semicolon", "<a>&amp</a>", "dấu &"],
    ["a reference too long to be one", "<a>&abcdefghijklm;</a>", "dấu &"],
    ["an end tag of another name's length", "<ab></a>", "</a>"],
  ];
  it.each(refused)("refuses %s", (_label, xml, says) => {
    expect(xmlProblem(xml)).toContain(says);
  });

  it("says the same on the bytes: yes only where xmlProblem finds nothing, no to every fault", () => {
    const accepted = [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document xmlns:w="u" a=\'1\'><w:t xml:space="preserve"> Tiếng Việt &amp; &lt;x&gt; &#7871; &#x1EBF; &quot;😀&apos;\t</w:t><!-- c --><?mso-x y?><![CDATA[<not a tag> & ]]><w:br/></w:document>\n',
      "\uFEFF<a/>",
      '<a b="x > y"/>',
      "<a>&#x10FFFF;&#65;</a>",
    ];
    for (const xml of accepted) expect(xmlBytesWellFormed(Buffer.from(xml, "utf8"))).toBe(true);
    // (a lone surrogate has no UTF-8 form: a JavaScript encoder writes U+FFFD, checked below as bytes)
    for (const [, xml] of refused.filter(([, x]) => !/[\uD800-\uDFFF]/.test(x)))
      expect(xmlBytesWellFormed(Buffer.from(xml, "utf8"))).toBe(false);
    // not UTF-8 (a lone surrogate as a JavaScript encoder writes it)
    expect(xmlBytesWellFormed(Buffer.from([0x3c, 0x61, 0x3e, 0xed, 0xa0, 0xbd, 0x3c, 0x2f, 0x61, 0x3e]))).toBe(false);
    // what the bytes leave to xmlProblem: names beyond ASCII, a second byte-order mark
    for (const xml of ["<é/>", "<aé/>"]) {
      expect(xmlProblem(xml)).toBeNull();
      expect(xmlBytesWellFormed(Buffer.from(xml, "utf8"))).toBe(false);
    }
    const twoMarks = Buffer.from("\uFEFF\uFEFF<a/>", "utf8");
    expect(xmlProblem(new TextDecoder().decode(twoMarks))).toBeNull();
    expect(xmlBytesWellFormed(twoMarks)).toBe(false);
    expect(() => assertWellFormedOffice(docx("<w:document><tên>ổn</tên></w:document>"), "ok.docx")).not.toThrow();
  });

  it("finds a character XML does not allow at any offset of the bytes", () => {
    for (const bad of ["\u0001", "\u001F", "\uFFFE", "\uFFFF"])
      for (let pad = 0; pad < 12; pad++) {
        const bytes = Buffer.from(`<a>${"x".repeat(pad)}${bad}${"y".repeat(11 - pad)}</a>`, "utf8");
        // at every alignment of the part in memory too
        for (let shift = 0; shift < 4; shift++) {
          const copy = new Uint8Array(new ArrayBuffer(bytes.length + 4), shift, bytes.length);
          copy.set(bytes);
          expect(xmlBytesWellFormed(copy)).toBe(false);
        }
      }
    expect(xmlBytesWellFormed(Buffer.from("<a>\t\r\n\uFFFD\uFEFF ờ</a>", "utf8"))).toBe(true);
  });

  it("finds the same text in a part's bytes as in its decoded text", () => {
    const xml =
      '<w:document><w:p><w:r><w:t xml:space="preserve">Tiếng </w:t></w:r><w:r><w:t>Việt &amp; &lt;x&gt;</w:t></w:r></w:p>' +
      "<w:p><w:r><w:tab/><w:t></w:t><w:t\u00A0x>y</w:t><w:t\u3000>z</w:t><w:tbl/><w:t>không đóng</w:p></w:document>";
    expect(textOfXmlBytes(Buffer.from(xml, "utf8"))).toBe(textOfXml(xml));
    expect(textOfXml(xml)).toBe("Tiếng Việt & <x>\nyz\n");
  });

  it("stays linear on a large part", () => {
    const big = `<w:body>${'<w:p><w:r><w:t xml:space="preserve">Sở &amp; ngành ờ</w:t></w:r></w:p>'.repeat(200_000)}</w:body>`;
    const t = performance.now();
    expect(xmlProblem(big)).toBeNull();
    expect(big.length).toBeGreaterThan(10_000_000);
    expect(performance.now() - t).toBeLessThan(5_000);
  });

  it("reads every XML part of a zip, names the file and the part, and skips binary parts", () => {
    expect(() => assertWellFormedOffice(docx("<w:document><w:t>ổn</w:t></w:document>"), "ok.docx")).not.toThrow();
    const broken = docx("<w:document><w:t>a\uFFFF</w:t></w:document>");
    expect(() => assertWellFormedOffice(broken, "bao-cao.docx")).toThrow(MalformedOutputError);
    expect(() => assertWellFormedOffice(broken, "bao-cao.docx")).toThrow(/bao-cao\.docx.*word\/document\.xml.*U\+FFFF/);
    // a lone surrogate as a JavaScript UTF-8 encoder writes it (ED A0 BD): not UTF-8 at all
    const cesu = docx(
      Buffer.concat([
        Buffer.from("<w:document><w:t>a"),
        Buffer.from([0xed, 0xa0, 0xbd]),
        Buffer.from("</w:t></w:document>"),
      ]),
    );
    expect(() => assertWellFormedOffice(cesu, "bao-cao.docx")).toThrow(/word\/document\.xml.*UTF-8/);
  });

  it("refuses bytes that are not a zip, and a zip without content types", () => {
    expect(() => assertWellFormedOffice(new Uint8Array([1, 2, 3]), "x.xlsx")).toThrow(/x\.xlsx.*\(zip\)/);
    expect(() =>
      assertWellFormedOffice(writeZip([{ name: "a.xml", data: "<a/>" }], new Date(2025, 0, 1)), "y.xlsx"),
    ).toThrow(/Content_Types/);
  });

  it("checks only the .docx and .xlsx of a set of outputs", () => {
    const files = [
      { path: "/o/tong-hop.json", data: "{" },
      { path: "/o/a.csv", data: new Uint8Array([0xff]) },
      { path: "/o/b.xlsx", data: docx("<a>&bad;</a>") },
    ];
    expect(() => assertWellFormedOutputs(files)).toThrow(/b\.xlsx/);
    expect(() => assertWellFormedOutputs(files.slice(0, 2))).not.toThrow();
  });
});
