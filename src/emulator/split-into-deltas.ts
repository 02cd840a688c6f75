/** Splits a reply into stream deltas of a few words each; joined, they give the text back exactly. */
export function splitIntoDeltas(text: string, wordsPerDelta = 3): string[] {
  const pieces = text.match(/\s*\S+/g) ?? [];
  const deltas: string[] = [];
  for (let index = 0; index < pieces.length; index += wordsPerDelta) deltas.push(pieces.slice(index, index + wordsPerDelta).join(''));
  const joined = deltas.join('');
  // Trailing whitespace (or an all-whitespace text) rides on the last delta.
  if (joined.length < text.length) {
    if (deltas.length === 0) deltas.push(text.slice(joined.length));
    else deltas[deltas.length - 1] += text.slice(joined.length);
  }
  return deltas;
}
