import { describe, expect, it } from 'vitest';
import { calibrateThreshold } from './calibrate-threshold.js';
import { createThresholdCalibrator } from './create-threshold-calibrator.js';

describe('createThresholdCalibrator', () => {
  it('recalibrates to exactly the quantile of the last window of scores (sorted as they come, not re-sorted)', () => {
    let state = 12345;
    const next = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    for (const [windowSize, recalibrateEvery, share] of [
      [50, 7, 0.3],
      [2000, 100, 0.5],
      [13, 1, 0.9],
    ] as const) {
      const calibrator = createThresholdCalibrator({ target: { strongShare: share }, referenceScores: [0.1, 0.2, 0.3], windowSize, recalibrateEvery, minSamples: 20 });
      const scores: number[] = [];
      let since = 0;
      let expected = calibrateThreshold([0.1, 0.2, 0.3], share);
      for (let index = 0; index < 5000; index += 1) {
        // Ties and repeats on purpose: a third of the scores come from ten values.
        const score = next() < 0.33 ? Math.floor(next() * 10) / 10 : 2 * next() - 1;
        calibrator.observe(score);
        scores.push(score);
        since += 1;
        if (scores.length >= 20 && since >= recalibrateEvery) {
          expected = calibrateThreshold(scores.slice(-windowSize), share);
          since = 0;
        }
        expect(calibrator.threshold()).toBe(expected);
      }
    }
  });
});
