/** Longest chunk: long paragraphs are cut at fixed offsets from the paragraph's own start. */
const maxChunkChars = 2048;

/**
 * Cuts prompt text into chunks whose concatenation is the text. Cuts fall after each blank line
 * (paragraph break), so where a chunk starts depends only on the text before it within the
 * paragraph, never on earlier paragraphs: a changed first line changes the first chunk only.
 */
export function splitPromptText(text: string): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    const breakAt = text.indexOf('\n\n', start);
    let end = breakAt < 0 ? text.length : breakAt + 2;
    // Keep a run of blank lines with the paragraph before it.
    while (end < text.length && text[end] === '\n') end += 1;
    for (let cut = start; cut < end; cut += maxChunkChars) chunks.push(text.slice(cut, Math.min(end, cut + maxChunkChars)));
    start = end;
  }
  return chunks;
}
