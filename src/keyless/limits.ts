/** The CLI's limit for an apiKeyHelper's output (CC:settings-reference, apiKeyHelper). */
export const HELPER_OUTPUT_LIMIT = 16_384
