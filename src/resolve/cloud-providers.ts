import type { CloudProvider } from './model.js'

export const CLOUD_PROVIDERS: readonly CloudProvider[] = ['bedrock', 'vertex', 'foundry']
export const isCloudProvider = (route: string): route is CloudProvider => (CLOUD_PROVIDERS as readonly string[]).includes(route)
