import { createSeededRandom } from '../../src/core/index.js';
import type { TrainingRow } from '../../src/route/classifier/train-route-classifier.js';

/** Easy prompts the cheap model gets right, hard ones only the strong model does (with some noise). */
export function syntheticOutcomes(count: number, seed = 3): TrainingRow[] {
  const random = createSeededRandom(seed);
  const easy = ['reset my password', 'what are your opening hours', 'change the delivery address', 'cancel my order', 'where is my parcel'];
  const hard = ['prove the integral converges', 'derive the closed form of the recurrence', 'explain the eigenvalue bound step by step', 'refactor this concurrent scheduler'];
  return Array.from({ length: count }, (_, index) => {
    const isHard = random() < 0.4;
    const topic = (isHard ? hard : easy)[Math.floor(random() * (isHard ? hard.length : easy.length))] as string;
    const prompt = `Request ${index}: please ${topic}${isHard ? ' and justify every step of the argument' : ''}.`;
    const noise = random() < 0.1;
    return { prompt, scores: { cheap: isHard !== noise ? 0 : 1, top: isHard && random() < 0.15 ? 0 : 1 } };
  });
}
