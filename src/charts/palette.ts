/**
 * Okabe & Ito's colour-blind-safe palette (Color Universal Design, 2008), ordered so the first
 * colours stay distinct under protanopia, deuteranopia and tritanopia and against a white
 * background. Yellow comes last because it is hard to read on white.
 */
export const colorBlindSafePalette = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
] as const;

/** Point shapes to pair with colours, so series differ by more than hue. */
export const pointShapes = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right', 'triangle-left'] as const;

/** Neutral ink for frontier lines, rules and annotations. */
export const neutralInk = '#4D4D4D';
