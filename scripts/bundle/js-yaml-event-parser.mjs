// esbuild plugin: js-yaml reduced to its event parser, for dist/workflow.js
// (scripts/package.mjs) and for the benchmark's YAML-only floor
// (scripts/bench.mjs), so both measure the same parser.

import { readFileSync } from 'node:fs'

/**
 * The workflow reader uses js-yaml's event parser (parseEvents,
 * getScalarValue, EVENT_ID) and nothing else. js-yaml ships one ESM file whose
 * top level builds every schema and tag table; esbuild cannot prove that
 * free of side effects, so it keeps and runs all of it on every load
 * (measured: 18.5 M instructions to load the bundled package on Node 24,
 * 2.9 M for the parser's modules). The file is cut into js-yaml's own source
 * modules by its `//#region src/…` markers and only the parser's are kept.
 * A js-yaml release that moves them fails the build here, never at run time.
 */
const JS_YAML_PARSER_MODULES = [
  'src/common/snippet.ts',
  'src/common/exception.ts',
  'src/parser/events.ts',
  'src/parser/parser_scalar.ts',
  'src/common/tagname.ts',
  'src/parser/parser.ts',
]
const JS_YAML_PARSER_EXPORTS = ['EVENT_ID', 'getScalarValue', 'parseEvents']
export const jsYamlEventParser = {
  name: 'js-yaml-event-parser',
  setup(build) {
    build.onLoad({ filter: /[\\/]js-yaml[\\/]dist[\\/]js-yaml\.mjs$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8')
      const modules = new Map([...source.matchAll(/^\/\/#region (\S+)\n([\s\S]*?)^\/\/#endregion$/gm)].map((m) => [m[1], m[2]]))
      const missing = JS_YAML_PARSER_MODULES.filter((name) => !modules.has(name))
      if (missing.length > 0) throw new Error(`js-yaml no longer has the modules ${missing.join(', ')}: update JS_YAML_PARSER_MODULES in scripts/bundle/js-yaml-event-parser.mjs`)
      const kept = JS_YAML_PARSER_MODULES.map((name) => modules.get(name)).join('\n')
      const absent = JS_YAML_PARSER_EXPORTS.filter((name) => !new RegExp(`^(?:function|var|const|let) ${name}\\b`, 'm').test(kept))
      if (absent.length > 0) throw new Error(`js-yaml's parser modules no longer define ${absent.join(', ')}: update scripts/bundle/js-yaml-event-parser.mjs`)
      return { contents: `${kept}\nexport { ${JS_YAML_PARSER_EXPORTS.join(', ')} };\n`, loader: 'js' }
    })
  },
}
