/**
 * What the n-gram features are read from: the text lower-cased, and beyond `maxChars` only its
 * head and tail (instructions come first, the question last). Like RouteLLM's BERT router, which
 * reads 512 tokens, this bounds the cost of a decision on long prompts; length itself is still a
 * signal, measured on the whole request. Routing reads the same features without building this
 * string (`TextVectorizer.vectorizePrompt`); training builds it.
 */
export function classifierText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text.toLowerCase();
  const half = Math.floor(maxChars / 2);
  return `${text.slice(0, half)}\n${text.slice(text.length - half)}`.toLowerCase();
}
