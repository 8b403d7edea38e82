/**
 * Puts text on the clipboard; false when the browser refuses (no clipboard permission, a page without focus),
 * so the caller can say so instead of claiming it copied.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
