// What the doctor found, as both renderers (text and JSON) receive it.

import type { Problem } from '../common/problems.js'
import type { Scan } from '../scan/scan.js'
import type { Host } from './environment.js'
import type { Diagnosis } from './judge.js'
import type { DoctorPlaces } from './messages.js'

export interface LiveCheckView {
  verdict: string
  side: 'auth' | 'network' | 'none'
  httpStatus?: number
  latencyMs: number
  attempts: number
  endpoint: string
  route: string
  title: string
  /** The credential checked, by source name. */
  credential: string
}

export interface DoctorReport {
  toolVersion: string
  project: string
  home: string
  /** CLAUDE_CONFIG_DIR, when set: it replaces ~/.claude. */
  configDir?: string
  host: Host
  managedSettings: string
  diagnosis: Diagnosis
  files: Scan['files']
  places: DoctorPlaces
  liveCheck?: LiveCheckView
  /** Every finding: the diagnosis's and the live check's. */
  problems: Problem[]
  exitCode: 0 | 1
}
