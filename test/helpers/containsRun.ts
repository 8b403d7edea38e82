/** Whether `needle` occurs in `haystack` as a contiguous run of tokens (an empty needle always does). */
export function containsRun(haystack: readonly number[], needle: readonly number[]): boolean {
  if (needle.length === 0) return true;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
