import { describe, expect, it } from '@jest/globals'

import { SecretMasker } from '../../harness/masking.js'
import { LineSplitter, parseCommandLine, REGISTERED_COMMANDS, WorkflowCommandProcessor } from '../../harness/workflow-commands.js'

const REGISTERED = new Set(REGISTERED_COMMANDS)

function run(lines: string[], options: { stepDebug?: boolean; allowUnsecureCommands?: boolean } = {}) {
  const processor = new WorkflowCommandProcessor({
    masker: new SecretMasker(),
    stepDebug: options.stepDebug ?? false,
    allowUnsecureCommands: options.allowUnsecureCommands ?? false,
  })
  for (const line of lines) processor.processLine(line)
  return processor
}

describe('parseCommandLine', () => {
  it('unescapes data (%25 %0D %0A) and properties (%3A %2C too)', () => {
    expect(parseCommandLine('::error title=Bad%3A input%2C here,file=a.ts::one%0Atwo%0D 100%25', REGISTERED)).toEqual({
      command: 'error',
      properties: { title: 'Bad: input, here', file: 'a.ts' },
      data: 'one\ntwo\r 100%',
      syntax: 'workflow',
    })
  })

  it('unescapes sequentially like the runner: %250A becomes the text %0A, not a newline', () => {
    expect(parseCommandLine('::notice::%250A', REGISTERED)?.data).toBe('%0A')
  })

  it('matches names case-insensitively and allows leading whitespace', () => {
    expect(parseCommandLine('   ::ERROR::x', REGISTERED)?.command).toBe('error')
  })

  it('does not treat unregistered names or mid-line :: as commands', () => {
    expect(parseCommandLine('::set-secret::x', REGISTERED)).toBeNull()
    expect(parseCommandLine('note ::error::x', REGISTERED)).toBeNull()
    expect(parseCommandLine('::error x', REGISTERED)).toBeNull()
  })

  it('finds the legacy ##[name k=v;k=v]data form anywhere in the line', () => {
    expect(parseCommandLine('text ##[warning file=a%3Bb;line=3]msg%5D', REGISTERED)).toEqual({
      command: 'warning',
      properties: { file: 'a;b', line: '3' },
      data: 'msg]',
      syntax: 'legacy',
    })
  })

  it('drops properties with an empty value', () => {
    expect(parseCommandLine('::warning title=,file=x::m', REGISTERED)?.properties).toEqual({ file: 'x' })
  })
})

describe('WorkflowCommandProcessor', () => {
  const secret = 'sk-ant-oat01-processor-test-value'

  it('masks only after ::add-mask::, and does not show the add-mask line', () => {
    const p = run([`before ${secret}`, `::add-mask::${secret}`, `after ${secret}`])
    expect(p.log).toEqual([`before ${secret}`, 'after ***'])
    expect(p.secrets).toEqual([secret])
  })

  it('with step debug, echoes ::add-mask::*** and shows ##[debug] lines', () => {
    const p = run([`::add-mask::${secret}`, `::debug::value is ${secret}`, '::warning::w'], { stepDebug: true })
    expect(p.log).toEqual(['::add-mask::***', '##[debug]value is ***', '##[warning]w'])
  })

  it('hides ::debug:: without step debug but records it', () => {
    const p = run(['::debug::quiet'])
    expect(p.log).toEqual([])
    expect(p.annotations).toEqual([{ level: 'debug', message: 'quiet', raw: '::debug::quiet', properties: {} }])
  })

  it('logs issues as ##[level]message, masked, and records title and file unmasked', () => {
    const p = run([`::add-mask::${secret}`, `::error title=T ${secret},file=action.yml,line=3::bad %25 ${secret}`])
    expect(p.log).toEqual(['##[error]bad % ***'])
    expect(p.annotations).toHaveLength(1)
    expect(p.annotations[0]).toMatchObject({
      level: 'error',
      title: `T ${secret}`,
      file: 'action.yml',
      message: 'bad % ***',
      properties: { line: '3' },
    })
  })

  it('splits a multi-line issue message into log lines after masking the whole message', () => {
    const multi = 'line-one-secret\nline-two-secret'
    const p = run([`::add-mask::line-one-secret%0Aline-two-secret`, 'line-one-secret', `::error::x%0A${'line-one-secret%0Aline-two-secret'}%0Ay`])
    // The lone line is not masked: add-mask registered the two-line value as a whole.
    expect(p.log).toEqual(['line-one-secret', '##[error]x', '***', 'y'])
    expect(p.secrets).toEqual([multi])
  })

  it('warns on an empty add-mask and registers nothing', () => {
    const p = run(['::add-mask::   '])
    expect(p.secrets).toEqual([])
    expect(p.log).toEqual(["##[warning]Can't add secret mask for empty string in ##[add-mask] command."])
  })

  it('prints commands verbatim between stop-commands and the resume token', () => {
    const p = run(['::stop-commands::pause-1', '::error::not processed', '::pause-1::', '::error::processed'])
    expect(p.log).toEqual(['::stop-commands::pause-1', '::error::not processed', '::pause-1::', '##[error]processed'])
    expect(p.annotations.map((a) => a.message)).toEqual(['processed'])
  })

  it('renders groups', () => {
    expect(run(['::group::Title', 'inside', '::endgroup::']).log).toEqual(['##[group]Title', 'inside', '##[endgroup]'])
  })

  it('fails the step on ::set-env:: unless unsecure commands are allowed', () => {
    const denied = run(['::set-env name=A::1'])
    expect(denied.stepFailed).toBe(true)
    expect(denied.commandEnv).toEqual([])
    expect(denied.log[0]).toBe("##[error]Unable to process command '::set-env name=A::1' successfully.")
    expect(denied.log[1]).toContain('The `set-env` command is disabled.')

    const allowed = run(['::set-env name=A::1', '::set-env name=NODE_OPTIONS::x'], { allowUnsecureCommands: true })
    expect(allowed.stepFailed).toBe(false)
    expect(allowed.commandEnv).toEqual([{ name: 'A', value: '1' }])
    expect(allowed.log).toEqual(["##[error]Can't update NODE_OPTIONS environment variable using ::set-env:: command."])
  })

  it('applies the deprecated ::set-output:: and ::save-state:: commands', () => {
    const p = run(['::set-output name=o::v', '::save-state name=s::w'])
    expect(p.commandOutputs).toEqual({ o: 'v' })
    expect(p.commandState).toEqual({ s: 'w' })
    expect(p.log).toEqual([])
  })

  it('processes a legacy ##[command] in the middle of a line, but not a mid-line ::command::', () => {
    const p = run(['Invalid input: ##[error]injected', 'Invalid input: ::error::not injected'])
    expect(p.log).toEqual(['##[error]injected', 'Invalid input: ::error::not injected'])
    expect(p.annotations.map((a) => a.message)).toEqual(['injected'])
  })

  it('passes ordinary lines through, including empty ones', () => {
    expect(run(['a', '', 'b :: c']).log).toEqual(['a', '', 'b :: c'])
  })
})

describe('LineSplitter', () => {
  function split(chunks: Array<string | Uint8Array>): string[] {
    const lines: string[] = []
    const splitter = new LineSplitter((line) => lines.push(line))
    for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    splitter.end()
    return lines
  }

  it('ends lines at LF, CR and CRLF, also when CRLF is split across chunks', () => {
    expect(split(['a\r', '\nb\rc\n', 'd'])).toEqual(['a', 'b', 'c', 'd'])
  })

  it('adds no empty line for a final terminator but keeps inner empty lines', () => {
    expect(split(['x\n\ny\n'])).toEqual(['x', '', 'y'])
  })

  it('decodes a UTF-8 character split across chunks', () => {
    const bytes = Buffer.from('é\n')
    expect(split([bytes.subarray(0, 1), bytes.subarray(1)])).toEqual(['é'])
  })
})
