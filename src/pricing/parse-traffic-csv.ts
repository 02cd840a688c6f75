import { ParseError } from '../core/index.js';

/** One period of observed traffic: tokens in it, or the utilisation of the provisioned units. */
export interface TrafficPoint {
  /** Start of the period, epoch milliseconds. */
  start: number;
  /** Length of the period in minutes. */
  minutes: number;
  inputTokens?: number;
  outputTokens?: number;
  /** Share of provisioned capacity in use, 0..1 (may exceed 1 when traffic was throttled). */
  utilization?: number;
}

const timeColumns = ['timestamp', 'hour', 'time', 'period_start', 'start'];

/**
 * Reads a traffic CSV: a header, then one row per period. Columns: a time (`timestamp`, `hour`,
 * `time`), then `input_tokens` and `output_tokens`, or `utilization` (0..1 or a percentage);
 * optionally `minutes` (period length; otherwise the gap to the next row). Errors name the line.
 */
export function parseTrafficCsv(text: string, file?: string): TrafficPoint[] {
  const lines = text.split(/\r?\n/);
  const fail = (message: string, line?: number): never => {
    throw new ParseError(message, { ...(file !== undefined && { file }), ...(line !== undefined && { line }) });
  };
  const headerIndex = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (headerIndex < 0) return fail('the traffic file is empty; expected a header such as "timestamp,input_tokens,output_tokens"');
  const header = (lines[headerIndex] as string).split(',').map((name) => name.trim().toLowerCase());
  const timeColumn = header.findIndex((name) => timeColumns.includes(name));
  const column = (name: string): number => header.indexOf(name);
  const inputColumn = column('input_tokens');
  const outputColumn = column('output_tokens');
  const utilizationColumn = column('utilization');
  const minutesColumn = column('minutes');
  if (timeColumn < 0) fail(`no time column; expected one of ${timeColumns.join(', ')}`, headerIndex + 1);
  const hasTokens = inputColumn >= 0 || outputColumn >= 0;
  if (hasTokens === (utilizationColumn >= 0)) {
    fail('expected either input_tokens/output_tokens columns or a utilization column (not both)', headerIndex + 1);
  }

  const points: (TrafficPoint & { line: number; minutesGiven: boolean })[] = [];
  for (let index = headerIndex + 1; index < lines.length; index += 1) {
    const raw = (lines[index] as string).trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const lineNumber = index + 1;
    const cells = raw.split(',').map((cell) => cell.trim());
    if (cells.length !== header.length) fail(`expected ${header.length} values, found ${cells.length}`, lineNumber);
    const cell = (position: number): string => cells[position] as string;
    const start = Date.parse(cell(timeColumn));
    if (Number.isNaN(start)) fail(`"${cell(timeColumn)}" is not a date-time (use ISO 8601, e.g. 2026-11-01T13:00:00Z)`, lineNumber);
    const number = (position: number, name: string): number => {
      const textValue = cell(position);
      const percent = name === 'utilization' && textValue.endsWith('%');
      const value = Number(percent ? textValue.slice(0, -1) : textValue);
      if (textValue === '' || !Number.isFinite(value) || value < 0) fail(`${name} "${textValue}" must be a number of 0 or more`, lineNumber);
      return percent ? value / 100 : value;
    };
    const point: TrafficPoint & { line: number; minutesGiven: boolean } = { start, minutes: 60, line: lineNumber, minutesGiven: minutesColumn >= 0 };
    if (inputColumn >= 0) point.inputTokens = number(inputColumn, 'input_tokens');
    if (outputColumn >= 0) point.outputTokens = number(outputColumn, 'output_tokens');
    if (utilizationColumn >= 0) point.utilization = number(utilizationColumn, 'utilization');
    if (minutesColumn >= 0) {
      point.minutes = number(minutesColumn, 'minutes');
      if (point.minutes === 0) fail('minutes must be greater than 0', lineNumber);
    }
    const previous = points[points.length - 1];
    if (previous !== undefined && start <= previous.start) fail('timestamps must increase from row to row', lineNumber);
    points.push(point);
  }
  if (points.length === 0) fail('the traffic file has a header but no rows');

  // Without a minutes column a period lasts until the next row; the last one as long as the typical gap.
  const gaps = points.slice(1).map((point, index) => (point.start - (points[index] as TrafficPoint).start) / 60_000);
  const typicalGap = gaps.length === 0 ? 60 : ([...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)] as number);
  return points.map(({ line: _line, minutesGiven, ...point }, index) => ({
    ...point,
    minutes: minutesGiven ? point.minutes : (gaps[index] ?? typicalGap),
  }));
}
