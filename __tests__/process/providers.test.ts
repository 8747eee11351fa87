// Cloud providers as intended setups (`method: bedrock | vertex | foundry`): the action exports
// the provider's flag and the inputs given, checks offline what the CLI would need there (a
// credential it will find, the region and project and where they come from, an endpoint it can
// reach), and judges conflicts through the same resolver (docs/providers-measured.md has the
// measurements): another provider's flag routes away, a settings file overriding a provider
// variable always fails, and a first-party credential is unused while the provider routes,
// except that Claude Code 2.1.197 forwards ANTHROPIC_API_KEY and ANTHROPIC_AUTH_TOKEN there.

import { describe, expect, test } from '@jest/globals'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { annotationTitled, apiKey, expectCleanRun, expectExports, expectTitles, fakeToken, gatewayToken, inScenario, oauthToken, type Scenario, type ScenarioRun, workflowWith } from './fixtures.js'

const AWS_KEYS = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }
const bedrockKey = (label: string) => fakeToken('ABSK', label, 120)
const foundryKey = (label: string) => fakeToken('', label, 84)

/** `secrets` must never be readable; those the action reads as credentials must also be masked first. */
async function run(scenario: Scenario, secrets: string[], check: (run: ScenarioRun) => void, maskedFirst = secrets): Promise<void> {
  await inScenario({ ...scenario, env: { RUNNER_ENVIRONMENT: 'github-hosted', ...scenario.env } }, (r) => {
    expectCleanRun(r, { secrets, maskedFirst })
    check(r)
  })
}

const notices = (r: ScenarioRun) => r.result.annotations.filter((a) => a.level === 'notice').map((a) => a.title)

describe('Amazon Bedrock', () => {
  test.concurrent('AWS keys from the job (configure-aws-credentials): flag and region exported, the keys used, nothing else', async () => {
    await run({ inputs: { method: 'bedrock', 'aws-region': 'us-west-2' }, env: AWS_KEYS }, [AWS_KEYS.AWS_SECRET_ACCESS_KEY], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expectExports(result, { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-west-2' })
      expect(result.outputs['auth-method']).toBe('bedrock')
      expect(result.outputs['credential-source']).toBe('env:AWS_ACCESS_KEY_ID')
      expect(result.outputs.fingerprint).toBe('')
      expect(result.log[0]).toBe('Claude Code will send every request to Amazon Bedrock with AWS Signature V4 with AWS_ACCESS_KEY_ID from the job env, and no other credential.')
      const region = result.annotations.find((a) => a.title === 'Amazon Bedrock region')
      expect(region?.message).toContain('Claude Code will sign Amazon Bedrock requests for us-west-2 (AWS_REGION exported by this action).')
    })
  })

  test.concurrent('the region comes from the job when not given, and says so', async () => {
    await run({ inputs: { method: 'bedrock' }, env: { ...AWS_KEYS, AWS_DEFAULT_REGION: 'eu-central-1' } }, [], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expect(result.annotations.find((a) => a.title === 'Amazon Bedrock region')?.message).toContain('for eu-central-1 (AWS_DEFAULT_REGION from the job env)')
    })
  })

  test.concurrent('a Bedrock API key input: exported, masked, fingerprinted, and the method inferred from it', async () => {
    const key = bedrockKey('providers/bedrock-key')
    await run({ inputs: { 'bedrock-api-key': key } }, [key], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expectExports(result, { CLAUDE_CODE_USE_BEDROCK: '1', AWS_BEARER_TOKEN_BEDROCK: key })
      expect(result.outputs['auth-method']).toBe('bedrock')
      expect(result.outputs['credential-source']).toBe('input:bedrock-api-key')
      expect(result.outputs.fingerprint).toMatch(/^[0-9a-f]{12}$/)
    })
  })

  test.concurrent('no AWS credentials on a GitHub-hosted runner: fails before the CLI would, with the fix', async () => {
    await run({ inputs: { method: 'bedrock', 'aws-region': 'us-east-1' } }, [], ({ result }) => {
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: ['No AWS credentials in the job'], notice: ['Amazon Bedrock region'] })
      expect(result.log[0]).toContain('run aws-actions/configure-aws-credentials')
    })
  })

  test.concurrent('AWS_PROFILE naming a profile that is in no AWS file: fails', async () => {
    await run({ inputs: { method: 'bedrock' }, env: { ...AWS_KEYS, AWS_PROFILE: 'ci' } }, [], ({ result }) => {
      expect(result.exitCode).toBe(1)
      expect(result.annotations.map((a) => a.title)).toContain('AWS profile not found')
    })
  })

  test.concurrent('a region in ~/.aws/config is read, with the file named', async () => {
    const prepare = async (dirs: { home: string }) => {
      await mkdir(join(dirs.home, '.aws'), { recursive: true })
      await writeFile(join(dirs.home, '.aws', 'config'), '[default]\nregion = ap-northeast-1\n')
    }
    await run({ inputs: { method: 'bedrock' }, env: AWS_KEYS, prepare }, [], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expect(result.annotations.find((a) => a.title === 'Amazon Bedrock region')?.message).toContain('for ap-northeast-1 (from profile `default` in ~/.aws/config)')
    })
  })

  test.concurrent('a base URL in another region than the signing region: fails', async () => {
    await run(
      { inputs: { method: 'bedrock', 'aws-region': 'us-east-1' }, env: { ...AWS_KEYS, ANTHROPIC_BEDROCK_BASE_URL: 'https://bedrock-runtime.eu-west-1.amazonaws.com' } },
      [],
      ({ result }) => {
        expect(result.exitCode).toBe(1)
        expect(result.log[0]).toContain('ANTHROPIC_BEDROCK_BASE_URL points at eu-west-1, but Claude Code signs requests for us-east-1')
      },
    )
  })

  test.concurrent('AWS_BEARER_TOKEN_BEDROCK of only whitespace next to AWS keys: Claude Code 2.1.197 sends it, so fail says so and unset clears it', async () => {
    const scenario = (mode: string): Scenario => ({ inputs: { method: 'bedrock', 'aws-region': 'us-west-2', 'on-conflict': mode }, env: { ...AWS_KEYS, AWS_BEARER_TOKEN_BEDROCK: '   ' } })
    await run(scenario('fail'), [], ({ result }) => {
      expect(result.exitCode).toBe(1)
      expect(result.log[0]).toMatch(/^AWS_BEARER_TOKEN_BEDROCK from the job env holds only whitespace, which Claude Code 2\.1\.197 sends as a credential instead of your Amazon Bedrock setup\. Fix: remove AWS_BEARER_TOKEN_BEDROCK /)
    })
    await run(scenario('unset'), [], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expectExports(result, { CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'us-west-2', AWS_BEARER_TOKEN_BEDROCK: '' })
    })
  })

  test.concurrent('an AWS key id without its secret: a warning that Claude Code uses the next credential of the chain, and the run goes on', async () => {
    await run({ inputs: { method: 'bedrock', 'aws-region': 'us-west-2' }, env: { AWS_ACCESS_KEY_ID: AWS_KEYS.AWS_ACCESS_KEY_ID, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/ci', AWS_WEB_IDENTITY_TOKEN_FILE: '/tmp/web-identity-token' } }, [], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expectTitles(result, { warning: ['Half an AWS key'], notice: ['Amazon Bedrock region'] })
      expect(annotationTitled(result, 'Half an AWS key').message).toContain('so Claude Code ignores the AWS keys in the environment and uses AWS web identity (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE) instead.')
    })
  })

  test.concurrent('a region input not shaped like a region: an input error that echoes it', async () => {
    await run({ inputs: { method: 'bedrock', 'aws-region': 'us east 1' }, env: AWS_KEYS }, [], ({ result }) => {
      expect(result.exitCode).toBe(1)
      expect(result.log[0]).toBe('aws-region is "us east 1", which is not an AWS region name. Fix: set it to us-east-1.')
    })
  })

  test.concurrent('a first-party credential input with method bedrock: an input error', async () => {
    const token = oauthToken('providers/first-party-input')
    await run({ inputs: { method: 'bedrock', 'claude-code-oauth-token': token }, env: AWS_KEYS }, [token], ({ result }) => {
      expect(result.exitCode).toBe(1)
      expectTitles(result, { error: ['Credential input given with a provider method'] })
    })
  })
})

describe('Google Vertex AI', () => {
  const externalAccount = JSON.stringify({ type: 'external_account', audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/gh', token_url: 'https://sts.googleapis.com/v1/token' })

  test.concurrent('project, region and an ADC file from google-github-actions/auth: success, the file named as the credential', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'providers-adc-'))
    const file = join(dir, 'gha-creds.json')
    await writeFile(file, externalAccount)
    try {
      await run({ inputs: { method: 'vertex', 'vertex-project-id': 'my-project-123', 'vertex-region': 'europe-west1' }, env: { GOOGLE_APPLICATION_CREDENTIALS: file } }, [], ({ result }) => {
        expect(result.exitCode).toBe(0)
        // GOOGLE_CLOUD_PROJECT spares Claude Code 2.1.197 a project lookup that sends nothing until it answers (provider:vertex:adc-impersonated).
        expectExports(result, { CLAUDE_CODE_USE_VERTEX: '1', ANTHROPIC_VERTEX_PROJECT_ID: 'my-project-123', CLOUD_ML_REGION: 'europe-west1', GOOGLE_CLOUD_PROJECT: 'my-project-123' })
        expect(result.outputs['credential-source']).toBe('google-adc')
        expect(result.log[0]).toBe('Claude Code will send every request to Google Vertex AI with Bearer the Google credentials file in GOOGLE_APPLICATION_CREDENTIALS, and no other credential.')
        expect(result.annotations.find((a) => a.title === 'Google Vertex AI project and region')?.message).toContain(
          'in project my-project-123 (ANTHROPIC_VERTEX_PROJECT_ID exported by this action), region europe-west1 (CLOUD_ML_REGION exported by this action)',
        )
      })
      // A file of a type Google's libraries do not know.
      await writeFile(file, JSON.stringify({ type: 'sneaky', private_key: 'never-printed-private-key-material' }))
      await run({ inputs: { method: 'vertex', 'vertex-project-id': 'my-project-123' }, env: { GOOGLE_APPLICATION_CREDENTIALS: file } }, ['never-printed-private-key-material'], ({ result }) => {
        expect(result.exitCode).toBe(1)
        expect(result.annotations.map((a) => a.title)).toContain('Google credentials file of unknown type')
      }, [])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test.concurrent('GOOGLE_CLOUD_PROJECT without vertex-project-id: fails, saying Claude Code does not read it there', async () => {
    await run({ inputs: { method: 'vertex' }, env: { GOOGLE_CLOUD_PROJECT: 'my-project-123', CLAUDE_CODE_SKIP_VERTEX_AUTH: '1' } }, [], ({ result }) => {
      expect(result.exitCode).toBe(1)
      expect(result.log[0]).toContain('GOOGLE_CLOUD_PROJECT is set, but Claude Code reads the project only from ANTHROPIC_VERTEX_PROJECT_ID')
      expect(result.log[0]).toContain('steps.auth.outputs.project_id')
    })
  })

  test.concurrent('GOOGLE_APPLICATION_CREDENTIALS naming a missing file: fails', async () => {
    await run({ inputs: { method: 'vertex', 'vertex-project-id': 'my-project-123' }, env: { GOOGLE_APPLICATION_CREDENTIALS: '/nonexistent/creds.json' } }, [], ({ result }) => {
      expect(result.exitCode).toBe(1)
      expect(result.annotations.map((a) => a.title)).toContain('Google credentials file not found')
    })
  })

  test.concurrent('the skip-auth flag (a gateway): a notice that no cloud credential will be sent, not an error', async () => {
    await run({ inputs: { method: 'vertex', 'vertex-project-id': 'my-project-123' }, env: { CLAUDE_CODE_SKIP_VERTEX_AUTH: '1' } }, [], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expect(notices({ result } as ScenarioRun)).toContain('No cloud credential will be sent')
    })
  })

  test.concurrent('a higher-ranked provider flag in the job routes away; on-conflict unset clears it', async () => {
    const scenario = (mode: string): Scenario => ({ inputs: { method: 'vertex', 'vertex-project-id': 'my-project-123', 'on-conflict': mode }, env: { CLAUDE_CODE_SKIP_VERTEX_AUTH: '1', CLAUDE_CODE_USE_BEDROCK: '1' } })
    await run(scenario('fail'), [], ({ result }) => {
      expect(result.exitCode).toBe(1)
      expect(result.log[0]).toContain('CLAUDE_CODE_USE_BEDROCK from the job env is on, so Claude Code sends every request to Amazon Bedrock; your Google Vertex AI setup would not be sent at all.')
    })
    await run(scenario('unset'), [], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expect(result.exportedEnv.CLAUDE_CODE_USE_BEDROCK).toBe('')
      expect(result.exportedEnv.CLAUDE_CODE_USE_VERTEX).toBe('1')
    })
  })

  test.concurrent('a settings file that sets CLOUD_ML_REGION overrides the job: fails even with on-conflict unset', async () => {
    await run(
      { inputs: { method: 'vertex', 'vertex-project-id': 'my-project-123', 'vertex-region': 'us-east5', 'on-conflict': 'unset' }, env: { CLAUDE_CODE_SKIP_VERTEX_AUTH: '1' }, files: { project: { env: { CLOUD_ML_REGION: 'europe-west4' } } } },
      [],
      ({ result }) => {
        expect(result.exitCode).toBe(1)
        expect(result.log[0]).toContain('CLOUD_ML_REGION in .claude/settings.json overrides what this job sets up for Google Vertex AI')
        expect(result.annotations[0]?.file).toBe('.claude/settings.json')
      },
    )
  })
})

describe('Microsoft Foundry', () => {
  test.concurrent('a resource and a key: x-api-key with the key, exported and masked', async () => {
    const key = foundryKey('providers/foundry-key')
    await run({ inputs: { method: 'foundry', 'foundry-resource': 'my-foundry', 'foundry-api-key': key } }, [key], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expectExports(result, { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'my-foundry', ANTHROPIC_FOUNDRY_API_KEY: key })
      expect(result.log[0]).toContain('x-api-key ANTHROPIC_FOUNDRY_API_KEY exported by this action')
    })
  })

  test.concurrent('both resource and base URL: an input error quoting the CLI', async () => {
    await run({ inputs: { method: 'foundry', 'foundry-resource': 'my-foundry', 'foundry-base-url': 'https://my-foundry.services.ai.azure.com/anthropic' } }, [], ({ result }) => {
      expect(result.exitCode).toBe(1)
      expect(result.log[0]).toContain('Claude Code stops with "baseURL and resource are mutually exclusive"')
    })
  })

  test.concurrent('a base URL without /anthropic: an input error', async () => {
    await run({ inputs: { method: 'foundry', 'foundry-base-url': 'https://my-foundry.services.ai.azure.com' } }, [], ({ result }) => {
      expect(result.exitCode).toBe(1)
      expect(result.log[0]).toContain('does not end in `/anthropic`'.replace(/`/g, ''))
    })
  })

  test.concurrent('ANTHROPIC_FOUNDRY_AUTH_TOKEN alone: 2.1.330 sends it, 2.1.197 ignores it, so the run fails naming both, even with on-conflict unset', async () => {
    const token = gatewayToken('providers/foundry-token-alone')
    for (const mode of ['fail', 'unset']) {
      await run({ inputs: { method: 'foundry', 'foundry-resource': 'my-foundry', 'on-conflict': mode }, env: { ANTHROPIC_FOUNDRY_AUTH_TOKEN: token } }, [token], ({ result }) => {
        expect(result.exitCode).toBe(1)
        expect(result.exportedEnv).toEqual({})
        expect(result.log[0]).toMatch(
          /^ANTHROPIC_FOUNDRY_AUTH_TOKEN from the job env \(fingerprint [0-9a-f]{12}\) is the credential Claude Code 2\.1\.330 sends to Microsoft Foundry, but Claude Code 2\.1\.197 ignores it and sends a Foundry API key if one is set, else a token from the Azure credential chain \(azure\/login or a managed identity\) instead: the two versions would authenticate differently\./,
        )
        expect(annotationTitled(result, 'ANTHROPIC_FOUNDRY_AUTH_TOKEN is ignored by Claude Code 2.1.197').level).toBe('error')
        expect(result.log[0]).toContain("Fix: give the key as this action's foundry-api-key input and remove ANTHROPIC_FOUNDRY_AUTH_TOKEN")
      })
    }
  })

  test.concurrent('a whitespace-only ANTHROPIC_FOUNDRY_API_KEY in the job stops both versions before any request: the setup is broken, an error in every mode; the key input replaces it', async () => {
    const inputs = { method: 'foundry', 'foundry-resource': 'my-foundry' }
    const env = { ANTHROPIC_FOUNDRY_API_KEY: '   ' }
    for (const mode of ['fail', 'unset', 'warn']) {
      await run({ inputs: { ...inputs, 'on-conflict': mode }, env }, [], ({ result }) => {
        expect(result.exitCode).toBe(1)
        expect(result.exportedEnv).toEqual({})
        expect(annotationTitled(result, 'ANTHROPIC_FOUNDRY_API_KEY is blank').level).toBe('error')
        expect(result.log[0]).toBe(
          'ANTHROPIC_FOUNDRY_API_KEY from the job env holds only whitespace: Claude Code takes it as the key, so it asks for no other credential, and stops before sending anything ("Missing credentials. Please pass one of apiKey and azureTokenProvider, or set the ANTHROPIC_FOUNDRY_API_KEY environment variable"). ' +
            'Fix: give the key in foundry-api-key (this action exports it), or remove ANTHROPIC_FOUNDRY_API_KEY where it is set so that Claude Code uses the Azure credential chain.',
        )
        expect(result.summary).toContain('| Credential | x-api-key ANTHROPIC\\_FOUNDRY\\_API\\_KEY from the job env, only whitespace: Claude Code stops before any request |')
      })
    }
    const key = foundryKey('providers/foundry-key-over-blank')
    await run({ inputs: { ...inputs, 'foundry-api-key': key }, env }, [key], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expectExports(result, { CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'my-foundry', ANTHROPIC_FOUNDRY_API_KEY: key })
    })
  })

  test.concurrent('a later step that sets ANTHROPIC_FOUNDRY_API_KEY to whitespace: a conflict at that line, named as the blank key', async () => {
    const key = foundryKey('providers/foundry-key-later-blank')
    const text = workflowWith(
      { method: 'foundry', 'foundry-resource': 'my-foundry', 'foundry-api-key': '${{ secrets.FOUNDRY_KEY }}' },
      `      - name: Review
        run: claude -p "review"
        env:
          ANTHROPIC_FOUNDRY_API_KEY: " "
`,
    )
    await run({ inputs: { method: 'foundry', 'foundry-resource': 'my-foundry', 'foundry-api-key': key }, workflow: { text } }, [key], ({ result }) => {
      expect(result.exitCode).toBe(1)
      const annotation = annotationTitled(result, 'Step "Review": ANTHROPIC_FOUNDRY_API_KEY leaves your Microsoft Foundry setup unsent')
      expect({ file: annotation.file, line: annotation.properties.line }).toEqual({ file: '.github/workflows/claude.yml', line: '16' })
      expect(annotation.message).toContain('holds only whitespace: Claude Code takes it as the key, so it asks for no other credential, and stops before sending anything ("Missing credentials.')
    })
  })

  test.concurrent('ANTHROPIC_FOUNDRY_AUTH_TOKEN in the job outranks the key input (2.1.330): it would be sent instead', async () => {
    const key = foundryKey('providers/foundry-key-2')
    const token = gatewayToken('providers/foundry-token')
    await run({ inputs: { method: 'foundry', 'foundry-resource': 'my-foundry', 'foundry-api-key': key }, env: { ANTHROPIC_FOUNDRY_AUTH_TOKEN: token } }, [key, token], ({ result }) => {
      expect(result.exitCode).toBe(1)
      expect(result.log[0]).toMatch(/^ANTHROPIC_FOUNDRY_AUTH_TOKEN from the job env \(fingerprint [0-9a-f]{12}\) would be sent instead of your Microsoft Foundry setup with Claude Code 2\.1\.330\./)
    })
  })
})

describe('first-party credentials next to a provider', () => {
  test.concurrent('an OAuth token is never forwarded: a warning naming it, the run goes on; unset clears it', async () => {
    const token = oauthToken('providers/unused-oauth')
    await run({ inputs: { method: 'bedrock', 'aws-region': 'us-east-1' }, env: { ...AWS_KEYS, CLAUDE_CODE_OAUTH_TOKEN: token } }, [token], ({ result }) => {
      expect(result.exitCode).toBe(0)
      const warning = result.annotations.find((a) => a.level === 'warning')
      expect(warning?.title).toBe('CLAUDE_CODE_OAUTH_TOKEN is set but not used')
      expect(JSON.parse(result.outputs.conflicts!)).toEqual([{ name: 'CLAUDE_CODE_OAUTH_TOKEN', origin: 'env', resolution: 'warned' }])
    })
    await run({ inputs: { method: 'bedrock', 'aws-region': 'us-east-1', 'on-conflict': 'unset' }, env: { ...AWS_KEYS, CLAUDE_CODE_OAUTH_TOKEN: token } }, [token], ({ result }) => {
      expect(result.exitCode).toBe(0)
      expect(result.exportedEnv.CLAUDE_CODE_OAUTH_TOKEN).toBe('')
    })
  })

  test.concurrent('ANTHROPIC_API_KEY: Claude Code 2.1.197 sends it to Bedrock next to SigV4, so it fails, naming the version', async () => {
    const key = apiKey('providers/forwarded-key')
    await run({ inputs: { method: 'bedrock', 'aws-region': 'us-east-1' }, env: { ...AWS_KEYS, ANTHROPIC_API_KEY: key } }, [key], ({ result }) => {
      expect(result.exitCode).toBe(1)
      expect(result.log[0]).toMatch(/^ANTHROPIC_API_KEY from the job env \(fingerprint [0-9a-f]{12}\) would also be sent to Amazon Bedrock, next to its own credentials with Claude Code 2\.1\.197\./)
    })
  })
})
