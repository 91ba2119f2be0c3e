extension String {
    /// The text of `utf8`, or `nil` when it is not valid UTF-8.
    ///
    /// `String(validating:as:)` is generic and looks up its metadata on every call, which showed
    /// in the fault worker's profile for every header of every record. Decoding repairs invalid
    /// bytes instead, so the text is valid exactly when its bytes are the input's.
    init?(checkedUTF8 utf8: [UInt8]) {
        let text = String(decoding: utf8, as: UTF8.self)
        guard text.utf8.elementsEqual(utf8) else { return nil }
        self = text
    }
}
