/** A LIKE/ILIKE pattern matching `text` anywhere, its wildcards and backslashes taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
