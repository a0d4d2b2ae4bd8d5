/** User ids typed by an operator: separated by commas, spaces or new lines; duplicates dropped. */
export function splitUids(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((s) => s.length > 0))];
}
