/**
 * Credentials out of logs. The cluster layer writes to the product's Logger (src/core/util/logger.ts)
 * and passes everything it logs through `redact` first: kubeconfigs carry bearer tokens, client keys
 * and exec-plugin output, and none of that may reach a log file or a bug report.
 */
const SECRET_KEYS = /^(token|id-token|refresh-token|access-token|client-key-data|client-certificate-data|password|authorization|key|cert|secret|client-secret)$/i;

const SECRET_PATTERNS: [RegExp, string][] = [
  [/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 <redacted>'],
  [/("?(?:token|id-token|refresh-token|access-token|password|client-key-data|client-certificate-data|client-secret|authorization)"?\s*[:=]\s*)"?[^"\s,}]+"?/gi, '$1<redacted>'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '<redacted private key>'],
  // JWTs (service account tokens, OIDC id tokens) appearing bare in error text.
  [/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '<redacted jwt>'],
];

/** Removes credentials from anything about to be logged: strings, errors, plain objects (deeply). */
export function redact(value: unknown): string {
  if (value instanceof Error) return redactString(`${value.name}: ${value.message}`);
  if (typeof value === 'string') return redactString(value);
  try {
    return redactString(JSON.stringify(value, (k: string, v: unknown): unknown => (SECRET_KEYS.test(k) && v != null && v !== '' ? '<redacted>' : v)));
  } catch {
    return redactString(String(value));
  }
}

function redactString(s: string): string {
  let out = s;
  for (const [re, rep] of SECRET_PATTERNS) out = out.replace(re, rep);
  return out;
}
