import Foundation

/// A type of enterprise network service, with the metrics its test reports must carry
/// (DOMAIN.md §3, source).
///
/// Encoded with stable raw values (`"2M"`, `"DDN-ATM-FR"`, `"MPLS-VPN"`, `"ETHERNET"`);
/// decoded and parsed leniently with ``init(parsing:)``.
public enum ServiceType: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// 2 Mbit/s digital circuit (2M数字电路, E1).
    case e1Digital = "2M"
    /// DDN, ATM or frame relay (rare).
    case ddnAtmFrameRelay = "DDN-ATM-FR"
    /// MPLS VPN.
    case mplsVpn = "MPLS-VPN"
    /// Ethernet private line (以太网专线).
    case ethernetPrivateLine = "ETHERNET"

    /// Parses a raw value or a case name, ignoring case and surrounding spaces; also accepts
    /// `E1`, `DDN`, `ATM`, `FR`, `MPLS` and `Ethernet-Private-Line`.
    /// - Throws: ``DomainError`` with code ``DomainError/Code/unknownServiceType`` naming the text
    ///   and listing the accepted values.
    public init(parsing text: String) throws(DomainError) {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        let aliases: [String: ServiceType] = [
            "e1": .e1Digital, "2m": .e1Digital, "e1digital": .e1Digital,
            "ddn": .ddnAtmFrameRelay, "atm": .ddnAtmFrameRelay, "fr": .ddnAtmFrameRelay,
            "ddn-atm-fr": .ddnAtmFrameRelay, "ddnatmframerelay": .ddnAtmFrameRelay,
            "mpls": .mplsVpn, "mpls-vpn": .mplsVpn, "mplsvpn": .mplsVpn,
            "ethernet": .ethernetPrivateLine, "ethernet-private-line": .ethernetPrivateLine,
            "ethernetprivateline": .ethernetPrivateLine,
        ]
        guard let type = aliases[wanted] else {
            let accepted = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw DomainError(.unknownServiceType, "unknown service type '\(text)'; expected one of: \(accepted)")
        }
        self = type
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try ServiceType(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    /// The metrics every test report of this type must carry, in the source's order.
    public var requiredMetrics: [TestMetric] {
        switch self {
        case .e1Digital: [.erroredSeconds, .severelyErroredSeconds, .roundTripDelay, .fibreAttenuation]
        case .ddnAtmFrameRelay:
            [.bitErrorRatio, .erroredSeconds, .severelyErroredSeconds, .lossOfSync, .fibreAttenuation, .throughput]
        case .mplsVpn: [.erroredSeconds, .averageRoundTripDelay, .packetLoss]
        case .ethernetPrivateLine: [.throughput, .frameLoss]
        }
    }

    /// The Chinese name used in the rulebooks.
    public var chineseName: String {
        switch self {
        case .e1Digital: "2M数字电路"
        case .ddnAtmFrameRelay: "DDN/ATM/帧中继"
        case .mplsVpn: "MPLS VPN"
        case .ethernetPrivateLine: "以太网专线"
        }
    }

    public var description: String { rawValue }
}
