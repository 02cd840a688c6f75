/**
 * Chart labels: `us.anthropic.claude-3-5-sonnet-20241022-v2:0` → `claude-3-5-sonnet-v2`. Drops the
 * geographic profile, the publisher, the date stamp, `:0` and a trailing `-v1`. Falls back to the
 * full ids when two would read the same. Tables keep the full ids.
 */
export function shortenModelIds(ids: readonly string[]): Map<string, string> {
  const shorten = (id: string): string =>
    id
      .replace(/^arn:.*\//, '')
      .replace(/^(us|eu|apac|jp|au|ca|us-gov|global)\./, '')
      .replace(/^[a-z0-9-]+\./, '')
      .replace(/-\d{8}(?=-|:|$)/, '')
      .replace(/:\d+(:\d+k)?$/, '')
      .replace(/-v1$/, '');
  const short = new Map(ids.map((id) => [id, shorten(id)]));
  const values = [...short.values()];
  return new Set(values).size === values.length ? short : new Map(ids.map((id) => [id, id]));
}
