// Broken expressions in the workflow file (common/broken-expression.ts) where
// they change what Claude Code reads: the workflow's and the job's `env:`, a
// later step's `env:`, and the inputs of a Claude action step. Each is its own
// finding, with the real cause first, at its line; it is certain (the text is
// sent as written, or GitHub refuses the workflow), so it is an error. Part of
// the workflow chunk: `isReadVariable` is passed in, so resolve/rules.ts is not
// bundled twice.

import { brokenExpression, type BrokenExpression } from '../../common/broken-expression.js'
import { problem, type Problem } from '../../common/problems.js'
import type { Assignment, WorkflowModel } from './model.js'

interface Found {
  broken: BrokenExpression
  /** "`ANTHROPIC_API_KEY` in the `env:` of step "Review"", "input `claude_code_oauth_token` of step "Claude"". */
  subject: string
  line: number
}

/** Every broken expression in a value Claude Code (or a Claude action) reads, in file order. */
export function brokenExpressions(workflow: WorkflowModel, isReadVariable: (name: string) => boolean): Found[] {
  const found: Found[] = []
  const look = (assignments: Record<string, Assignment>, subject: (name: string) => string, only: (name: string) => boolean) => {
    for (const a of Object.values(assignments)) {
      if (!only(a.name)) continue
      const broken = brokenExpression(a.value.text)
      if (broken) found.push({ broken, subject: subject(a.name), line: a.line })
    }
  }
  look(workflow.env, (name) => `\`${name}\` in the workflow's \`env:\``, isReadVariable)
  look(workflow.job.env, (name) => `\`${name}\` in the \`env:\` of job \`${workflow.job.id}\``, isReadVariable)
  for (const step of workflow.later) {
    look(step.env, (name) => `\`${name}\` in the \`env:\` of step "${step.label}"`, isReadVariable)
    if (step.claudeAction) {
      const inputs = new Set(step.claudeAction.env.flatMap((v) => v.input ?? []))
      if (step.claudeAction.settings) inputs.add(step.claudeAction.settings.name)
      look(step.with, (name) => `input \`${name}\` of step "${step.label}"`, (name) => inputs.has(name))
    }
  }
  return found.sort((a, b) => a.line - b.line)
}

const TITLES: Record<BrokenExpression['kind'], string> = {
  'missing-braces': 'Not an expression',
  'secret-singular': 'Expression on secret.',
  unbalanced: 'Expression not closed',
}

export function brokenExpressionProblems(workflow: WorkflowModel, isReadVariable: (name: string) => boolean): Problem[] {
  return brokenExpressions(workflow, isReadVariable).map(({ broken, subject, line }) => {
    const write = broken.suggestion ? `: write \`${broken.suggestion}\`` : ''
    return problem(
      'error',
      TITLES[broken.kind],
      `${subject} is ${broken.what}${write}.`,
      `${workflow.path} line ${line}`,
      broken.suggestion ? `write \`${broken.suggestion}\` on line ${line} of ${workflow.path}` : `close the expression with \`}}\` on line ${line} of ${workflow.path}`,
      { at: { file: workflow.path, line }, rule: broken.rule },
    )
  })
}
