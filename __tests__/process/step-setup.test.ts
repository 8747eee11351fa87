// A step's own setup counts (issue 18, point 3): provider values a later Claude step sets for
// itself in its own `env:` (facts §8: a step's env beats the job's) are part of that step's
// setup. The job's verdict and the later-steps table judge each step with what it will have:
// no "Claude Code would stop" for a value the step sets, no demand for an input the step
// already has; a step that lacks it still fails, and the table says so. Lines counted by hand.

import { describe, expect, test } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { expectCleanRun, fakeToken, inScenario, type ScenarioRun, workflowWith } from './fixtures.js'

interface Later {
  step: string
  line: number
  'runs-claude': boolean
  verdict: string
}

const later = (run: ScenarioRun): Later[] => JSON.parse(run.result.outputs['later-steps'] ?? 'null') as Later[]
const errors = (run: ScenarioRun) => run.result.annotations.filter((a) => a.level === 'error').map((a) => a.title)

const externalAccount = JSON.stringify({ type: 'external_account', audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/gh', token_url: 'https://sts.googleapis.com/v1/token' })

async function withAdc<T>(use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'step-setup-adc-'))
  const file = join(dir, 'gha-creds.json')
  await writeFile(file, externalAccount)
  try {
    return await use(file)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function judged(inputs: Record<string, string>, env: Record<string, string>, text: string, secrets: string[], check: (run: ScenarioRun) => void): Promise<void> {
  await inScenario({ inputs, env: { RUNNER_ENVIRONMENT: 'github-hosted', ...env }, workflow: { text } }, (run) => {
    expectCleanRun(run, { secrets, maskedFirst: secrets })
    check(run)
  })
}

/** Lines 1-10: checkout, then this action with `method: vertex` and nothing else. Later steps start on line 11. */
const VERTEX_HEAD = workflowWith({ method: 'vertex' }, '')

const ownVertex = `      - name: Review
        run: claude -p "review"
        env:
          ANTHROPIC_VERTEX_PROJECT_ID: \${{ vars.GCP_PROJECT }}
          CLOUD_ML_REGION: us-east5
`

describe('Google Vertex AI: the project set on the Claude step itself', () => {
  test.concurrent('the step sets ANTHROPIC_VERTEX_PROJECT_ID and CLOUD_ML_REGION: no "No Vertex AI project", the step ok', () =>
    withAdc((file) =>
      judged({ method: 'vertex' }, { GOOGLE_APPLICATION_CREDENTIALS: file, GOOGLE_CLOUD_PROJECT: 'my-project-123' }, `${VERTEX_HEAD}${ownVertex}`, [], (run) => {
        expect(errors(run)).toEqual([])
        expect(run.result.exitCode).toBe(0)
        expect(later(run)).toEqual([{ step: 'Review', line: 11, 'runs-claude': true, verdict: 'ok' }])
      }),
    ),
  )

  test.concurrent('a second Claude step without it: the job fails, demanding the input, and the table names that step', () =>
    withAdc((file) =>
      judged({ method: 'vertex' }, { GOOGLE_APPLICATION_CREDENTIALS: file, GOOGLE_CLOUD_PROJECT: 'my-project-123' }, `${VERTEX_HEAD}${ownVertex}      - name: Summary
        run: claude -p "summarise"
`, [], (run) => {
        expect(run.result.exitCode).toBe(1)
        expect(errors(run)).toEqual(['No Vertex AI project'])
        expect(run.result.annotations.find((a) => a.title === 'No Vertex AI project')!.message).toContain('set `vertex-project-id`')
        expect(later(run)).toEqual([
          { step: 'Review', line: 11, 'runs-claude': true, verdict: 'ok' },
          { step: 'Summary', line: 16, 'runs-claude': true, verdict: 'conflict' },
        ])
      }),
    ),
  )

  test.concurrent('a Claude action step with use_vertex whose own env sets the project', () =>
    withAdc((file) =>
      judged({ method: 'vertex' }, { GOOGLE_APPLICATION_CREDENTIALS: file, GOOGLE_CLOUD_PROJECT: 'my-project-123' }, `${VERTEX_HEAD}      - name: Claude
        uses: anthropics/claude-code-action@v1
        env:
          ANTHROPIC_VERTEX_PROJECT_ID: my-project-123
          CLOUD_ML_REGION: us-east5
        with:
          use_vertex: "true"
`, [], (run) => {
        expect(errors(run)).toEqual([])
        expect(run.result.exitCode).toBe(0)
        expect(later(run)).toEqual([{ step: 'Claude', line: 11, 'runs-claude': true, verdict: 'ok' }])
      }),
    ),
  )
})

describe('Amazon Bedrock: the API key set on the Claude step itself', () => {
  const HEAD = workflowWith({ method: 'bedrock', 'aws-region': 'us-east-1' }, '')
  test.concurrent('AWS_BEARER_TOKEN_BEDROCK in the step env, no AWS credentials in the job: no "No AWS credentials in the job"', () =>
    judged({ method: 'bedrock', 'aws-region': 'us-east-1' }, {}, `${HEAD}      - name: Review
        run: claude -p "review"
        env:
          AWS_BEARER_TOKEN_BEDROCK: \${{ secrets.BEDROCK_API_KEY }}
`, [], (run) => {
      expect(errors(run)).toEqual([])
      expect(run.result.exitCode).toBe(0)
      expect(later(run)).toEqual([{ step: 'Review', line: 12, 'runs-claude': true, verdict: 'ok' }])
    }),
  )

  test.concurrent('without it, the job still fails for lack of AWS credentials, and the table agrees', () =>
    judged({ method: 'bedrock', 'aws-region': 'us-east-1' }, {}, `${HEAD}      - name: Review
        run: claude -p "review"
`, [], (run) => {
      expect(run.result.exitCode).toBe(1)
      expect(errors(run)).toEqual(['No AWS credentials in the job'])
      expect(later(run)).toEqual([{ step: 'Review', line: 12, 'runs-claude': true, verdict: 'conflict' }])
    }),
  )

  test.concurrent("the same secret as this action's bedrock-api-key on the step: this action's own key, no conflict", async () => {
    const key = fakeToken('ABSK', 'step-setup/bedrock', 120)
    const text = workflowWith({ 'bedrock-api-key': '${{ secrets.BEDROCK_API_KEY }}' }, `      - name: Review
        run: claude -p "review"
        env:
          AWS_BEARER_TOKEN_BEDROCK: \${{ secrets.BEDROCK_API_KEY }}
          CLAUDE_CODE_USE_BEDROCK: "1"
`)
    await judged({ 'bedrock-api-key': key }, {}, text, [key], (run) => {
      expect(errors(run)).toEqual([])
      expect(run.result.exitCode).toBe(0)
      expect(later(run)).toEqual([{ step: 'Review', line: 11, 'runs-claude': true, verdict: 'ok' }])
    })
  })
})
