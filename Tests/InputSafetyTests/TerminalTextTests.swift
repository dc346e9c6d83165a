import InputSafety
import Testing

/// The sanitizer every terminal line goes through, and the conversions that replace trapping ones.
@Suite struct TerminalTextTests {
    @Test func controlCharactersAreEscapedVisiblyAndTabsAndNewlinesStay() {
        #expect(TerminalText.escaped("\u{1B}[2J\u{1B}]0;owned\u{07}ok") == "\\x1b[2J\\x1b]0;owned\\x07ok")
        #expect(TerminalText.escaped("a\tb\nc") == "a\tb\nc")
        #expect(TerminalText.escaped("cr\r\nlf") == "cr\\x0d\nlf")
        #expect(TerminalText.escaped("nul\u{0}del\u{7F}") == "nul\\x00del\\x7f")
        // C1 controls (CSI is U+009B) are obeyed by some terminals too.
        #expect(TerminalText.escaped("\u{9B}31m\u{85}") == "\\x9b31m\\x85")
    }

    @Test func cleanTextIsReturnedUnchanged() {
        for text in ["GET /index.html 200 1234 br", "café © 2026 — ok", "日本語", "emoji 👍🏽", ""] {
            #expect(TerminalText.escaped(text) == text)
        }
    }

    @Test func nothingThatLeavesContainsAControlCharacter() {
        var text = ""
        for value in 0..<0x200 { if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) } }
        let escaped = TerminalText.escaped(text)
        #expect(!escaped.unicodeScalars.contains { TerminalText.isEscaped($0) })
        #expect(escaped.contains("\t") && escaped.contains("\n"))
        #expect(!TerminalText.escapedLine("a\nb\u{1B}").contains("\n"))
        #expect(TerminalText.escapedLine("a\nb\u{1B}") == "a\\x0ab\\x1b")
    }
}
