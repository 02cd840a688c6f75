/**
 * Removes anything that looks like a credential from text that leaves the process (error bodies,
 * log lines): AWS access key ids, SigV4 credentials and signatures, bearer tokens, our virtual
 * keys, OpenAI-style `sk-` keys, session tokens and secret-access-key assignments. A belt to the
 * braces of never putting secrets in messages in the first place.
 */
const patterns: readonly [RegExp, string][] = [
  [/\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g, '[redacted-aws-key-id]'],
  [/(Credential=)[^,\s]+/gi, '$1[redacted]'],
  [/(Signature=)[0-9a-f]+/gi, '$1[redacted]'],
  [/(Bearer\s+)[^\s"',]+/gi, '$1[redacted]'],
  [/\bfrugal_[\w-]{16,}/g, '[redacted-key]'],
  [/\bsk-[\w-]{16,}/g, '[redacted-key]'],
  [/((?:secret_?access_?key|session_?token|api_?key|password)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1[redacted]'],
  [/(postgres(?:ql)?:\/\/[^:/\s]+:)[^@\s]+@/gi, '$1[redacted]@'],
];

export function redactSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of patterns) result = result.replace(pattern, replacement);
  return result;
}
