import { FrugalError, isProviderError } from '../core/index.js';

export type JudgeErrorKind = 'call-failed' | 'unreadable-reply';

/**
 * The judge could not give a verdict: its call failed, or its reply was not a valid verdict. This
 * is never turned into a low score, because a broken judge says nothing about the response.
 */
export class JudgeError extends FrugalError {
  readonly kind: JudgeErrorKind;
  readonly judgeModel: string;
  /** The judge's reply as received, for unreadable replies. */
  readonly replyText: string | undefined;

  constructor(kind: JudgeErrorKind, judgeModel: string, message: string, options: { cause?: unknown; replyText?: string } = {}) {
    const cause = options.cause;
    super(isProviderError(cause) ? cause.code : 'PARSE_ERROR', `judge ${judgeModel}: ${message}`, { cause, isRetryable: isProviderError(cause) && cause.isRetryable });
    this.name = 'JudgeError';
    this.kind = kind;
    this.judgeModel = judgeModel;
    this.replyText = options.replyText;
  }
}
