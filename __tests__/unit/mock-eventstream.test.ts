// The conformance mock's AWS event-stream framing, against a published test
// vector (aws-c-event-stream's "one string header" message, as quoted in
// emblica/aws-event-stream-parser-rs's readme): a wrong CRC does not fail a
// CLI run (2.1.330 falls back to a non-streaming /invoke), so it is pinned here.
import { bedrockChunk, eventStreamMessage } from '../../conformance/mock-providers.js'

const VECTOR =
  '0000003d0000002007fd83960c636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e7b27666f6f273a27626172277d8d9c08b1'

describe('conformance mock: AWS event stream', () => {
  test('a message with one string header matches the published bytes, both CRCs included', () => {
    const message = eventStreamMessage({ 'content-type': 'application/json' }, Buffer.from("{'foo':'bar'}"))
    expect(message.toString('hex')).toBe(VECTOR)
  })
  test('a Bedrock chunk carries the Anthropic event, base64, in `bytes`', () => {
    const chunk = bedrockChunk({ type: 'message_stop' })
    const headersLength = chunk.readUInt32BE(4)
    const payload = JSON.parse(chunk.subarray(12 + headersLength, chunk.length - 4).toString('utf8')) as { bytes: string }
    expect(JSON.parse(Buffer.from(payload.bytes, 'base64').toString('utf8'))).toEqual({ type: 'message_stop' })
    expect(chunk.subarray(12, 12 + headersLength).toString('latin1')).toContain(':event-type\u0007\u0000\u0005chunk')
  })
})
