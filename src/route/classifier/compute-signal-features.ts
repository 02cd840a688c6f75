import type { RouteSignals } from '../extract-route-signals.js';

/**
 * The rule signals as classifier features, beside the TF-IDF n-grams: length is the strongest
 * single predictor of difficulty on public data (RouteLLM's length rule recovers ~58-60% of the
 * gap), and format, depth, tools and task carry what the text alone does not. Raw values here;
 * the model standardises them with the training mean and deviation.
 */
export const baseSignalNames = ['log_input_chars', 'log_words', 'digit_share', 'log_lines', 'log_depth', 'tools', 'format_json', 'format_label', 'format_text'] as const;

/** How many leading signals are continuous (standardised); the rest are 0/1 indicators, left as they are. */
export const continuousSignalCount = 5;

export function signalFeatureNames(tasks: readonly string[]): string[] {
  return [...baseSignalNames, ...tasks.map((task) => `task=${task}`)];
}

/** Per ASCII code: 1 line feed, 2 digit, 4 white space (space, tab, CR, LF). Nothing else counts. */
const charFlags = Uint8Array.from({ length: 128 }, (_, code) => (code === 10 ? 1 : 0) | (code >= 48 && code <= 57 ? 2 : 0) | (code === 32 || code === 10 || code === 9 || code === 13 ? 4 : 0));

export function computeSignalFeatures(signals: RouteSignals, tasks: readonly string[], out: Float64Array): void {
  const { text } = signals;
  const flags = charFlags;
  let words = 0;
  let digits = 0;
  let lines = 1;
  // Branch-free counting (a word starts where white space or the start is followed by anything else):
  // a 2,000-token prompt is read in a few microseconds.
  let previousSpace = 1;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    const flag = code < 128 ? (flags[code] as number) : 0;
    const space = (flag >> 2) & 1;
    lines += flag & 1;
    digits += (flag >> 1) & 1;
    words += previousSpace & (space ^ 1);
    previousSpace = space;
  }
  out[0] = Math.log1p(signals.inputChars);
  out[1] = Math.log1p(words);
  out[2] = text.length === 0 ? 0 : digits / text.length;
  out[3] = Math.log1p(lines);
  out[4] = Math.log1p(signals.depth);
  out[5] = signals.toolsPresent ? 1 : 0;
  out[6] = signals.outputFormat === 'json' ? 1 : 0;
  out[7] = signals.outputFormat === 'label' ? 1 : 0;
  out[8] = signals.outputFormat === 'text' ? 1 : 0;
  for (let index = 0; index < tasks.length; index += 1) out[baseSignalNames.length + index] = signals.task === tasks[index] ? 1 : 0;
}

/** Standardised and clipped to ±5 deviations, so traffic unlike the training data cannot saturate the score. */
export function standardize(value: number, mean: number, std: number): number {
  const scaled = (value - mean) / std;
  return scaled > 5 ? 5 : scaled < -5 ? -5 : scaled;
}
