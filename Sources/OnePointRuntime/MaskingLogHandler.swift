import Logging
import OnePointContracts

/// A swift-log handler that masks personal data (phone numbers, ``PersonalData``) in the message
/// and metadata of every entry, then hands it to the handler it wraps. Every worker logs
/// through it (docs/security.md): a log line never carries a customer's or manager's number.
public struct MaskingLogHandler<Wrapped: LogHandler>: LogHandler {
    /// The handler that writes.
    public var wrapped: Wrapped

    /// Masks what `wrapped` is given.
    public init(wrapping wrapped: Wrapped) {
        self.wrapped = wrapped
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        var masked = event
        masked.message = Logger.Message(stringLiteral: PersonalData.maskText(event.message.description))
        masked.metadata = event.metadata.map { metadata in
            metadata.reduce(into: Logger.Metadata()) { result, entry in result[entry.key] = Self.mask(entry.value, key: entry.key) }
        }
        wrapped.log(event: masked)
    }

    static func mask(_ value: Logger.Metadata.Value, key: String) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(PersonalData.isPhoneKey(key) ? PersonalData.maskPhone(text) : PersonalData.maskText(text))
        case .stringConvertible(let convertible):
            .string(PersonalData.isPhoneKey(key) ? PersonalData.maskPhone(convertible.description) : PersonalData.maskText(convertible.description))
        case .array(let values): .array(values.map { mask($0, key: key) })
        case .dictionary(let members): .dictionary(members.reduce(into: Logger.Metadata()) { $0[$1.key] = mask($1.value, key: $1.key) })
        }
    }
}
