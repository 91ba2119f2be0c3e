import OnePointKafka
import Testing

@Suite("Header and key text")
struct KafkaHeaderTests {
    @Test("a header's value and a record's key are text only when they are valid UTF-8")
    func text() {
        #expect(KafkaHeader(key: "unit", string: "广东 GD").stringValue == "广东 GD")
        #expect(KafkaHeader(key: "empty", value: []).stringValue == "")
        #expect(KafkaHeader(key: "none", value: nil).stringValue == nil)
        // A lone continuation byte, an encoded surrogate, and a 4-byte sequence cut after 3 bytes
        // (which repairs to U+FFFD, the same number of bytes).
        for bytes: [UInt8] in [[0x80], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98, 0x41]] {
            #expect(KafkaHeader(key: "bad", value: bytes).stringValue == nil, "\(bytes)")
            #expect(KafkaMessage(topic: "t", partition: 0, offset: 0, key: bytes, value: nil).keyString == nil, "\(bytes)")
            #expect([KafkaHeader(key: "bad", value: bytes)].string("bad") == nil)
        }
        #expect(KafkaMessage(topic: "t", partition: 0, offset: 0, key: Array("客户-1".utf8), value: nil).keyString == "客户-1")
    }
}
