// Recognisable fake credentials. Every source in a case gets its own value,
// so a header seen on the wire names the source it came from. They have the
// real prefixes and lengths so the action's shape checks treat them as real.

const pad = (prefix: string, label: string): string => {
  const body = `${prefix}${label.toUpperCase().replace(/[^A-Z0-9]/g, '-')}-`
  return body + 'x'.repeat(Math.max(8, 106 - body.length)) + 'AA'
}

/** Where a value is defined, to keep values distinct across sources. */
export type Where = 'proc' | 'claude-json' | 'user' | 'project' | 'local' | 'flag' | 'managed' | 'fd' | 'decoy'

export const V = {
  apiKey: (where: Where) => pad('sk-ant-api03-', `${where}-apikey`),
  authToken: (where: Where) => pad('gateway-token-', `${where}-authtoken`),
  oauthToken: (where: Where) => pad('sk-ant-oat01-', `${where}-oauth`),
  credentialsFile: (where: Where = 'user') => pad('sk-ant-oat01-', `${where}-credentials-file`),
  primaryApiKey: (where: Where = 'claude-json') => pad('sk-ant-api03-', `${where}-primary`),
  helper: (where: Where) => `helper-output-${where}`,
} as const

/** The credential a case hands to the action as its input. */
export const INTENDED = {
  'oauth-token': pad('sk-ant-oat01-', 'intended-oauth'),
  'api-key': pad('sk-ant-api03-', 'intended-apikey'),
  'auth-token': pad('gw-', 'intended-authtoken'),
} as const
