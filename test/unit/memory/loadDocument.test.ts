import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  decodeDocument,
  DocumentError,
  loadDocument,
  MAX_DOCUMENT_BYTES,
} from "../../../src-main/core/memory/loadDocument.js";

const dir = mkdtempSync(join(tmpdir(), "mull-load-document-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The DocumentError a call throws; its message must be one line naming `name`. */
function documentError(f: () => unknown, name: string): string {
  let caught: unknown;
  try {
    f();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DocumentError);
  const message = (caught as Error).message;
  expect(message).toContain(name);
  expect(message).not.toContain("\n");
  return message;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("decodeDocument", () => {
  it("decodes UTF-8 text as it is", () => {
    expect(decodeDocument(utf8("Ada walked to the mill.\nNaïve café 😀\n"), "a.txt")).toBe(
      "Ada walked to the mill.\nNaïve café 😀\n",
    );
  });

  it("drops a leading byte-order mark", () => {
    expect(decodeDocument(Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8("Hello.")), "bom.txt")).toBe("Hello.");
  });

  it("refuses empty, whitespace-only and BOM-only texts", () => {
    expect(documentError(() => decodeDocument(new Uint8Array(), "the pasted text"), "the pasted text")).toMatch(
      /is empty/,
    );
    expect(documentError(() => decodeDocument(utf8(" \n\t\r\n "), "blank.txt"), "blank.txt")).toMatch(/is empty/);
    expect(documentError(() => decodeDocument(Uint8Array.of(0xef, 0xbb, 0xbf, 0x20), "bom.txt"), "bom.txt")).toMatch(
      /is empty/,
    );
  });

  it("refuses NUL bytes as binary", () => {
    expect(documentError(() => decodeDocument(Uint8Array.of(0x48, 0x69, 0x00, 0x21), "x.bin"), "x.bin")).toMatch(
      /NUL bytes/,
    );
  });

  it("refuses bytes that are not UTF-8", () => {
    // Latin-1 "café", and a lone continuation byte.
    expect(
      documentError(() => decodeDocument(Uint8Array.of(0x63, 0x61, 0x66, 0xe9), "latin1.txt"), "latin1.txt"),
    ).toMatch(/not UTF-8/);
    expect(documentError(() => decodeDocument(Uint8Array.of(0x41, 0x80, 0x42), "bad.txt"), "bad.txt")).toMatch(
      /not UTF-8/,
    );
  });

  it("refuses more than MAX_DOCUMENT_BYTES, and takes exactly that many", () => {
    const at = new Uint8Array(MAX_DOCUMENT_BYTES).fill(0x61);
    expect(decodeDocument(at, "max.txt")).toHaveLength(MAX_DOCUMENT_BYTES);
    const over = new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(0x61);
    expect(documentError(() => decodeDocument(over, "big.txt"), "big.txt")).toMatch(/up to 5\.0 MB/);
  });
});

describe("loadDocument", () => {
  it("reads a UTF-8 file without its byte-order mark", () => {
    const path = file("ok.txt", Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8("Ada walked.\nBen ran.")));
    expect(loadDocument(path)).toBe("Ada walked.\nBen ran.");
  });

  it("names the file in every refusal", () => {
    expect(documentError(() => loadDocument(file("empty.txt", "")), "empty.txt")).toMatch(/is empty/);
    expect(documentError(() => loadDocument(file("spaces.txt", "  \n\n  ")), "spaces.txt")).toMatch(/is empty/);
    expect(documentError(() => loadDocument(file("nul.txt", Uint8Array.of(0x61, 0, 0x62))), "nul.txt")).toMatch(
      /NUL bytes/,
    );
    expect(documentError(() => loadDocument(file("latin1.txt", Uint8Array.of(0x63, 0xe9))), "latin1.txt")).toMatch(
      /not UTF-8/,
    );
  });

  it("refuses a file over 5 MB from its size", () => {
    const path = file("huge.txt", "");
    truncateSync(path, MAX_DOCUMENT_BYTES + 1024 * 1024); // sparse: nothing is written
    expect(documentError(() => loadDocument(path), "huge.txt")).toMatch(
      /huge\.txt is 6\.0 MB: Mull reads documents of up to 5\.0 MB/,
    );
  });

  it("refuses a folder and a missing file", () => {
    const folder = join(dir, "folder.txt");
    mkdirSync(folder);
    expect(documentError(() => loadDocument(folder), "folder.txt")).toMatch(/is a folder/);
    expect(documentError(() => loadDocument(join(dir, "missing.txt")), "missing.txt")).toMatch(/no such file/);
  });
});
