import { InvalidArgumentError } from '../core/index.js';

/** Option parsers that reject bad values with a message naming the flag (exit code 2). */
export function parseCount(flag: string) {
  return (value: string): number => {
    const number = Number(value.replace(/_/g, ''));
    if (!Number.isInteger(number) || number < 0 || value.trim() === '') {
      throw new InvalidArgumentError(flag, `${flag} must be a whole number of 0 or more, got "${value}".`);
    }
    return number;
  };
}

export function parsePositiveNumber(flag: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0 || value.trim() === '') {
      throw new InvalidArgumentError(flag, `${flag} must be a number greater than 0, got "${value}".`);
    }
    return number;
  };
}

export function parseFraction(flag: string) {
  return (value: string): number => {
    const trimmed = value.trim();
    const number = trimmed.endsWith('%') ? Number(trimmed.slice(0, -1)) / 100 : Number(trimmed);
    if (!Number.isFinite(number) || number < 0 || number > 1 || trimmed === '') {
      throw new InvalidArgumentError(flag, `${flag} must be between 0 and 1 (or 0% to 100%), got "${value}".`);
    }
    return number;
  };
}

export function parseChoice<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(flag, `${flag} must be one of ${choices.join(', ')}, got "${value}".`);
    }
    return value as T;
  };
}
