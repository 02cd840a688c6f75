import { createSeededRandom } from '../../core/index.js';

/** Training rows in compressed sparse row form: row r's features are offsets[r] … offsets[r + 1]. */
export interface SparseRows {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  /** Number of features (columns). */
  size: number;
}

export interface LogisticRegressionOptions {
  /** L2 penalty on the weights (not the bias). */
  l2: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
}

export function sigmoid(value: number): number {
  return value >= 0 ? 1 / (1 + Math.exp(-value)) : Math.exp(value) / (1 + Math.exp(value));
}

export function predictRow(model: LogisticModel, rows: SparseRows, row: number): number {
  let sum = model.bias;
  for (let at = rows.offsets[row] as number; at < (rows.offsets[row + 1] as number); at += 1) {
    sum += (model.weights[rows.indices[at] as number] as number) * (rows.values[at] as number);
  }
  return sigmoid(sum);
}

/**
 * Logistic regression with L2, fitted by mini-batch gradient descent with Adam steps. Labels may
 * be soft (a judge's 0..1 score). Mini-batches keep a pass over 14,000 MMLU prompts with ~1,000
 * non-zero features each near 100 ms; the seeded shuffle makes training reproducible.
 */
export function trainLogisticRegression(rows: SparseRows, labels: Float64Array, options: LogisticRegressionOptions): LogisticModel {
  const count = labels.length;
  const { size } = rows;
  const weights = new Float64Array(size);
  const gradient = new Float64Array(size);
  const firstMoment = new Float64Array(size + 1);
  const secondMoment = new Float64Array(size + 1);
  const touched = new Int32Array(size);
  const mark = new Uint8Array(size);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const epsilon = 1e-8;
  let prior = 0;
  for (let row = 0; row < count; row += 1) prior += labels[row] as number;
  prior = Math.min(Math.max(prior / Math.max(count, 1), 1e-3), 1 - 1e-3);
  // Start from the base rate so the first steps go into the features, not the intercept.
  let bias = Math.log(prior / (1 - prior));
  const order = Int32Array.from({ length: count }, (_, index) => index);
  const random = createSeededRandom(options.seed);
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    for (let at = count - 1; at > 0; at -= 1) {
      const other = Math.floor(random() * (at + 1));
      const swap = order[at] as number;
      order[at] = order[other] as number;
      order[other] = swap;
    }
    for (let start = 0; start < count; start += options.batchSize) {
      const end = Math.min(start + options.batchSize, count);
      const scale = 1 / (end - start);
      let biasGradient = 0;
      let touchedCount = 0;
      for (let position = start; position < end; position += 1) {
        const row = order[position] as number;
        const error = predictRow({ weights, bias }, rows, row) - (labels[row] as number);
        biasGradient += error * scale;
        for (let at = rows.offsets[row] as number; at < (rows.offsets[row + 1] as number); at += 1) {
          const feature = rows.indices[at] as number;
          if (mark[feature] === 0) {
            mark[feature] = 1;
            touched[touchedCount] = feature;
            touchedCount += 1;
          }
          gradient[feature] = (gradient[feature] as number) + error * (rows.values[at] as number) * scale;
        }
      }
      step += 1;
      const rate = (options.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
      // Every weight decays under L2, so every weight takes a step; the data gradient is sparse.
      for (let feature = 0; feature < size; feature += 1) {
        const g = (gradient[feature] as number) + options.l2 * (weights[feature] as number);
        const m = beta1 * (firstMoment[feature] as number) + (1 - beta1) * g;
        const v = beta2 * (secondMoment[feature] as number) + (1 - beta2) * g * g;
        firstMoment[feature] = m;
        secondMoment[feature] = v;
        weights[feature] = (weights[feature] as number) - (rate * m) / (Math.sqrt(v) + epsilon);
      }
      for (let at = 0; at < touchedCount; at += 1) {
        const feature = touched[at] as number;
        gradient[feature] = 0;
        mark[feature] = 0;
      }
      const m = beta1 * (firstMoment[size] as number) + (1 - beta1) * biasGradient;
      const v = beta2 * (secondMoment[size] as number) + (1 - beta2) * biasGradient * biasGradient;
      firstMoment[size] = m;
      secondMoment[size] = v;
      bias -= (rate * m) / (Math.sqrt(v) + epsilon);
    }
  }
  return { weights, bias };
}
