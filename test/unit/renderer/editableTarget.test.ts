import { describe, expect, it } from "vitest";
import { isEditableTarget } from "../../../src-renderer/src/services/editableTarget.js";

describe("isEditableTarget: where Escape leaves a field instead of cancelling work", () => {
  it("counts text-like inputs, textareas and contenteditable elements", () => {
    expect(isEditableTarget({ tagName: "INPUT", type: "text" })).toBe(true);
    expect(isEditableTarget({ tagName: "INPUT", type: "number" })).toBe(true);
    expect(isEditableTarget({ tagName: "input", type: "" })).toBe(true);
    expect(isEditableTarget({ tagName: "TEXTAREA" })).toBe(true);
    expect(isEditableTarget({ tagName: "DIV", isContentEditable: true })).toBe(true);
  });

  it("does not count buttons, checkboxes, selects, read-only fields, the page or nothing", () => {
    expect(isEditableTarget({ tagName: "INPUT", type: "checkbox" })).toBe(false);
    expect(isEditableTarget({ tagName: "INPUT", type: "range" })).toBe(false);
    expect(isEditableTarget({ tagName: "INPUT", type: "text", readOnly: true })).toBe(false);
    expect(isEditableTarget({ tagName: "TEXTAREA", readOnly: true })).toBe(false);
    expect(isEditableTarget({ tagName: "BUTTON" })).toBe(false);
    expect(isEditableTarget({ tagName: "SELECT" })).toBe(false);
    expect(isEditableTarget({ tagName: "BODY" })).toBe(false);
    expect(isEditableTarget(null)).toBe(false);
  });
});
