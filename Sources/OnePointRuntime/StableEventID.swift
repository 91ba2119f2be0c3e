/// Event ids derived from the decision that emits them, so that a decision made again (after a
/// crash before its commit) emits the same ids: UUID-shaped text from two 64-bit FNV-1a hashes
/// of `<cause>#<n>`.
public enum StableEventID {
    /// The UUID-shaped id of `name` (e.g. `"<cause>#<n>"`): the same name, the same id.
    public static func make(_ name: String) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in name.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = b ^ (b >> 29)
        }
        // Version 8 (custom) and the RFC 4122 variant.
        let high = (a & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_8000
        let low = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        let h = hex(high, 16)
        let l = hex(low, 16)
        return "\(h.prefix(8))-\(h.dropFirst(8).prefix(4))-\(h.suffix(4))-\(l.prefix(4))-\(l.suffix(12))"
    }
}
