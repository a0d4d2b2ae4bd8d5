/** `text` with LIKE's wildcards and backslashes escaped, so it matches literally (Prisma's contains/startsWith do not escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE/ILIKE pattern matching `text` anywhere, literally. */
export function likePattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
