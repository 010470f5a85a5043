import t from 'tap'
import {
  checkText, countLines, cutUtf8, decodePart, decodeText, guessBinaryKind, isBinary, lineRangeOfBytes, safeStringCut, sliceLines, snapToLine, withoutBom,
  trimIncompleteUtf8, truncateUtf8, utf8CutIndex
} from '../../../lib/tools/text.js'
import { ToolError } from '../../../lib/tools/errors.js'

const enc = (s: string): Buffer => Buffer.from(s, 'utf8')

t.test('binary detection', async (t) => {
  t.same(decodeText(enc('hello\nwörld')), { binary: false, text: 'hello\nwörld' })
  t.same(decodeText(enc('\ufeffBOM')), { binary: false, text: 'BOM' }, 'a BOM is dropped')
  t.same(decodeText(Buffer.from([0x61, 0x00, 0x62])), { binary: true, reason: 'nul_byte' })
  t.same(decodeText(Buffer.from('caf\xe9', 'latin1')), { binary: true, reason: 'invalid_utf8' }, 'Latin-1 is not UTF-8')
  const lateNul = Buffer.concat([Buffer.alloc(8000, 0x61), Buffer.from([0])])
  t.same(decodeText(lateNul).binary, false, 'a NUL after the first 8000 bytes is not sniffed (valid UTF-8 anyway)')
  const earlyNul = Buffer.concat([Buffer.alloc(7999, 0x61), Buffer.from([0])])
  t.equal(isBinary(earlyNul), true, 'a NUL at byte 7999 is')
  t.equal(isBinary(Buffer.alloc(0)), false, 'empty is text')
  t.equal(isBinary(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00])), true, 'PNG')
  t.equal(isBinary(enc('🙂').subarray(0, 2)), true, 'a cut character is invalid UTF-8')
})

t.test('UTF-8 cuts never split a character', async (t) => {
  const text = 'a🙂b文字c'
  const bytes = enc(text) // a(1) 🙂(4) b(1) 文(3) 字(3) c(1) = 13
  t.equal(bytes.length, 13)
  const expected = ['', 'a', 'a', 'a', 'a', 'a🙂', 'a🙂b', 'a🙂b', 'a🙂b', 'a🙂b文', 'a🙂b文', 'a🙂b文', 'a🙂b文字', 'a🙂b文字c']
  for (let max = 0; max <= 13; max++) {
    const cut = cutUtf8(bytes, max)
    t.ok(cut.length <= max, `cut to ${max} is at most ${max} bytes`)
    t.equal(Buffer.from(cut).toString('utf8'), expected[max], `cut to ${max}`)
    t.equal(isBinary(cut), false, `cut to ${max} is valid UTF-8`)
    t.equal(truncateUtf8(text, max), expected[max], `truncateUtf8 to ${max}`)
  }
  t.equal(utf8CutIndex(bytes, 100), 13)
  t.equal(truncateUtf8('short', 100), 'short')
})

t.test('trimIncompleteUtf8 drops only a character cut at the end', async (t) => {
  const bytes = enc('x文🙂')
  t.equal(Buffer.from(trimIncompleteUtf8(bytes)).toString(), 'x文🙂', 'complete: unchanged')
  for (let n = 1; n <= bytes.length; n++) {
    const part = trimIncompleteUtf8(bytes.subarray(0, n))
    t.equal(isBinary(part), false, `prefix of ${n} bytes decodes`)
    t.ok(bytes.subarray(0, n).length - part.length <= 3)
  }
  t.equal(trimIncompleteUtf8(enc('文').subarray(0, 2)).length, 0)
  const invalid = Buffer.from([0x61, 0xff])
  t.equal(trimIncompleteUtf8(invalid).length, 2, 'an invalid byte is left for the decoder to reject')
})

t.test('safeStringCut and snapToLine keep surrogate pairs whole', async (t) => {
  const s = 'a🙂b'
  t.equal(safeStringCut(s, 2), 1, 'inside the emoji: back to before it')
  t.equal(safeStringCut(s, 3), 3)
  t.equal(safeStringCut(s, 0), 0)
  t.equal(safeStringCut(s, 99), 4)
  t.equal(snapToLine('one\ntwo\nthree', 9), 8, 'cut after the last complete line')
  t.equal(snapToLine('one\ntwo\nthree', 100), 13)
  t.equal(snapToLine('averylongline', 5), 5, 'no line end: cut mid-line')
  t.equal(snapToLine('🙂🙂🙂', 3), 2, 'mid-line cut does not split an emoji')
})

t.test('countLines', async (t) => {
  t.equal(countLines(''), 0)
  t.equal(countLines('a'), 1)
  t.equal(countLines('a\n'), 1)
  t.equal(countLines('a\nb'), 2)
  t.equal(countLines('a\nb\n'), 2)
  t.equal(countLines('\n\n'), 2)
  t.equal(countLines('a\r\nb\r\n'), 2)
})

t.test('sliceLines', async (t) => {
  const text = 'l1\nl2\nl3\nl4\nl5\n'
  t.same(sliceLines(text), { text, startLine: 1, endLine: 5, totalLines: 5 })
  t.same(sliceLines(text, 2, 3), { text: 'l2\nl3\n', startLine: 2, endLine: 3, totalLines: 5 })
  t.same(sliceLines(text, 5), { text: 'l5\n', startLine: 5, endLine: 5, totalLines: 5 })
  t.same(sliceLines(text, 4, 400), { text: 'l4\nl5\n', startLine: 4, endLine: 5, totalLines: 5 }, 'end past the last line is fine')
  t.same(sliceLines('a\nb', 2, 2), { text: 'b', startLine: 2, endLine: 2, totalLines: 2 }, 'no final newline')
  t.same(sliceLines('', 1), { text: '', startLine: 1, endLine: 0, totalLines: 0 }, 'empty file')
  t.same(sliceLines('文\n🙂\n', 2), { text: '🙂\n', startLine: 2, endLine: 2, totalLines: 2 })
  const past = (() => { try { sliceLines(text, 6) } catch (e) { return e } })()
  t.ok(past instanceof ToolError && past.code === 'invalid_arguments', 'start past the end is an error')
  t.match((past as Error).message, /start_line` 6 is past the end of the file, which has 5 lines/)
  const backwards = (() => { try { sliceLines(text, 3, 2) } catch (e) { return e } })()
  t.ok(backwards instanceof ToolError && backwards.code === 'invalid_arguments', 'end before start is an error')
  t.match((backwards as Error).message, /end_line/)
})

t.test('guessBinaryKind', async (t) => {
  t.equal(guessBinaryKind('x.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])).kind, 'png')
  t.equal(guessBinaryKind('x', Buffer.from([0xff, 0xd8, 0xff, 0xe0])).kind, 'jpeg')
  t.equal(guessBinaryKind('x', enc('GIF89a')).kind, 'gif')
  t.equal(guessBinaryKind('x', enc('%PDF-1.7')).kind, 'pdf')
  t.equal(guessBinaryKind('x', Buffer.from([0x50, 0x4b, 0x03, 0x04])).kind, 'zip')
  t.equal(guessBinaryKind('x', Buffer.from([0x1f, 0x8b, 0x08])).kind, 'gzip')
  t.equal(guessBinaryKind('logo.PNG', Buffer.from([1, 2, 3])).kind, 'png', 'by extension when the bytes say nothing')
  t.equal(guessBinaryKind('notes.txt', Buffer.from('caf\xe9 cr\xe8me\n', 'latin1'), 'invalid_utf8').kind, 'non_utf8_text')
  t.equal(guessBinaryKind('blob', Buffer.from([1, 2, 3, 0, 4]), 'nul_byte').kind, 'other')
})

t.test('decodeText: one call does not affect the next (the decoder is shared)', async (t) => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x62])
  for (let i = 0; i < 3; i++) {
    t.same(decodeText(Buffer.from([0x61, 0xc3])), { binary: true, reason: 'invalid_utf8' }, 'an incomplete character at the end')
    t.same(decodeText(Buffer.from([0xa9, 0x62])), { binary: true, reason: 'invalid_utf8' }, 'a stray continuation byte first')
    t.same(decodeText(bom), { binary: false, text: 'ab' }, 'then a valid text, its BOM dropped every time')
    t.same(decodeText(Buffer.from('é', 'utf8')), { binary: false, text: 'é' })
  }
})

t.test('checkText says what decodeText says, without decoding', async (t) => {
  const samples = [[0x61, 0x62], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xef, 0xbb, 0xbf, 0x61], [0xf0, 0x9f, 0x99, 0x82],
    [0xc2, 0xa9], [0xff], [0xe0, 0x80, 0xaf], [0x61, 0x00, 0x62], [], [0x0a]]
  for (const sample of samples) {
    const bytes = Buffer.from(sample)
    const decoded = decodeText(bytes)
    t.same(checkText(bytes), decoded.binary ? decoded : { binary: false }, bytes.toString('hex'))
  }
})

t.test('lineRangeOfBytes finds the lines sliceLines finds, in bytes', async (t) => {
  const texts = ['', '\n', 'a', 'a\n', 'a\nb', 'a\nb\n', '\n\n\n', 'é\n文字\n🙂\r\nlast', '\ufeffzw\n\ufeffnbsp\n']
  for (const text of texts) {
    const bytes = Buffer.from(text, 'utf8')
    for (let start = 1; start <= 5; start++) {
      for (const end of [undefined, start, start + 1, 10]) {
        let expected: unknown
        try {
          expected = sliceLines(text, start, end)
        } catch (error) {
          expected = (error as Error).message
        }
        let got: unknown
        try {
          const range = lineRangeOfBytes(bytes, start, end)
          got = { text: decodePart(bytes.subarray(range.from, range.to)), startLine: range.startLine, endLine: range.endLine, totalLines: range.totalLines }
        } catch (error) {
          got = (error as Error).message
        }
        if (JSON.stringify(got) !== JSON.stringify(expected)) t.fail(`${JSON.stringify(text)} ${start}-${String(end)}: ${JSON.stringify(got)} instead of ${JSON.stringify(expected)}`)
      }
    }
  }
  t.pass('every text and range alike')
  t.equal(decodePart(Buffer.from('\ufeffx', 'utf8')), '\ufeffx', 'a part keeps a U+FEFF at its start (only the file\'s first is a BOM)')
  t.same(withoutBom(Buffer.from('\ufeffx', 'utf8')), Buffer.from('x'))
  t.same(withoutBom(Buffer.from('x\ufeff', 'utf8')), Buffer.from('x\ufeff', 'utf8'))
})
