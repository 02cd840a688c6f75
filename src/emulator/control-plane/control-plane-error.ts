import { FrugalError } from '../../core/index.js';

export type ControlPlaneErrorType =
  | 'ValidationException'
  | 'ResourceNotFoundException'
  | 'ConflictException'
  | 'ServiceQuotaExceededException'
  | 'InternalServerException';

const statusByType: Record<ControlPlaneErrorType, number> = {
  ValidationException: 400,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ServiceQuotaExceededException: 400,
  InternalServerException: 500,
};

/**
 * A Bedrock control-plane error as the wire shows it (restJson1: `x-amzn-ErrorType` header and a
 * `{"message"}` body), so `@aws-sdk/client-bedrock` raises the matching typed exception.
 */
export class ControlPlaneError extends FrugalError {
  readonly awsType: ControlPlaneErrorType;
  readonly status: number;

  constructor(awsType: ControlPlaneErrorType, message: string) {
    super(awsType === 'InternalServerException' ? 'SERVICE_UNAVAILABLE' : 'REQUEST_REJECTED', message);
    this.name = 'ControlPlaneError';
    this.awsType = awsType;
    this.status = statusByType[awsType];
  }
}
