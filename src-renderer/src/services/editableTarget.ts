/** The parts of a DOM element `isEditableTarget` reads, so a unit test can hand in plain objects. */
export interface EditableLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
  readOnly?: boolean;
}

/** Input types a person types text into; the rest (checkbox, radio, button, range, color, file…) are not. */
const TEXT_INPUT_TYPES = new Set(["", "text", "search", "number", "email", "url", "tel", "password"]);

/**
 * Whether a key event's target is a field a person types into (a text-like input, a textarea, a contenteditable
 * element). A view's Escape shortcut (cancel the running search or annotation) skips these: Escape in a text field
 * means "leave the field", and cancelling minutes of work from a field that happened to have focus would be a
 * surprise. Read-only fields are not editable. Null and non-elements (the window) are not editable.
 */
export function isEditableTarget(target: EventTarget | EditableLike | null): boolean {
  if (target === null || typeof target !== "object") return false;
  const el = target as EditableLike;
  if (el.isContentEditable === true) return true;
  const tag = (el.tagName ?? "").toUpperCase();
  if (tag === "TEXTAREA") return el.readOnly !== true;
  if (tag === "INPUT") return el.readOnly !== true && TEXT_INPUT_TYPES.has((el.type ?? "").toLowerCase());
  return false;
}
