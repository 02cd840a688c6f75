/**
 * One error hierarchy for the whole project. Every error has a stable `code`, structured
 * fields, an `isRetryable` flag, and a message that says what to do next.
 */
const marker = Symbol.for('frugal.error');

export type FrugalErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNKNOWN_MODEL'
  | 'INVALID_CATALOG'
  | 'INVALID_CONFIG'
  | 'PARSE_ERROR'
  | 'UNAVAILABLE'
  // Model calls (providers, emulator)
  | 'PROVIDER_ERROR'
  | 'THROTTLED'
  | 'TIMEOUT'
  | 'ACCESS_DENIED'
  | 'REQUEST_REJECTED'
  | 'CONTENT_FILTERED'
  | 'MODEL_NOT_READY'
  | 'SERVICE_UNAVAILABLE'
  | 'STREAM_INTERRUPTED';

export interface FrugalErrorOptions {
  cause?: unknown;
  isRetryable?: boolean;
}

export class FrugalError extends Error {
  readonly [marker] = true;
  readonly code: FrugalErrorCode;
  readonly isRetryable: boolean;

  constructor(code: FrugalErrorCode, message: string, options: FrugalErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FrugalError';
    this.code = code;
    this.isRetryable = options.isRetryable ?? false;
  }

  /** Works across duplicate installs of the package, unlike `instanceof`. */
  static isInstance(value: unknown): value is FrugalError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}

/** A bad flag, option or function argument. The CLI maps it to exit code 2. */
export class InvalidArgumentError extends FrugalError {
  readonly argument: string;
  constructor(argument: string, message: string, options?: FrugalErrorOptions) {
    super('INVALID_ARGUMENT', message, options);
    this.name = 'InvalidArgumentError';
    this.argument = argument;
  }
}

export class UnknownModelError extends FrugalError {
  readonly modelId: string;
  readonly suggestions: readonly string[];
  constructor(modelId: string, suggestions: readonly string[], hint?: string) {
    const nearest = suggestions.length > 0 ? ` Nearest known ids: ${suggestions.join(', ')}.` : '';
    super(
      'UNKNOWN_MODEL',
      `Unknown model id "${modelId}".${nearest} ${hint ?? 'Run `frugal prices` to list known models, or add the model in the `models` section of frugal.yaml.'}`,
    );
    this.name = 'UnknownModelError';
    this.modelId = modelId;
    this.suggestions = suggestions;
  }
}

export class CatalogError extends FrugalError {
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[] = [], options?: FrugalErrorOptions) {
    super('INVALID_CATALOG', issues.length > 0 ? `${message}\n  - ${issues.join('\n  - ')}` : message, options);
    this.name = 'CatalogError';
    this.issues = issues;
  }
}

export class ConfigError extends FrugalError {
  readonly file: string | undefined;
  readonly issues: readonly string[];
  constructor(message: string, file?: string, issues: readonly string[] = [], options?: FrugalErrorOptions) {
    super('INVALID_CONFIG', issues.length > 0 ? `${message}\n  - ${issues.join('\n  - ')}` : message, options);
    this.name = 'ConfigError';
    this.file = file;
    this.issues = issues;
  }
}

/** Input that could not be read: names the file and line so the user can fix it. */
export class ParseError extends FrugalError {
  readonly file: string | undefined;
  readonly line: number | undefined;
  constructor(message: string, location: { file?: string; line?: number } = {}, options?: FrugalErrorOptions) {
    const where = [location.file, location.line === undefined ? undefined : `line ${location.line}`]
      .filter((part) => part !== undefined)
      .join(', ');
    super('PARSE_ERROR', where.length > 0 ? `${where}: ${message}` : message, options);
    this.name = 'ParseError';
    this.file = location.file;
    this.line = location.line;
  }
}

/** A service or credential the command needs is not reachable here. */
export class UnavailableError extends FrugalError {
  constructor(message: string, options?: FrugalErrorOptions) {
    super('UNAVAILABLE', message, options);
    this.name = 'UnavailableError';
  }
}
