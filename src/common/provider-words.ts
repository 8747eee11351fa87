// How every message, row and summary names a provider route: one place, so
// the log, the job summary, the doctor and the live check all say "Amazon
// Bedrock" and never the route's internal name ("bedrock").

import type { ProviderName } from '../resolve/model.js'

export const PROVIDER_WORDS: Readonly<Record<ProviderName, string>> = {
  bedrock: 'Amazon Bedrock',
  vertex: 'Google Vertex AI',
  foundry: 'Microsoft Foundry',
  'anthropic-aws': 'Claude in AWS (Anthropic on AWS)',
  'anthropic-google-cloud': 'Claude on Google Cloud (Anthropic)',
  mantle: 'Amazon Bedrock Mantle',
}
